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
  const command = parent.command(spec).description(description);
  configure(command);
  command.action(async (...args: unknown[]) => {
    const self = args[args.length - 1] as Command;
    const options = self.optsWithGlobals<GlobalOptions & Record<string, unknown>>();
    const positional = args.slice(0, -2);
    const name = commandPath(self);
    await run(name, options, async (ctx) => {
      const { handler } = await load();
      return handler(ctx, ...(positional as never[]), options as never);
    });
  });
  return command;
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
    .option('--json', 'print exactly one JSON document on stdout', false)
    .option('-q, --quiet', 'print only warnings and errors', false)
    .option('-v, --verbose', 'print progress details', false)
    .option('--debug', 'print debug output and stack traces', false)
    .option('--no-color', 'disable colours (NO_COLOR is honoured too)')
    .option('-y, --yes', 'answer yes to every confirmation (required without a TTY)', false)
    .option('-c, --config <file>', 'config file (default: edupkg.config.yaml)')
    .addHelpText('after', `\nExit codes:\n${formatExitCodeTable()}\n`)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => process.stdout.write(s), writeErr: (s) => process.stderr.write(s) });

  define(program, run, 'validate <paths...>', 'validate packages offline: structure, references, expressions, HISP checks', () => import('./commands/validate.js'), (c) =>
    c
      .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'junit', 'sarif', 'github']).default('text'))
      .option('--severity <rule=level>', 'override a rule severity (error|warning|info|off); repeatable', collect, [])
      .option('--dhis2-version <version>', 'DHIS2 version to validate for (default: newest the package supports)'),
  );
  define(program, run, 'list', 'list the packages shipped in packages-metadata/', () => import('./commands/list.js'));
  define(program, run, 'pack <path>', 'write a versioned .tgz with checksums', () => import('./commands/pack.js'), (c) =>
    c.option('-o, --out <dir>', 'output folder', '.'),
  );
  for (const sub of program.commands) sub.exitOverride();
  return program;
}
