import { Command, Option } from 'commander';
import { formatExitCodeTable } from '../errors/index.js';
import type { CommandContext, CommandOutcome, GlobalOptions } from './context.js';

export type CommandRunner = (
  name: string,
  options: GlobalOptions,
  invoke: (ctx: CommandContext) => Promise<CommandOutcome>,
) => Promise<void>;

/** Collects a repeatable option into an array (`--severity A=error --severity B=off`). */
export const collect = (value: string, previous: string[] = []) => [...previous, value];

/**
 * Registers one command: its handler module is imported only when the command runs, so
 * `edupkg --help` and `edupkg validate` never load the sandbox or HTTP code.
 */
function define(
  parent: Command,
  run: CommandRunner,
  spec: string,
  description: string,
  load: () => Promise<{ handler: (ctx: CommandContext, ...args: never[]) => Promise<CommandOutcome> }>,
  configure: (command: Command) => void = () => {},
): Command {
  const command = addGlobalOptions(parent.command(spec).description(description), false);
  configure(command);
  command.action(async (...args: unknown[]) => {
    const self = args[args.length - 1] as Command;
    const options = { ...self.opts(), ...globalOptionsOf(self) } as GlobalOptions & Record<string, unknown>;
    const positional = args.slice(0, -2);
    const name = commandPath(self);
    await run(name, options, async (ctx) => {
      const { handler } = await load();
      return handler(ctx, ...(positional as never[]), options as never);
    });
  });
  return command;
}

const GLOBAL_OPTIONS: ReadonlyArray<[keyof GlobalOptions, string, string, unknown]> = [
  ['json', '--json', 'print exactly one JSON document on stdout', false],
  ['quiet', '-q, --quiet', 'print only warnings and errors', false],
  ['verbose', '-v, --verbose', 'print progress details', false],
  ['debug', '--debug', 'print debug output and stack traces', false],
  ['color', '--no-color', 'disable colours (NO_COLOR is honoured too)', true],
  ['yes', '-y, --yes', 'answer yes to every confirmation (required without a TTY)', false],
  ['config', '-c, --config <file>', 'config file (default: edupkg.config.yaml)', undefined],
];

function addGlobalOptions(command: Command, withDefaults: boolean): Command {
  for (const [, flags, description, fallback] of GLOBAL_OPTIONS) {
    const option = new Option(flags, description);
    if (withDefaults && fallback !== undefined && !flags.startsWith('--no-')) option.default(fallback);
    command.addOption(option);
  }
  return command;
}

/** A global option given on the command line wins wherever it stands (`edupkg --json x` or `edupkg x --json`). */
function globalOptionsOf(self: Command): GlobalOptions {
  const chain: Command[] = [];
  for (let c: Command | null = self; c; c = c.parent) chain.unshift(c);
  const options: Record<string, unknown> = {};
  for (const [key, , , fallback] of GLOBAL_OPTIONS) {
    options[key] = fallback;
    for (const c of chain)
      if (c.getOptionValueSource(key) === 'cli') options[key] = c.getOptionValue(key) as unknown;
  }
  return options as unknown as GlobalOptions;
}

function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

export function buildProgram(run: CommandRunner, version: string): Command {
  const program = new Command('edupkg')
    .description('Package, validate, diff, export and install UIS education metadata packages into DHIS2')
    .version(version, '-V, --version')
    // Program options only before the command, so a command may have its own --version
    // (export); every command repeats the global options, so they also work after it.
    .enablePositionalOptions();
  addGlobalOptions(program, true)
    .addHelpText('after', `\nExit codes:\n${formatExitCodeTable()}\n`)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => process.stdout.write(s), writeErr: (s) => process.stderr.write(s) });

  define(
    program,
    run,
    'validate <paths...>',
    'validate packages offline: structure, references, expressions, HISP checks',
    () => import('./commands/validate.js'),
    (c) =>
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
        ),
  );
  define(
    program,
    run,
    'list',
    'list the packages shipped in packages-metadata/',
    () => import('./commands/list.js'),
  );
  define(
    program,
    run,
    'pack <path>',
    'write a versioned .tgz with checksums',
    () => import('./commands/pack.js'),
    (c) => c.option('-o, --out <dir>', 'output folder', '.'),
  );
  define(
    program,
    run,
    'diff <a> <b>',
    'semantic diff of packages, archives, metadata files or live servers (URL or target)',
    () => import('./commands/diff.js'),
    (c) =>
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
        .option('-o, --out <file>', 'write the formatted diff to a file')
        .option('--dhis2-version <version>', 'DHIS2 version whose set/ordered collection facts apply')
        .option('--username <name>', 'DHIS2 username for live sides')
        .option('--password-env <var>', 'environment variable holding the password')
        .option('--token-env <var>', 'environment variable holding a personal access token')
        .option('--allow-insecure-http', 'allow credentials over plain http to a non-loopback server'),
  );
  define(
    program,
    run,
    'build <package>',
    'write a shipped package for a country profile (generic UIS defaults without one)',
    () => import('./commands/build.js'),
    (c) =>
      c
        .option('-p, --profile <code>', 'country profile: gm, ug, tg or a profile .yaml file')
        .requiredOption('-o, --out <dir>', 'output package folder')
        .option('--force', 'replace the output folder if it exists', false),
  );
  define(
    program,
    run,
    'docs <package>',
    'metadata reference of a shipped package: data sets, data elements, indicators with formulas in words',
    () => import('./commands/docs.js'),
    (c) =>
      c
        .option('-p, --profile <code>', 'country profile: gm, ug, tg or a profile .yaml file')
        .addOption(new Option('-f, --format <format>', 'output format').choices(['md', 'html']).default('md'))
        .option('-o, --out <file>', 'write to a file instead of stdout'),
  );
  define(
    program,
    run,
    'export',
    'export a package from a live DHIS2: dependency closure, normalised, written atomically',
    () => import('./commands/export.js'),
    (c) =>
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
  );
  // Install family: one set of connection flags (docs/targets.md).
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
      .option('--profile <code>', 'install the shipped UIS packages built for a country profile (gm, ug, tg)')
      .option('--overwrite-local', 'replace objects changed on the server since the last install', false)
      .option('--prune', 'delete objects the new version dropped (when nothing else uses them)', false)
      .option('--force', "install even outside the package's DHIS2 version range", false);
  define(
    program,
    run,
    'plan <packages...>',
    'show what install would change on a server (= install --dry-run)',
    () => import('./commands/plan.js'),
    planning,
  );
  define(
    program,
    run,
    'install <packages...>',
    'install or upgrade packages and their dependencies on a server',
    () => import('./commands/install.js'),
    (c) =>
      planning(c)
        .option('--dry-run', 'only plan', false)
        .option('--plan-hash <hash>', 'apply only if the plan still has this hash')
        .option('--wait', 'wait for another run holding the server lock', false),
  );
  define(
    program,
    run,
    'status [packages...]',
    'installed packages on a server (or every target of a fleet) and drift since install',
    () => import('./commands/status.js'),
    (c) =>
      server(c)
        .option('--fleet <file>', 'report every target of a fleet file instead of one server')
        .option('--stage <stage>', 'with --fleet: only targets of this stage (dev|staging|prod)'),
  );
  define(
    program,
    run,
    'rollback <package>',
    'undo the last install of a package from its ledger snapshot',
    () => import('./commands/rollback.js'),
    (c) =>
      server(c)
        .option('--plan-hash <hash>', 'apply only if the rollback plan still has this hash')
        .option('--wait', 'wait for the server lock', false)
        .option(
          '--force-dependants',
          'go ahead although installed packages depend on it (they are listed as breaking)',
          false,
        ),
  );
  define(
    program,
    run,
    'uninstall <packages...>',
    'remove what packages own and nothing else uses, dependents first',
    () => import('./commands/uninstall.js'),
    (c) =>
      server(c)
        .option('--plan-hash <hash>', 'apply only if the uninstall plan still has this hash')
        .option('--wait', 'wait for the server lock', false)
        .option(
          '--force-dependants',
          'go ahead although installed packages depend on it (they are listed as breaking)',
          false,
        ),
  );
  define(
    program,
    run,
    'unlock',
    "show who holds a server's install lock; --force clears it (a run that died, a broken lock)",
    () => import('./commands/unlock.js'),
    (c) => server(c).option('--force', 'clear the lock, whoever holds it', false),
  );
  define(
    program,
    run,
    'deploy',
    'plan and install on every server of a fleet file, a few at a time; one report',
    () => import('./commands/deploy.js'),
    (c) =>
      c
        .requiredOption('--fleet <file>', 'fleet file (docs/ci.md)')
        .option('--dry-run', 'only plan every target', false)
        .option('--concurrency <n>', 'targets at once (default: the fleet file, else 4)')
        .option('--retries <n>', 'extra attempts per target after a connection error (default 2)')
        .option('--stage <stage>', 'only targets of this stage: dev, staging or prod')
        .option('--only <name>', 'only this target; repeatable', collect, [])
        .option('--report <file.md>', 'write a Markdown report (atomically, secrets redacted)')
        .option('--training-users <k>', 'also create K trainee accounts per target (CSV files in --out)')
        .option('--sample-data', 'also load sample data that passes the validation rules', false)
        .option('--out <dir>', 'folder for the trainee CSV files (mode 0600)')
        .option(
          '--show-passwords',
          'print trainee passwords (otherwise they are only in the CSV files)',
          false,
        ),
  );
  const sandbox = program
    .command('sandbox')
    .description('run the embedded DHIS2 sandbox (a local DHIS2 Web API for tests and training)');
  const sandboxCommand = (name: 'start' | 'stop' | 'status' | 'reset') => () =>
    import('./commands/sandbox.js').then((m) => ({ handler: m[name] }));
  const dataDirOption = (c: Command) =>
    c.option('--data-dir <dir>', 'folder holding the sandbox database (default: .edupkg/sandbox)');
  define(
    sandbox,
    run,
    'start',
    'start the sandbox (foreground until Ctrl-C, or --detach)',
    sandboxCommand('start'),
    (c) =>
      dataDirOption(c)
        .option('--port <port>', 'port (0 = any free port)', '8080')
        .option('--host <host>', 'interface to listen on', '127.0.0.1')
        .option('--dhis2-version <version>', 'DHIS2 version to imitate: 2.38-2.42', '2.41')
        .option('--seed <seed>', 'demo (org unit hierarchy) or empty', 'demo')
        .option('--username <name>', 'admin username', 'admin')
        .option('--password <password>', 'admin password', 'district')
        .option('--detach', 'run in the background and return once it answers', false),
  );
  define(sandbox, run, 'stop', 'stop a background sandbox', sandboxCommand('stop'), dataDirOption);
  define(
    sandbox,
    run,
    'status',
    'is it running? url, version, object counts',
    sandboxCommand('status'),
    dataDirOption,
  );
  define(
    sandbox,
    run,
    'reset',
    'empty the sandbox database and seed it again',
    sandboxCommand('reset'),
    (c) =>
      dataDirOption(c)
        .option('--seed <seed>', 'demo or empty', 'demo')
        .option('--dhis2-version <version>', 'DHIS2 version to seed for', '2.41')
        .option('--username <name>', 'admin username', 'admin')
        .option('--password <password>', 'admin password', 'district'),
  );
  define(
    sandbox,
    run,
    'fleet',
    'start N sandboxes with packages, trainee accounts and sample data for a course',
    () => import('./commands/sandbox-fleet.js'),
    (c) =>
      c
        .requiredOption('--count <n>', 'number of sandboxes')
        .requiredOption('--packages <pkg...>', 'packages to install in each (dependencies follow)')
        .requiredOption('--out <dir>', "folder for the sandboxes' data and the <sandbox>-users.csv files")
        .option('--profile <code>', 'country profile the shipped packages are built for (gm, ug, tg)')
        .option('--users <k>', 'trainee accounts per sandbox', '0')
        .option('--sample-data', 'load sample data that passes the validation rules', false)
        .option('--base-port <port>', 'first port (then +1 each); default: any free ports')
        .option('--dhis2-version <version>', 'DHIS2 version to imitate: 2.38-2.42', '2.41')
        .option('--concurrency <n>', 'sandboxes provisioned at once', '4')
        .option('--detach', 'leave them running in the background', false)
        .option(
          '--show-passwords',
          'print trainee passwords (otherwise they are only in the CSV files)',
          false,
        ),
  );
  for (const sub of sandbox.commands) sub.exitOverride();
  for (const sub of program.commands) sub.exitOverride();
  return program;
}
