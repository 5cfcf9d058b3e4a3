import { Option, type Command } from 'commander';

/**
 * Every command of edupkg as data: usage, help, options and the module of its handler. `program.ts`
 * turns the rows into commander commands (only the one being run, unless help is asked).
 */

/** Collects a repeatable option into an array (`--severity A=error --severity B=off`). */
export const collect = (value: string, previous: string[] = []) => [...previous, value];

/**
 * One command, declared as data. Its handler lives in `./commands/<module>.js` and is imported only
 * when the command runs, so `edupkg --help` loads commander and nothing else, and `edupkg validate`
 * never loads the sandbox or HTTP code. To add a command: add a row to COMMANDS.
 */
export interface CommandSpec {
  /** Commander usage; a first word naming a GROUPS entry makes a subcommand (`sandbox start`). */
  usage: string;
  description: string;
  /** File under src/cli/commands/ without extension. */
  module: string;
  /** Export of that module to call (default `handler`). */
  handler?: string;
  /** Command-specific options; the global options are added to every command. */
  options?: (command: Command) => Command;
  /** Shown under "Examples:" in the command's --help. */
  examples?: readonly string[];
  /** Old flag spellings still accepted, with a warning: old long flag -> new long flag. */
  deprecated?: Readonly<Record<string, string>>;
}

/** Commands that only group subcommands: name -> description. */
export const GROUPS: Readonly<Record<string, string>> = {
  schools:
    'bootstrap a country school registry (org-unit hierarchy, groups, census forms) from a school list',
  sandbox: 'run the embedded DHIS2 sandbox (a local DHIS2 Web API for tests and training)',
};

// Option sets shared by several commands.

/** Install family: one set of connection flags (docs/targets.md). */
const server = (c: Command) =>
  c
    .option('-t, --target <name>', 'named target in edupkg.config.yaml')
    .option('--server <url>', 'DHIS2 server URL (or EDUPKG_SERVER)')
    .option('--username <name>', 'DHIS2 username (or EDUPKG_USERNAME)')
    .option('--password-env <var>', 'environment variable holding the password (default EDUPKG_PASSWORD)')
    .option(
      '--token-env <var>',
      'environment variable holding a personal access token (default EDUPKG_TOKEN)',
    )
    .option('--allow-insecure-http', 'allow credentials over plain http to a non-loopback server')
    .option('--timeout <seconds>', 'HTTP timeout per request');

const planning = (c: Command) =>
  server(c)
    .option('--param <key=value>', 'set a package parameter; repeatable', collect, [])
    .option('--profile <code|file>', 'build the shipped UIS packages for a country profile: a code or a file')
    .option(
      '--allow-profile-change',
      'upgrade packages installed with another profile (lists the changes)',
      false,
    )
    .option('--overwrite-local', 'replace objects changed on the server since the last install', false)
    .option('--prune', 'delete objects the new version dropped (when nothing else uses them)', false)
    .option('--force', "install even outside the package's DHIS2 version range", false);

const guarded = (what: string) => (c: Command) =>
  server(c)
    .option('--plan-hash <hash>', `apply only if the ${what} plan still has this hash`)
    .option('--wait', 'wait for the server lock', false)
    .option(
      '--force-dependants',
      'go ahead although installed packages depend on it (they are listed as breaking)',
      false,
    );

const dataDir = (c: Command) =>
  c.option('--data-dir <dir>', 'folder holding the sandbox database (default: .edupkg/sandbox)');

/** A school list read against a target: the registry commands' shared flags. */
const registryInput = (c: Command) =>
  server(c)
    .option(
      '--profile <code|file>',
      'country profile: org-unit level names and the registry section (default generic)',
    )
    .option(
      '--map <field=COLUMN,...>',
      'which column holds which field, e.g. code=EMIS_CODE,name=SCHOOL_NAME; repeatable',
      collect,
      [],
    )
    .addOption(
      new Option('-f, --format <format>', 'bad rows / plan output')
        .choices(['text', 'json', 'sarif'])
        .default('text'),
    );

const PRIVILEGED = 'allow users, user roles, SQL views and user-group sharing changes';

const showPasswords = (c: Command) =>
  c.option('--show-passwords', 'print trainee passwords (otherwise they are only in the CSV files)', false);

/** `init` questions about the country profile (docs/profiles.md#edupkg-init); each prompt has a flag. */
const profileQuestions = (c: Command) =>
  c
    .option(
      '--country <ISO3>',
      'country (ISO 3166 alpha-3): official ages and durations from the world table',
    )
    .option('--code <code>', 'profile code (default: the ISO3 code in lower case)')
    .option('--country-name <name>', 'country name (default: from the world table)')
    .option('--language <lang>', 'language of the object names: en, fr, pt... (default en)')
    .option(
      '--translations <langs>',
      'other languages for DHIS2 translations, comma-separated (default en,fr)',
    )
    .option('--entry-age <level=age>', 'override an entrance age, e.g. 02=4; repeatable', collect, [])
    .option('--duration <level=years>', 'override a duration, e.g. 3=4; repeatable', collect, [])
    .option('--level-name <level=name>', 'national name of an ISCED level; repeatable', collect, [])
    .option('--grades <level=labels>', 'grade labels, e.g. "1=Class 1,Class 2,..."; repeatable', collect, [])
    .option('--org-unit-levels <names>', 'org unit level names, top first, comma-separated')
    .option('--school-level <name>', 'org unit level of the schools (default: the lowest)')
    .option('--district-level <name>', 'org unit level of the districts (default: the one above schools)')
    .option('--from-server <url>', 'read org unit levels and school group sets from a live DHIS2')
    .option('-o, --out <file>', 'profile file to write (default: <code>.profile.yaml)');

/** `init` questions about the project config's target. */
const configQuestions = (c: Command) =>
  c
    .option('-t, --target <name>', 'target name in edupkg.config.yaml (default dev)')
    .option('--server <url>', 'DHIS2 server URL of the target')
    .option('--username <name>', 'DHIS2 username (also for --from-server)')
    .option('--password-env <var>', 'environment variable holding the password (default EDUPKG_PASSWORD)')
    .option('--token-env <var>', 'environment variable holding a personal access token instead')
    .option('--allow-insecure-http', 'allow credentials over plain http to a non-loopback server');

export const COMMANDS: readonly CommandSpec[] = [
  {
    usage: 'completion <shell>',
    description: 'print a shell completion script (bash, zsh or fish)',
    module: 'completion',
    examples: [
      'source <(edupkg completion bash)                       # in ~/.bashrc',
      'edupkg completion zsh > "${fpath[1]}/_edupkg"           # then restart zsh',
      'edupkg completion fish > ~/.config/fish/completions/edupkg.fish',
    ],
  },
  {
    usage: 'validate [paths...]',
    examples: [
      'edupkg validate packages-metadata/edu-*',
      'edupkg validate hisp-export.json --format sarif > findings.sarif',
      'edupkg validate packages/* --format junit --severity code.missing=off > junit.xml',
      'edupkg validate --profile my-country.yaml',
    ],
    description:
      'validate packages (and country profiles) offline: structure, references, expressions, HISP checks',
    module: 'validate',
    options: (c) =>
      c
        .addOption(
          new Option('-f, --format <format>', 'output format')
            .choices(['text', 'json', 'junit', 'sarif', 'github'])
            .default('text'),
        )
        .option(
          '--severity <rule=level>',
          'override a rule severity (error|warning|info|off); repeatable',
          collect,
          [],
        )
        .option(
          '--dhis2-version <version>',
          'DHIS2 version to validate for (default: newest the package supports)',
        )
        .option(
          '-p, --profile <code|file>',
          'also check a country profile: schema, and official entrance ages and durations; repeatable',
          collect,
          [],
        )
        .option(
          '--sarif-root <dir>',
          'sarif/github formats: folder file paths are relative to (default: the git root, else the working folder)',
        ),
  },
  {
    usage: 'list',
    examples: ['edupkg list', 'edupkg list --json'],
    description: 'list the packages shipped in packages-metadata/',
    module: 'list',
  },
  {
    usage: 'pack <path>',
    examples: ['edupkg pack packages-metadata/edu-core --out dist-packages'],
    description: 'write a versioned .tgz with checksums',
    module: 'pack',
    options: (c) => c.option('-o, --out <dir>', 'output folder', '.'),
  },
  {
    usage: 'diff <a> <b>',
    examples: [
      'edupkg diff old-package/ new-package/ --format md --exit-code',
      'edupkg diff packages-metadata/edu-sdg4 https://dhis2.example.org --username admin --password-env DHIS2_PASSWORD',
    ],
    description: 'semantic diff of packages, archives, metadata files or live servers (URL or target)',
    module: 'diff',
    options: (c) =>
      c
        .addOption(
          new Option('-f, --format <format>', 'output format')
            .choices(['text', 'json', 'md', 'html'])
            .default('text'),
        )
        .option('--exit-code', 'exit 5 when there are differences', false)
        .option(
          '--ignore <field>',
          'ignore a field name or a JSON pointer such as /sharing/owner; repeatable',
          collect,
          [],
        )
        .option('--all', "with a live server: compare every object, not only the other side's", false)
        .option(
          '--include-local',
          'with a live server: compare local configuration too (org-unit assignments, sharing the package does not own)',
          false,
        )
        .option('-o, --out <file>', 'write the formatted diff to a file')
        .option('--dhis2-version <version>', 'DHIS2 version whose set/ordered collection facts apply')
        .option('--username <name>', 'DHIS2 username for live sides')
        .option('--password-env <var>', 'environment variable holding the password')
        .option('--token-env <var>', 'environment variable holding a personal access token')
        .option('--allow-insecure-http', 'allow credentials over plain http to a non-loopback server'),
  },
  {
    usage: 'build <package>',
    examples: ['edupkg build edu-sdg4 --profile tg --out build/edu-sdg4-tg'],
    description: 'write a shipped package for a country profile (generic UIS defaults without one)',
    module: 'build',
    options: (c) =>
      c
        .option(
          '-p, --profile <code|file>',
          'country profile: a code (gm, ug, tg, generic) or a profile file (edupkg init profile)',
        )
        .requiredOption('-o, --out <dir>', 'output package folder')
        .option('--force', 'replace the output folder if it exists', false),
  },
  {
    usage: 'docs <package>',
    examples: ['edupkg docs edu-sdg4 --profile ug --format html --out sdg4-ug.html'],
    description:
      'metadata reference of a shipped package: data sets, data elements, indicators with formulas in words',
    module: 'docs',
    options: (c) =>
      c
        .option(
          '-p, --profile <code|file>',
          'country profile: a code (gm, ug, tg, generic) or a profile file (edupkg init profile)',
        )
        .addOption(new Option('-f, --format <format>', 'output format').choices(['md', 'html']).default('md'))
        .option('-o, --out <file>', 'write to a file instead of stdout'),
  },
  {
    usage: 'export',
    examples: [
      'edupkg export --server https://dhis2.example.org --code-prefix EDU_ --name my-edu --version 1.0.0 --out my-edu',
    ],
    description: 'export a package from a live DHIS2: dependency closure, normalised, written atomically',
    module: 'export',
    options: (c) =>
      c
        .option('--server <url>', 'DHIS2 server URL')
        .option('--target <name>', 'a target from edupkg.config.yaml')
        .option('--data-set <id|code>', 'a data set to export; repeatable', collect, [])
        .option('--dashboard <id|code>', 'a dashboard to export; repeatable', collect, [])
        .option('--indicator-group <id|code>', 'an indicator group to export; repeatable', collect, [])
        .option(
          '--include <type:id|code>',
          'any other object to export, e.g. attributes:UIS_CODE; repeatable',
          collect,
          [],
        )
        .option('--code-prefix <prefix>', 'export every object whose code starts with the prefix')
        .requiredOption('-o, --out <dir>', 'package folder to write')
        .requiredOption('--name <name>', 'package name')
        // Not --version: the root program's -V/--version would swallow it (commander parses global options everywhere).
        .requiredOption('--version <x.y.z>', 'version of the package to write (semver)')
        .option('--title <title>', 'package title (default: the name)')
        .option(
          '--depends-on <package>',
          'a package the export builds on (its objects are not exported); repeatable',
          collect,
          [],
        )
        .option('--force', 'replace an existing --out folder', false)
        .option('--username <name>', 'DHIS2 username')
        .option('--password-env <var>', 'environment variable holding the password')
        .option('--token-env <var>', 'environment variable holding a personal access token')
        .option('--allow-insecure-http', 'allow credentials over plain http to a non-loopback server'),
  },
  {
    usage: 'plan <packages...>',
    examples: [
      'edupkg plan edu-dashboards --profile ug --target uganda',
      'edupkg plan edu-sdg4 --out plan.json   # then: edupkg install plan.json',
    ],
    description: 'show what install would change on a server (= install --dry-run)',
    module: 'plan',
    options: (c) =>
      planning(c).option(
        '-o, --out <file>',
        'save the plan (with its hash and target) for `edupkg install <file>`',
      ),
  },
  {
    usage: 'install <packages...>',
    examples: [
      'edupkg install edu-dashboards --profile ug --yes',
      'edupkg install plan.json                 # exactly the saved plan, or exit 8',
      'edupkg install edu-core --plan-hash HASH # only if the plan still has this hash',
    ],
    description:
      'install or upgrade packages and their dependencies on a server, or apply a plan file saved by `plan --out`',
    module: 'install',
    options: (c) =>
      planning(c)
        .option('--dry-run', 'only plan', false)
        .option('--plan-hash <hash>', 'apply only if the plan still has this hash')
        .option('--wait', 'wait for another run holding the server lock', false)
        .option('--allow-privileged', PRIVILEGED, false),
  },
  {
    usage: 'status [packages...]',
    examples: ['edupkg status --target uganda', 'edupkg status --fleet fleet.yaml --stage prod'],
    description: 'installed packages on a server (or every target of a fleet) and drift since install',
    module: 'status',
    options: (c) =>
      server(c)
        .option('--exit-code', 'exit 5 when an installed package has drifted (as diff --exit-code)', false)
        .option('--fleet <file>', 'report every target of a fleet file instead of one server')
        .option('--stage <stage>', 'with --fleet: only targets of this stage (dev|staging|prod)'),
  },
  {
    usage: 'rollback <package>',
    examples: ['edupkg rollback edu-dashboards --yes'],
    description: 'undo the last install of a package from its ledger snapshot',
    module: 'rollback',
    options: guarded('rollback'),
  },
  {
    usage: 'uninstall <packages...>',
    examples: ['edupkg uninstall edu-dashboards --yes'],
    description: 'remove what packages own and nothing else uses, dependents first',
    module: 'uninstall',
    options: guarded('uninstall'),
  },
  {
    usage: 'unlock',
    examples: ['edupkg unlock --target prod', 'edupkg unlock --target prod --force'],
    description: "show who holds a server's install lock; --force clears it (a run that died, a broken lock)",
    module: 'unlock',
    options: (c) => server(c).option('--force', 'clear the lock, whoever holds it', false),
  },
  {
    usage: 'deploy',
    examples: [
      'edupkg deploy --fleet fleet.yaml --dry-run --json > reviewed-plans.json',
      'edupkg deploy --fleet fleet.yaml --plan-hashes reviewed-plans.json --report deploy.md',
      'edupkg deploy --fleet fleet.yaml --only gambia --yes',
    ],
    description: 'plan and install on every server of a fleet file, a few at a time; one report',
    module: 'deploy',
    options: (c) =>
      showPasswords(
        c
          .option('--allow-privileged', PRIVILEGED, false)
          .requiredOption('--fleet <file>', 'fleet file (docs/ci.md)')
          .option('--dry-run', 'only plan every target', false)
          .option('--concurrency <n>', 'targets at once (default: the fleet file, else 4)')
          .option('--retries <n>', 'extra attempts per target after a connection error (default 2)')
          .option('--stage <stage>', 'only targets of this stage: dev, staging or prod')
          .option('--only <name>', 'only this target; repeatable', collect, [])
          .option(
            '--plan-hash <target=hash>',
            'apply a target only if its plan still has this reviewed hash; repeatable (then every target needs one)',
            collect,
            [],
          )
          .option(
            '--plan-hashes <file>',
            'reviewed plan hashes: the `deploy --dry-run --json` output of the review',
          )
          .option('--report <file.md>', 'write a Markdown report (atomically, secrets redacted)')
          .option('--training-users <k>', 'also create K trainee accounts per target (CSV files in --out)')
          .option('--sample-data', 'also load sample data that passes the validation rules', false)
          .option('-o, --out <dir>', 'folder for the trainee CSV files (mode 0600)'),
      ),
  },
  {
    usage: 'schools plan <file>',
    examples: [
      'edupkg schools plan schools.csv --profile gm --target prod',
      'edupkg schools plan schools.xlsx --map code=EMIS_CODE,name=SCHOOL_NAME --format sarif > rows.sarif',
    ],
    description:
      'show what a school list (CSV, .xlsx, GeoJSON) would change: created, renamed, moved, closed…',
    module: 'schools',
    handler: 'plan',
    options: (c) => registryInput(c),
  },
  {
    usage: 'schools apply <file>',
    examples: ['edupkg schools apply schools.csv --profile gm --target prod --yes'],
    description:
      'create or update the registry from a school list in one atomic import (nothing when a row is bad)',
    module: 'schools',
    handler: 'apply',
    options: (c) =>
      registryInput(c)
        .option('--plan-hash <hash>', 'apply only if the plan still has this hash')
        .option('--wait', 'wait for another run holding the server lock', false),
  },
  {
    usage: 'schools export',
    examples: ['edupkg schools export --profile gm --out registry.geojson'],
    description: "write the server's schools as a list schools plan reads back unchanged",
    module: 'schools',
    handler: 'exportSchools',
    options: (c) =>
      server(c)
        .option('--profile <code|file>', 'country profile (org-unit level names)')
        .option('-o, --out <file>', 'file to write (.csv or .geojson); default stdout')
        .addOption(
          new Option('-f, --format <format>', 'list format (default from --out)').choices(['csv', 'geojson']),
        ),
  },
  {
    usage: 'schools sample',
    examples: ['edupkg schools sample --count 3000 --profile gm --seed 7 --out schools.csv'],
    description: 'generate a plausible school list (deterministic with --seed) for training and tests',
    module: 'schools',
    handler: 'sample',
    options: (c) =>
      c
        .requiredOption('--count <n>', 'number of schools')
        .option('--seed <text>', 'same seed, same list', '1')
        .option('--profile <code|file>', 'country profile (org-unit level names, bounding box)')
        .option('-o, --out <file>', 'CSV file to write; default stdout'),
  },
  {
    usage: 'sandbox start',
    examples: [
      'edupkg sandbox start --detach',
      'edupkg sandbox start --port 0 --dhis2-version 2.40 --seed empty',
    ],
    description: 'start the sandbox (foreground until Ctrl-C, or --detach)',
    module: 'sandbox',
    handler: 'start',
    options: (c) =>
      dataDir(c)
        .option('--port <port>', 'port (0 = any free port)', '8080')
        .option('--host <host>', 'interface to listen on', '127.0.0.1')
        .option('--dhis2-version <version>', 'DHIS2 version to imitate: 2.38-2.44', '2.41')
        .option('--seed <seed>', 'demo (org unit hierarchy) or empty', 'demo')
        .option('--username <name>', 'admin username', 'admin')
        .option('--password <password>', 'admin password (default: district, or the one stored)')
        .option('--password-file <file>', 'read the admin password from the first line of a file')
        .option('--detach', 'run in the background and return once it answers', false),
  },
  {
    usage: 'sandbox stop',
    examples: ['edupkg sandbox stop'],
    description: 'stop a background sandbox',
    module: 'sandbox',
    handler: 'stop',
    options: dataDir,
  },
  {
    usage: 'sandbox status',
    examples: ['edupkg sandbox status --json'],
    description: 'is it running? url, version, object counts',
    module: 'sandbox',
    handler: 'status',
    options: dataDir,
  },
  {
    usage: 'sandbox reset',
    examples: ['edupkg sandbox reset --seed empty'],
    description: 'empty the sandbox database and seed it again',
    module: 'sandbox',
    handler: 'reset',
    options: (c) =>
      dataDir(c)
        .option('--seed <seed>', 'demo or empty', 'demo')
        .option('--dhis2-version <version>', 'DHIS2 version to seed for', '2.41')
        .option('--username <name>', 'admin username', 'admin')
        .option('--password <password>', 'admin password (default: district)')
        .option('--password-file <file>', 'read the admin password from the first line of a file'),
  },
  {
    usage: 'sandbox fleet',
    deprecated: { '--users': '--training-users' },
    examples: [
      'edupkg sandbox fleet --count 30 --packages edu-dashboards --profile gm --training-users 25 --sample-data --out academy',
    ],
    description: 'start N sandboxes with packages, trainee accounts and sample data for a course',
    module: 'sandbox-fleet',
    options: (c) =>
      showPasswords(
        c
          .requiredOption('--count <n>', 'number of sandboxes')
          .requiredOption('--packages <pkg...>', 'packages to install in each (dependencies follow)')
          .requiredOption(
            '-o, --out <dir>',
            "folder for the sandboxes' data and the <sandbox>-users.csv files",
          )
          .option(
            '--profile <code|file>',
            'country profile the shipped packages are built for: a code or a file',
          )
          .option('--training-users <k>', 'trainee accounts per sandbox (as deploy --training-users)', '0')
          .option('--sample-data', 'load sample data that passes the validation rules', false)
          .option('--base-port <port>', 'first port (then +1 each); default: any free ports')
          .option('--dhis2-version <version>', 'DHIS2 version to imitate: 2.38-2.44', '2.41')
          .option('--concurrency <n>', 'sandboxes provisioned at once', '4')
          .option('--detach', 'leave them running in the background', false),
      ),
  },
  // init: one family for the country profile and the project config. `init` has its own action
  // and groups `init profile` / `init config` (a row named after a defined command nests under it).
  {
    usage: 'init',
    examples: [
      'edupkg init                                               # asks on a terminal',
      'edupkg init --country SLE --server https://emis.example.org --target prod --yes',
    ],
    description:
      'write a country profile and a project config with a target that uses it (asks on a terminal, flags otherwise)',
    module: 'init',
    options: (c) =>
      configQuestions(profileQuestions(c))
        .option('--force', 'replace an existing profile file or target', false)
        .enablePositionalOptions(),
  },
  {
    usage: 'init profile',
    examples: [
      'edupkg init profile --country SLE --out sl.yaml',
      'edupkg init profile --country CIV --language fr --from-server https://emis.example.org',
    ],
    description: 'write a country profile from the official figures (and a live server with --from-server)',
    module: 'init',
    handler: 'profile',
    options: (c) =>
      profileQuestions(c)
        .option('--username <name>', 'DHIS2 username for --from-server')
        .option('--password-env <var>', 'environment variable holding the password for --from-server')
        .option('--token-env <var>', 'environment variable holding a token for --from-server')
        .option('--allow-insecure-http', 'allow credentials over plain http to a non-loopback server')
        .option('--force', 'replace an existing profile file', false),
  },
  {
    usage: 'init config',
    examples: ['edupkg init config --target prod --server https://emis.example.org --profile sl.yaml'],
    description: 'add a named target to edupkg.config.yaml (the file --config names)',
    module: 'init',
    handler: 'config',
    options: (c) =>
      configQuestions(c)
        .option('-p, --profile <code|file>', 'country profile the target installs with')
        .option('--force', 'replace an existing target of that name', false),
  },
];
