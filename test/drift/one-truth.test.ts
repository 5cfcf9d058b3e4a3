import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPackage, loadProfile } from '../../src/core/content/index.js';
import type { BundleDiff } from '../../src/core/diff/index.js';
import type { StatusResult } from '../../src/core/install/index.js';
import { writePackage, type MetadataBundle, type MetadataObject } from '../../src/core/package/index.js';
import { startSandbox, type Dhis2Version, type Sandbox } from '../../src/sandbox/index.js';
import { outputSchemaErrors } from '../support/output-schema.js';
import { runCli } from '../support/run-cli.js';

/**
 * Issue 19's promise, as a CI pipeline checks it: right after an install, `diff --exit-code` and
 * `status` agree there is no drift, for every shipped package, profile and DHIS2 version; one
 * owned field edited on the server is named by both. One fresh sandbox per profile × version,
 * one install (dashboards with its dependencies), then every package is diffed.
 */
const VERSIONS: Dhis2Version[] = ['2.40', '2.41', '2.42'];
const PROFILES = ['gm', 'ug', 'tg'] as const;
const PACKAGES = ['edu-core', 'edu-population', 'edu-census', 'edu-sdg4', 'edu-dashboards'] as const;
type PackageName = (typeof PACKAGES)[number];

/** What each package gets edited on the server: an owned field of its first object of a type. */
const EDITS: Record<PackageName, { type: string; field: 'name' | 'sharing' }> = {
  'edu-core': { type: 'categoryOptions', field: 'sharing' },
  'edu-population': { type: 'dataSets', field: 'name' },
  'edu-census': { type: 'dataElements', field: 'name' },
  'edu-sdg4': { type: 'indicators', field: 'name' },
  'edu-dashboards': { type: 'dashboards', field: 'name' },
};

// The demo hierarchy names its levels in English; Togo's profile names them in French.
const PARAMS: Record<string, string[]> = {
  tg: ['--param', 'orgUnitLevel.district=District', '--param', 'orgUnitLevel.school=School'],
};
const env = { EDUPKG_USERNAME: 'admin', EDUPKG_PASSWORD: 'district' };
const auth = { authorization: `Basic ${Buffer.from('admin:district').toString('base64')}` };
const tmp = mkdtempSync(join(tmpdir(), 'edupkg-one-truth-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Each package of a profile written once as a folder, and all five as one metadata file. */
const built = new Map<
  string,
  { dirs: Record<PackageName, string>; union: string; bundles: Record<PackageName, MetadataBundle> }
>();
function packagesFor(profile: string) {
  const cached = built.get(profile);
  if (cached) return cached;
  const dirs = {} as Record<PackageName, string>;
  const bundles = {} as Record<PackageName, MetadataBundle>;
  const union: MetadataBundle = {};
  for (const name of PACKAGES) {
    const pkg = buildPackage(name, loadProfile(profile));
    dirs[name] = writePackage(join(tmp, profile, name), pkg.manifest, pkg.metadata);
    bundles[name] = pkg.metadata;
    for (const [type, list] of Object.entries(pkg.metadata)) union[type] = [...(union[type] ?? []), ...list];
  }
  const unionFile = join(tmp, profile, 'all-five.json');
  writeFileSync(unionFile, JSON.stringify(union));
  const entry = { dirs, union: unionFile, bundles };
  built.set(profile, entry);
  return entry;
}

async function api(sandbox: Sandbox, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${sandbox.url}${path}`, {
    ...init,
    headers: { ...auth, 'content-type': 'application/json' },
  });
}

/** Edits one owned field of the package's first object of `type`; returns that object's uid. */
async function editOnServer(sandbox: Sandbox, bundle: MetadataBundle, name: PackageName): Promise<string> {
  const { type, field } = EDITS[name];
  const first = [...(bundle[type] ?? [])].sort((a, b) => String(a.id).localeCompare(String(b.id)))[0]!;
  const id = String(first.id);
  const live = (await (await api(sandbox, `/api/${type}/${id}?fields=:owner`)).json()) as MetadataObject;
  const edited =
    field === 'name'
      ? { ...live, name: `${String(live.name)} (edited)` }
      : { ...live, sharing: { ...(live.sharing as object), public: 'rw------' } };
  const put = await api(sandbox, `/api/${type}/${id}`, { method: 'PUT', body: JSON.stringify(edited) });
  expect(put.status).toBe(200);
  return id;
}

const server = (sandbox: Sandbox) => ['--server', sandbox.url];

describe.each(VERSIONS)('DHIS2 %s', (version) => {
  describe.each(PROFILES)('profile %s', (profile) => {
    let sandbox: Sandbox;
    beforeAll(async () => {
      sandbox = await startSandbox({ port: 0, dhis2Version: version, seed: 'demo' });
      packagesFor(profile);
      const installed = await runCli(
        [
          'install',
          'edu-dashboards',
          '--profile',
          profile,
          ...(PARAMS[profile] ?? []),
          ...server(sandbox),
          '--yes',
        ],
        { env },
      );
      expect({ code: installed.code, stderr: installed.code === 0 ? '' : installed.stderr }).toEqual({
        code: 0,
        stderr: '',
      });
    }, 180_000);
    afterAll(async () => {
      await sandbox.close();
    });

    it('diff --exit-code exits 0 for every package, status --exit-code says no drift, and an export by code prefix diffs empty', async () => {
      const { dirs, union } = packagesFor(profile);
      for (const name of PACKAGES) {
        const diff = await runCli(['diff', dirs[name], sandbox.url, '--exit-code', '--json'], { env });
        const result = diff.json().result as BundleDiff;
        expect([name, result.changes]).toEqual([name, []]);
        expect(diff.code).toBe(0);
      }
      const status = await runCli(['status', ...server(sandbox), '--exit-code', '--json'], { env });
      expect(outputSchemaErrors('status', status.json())).toEqual([]);
      const result = status.json().result as StatusResult;
      expect(result.packages.map((p) => [p.name, p.drift])).toEqual(
        [...PACKAGES].sort().map((name) => [name, []]),
      );
      expect(status.code).toBe(0);

      const out = join(tmp, `export-${profile}-${version}`);
      const exported = await runCli(
        [
          'export',
          '--code-prefix',
          'EDU_',
          '--name',
          'edu-all',
          '--version',
          '1.0.0',
          '--out',
          out,
          ...server(sandbox),
        ],
        { env },
      );
      expect(exported.code).toBe(0);
      const roundTrip = await runCli(['diff', union, out, '--exit-code'], { env });
      expect(roundTrip.stderr).toContain('No differences');
      expect(roundTrip.code).toBe(0);
    }, 180_000);

    it('names the object and the field edited on the server, in status and in diff alike', async () => {
      const { dirs, bundles } = packagesFor(profile);
      const edited = new Map<PackageName, string>();
      for (const name of PACKAGES) edited.set(name, await editOnServer(sandbox, bundles[name], name));

      const status = await runCli(['status', ...server(sandbox), '--exit-code', '--json'], { env });
      expect(status.code).toBe(5);
      expect(outputSchemaErrors('status', status.json())).toEqual([]);
      const packages = (status.json().result as StatusResult).packages;
      for (const name of PACKAGES) {
        const { type, field } = EDITS[name];
        const drift = packages.find((p) => p.name === name)!.drift;
        expect([name, drift]).toEqual([
          name,
          [expect.objectContaining({ type, id: edited.get(name), state: 'changed', fields: [`/${field}`] })],
        ]);
      }
      const text = await runCli(['status', ...server(sandbox)], { env });
      expect(text.stderr).toContain(`categoryOptions ${edited.get('edu-core')!}`);
      expect(text.stderr).toMatch(/: \/sharing$/m);

      for (const name of PACKAGES) {
        const { type, field } = EDITS[name];
        const diff = await runCli(['diff', dirs[name], sandbox.url, '--exit-code', '--json'], { env });
        expect(diff.code).toBe(5);
        const changes = (diff.json().result as BundleDiff).changes;
        expect(changes.map((c) => [c.type, c.id, c.fields.map((f) => f.pointer)])).toEqual([
          [type, edited.get(name), [field === 'name' ? '/name' : '/sharing/public']],
        ]);
      }
    }, 180_000);
  });
});
