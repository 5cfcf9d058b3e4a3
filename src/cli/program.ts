import { Command, Option } from 'commander';
import { formatExitCodeTable } from '../errors/index.js';
import { COMMANDS, GROUPS, type CommandSpec } from './command-table.js';
import type { CommandContext, CommandHandler, CommandOutcome, GlobalOptions } from './context.js';
import { commandNameIn } from './argv.js';

export type CommandRunner = (
  name: string,
  options: GlobalOptions,
  invoke: (ctx: CommandContext) => Promise<CommandOutcome>,
) => Promise<void>;

const GLOBAL_OPTIONS: ReadonlyArray<[keyof GlobalOptions, string, string, unknown]> = [
  ['json', '--json', 'print exactly one JSON document on stdout', false],
  ['quiet', '-q, --quiet', 'print only warnings and errors', false],
  ['verbose', '-v, --verbose', 'print progress details', false],
  ['debug', '--debug', 'print debug output and stack traces', false],
  ['color', '--no-color', 'disable colours (NO_COLOR is honoured too)', true],
  ['yes', '-y, --yes', 'answer yes to every confirmation (required without a TTY)', false],
  [
    'config',
    '-c, --config <file>',
    'config file (default: the nearest edupkg.config.yaml upwards, else $XDG_CONFIG_HOME/edupkg/config.yaml)',
    undefined,
  ],
];

/**
 * The command line of edupkg. Given the arguments, only the command they name is registered
 * (commander parses hundreds of flags otherwise, on every run); `--help`, `help`, an unknown
 * command or no command at all registers every command, so listings and errors are complete.
 */
export function buildProgram(run: CommandRunner, version: string, argv?: readonly string[]): Command {
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

  const named = argv && commandNameIn(argv);
  const specs = named ? COMMANDS.filter((spec) => spec.usage.split(' ')[0] === named) : [];
  const groups = new Map<string, Command>();
  const defined = new Map<string, Command>();
  for (const spec of specs.length > 0 ? specs : COMMANDS) {
    const [first = '', ...rest] = spec.usage.split(' ');
    const groupDescription = GROUPS[first];
    // A command with its own action may also hold subcommands (`init`, then `init profile`).
    const owner = rest[0] && !/^[<[]/.test(rest[0]) ? defined.get(first) : undefined;
    let parent = program;
    if (owner) parent = owner;
    else if (groupDescription !== undefined) {
      parent = groups.get(first) ?? program.command(first).description(groupDescription).exitOverride();
      groups.set(first, parent);
    }
    const nested = owner !== undefined || groupDescription !== undefined;
    const command = define(parent, run, nested ? rest.join(' ') : spec.usage, spec);
    if (!nested) defined.set(first, command);
  }
  return program;
}

/** Registers one command; the handler module is imported only when the command runs. */
function define(parent: Command, run: CommandRunner, usage: string, spec: CommandSpec): Command {
  const command = addGlobalOptions(parent.command(usage).description(spec.description), false);
  spec.options?.(command);
  for (const [old, current] of Object.entries(spec.deprecated ?? {})) deprecate(command, old, current);
  if (spec.examples?.length)
    command.addHelpText('after', `\nExamples:\n${spec.examples.map((e) => `  $ ${e}`).join('\n')}\n`);
  command.exitOverride();
  command.action(async (...args: unknown[]) => {
    const self = args[args.length - 1] as Command;
    const options = { ...self.opts(), ...globalOptionsOf(self) } as GlobalOptions & Record<string, unknown>;
    const positional = args.slice(0, -2);
    await run(commandPath(self), options, async (ctx) => {
      const module = (await import(`./commands/${spec.module}.js`)) as Record<string, CommandHandler>;
      const handler = module[spec.handler ?? 'handler']!;
      return handler(ctx, ...(positional as never[]), options as never);
    });
  });
  return command;
}

/**
 * Keeps an old flag spelling working (hidden from --help): its value goes to the new option and a
 * warning on stderr names the new spelling, so scripts keep running while they are updated.
 */
function deprecate(command: Command, old: string, current: string): void {
  const target = command.options.find((o) => o.long === current);
  if (!target) throw new Error(`${old}: deprecated alias of unknown option ${current}`);
  const alias = new Option(`${old}${target.required ? ' <value>' : ''}`).hideHelp();
  command.addOption(alias);
  command.on(`option:${alias.name()}`, (value: unknown) => {
    process.stderr.write(`edupkg: warning: ${old} is deprecated; use ${current}\n`);
    command.setOptionValueWithSource(target.attributeName(), value, 'cli');
  });
}

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
