import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import v8 from 'node:v8';
import { commandNameIn } from './argv.js';

/** Commands that read local files and exit: CI runs `validate` once per package, as a fresh process. */
const SHORT_RUN_COMMANDS = new Set(['validate']);
/** Past this much input the optimising compiler pays for itself (`npm run bench`, 2 MB vs 25 MB). */
const SHORT_RUN_INPUT_BYTES = 8 * 1024 * 1024;

/**
 * Tunes V8 for a short run before the command's modules load (bin/edupkg.js calls it first). V8
 * reads both flags when it next needs them, so setting them after start-up works:
 * - a young generation that never grows: loading modules and parsing a package promote nearly all
 *   they allocate, so a growing nursery only adds resident pages (2 MB package: 84 -> 68 MB peak);
 * - no optimising compiler for small inputs: TurboFan's compile jobs cost more CPU and memory than
 *   they win back in a sub-second run (2 MB package: 0.55 -> 0.36 s CPU, 68 -> 59 MB peak); a
 *   25 MB package would lose 20 % CPU without it, so big inputs keep it.
 */
export function tuneForCommand(argv: readonly string[]): void {
  const flags = shortRunFlags(argv);
  if (flags.length > 0) v8.setFlagsFromString(flags.join(' '));
}

/** The V8 flags a command line gets: none unless it is a short run. */
export function shortRunFlags(argv: readonly string[]): string[] {
  const name = commandNameIn(argv);
  if (name === undefined || !SHORT_RUN_COMMANDS.has(name)) return [];
  const paths = argv.filter((arg) => !arg.startsWith('-') && arg !== name);
  const flags = ['--semi-space-growth-factor=1'];
  if (inputBytes(paths) < SHORT_RUN_INPUT_BYTES) flags.push('--no-opt');
  return flags;
}

/** Total size of the files under `paths`, counted until past the threshold. */
function inputBytes(paths: readonly string[]): number {
  let total = 0;
  const pending = [...paths];
  while (pending.length > 0 && total < SHORT_RUN_INPUT_BYTES) {
    const path = pending.pop()!;
    try {
      const stat = statSync(path);
      if (stat.isDirectory()) pending.push(...readdirSync(path).map((name) => join(path, name)));
      else total += stat.size;
    } catch {
      // Not a path (an option's value) or unreadable: the command reports real problems itself.
    }
  }
  return total;
}
