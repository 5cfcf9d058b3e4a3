import { CommanderError } from 'commander';
import { EdupkgError, EXIT, formatLocation, InternalError } from '../errors/index.js';
import { failureEnvelope, successEnvelope, type ErrorPayload } from '../output/envelope.js';
import { redact } from '../output/redact.js';
import { escapeJsonControls, neutraliseControls } from '../output/terminal.js';
import type { LogLevel } from '../output/reporter.js';
import type { EdupkgConfig } from '../core/config.js';
import { tlsVerificationWarning } from '../dhis2/base-url.js';
import type { CommandContext, CommandOutcome, GlobalOptions } from './context.js';
import { buildProgram, type CommandRunner } from './program.js';
import { EDUPKG_VERSION } from './version.js';

/**
 * The composition root and the single error boundary: every failure becomes one line on stderr
 * (or one --json document on stdout) and an exit code from the table. Returns the exit code.
 */
export async function main(argv: string[]): Promise<number> {
  let exitCode: number = EXIT.OK;
  let wantsJson = argv.includes('--json');
  let debug = argv.includes('--debug');
  let commandName = 'edupkg';
  // Said before anything runs (and even under --quiet), so a failure cannot hide it.
  const environmentWarnings = [tlsVerificationWarning(process.env)].filter((w) => w !== undefined);

  const run: CommandRunner = async (name, options, invoke) => {
    commandName = name;
    wantsJson = options.json;
    debug = options.debug;
    const ctx = await createContext(name, options);
    for (const warning of environmentWarnings) ctx.reporter.warn(ctx.colors.red(`warning: ${warning}`));
    const outcome = await invoke(ctx);
    // Text mode printed them above already; a --json document carries them in `warnings`.
    const warnings = options.json ? [...environmentWarnings, ...(outcome.warnings ?? [])] : outcome.warnings;
    exitCode = finish(ctx, { ...outcome, ...(warnings ? { warnings } : {}) });
  };

  const program = buildProgram(run, EDUPKG_VERSION, argv);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    exitCode = reportFailure(error, commandName, wantsJson, debug, environmentWarnings);
  }
  return exitCode;
}

/** Loaded only once a command runs: `--help` and `--version` need none of this (chalk, yaml, ajv). */
async function createContext(command: string, options: GlobalOptions): Promise<CommandContext> {
  const [{ createReporter }, { colorWanted, createColors }, { loadConfig }] = await Promise.all([
    import('../output/reporter.js'),
    import('../output/color.js'),
    import('../core/config.js'),
  ]);
  const level: LogLevel = options.debug
    ? 'debug'
    : options.verbose
      ? 'verbose'
      : options.quiet || options.json
        ? 'quiet'
        : 'normal';
  let config: EdupkgConfig | undefined;
  return {
    command,
    options,
    reporter: createReporter(level),
    colors: createColors(colorWanted(options.color)),
    interactive: !options.json && Boolean(process.stdin.isTTY && process.stderr.isTTY) && !process.env.CI,
    config: () => (config ??= loadConfig(options.config)),
    version: EDUPKG_VERSION,
    writeStdout: (text) =>
      process.stdout.write(
        options.json ? escapeJsonControls(redact(text)) : neutraliseControls(redact(text)),
      ),
  };
}

function finish(ctx: CommandContext, outcome: CommandOutcome): number {
  const exitCode = outcome.exitCode ?? EXIT.OK;
  const warnings = outcome.warnings ?? [];
  if (ctx.options.json) {
    const ok = outcome.ok ?? exitCode === EXIT.OK;
    ctx.writeStdout(
      `${JSON.stringify(successEnvelope(ctx.command, ctx.version, outcome.result, warnings, ok))}\n`,
    );
    return exitCode;
  }
  for (const warning of warnings) ctx.reporter.warn(ctx.colors.yellow(`warning: ${warning}`));
  if (outcome.stdout !== undefined) ctx.writeStdout(outcome.stdout);
  outcome.render?.(ctx);
  return exitCode;
}

function reportFailure(
  error: unknown,
  command: string,
  json: boolean,
  debug: boolean,
  warnings: string[],
): number {
  if (error instanceof CommanderError) {
    // --help and --version end through here too, with exit code 0.
    if (error.exitCode === 0) return EXIT.OK;
    if (json)
      emitJsonError(
        command,
        {
          code: 'USAGE.INVALID',
          message: error.message.replace(/^error: /, ''),
          exitCode: EXIT.USAGE,
        },
        warnings,
      );
    return EXIT.USAGE;
  }
  // Ctrl-C at an inquirer prompt rejects the prompt (no SIGINT reaches the process): an interruption, not a bug.
  if (error instanceof Error && error.name === 'ExitPromptError') {
    error = new EdupkgError(
      'USER.INTERRUPTED',
      'interrupted at a prompt; nothing was changed',
      EXIT.INTERRUPTED,
      {
        fix: 'Run the command again, or pass --yes (and credentials in the environment) to run without prompts',
      },
    );
  }
  if (error instanceof EdupkgError) {
    const where = formatLocation(error.where);
    const message = error.message.startsWith(where) || !where ? error.message : `${where}: ${error.message}`;
    if (json) {
      emitJsonError(
        command,
        {
          code: error.code,
          message,
          exitCode: error.exitCode,
          where: { ...error.where },
          fix: error.fix,
          details: error.details,
        },
        warnings,
      );
    } else {
      printError(`edupkg: error: ${message}${error.fix ? `\n  fix: ${error.fix}` : ''}`);
    }
    if (debug && error.stack) printError(error.stack);
    return error.exitCode;
  }
  const bug =
    error instanceof InternalError ? error : error instanceof Error ? error : new Error(String(error));
  if (json)
    emitJsonError(command, { code: 'INTERNAL', message: bug.message, exitCode: EXIT.INTERNAL }, warnings);
  else {
    printError(`edupkg: internal error: ${bug.message}`);
    process.stderr.write('This is a bug in edupkg; please report it with the output of --debug.\n');
  }
  if (debug && bug.stack) printError(bug.stack);
  return EXIT.INTERNAL;
}

/** Errors quote server and package text: redacted and with control characters made visible. */
function printError(text: string): void {
  process.stderr.write(neutraliseControls(redact(text)) + '\n');
}

function emitJsonError(command: string, payload: ErrorPayload, warnings: string[]) {
  const envelope = failureEnvelope(command, EDUPKG_VERSION, payload, warnings);
  process.stdout.write(`${escapeJsonControls(JSON.stringify(envelope))}\n`);
}
