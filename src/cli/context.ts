import type { ChalkInstance } from 'chalk';
import type { EdupkgConfig } from '../core/config.js';
import type { ExitCode } from '../errors/index.js';
import type { Reporter } from '../output/reporter.js';

export interface GlobalOptions {
  json: boolean;
  quiet: boolean;
  verbose: boolean;
  debug: boolean;
  color: boolean;
  yes: boolean;
  config?: string;
}

/** What every command handler receives: decided once in main.ts. */
export interface CommandContext {
  command: string;
  options: GlobalOptions;
  reporter: Reporter;
  colors: ChalkInstance;
  /** True when prompts are allowed: a TTY on stdin and stderr, not --json, not CI. */
  interactive: boolean;
  /** Lazily loaded edupkg.config.yaml (or --config). */
  config: () => EdupkgConfig;
  version: string;
  /** Raw data to stdout (for formats like sarif/junit/md that are themselves the output). */
  writeStdout: (text: string) => void;
}

/**
 * What a handler returns: a typed result (the --json `result`), its exit code, warnings, and how
 * to show it to people. Handlers never print the result themselves.
 */
export interface CommandOutcome<T = unknown> {
  result: T;
  exitCode?: ExitCode;
  ok?: boolean;
  warnings?: string[];
  /** Human rendering (stderr by default); skipped under --json. */
  render?: (ctx: CommandContext) => void;
  /** When set, this text is the command's stdout in non-JSON mode (sarif, junit, md, html...). */
  stdout?: string;
}

export type CommandHandler = (ctx: CommandContext, ...args: never[]) => Promise<CommandOutcome>;
