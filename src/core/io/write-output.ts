import { copyFileSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { EdupkgError, EXIT } from '../../errors/index.js';

/**
 * The one error for a failed write: a full disk, a missing permission or a read-only file system
 * named as such, with the path and a fix — never an "internal error" with a stack.
 */
export function writeFailure(path: string, cause: unknown): EdupkgError {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  const [errorCode, what, fix] =
    code === 'ENOSPC' || code === 'EDQUOT'
      ? ['OUTPUT.DISK_FULL', 'the disk is full', `Free space where ${path} goes, or write it elsewhere`]
      : code === 'EACCES' || code === 'EPERM'
        ? ['OUTPUT.PERMISSION_DENIED', 'permission denied', 'Write it to a folder you may write to']
        : code === 'EROFS'
          ? ['OUTPUT.READ_ONLY', 'the file system is read-only', 'Write it to a writable folder']
          : ['INPUT.WRITE_FAILED', (cause as Error | undefined)?.message ?? String(cause), undefined];
  return new EdupkgError(errorCode, `cannot write ${path}: ${what}`, EXIT.USAGE, {
    file: path,
    cause,
    ...(fix ? { fix } : {}),
  });
}

export interface MoveFs {
  renameSync: typeof renameSync;
  copyFileSync: typeof copyFileSync;
}

/**
 * Moves a finished file into place. A rename cannot cross file systems (EXDEV, e.g. a temporary
 * folder on tmpfs and --out on disk), so then it is copied beside the target and renamed there,
 * which keeps the replacement atomic.
 */
export function moveIntoPlace(from: string, to: string, fs: MoveFs = { renameSync, copyFileSync }): void {
  try {
    fs.renameSync(from, to);
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
  }
  const beside = join(dirname(to), `.${basename(to)}.${process.pid}.tmp`);
  try {
    fs.copyFileSync(from, beside);
    fs.renameSync(beside, to);
  } catch (error) {
    rmSync(beside, { force: true });
    throw error;
  }
  rmSync(from, { force: true });
}
