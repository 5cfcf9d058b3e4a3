import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The root of the git work tree holding `start` (the nearest folder with a `.git` entry: a
 * directory, or a file in worktrees and submodules), or undefined outside one.
 */
export function findRepositoryRoot(start: string): string | undefined {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}
