import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, normalize } from 'node:path';
import { list, extract } from 'tar';
import { EdupkgError, EXIT, inputError } from '../../errors/index.js';
import { parseJsonText, readTextFile } from '../io/read-input.js';
import { canonicalizeBundle } from './canonical.js';
import { CHECKSUMS_FILE, objectHashes, sha256, type PackageChecksums } from './checksums.js';
import { ARCHIVE_ROOT } from './layout.js';

const MAX_ENTRIES = 10_000;
const MAX_UNPACKED_BYTES = 1024 * 1024 * 1024;

export interface ExtractedArchive {
  directory: string;
  cleanup: () => void;
}

const extracted: string[] = [];
process.once('exit', () => {
  for (const dir of extracted) rmSync(dir, { recursive: true, force: true });
});

/**
 * Extracts a package archive into a fresh temporary folder after checking every entry (no absolute
 * paths, no "..", no links or devices, bounded size), then verifies the .sha256 beside it (if any),
 * every file checksum and every object hash. Nothing is ever written outside that folder.
 */
export async function extractArchive(archive: string): Promise<ExtractedArchive> {
  verifyArchiveDigest(archive);
  await checkEntries(archive);
  const temp = mkdtempSync(join(tmpdir(), 'edupkg-archive-'));
  extracted.push(temp);
  const cleanup = () => rmSync(temp, { recursive: true, force: true });
  try {
    await extract({
      file: archive,
      cwd: temp,
      strict: true,
      preservePaths: false,
      noChmod: true,
      filter: (path, entry) =>
        'type' in entry && (entry.type === 'File' || entry.type === 'Directory') && isSafePath(path),
    });
  } catch (cause) {
    cleanup();
    throw inputError('BAD_ARCHIVE', `${archive}: cannot extract: ${(cause as Error).message}`, {
      file: archive,
      cause,
    });
  }
  const directory = join(temp, ARCHIVE_ROOT);
  if (!existsSync(directory)) {
    cleanup();
    throw inputError('BAD_ARCHIVE', `${archive}: not an edupkg archive (no ${ARCHIVE_ROOT}/ folder)`, {
      file: archive,
    });
  }
  verifyChecksums(archive, directory);
  return { directory, cleanup };
}

function isSafePath(path: string): boolean {
  if (isAbsolute(path) || /^[a-zA-Z]:/.test(path) || path.includes('\0')) return false;
  const normal = normalize(path);
  return (
    !normal.split(/[\\/]/).includes('..') &&
    (normal === ARCHIVE_ROOT || normal.startsWith(`${ARCHIVE_ROOT}/`))
  );
}

async function checkEntries(archive: string): Promise<void> {
  let count = 0;
  let bytes = 0;
  let problem: string | undefined;
  try {
    await list({
      file: archive,
      strict: true,
      onReadEntry: (entry) => {
        count++;
        bytes += entry.size ?? 0;
        if (problem) return;
        if (entry.type !== 'File' && entry.type !== 'Directory')
          problem = `entry "${entry.path}" is a ${entry.type}`;
        else if (!isSafePath(entry.path))
          problem = `entry "${entry.path}" would be written outside the package`;
        else if (count > MAX_ENTRIES) problem = `more than ${MAX_ENTRIES} entries`;
        else if (bytes > MAX_UNPACKED_BYTES) problem = `unpacks to more than ${MAX_UNPACKED_BYTES} bytes`;
      },
    });
  } catch (cause) {
    throw inputError('BAD_ARCHIVE', `${archive}: not a readable .tgz: ${(cause as Error).message}`, {
      file: archive,
      cause,
    });
  }
  if (problem) throw inputError('UNSAFE_ARCHIVE', `${archive}: refused: ${problem}`, { file: archive });
  if (count === 0) throw inputError('BAD_ARCHIVE', `${archive}: empty archive`, { file: archive });
}

function verifyArchiveDigest(archive: string): void {
  const sidecar = `${archive}.sha256`;
  if (!existsSync(sidecar)) return;
  const expected = readFileSync(sidecar, 'utf8').trim().split(/\s+/)[0];
  const actual = sha256(readFileSync(archive));
  if (expected !== actual)
    throw checksumError(archive, `archive sha256 is ${actual}, ${sidecar} says ${expected}`);
}

function verifyChecksums(archive: string, directory: string): void {
  const checksumFile = join(directory, CHECKSUMS_FILE);
  if (!existsSync(checksumFile)) throw checksumError(archive, `no ${CHECKSUMS_FILE} in the archive`);
  const checksums = parseJsonText(
    readTextFile(checksumFile),
    `${archive}:${CHECKSUMS_FILE}`,
  ) as PackageChecksums;
  if (!checksums || typeof checksums.files !== 'object' || typeof checksums.objects !== 'object') {
    throw checksumError(archive, `${CHECKSUMS_FILE} is malformed`);
  }
  const bundle: Record<string, unknown[]> = {};
  for (const [relative, expected] of Object.entries(checksums.files)) {
    if (!isSafePath(`${ARCHIVE_ROOT}/${relative}`))
      throw checksumError(archive, `${CHECKSUMS_FILE} names "${relative}"`);
    const path = join(directory, relative);
    if (!existsSync(path)) throw checksumError(archive, `${relative} is listed but missing`);
    const text = readFileSync(path);
    if (sha256(text) !== expected) throw checksumError(archive, `${relative} does not match its checksum`);
    if (relative.startsWith('metadata/')) {
      Object.assign(bundle, parseJsonText(text.toString('utf8'), `${archive}:${relative}`));
    }
  }
  // A file the checksums do not cover could be read by a later step unverified: refuse it.
  for (const relative of filesUnder(directory)) {
    if (relative !== CHECKSUMS_FILE && !Object.hasOwn(checksums.files, relative))
      throw checksumError(archive, `${relative} is in the archive but not listed in ${CHECKSUMS_FILE}`);
  }
  const actual = objectHashes(canonicalizeBundle(bundle as never));
  for (const [key, expected] of Object.entries(checksums.objects)) {
    if (actual[key] !== expected)
      throw checksumError(archive, `object ${key} does not match its content hash`);
  }
  for (const key of Object.keys(actual)) {
    if (!(key in checksums.objects)) throw checksumError(archive, `object ${key} has no content hash`);
  }
}

/** Relative paths (with "/") of every file below `dir`. */
function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    return entry.isDirectory() ? filesUnder(dir, relative) : [relative];
  });
}

function checksumError(archive: string, message: string): EdupkgError {
  return new EdupkgError('PACKAGE.CHECKSUM_MISMATCH', `${archive}: ${message}`, EXIT.USAGE, {
    file: archive,
  });
}
