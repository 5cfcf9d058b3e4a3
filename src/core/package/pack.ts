import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { inputError } from '../../errors/index.js';
import { moveIntoPlace, writeFailure } from '../io/write-output.js';
import { create } from 'tar';
import { canonicalizeBundle } from './canonical.js';
import { CHECKSUMS_FILE, objectHashes, sha256, type PackageChecksums } from './checksums.js';
import type { LoadedPackage } from './types.js';
import { ARCHIVE_ROOT } from './layout.js';
import { renderPackageFiles } from './write-package.js';

export interface PackResult {
  archive: string;
  sha256: string;
  files: number;
  objects: number;
}

/** Writes <name>-<version>.tgz (canonical files + CHECKSUMS.json) and its .sha256, atomically. */
export async function packPackage(pkg: LoadedPackage, outDir: string): Promise<PackResult> {
  const { name, version } = pkg.manifest;
  const archive = resolve(outDir, `${name}-${version}.tgz`);
  // The manifest schema already restricts names; this keeps a hand-built manifest inside --out too.
  if (!archive.startsWith(resolve(outDir) + sep)) {
    throw inputError('BAD_NAME', `package name "${name}" would write outside ${resolve(outDir)}`, {
      fix: 'Package names are lower-case letters, digits and "-"',
    });
  }
  const staging = mkdtempSync(join(tmpdir(), 'edupkg-pack-'));
  try {
    const root = join(staging, ARCHIVE_ROOT);
    const files = renderPackageFiles(pkg.manifest, pkg.metadata);
    const checksums: PackageChecksums = {
      algorithm: 'sha256',
      files: {},
      objects: objectHashes(canonicalizeBundle(pkg.metadata)),
    };
    for (const [relative, text] of files) {
      mkdirSync(dirname(join(root, relative)), { recursive: true });
      writeFileSync(join(root, relative), text);
      checksums.files[relative] = sha256(text);
    }
    writeFileSync(join(root, CHECKSUMS_FILE), `${JSON.stringify(checksums, null, 2)}\n`);
    const entries = [...files.keys(), CHECKSUMS_FILE].sort().map((f) => `${ARCHIVE_ROOT}/${f}`);
    const tmpArchive = join(staging, 'out.tgz');
    // portable + fixed mtime: the same package always packs to the same bytes.
    await create({ gzip: true, cwd: staging, file: tmpArchive, portable: true, mtime: new Date(0) }, entries);
    const digest = sha256(readFileSync(tmpArchive));
    try {
      mkdirSync(dirname(archive), { recursive: true });
      moveIntoPlace(tmpArchive, archive);
      writeFileSync(`${archive}.sha256`, `${digest}  ${name}-${version}.tgz\n`);
    } catch (cause) {
      throw writeFailure(archive, cause);
    }
    return { archive, sha256: digest, files: entries.length, objects: Object.keys(checksums.objects).length };
  } catch (cause) {
    throw cause instanceof Error && cause.name === 'EdupkgError' ? cause : writeFailure(staging, cause);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
