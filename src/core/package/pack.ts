import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
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
    mkdirSync(dirname(archive), { recursive: true });
    renameSync(tmpArchive, archive);
    writeFileSync(`${archive}.sha256`, `${digest}  ${name}-${version}.tgz\n`);
    return { archive, sha256: digest, files: entries.length, objects: Object.keys(checksums.objects).length };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
