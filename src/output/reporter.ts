import { redact } from './redact.js';
import { neutraliseControls } from './terminal.js';

export type LogLevel = 'quiet' | 'normal' | 'verbose' | 'debug';

export interface Reporter {
  readonly level: LogLevel;
  /** Plain human output (results for people); goes to stderr so stdout stays data. */
  print(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  verbose(message: string): void;
  debug(message: string): void;
}

/**
 * A leveled reporter with the same verbs as @dhis2/cli-helpers-engine's (print/info/warn/error/debug),
 * writing to stderr. Every line passes through redact() and neutraliseControls(); why we do not depend on that package is
 * in the README's design notes.
 */
export function createReporter(
  level: LogLevel,
  write: (text: string) => void = (t) => process.stderr.write(t),
): Reporter {
  const rank = { quiet: 0, normal: 1, verbose: 2, debug: 3 }[level];
  const emit = (min: number, message: string) => {
    if (rank >= min) write(neutraliseControls(redact(message)) + '\n');
  };
  return {
    level,
    print: (m) => emit(1, m),
    info: (m) => emit(1, m),
    warn: (m) => emit(0, m),
    error: (m) => emit(0, m),
    verbose: (m) => emit(2, m),
    debug: (m) => emit(3, m),
  };
}
