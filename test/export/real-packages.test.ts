import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diffBundles } from '../../src/core/diff/index.js';
import { exportPackage } from '../../src/core/export/index.js';
import { loadMetadataFile, loadPackageDirectory, type MetadataBundle } from '../../src/core/package/index.js';
import { createDhis2Client } from '../../src/dhis2/index.js';
import { startSandbox } from '../../src/sandbox/index.js';
import { REPO_ROOT } from '../support/run-cli.js';
import { hasSharedFixtures, sharedFixture } from '../support/shared-fixtures.js';

const tmp = mkdtempSync(join(tmpdir(), 'edupkg-real-round-trip-'));

/** Everything export is documented to change (docs/package-format.md, issue 6): nothing else may differ. */
const NORMALISATIONS = [
  /^(users|userRoles) removed $/,
  /^(categories|categoryCombos|categoryOptions|categoryOptionCombos) removed $/, // the default category model
  /^\w+ removed \/sharing\/(owner|users)$/,
  /^(dataSets|categoryOptions|organisationUnitGroups|programs) removed \/organisationUnits$/, // local configuration
  /^userGroups removed \/users$/,
  /^\w+ added \/sharing$/, // DHIS2 gives shareable objects shipped without sharing its default sharing
];

const PACKAGES: Array<[string, string]> = [
  ['the hand-made miniature', join(REPO_ROOT, 'test', 'fixtures', 'diff', 'export-mini.json')],
];
if (hasSharedFixtures) {
  PACKAGES.push(
    ['HEP_AGG complete 2.41.3', sharedFixture('dhis2', 'pkg-HEP_AGG-complete-DHIS2.41.3.json')],
    ['HEP_AGG dashboard 2.41.3', sharedFixture('dhis2', 'pkg-HEP_AGG-dashboard-DHIS2.41.3.json')],
    ['EMIS_AGG expenditure', sharedFixture('packages', 'EMIS_AGG_EXP.metadata.json')],
  );
}

async function installAndExport(
  metadata: MetadataBundle,
  outDir: string,
  seed: 'demo' | 'empty',
): Promise<void> {
  const sandbox = await startSandbox({ seed, dhis2Version: '2.41' });
  try {
    const client = createDhis2Client({
      baseUrl: sandbox.url,
      auth: { type: 'basic', username: 'admin', password: 'district' },
    });
    const { users: _users, userRoles: _roles, ...payload } = metadata;
    const outcome = await client.importMetadata(payload, { importMode: 'COMMIT' });
    expect(outcome.status).toBe('OK');
    const objects = Object.entries(payload).flatMap(([type, list]) =>
      list.filter((o) => typeof o.id === 'string').map((o) => ({ type, value: o.id! })),
    );
    await exportPackage(client, {
      roots: { objects },
      name: 'round-trip',
      version: '1.0.0',
      serverVersion: '2.41.3',
      outDir,
      overwrite: true,
    });
  } finally {
    await sandbox.close();
  }
}

describe('round trip of real metadata packages', () => {
  for (const [label, file] of PACKAGES) {
    it(`exports ${label} with only the documented normalisations, and that export round-trips file for file`, async () => {
      const original = loadMetadataFile(file).metadata;
      const first = join(tmp, `${label.replace(/\W+/g, '-')}-1`);
      await installAndExport(original, first, label.includes('miniature') ? 'demo' : 'empty');
      const diff = diffBundles(original, loadPackageDirectory(first).metadata);
      const unexplained = diff.changes
        .flatMap((c) =>
          c.fields.length > 0
            ? c.fields.map((f) => `${c.type} ${f.kind} ${f.pointer}`)
            : [`${c.type} ${c.kind} `],
        )
        .filter((line) => !NORMALISATIONS.some((pattern) => pattern.test(line)));
      expect(unexplained).toEqual([]);

      const second = join(tmp, `${label.replace(/\W+/g, '-')}-2`);
      await installAndExport(loadPackageDirectory(first).metadata, second, 'empty');
      const files = readdirSync(join(first, 'metadata')).sort();
      expect(readdirSync(join(second, 'metadata')).sort()).toEqual(files);
      for (const name of files)
        expect(readFileSync(join(second, 'metadata', name), 'utf8')).toBe(
          readFileSync(join(first, 'metadata', name), 'utf8'),
        );
    });
  }
});
