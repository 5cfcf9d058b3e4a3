#!/usr/bin/env node
// Regenerates the generic (UIS-default) variant of the shipped packages in packages-metadata/,
// in canonical form. Run `npm run build` first: this imports the compiled library from dist/.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPackage, PACKAGE_NAMES } from '../dist/core/content/index.js';
import { writePackage } from '../dist/core/package/index.js';

const root = join(fileURLToPath(import.meta.url), '..', '..', 'packages-metadata');
for (const name of PACKAGE_NAMES) {
  const built = buildPackage(name);
  const out = writePackage(join(root, name), built.manifest, built.metadata, {
    overwrite: true,
    extraFiles: built.files,
  });
  const objects = Object.values(built.metadata).reduce((n, list) => n + list.length, 0);
  process.stdout.write(`${name}: ${objects} objects -> ${out}\n`);
}
