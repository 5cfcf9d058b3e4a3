import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { stringify } from 'yaml';
import { inputError } from '../../errors/index.js';
import { writeFailure } from '../io/write-output.js';
import { canonicalizeBundle, formatMetadataFile } from './canonical.js';
import { MANIFEST_FILE, METADATA_DIR } from './layout.js';
import type { MetadataBundle, PackageManifest } from './types.js';

export interface WritePackageOptions {
  /** Replace an existing folder (written beside it, then swapped in). */
  overwrite?: boolean;
  /** Extra files (README.md, CHANGELOG.md...) by relative path. */
  extraFiles?: Record<string, string>;
}

/** The files of a package in canonical form, by relative path: what writePackage puts on disk. */
export function renderPackageFiles(manifest: PackageManifest, metadata: MetadataBundle): Map<string, string> {
  const files = new Map<string, string>();
  files.set(MANIFEST_FILE, stringify(manifest, { lineWidth: 0 }));
  const canonical = canonicalizeBundle(metadata);
  for (const [plural, objects] of Object.entries(canonical)) {
    if (objects.length > 0) files.set(`${METADATA_DIR}/${plural}.json`, formatMetadataFile(plural, objects));
  }
  return files;
}

/**
 * `--out` with `--force` replaces a folder wholesale, so it may only name a package folder (or an
 * empty or new one) — never the file-system root, the home folder, or the folder one works in.
 */
function assertReplaceable(target: string, overwrite: boolean): void {
  const cwd = process.cwd();
  const enclosing =
    target === dirname(target) || target === homedir() || cwd === target || cwd.startsWith(target + sep);
  if (enclosing) {
    throw inputError(
      'OUT_UNSAFE',
      `${target}: refusing to write a package over a folder that holds your work`,
      {
        file: target,
        fix: 'Give --out a new folder, e.g. --out ./my-package',
      },
    );
  }
  if (
    overwrite &&
    existsSync(target) &&
    !existsSync(join(target, MANIFEST_FILE)) &&
    readdirSync(target).length > 0
  ) {
    throw inputError(
      'OUT_NOT_PACKAGE',
      `${target} exists and is not a package folder (no ${MANIFEST_FILE})`,
      {
        file: target,
        fix: 'Give --out a new or empty folder; --force only replaces package folders',
      },
    );
  }
}

/**
 * Writes a package folder atomically: everything goes to a temporary sibling folder, which is
 * renamed into place only when complete, so a failure never leaves a half-written package.
 */
export function writePackage(
  outDir: string,
  manifest: PackageManifest,
  metadata: MetadataBundle,
  options: WritePackageOptions = {},
): string {
  const target = resolve(outDir);
  assertReplaceable(target, options.overwrite ?? false);
  if (existsSync(target) && !options.overwrite) {
    throw inputError('OUT_EXISTS', `${target} already exists`, {
      file: target,
      fix: 'Choose another --out or pass --force',
    });
  }
  mkdirSync(dirname(target), { recursive: true });
  const staging = mkdtempSync(`${target}.tmp-`);
  try {
    const files = renderPackageFiles(manifest, metadata);
    for (const [relative, text] of Object.entries(options.extraFiles ?? {})) files.set(relative, text);
    for (const [relative, text] of files) {
      const path = join(staging, relative);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
    }
    if (existsSync(target)) {
      const old = `${staging}.old`;
      renameSync(target, old);
      renameSync(staging, target);
      rmSync(old, { recursive: true, force: true });
    } else {
      renameSync(staging, target);
    }
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw writeFailure(target, error);
  }
  return target;
}
