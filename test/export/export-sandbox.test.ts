import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadMetadataFile, loadPackageDirectory, type MetadataBundle } from '../../src/core/package/index.js';
import { schemaValidator } from '../../src/core/schema/ajv.js';
import { createDhis2Client } from '../../src/dhis2/index.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { REPO_ROOT, runCli } from '../support/run-cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'edupkg-export-'));
const fixture = loadMetadataFile(join(REPO_ROOT, 'test', 'fixtures', 'diff', 'export-mini.json')).metadata;
const env = { EDUPKG_USERNAME: 'admin', EDUPKG_PASSWORD: 'district' };
const validateEnvelope = schemaValidator('output/export.json');

async function sandboxWith(bundle: MetadataBundle, seed: 'demo' | 'empty'): Promise<Sandbox> {
  const sandbox = await startSandbox({ seed, dhis2Version: '2.41' });
  const client = createDhis2Client({
    baseUrl: sandbox.url,
    auth: { type: 'basic', username: 'admin', password: 'district' },
  });
  // The sandbox's own admin user stays as seeded: packages never install users.
  const { users: _users, ...metadata } = bundle;
  const outcome = await client.importMetadata(metadata, { importMode: 'COMMIT' });
  expect(outcome.status).toBe('OK');
  return sandbox;
}

const readJson = (dir: string, type: string) =>
  (JSON.parse(readFileSync(join(dir, 'metadata', `${type}.json`), 'utf8')) as MetadataBundle)[type] ?? [];

describe('edupkg export against the sandbox', () => {
  let sandbox: Sandbox;
  const out = join(tmp, 'mini');
  let envelope: Record<string, unknown>;

  beforeAll(async () => {
    sandbox = await sandboxWith(fixture, 'demo');
    sandbox.resetRequestCount();
    const r = await runCli(
      [
        'export',
        '--server',
        sandbox.url,
        '--dashboard',
        'MINI_DASH',
        '--data-set',
        'MiniCensus1',
        '--name',
        'mini',
        '--version',
        '1.0.0',
        '--out',
        out,
        '--json',
      ],
      { env },
    );
    expect(r.code).toBe(0);
    envelope = r.json();
  });
  afterAll(async () => sandbox.close());

  it('answers with a schema-valid envelope', () => {
    expect(validateEnvelope(envelope)).toBe(true);
  });

  it('follows references through dashboards, visualization data items, expressions, sections and combos, and nothing else', () => {
    expect((envelope.result as { objects: unknown }).objects).toEqual({
      categories: 1,
      categoryCombos: 1,
      categoryOptionCombos: 2,
      categoryOptions: 2,
      dashboards: 1,
      dataElements: 2,
      dataSets: 1,
      indicatorTypes: 1,
      indicators: 2,
      sections: 1,
      userGroups: 1,
      visualizations: 1,
    });
    const codes = readJson(out, 'dataElements').map((o) => o.code);
    expect(codes).toEqual(['MINI_PUPILS', 'MINI_TEACHERS']);
  });

  it('leaves out the default category model, users and the org unit hierarchy', () => {
    expect(readJson(out, 'categoryCombos').map((o) => o.name)).toEqual(['Mini sex']);
    expect(readdirSync(join(out, 'metadata'))).not.toContain('users.json');
    expect(readdirSync(join(out, 'metadata'))).not.toContain('organisationUnits.json');
    expect(readJson(out, 'userGroups')[0]).not.toHaveProperty('users');
  });

  it('turns data set org unit assignments into a parameter and a post-install step', () => {
    expect(readJson(out, 'dataSets')[0]).not.toHaveProperty('organisationUnits');
    const manifest = parse(readFileSync(join(out, 'package.yaml'), 'utf8')) as Record<string, unknown>;
    expect(manifest.postInstall).toEqual([
      { assignDataSets: { dataSets: ['MINI_CENSUS'], orgUnitLevel: '${orgUnitLevel}' } },
    ]);
    expect(manifest.parameters).toMatchObject({ orgUnitLevel: { type: 'orgUnitLevel' } });
  });

  it('reduces sharing to public access and the package user groups', () => {
    for (const type of ['dataElements', 'indicators', 'dashboards']) {
      for (const object of readJson(out, type)) {
        expect(object.sharing).toEqual({
          external: false,
          public: 'r-------',
          userGroups: { MiniAdmGrp1: { id: 'MiniAdmGrp1', access: 'rw------' } },
        });
      }
    }
  });

  it('reports a reference the server cannot answer as dangling, in the result and as a warning', () => {
    const result = envelope.result as { dangling: unknown[] };
    expect(result.dangling).toEqual([
      {
        from: { type: 'indicators', id: 'MiniDangl01' },
        pointer: '/numerator',
        type: 'dataElements',
        id: 'MissingDE01',
      },
    ]);
    expect(envelope.warnings).toEqual([expect.stringContaining('MissingDE01')]);
  });

  it('fetches in batched rounds instead of one request per object', () => {
    const { rounds, total } = envelope.result as { rounds: number; total: number };
    // system info + roots (by id, by code) + per round: references and at most two child lookups + org unit levels
    expect(sandbox.requestCount()).toBeLessThanOrEqual(3 + rounds * 3 + 1);
    expect(sandbox.requestCount()).toBeLessThan(total);
  });

  it('gives back the same files when the exported package is installed into an empty sandbox and exported again', async () => {
    const exported = loadPackageDirectory(out);
    const second = await sandboxWith(exported.metadata, 'empty');
    try {
      const again = join(tmp, 'mini-again');
      const r = await runCli(
        [
          'export',
          '--server',
          second.url,
          '--dashboard',
          'MINI_DASH',
          '--data-set',
          'MINI_CENSUS',
          '--name',
          'mini',
          '--version',
          '1.0.0',
          '--out',
          again,
        ],
        { env },
      );
      expect(r.code).toBe(0);
      const files = readdirSync(join(out, 'metadata')).sort();
      expect(readdirSync(join(again, 'metadata')).sort()).toEqual(files);
      for (const file of files)
        expect(readFileSync(join(again, 'metadata', file), 'utf8')).toBe(
          readFileSync(join(out, 'metadata', file), 'utf8'),
        );
    } finally {
      await second.close();
    }
  });

  it('exits 2 naming a root that is not on the server', async () => {
    const r = await runCli(
      [
        'export',
        '--server',
        sandbox.url,
        '--data-set',
        'NO_SUCH_SET',
        '--name',
        'x',
        '--version',
        '1.0.0',
        '--out',
        join(tmp, 'none'),
      ],
      { env },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--data-set NO_SUCH_SET: no such object in dataSets');
    expect(existsSync(join(tmp, 'none'))).toBe(false);
  });

  it('refuses to replace an existing folder without --force and leaves it untouched', async () => {
    const existing = join(tmp, 'existing');
    mkdirSync(existing);
    writeFileSync(join(existing, 'keep.txt'), 'mine');
    const r = await runCli(
      [
        'export',
        '--server',
        sandbox.url,
        '--dashboard',
        'MINI_DASH',
        '--name',
        'x',
        '--version',
        '1.0.0',
        '--out',
        existing,
      ],
      { env },
    );
    expect(r.code).toBe(2);
    expect(readdirSync(existing)).toEqual(['keep.txt']);
  });

  it('never prints the password', async () => {
    const r = await runCli(
      [
        'export',
        '--server',
        sandbox.url,
        '--dashboard',
        'MINI_DASH',
        '--name',
        'x',
        '--version',
        '1.0.0',
        '--out',
        join(tmp, 'secret-check'),
        '--json',
        '--verbose',
      ],
      { env },
    );
    expect(`${r.stdout}${r.stderr}`).not.toContain('district');
  });
});
