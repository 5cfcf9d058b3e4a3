import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { writeFailure } from '../io/write-output.js';
import { redact } from '../../output/redact.js';

export interface WriteOptions {
  /** File mode; 0o600 for files holding passwords. Set on the temporary file, before any byte is written. */
  mode?: number;
  /** Scrub registered secrets (default true). Off only for files whose purpose is to hold them. */
  redact?: boolean;
}

/**
 * Writes a file so readers see the old content or the new, never half of it: a temporary sibling
 * is written and renamed over the target.
 */
export function writeFileAtomic(path: string, content: string, options: WriteOptions = {}): void {
  const mode = options.mode ?? 0o644;
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(temp, options.redact === false ? content : redact(content), { mode, flag: 'wx' });
    // The umask may have narrowed the mode; widening is never wanted, but an exact mode is.
    chmodSync(temp, mode);
    renameSync(temp, path);
  } catch (cause) {
    rmSync(temp, { force: true });
    throw writeFailure(path, cause);
  }
}
