import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPackage, loadProfile } from '../../src/core/content/index.js';
import type { BundleDiff } from '../../src/core/diff/index.js';
import { compareSides, exportPackage } from '../../src/core/export/index.js';
import type { StatusResult } from '../../src/core/install/index.js';
import { writePackage, type MetadataBundle, type MetadataObject } from '../../src/core/package/index.js';
import { createDhis2Client } from '../../src/dhis2/index.js';
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
const client = (sandbox: Sandbox) =>
  createDhis2Client({
    baseUrl: sandbox.url,
    auth: { type: 'basic', username: 'admin', password: 'district' },
  });

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

    /** The package against the server: the real CLI for one package per combination, else the library. */
    async function diffPackage(
      name: PackageName,
      viaCli: boolean,
    ): Promise<{ code: number; diff: BundleDiff }> {
      if (viaCli) {
        const r = await runCli(
          ['diff', packagesFor(profile).dirs[name], sandbox.url, '--exit-code', '--json'],
          {
            env,
          },
        );
        expect(outputSchemaErrors('diff', r.json())).toEqual([]);
        return { code: r.code, diff: r.json().result as BundleDiff };
      }
      const diff = await compareSides(
        { kind: 'package', ref: packagesFor(profile).dirs[name] },
        { kind: 'server', label: sandbox.url, source: client(sandbox) },
      );
      return { code: diff.identical ? 0 : 5, diff };
    }
    // Every package meets the real binary in some combination of profile and version.
    const cliPackage =
      PACKAGES[(VERSIONS.indexOf(version) * PROFILES.length + PROFILES.indexOf(profile)) % 5]!;

    it('diff --exit-code exits 0 for every package, status --exit-code says no drift, and an export by code prefix diffs empty', async () => {
      for (const name of PACKAGES) {
        const { code, diff } = await diffPackage(name, name === cliPackage);
        expect([name, code, diff.changes]).toEqual([name, 0, []]);
      }
      const status = await runCli(['status', ...server(sandbox), '--exit-code', '--json'], { env });
      expect(outputSchemaErrors('status', status.json())).toEqual([]);
      const result = status.json().result as StatusResult;
      expect(result.packages.map((p) => [p.name, p.drift])).toEqual(
        [...PACKAGES].sort().map((name) => [name, []]),
      );
      expect(status.code).toBe(0);

      const out = join(tmp, `export-${profile}-${version}`);
      await exportPackage(client(sandbox), {
        roots: { codePrefix: 'EDU_' },
        name: 'edu-all',
        version: '1.0.0',
        serverVersion: version,
        outDir: out,
      });
      const roundTrip = await compareSides(
        { kind: 'package', ref: packagesFor(profile).union },
        { kind: 'package', ref: out },
      );
      expect(roundTrip.changes).toEqual([]);
    }, 180_000);

    it('names the object and the field edited on the server, in status and in diff alike', async () => {
      const { bundles } = packagesFor(profile);
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

      // Where edu-core meets the binary, its people-facing report names the field too.
      if (cliPackage === 'edu-core') {
        const text = await runCli(['status', ...server(sandbox)], { env });
        expect(text.stderr).toContain(`changed  categoryOptions ${edited.get('edu-core')!}`);
        expect(text.stderr).toMatch(/: \/sharing$/m);
      }
      for (const name of PACKAGES) {
        const { type, field } = EDITS[name];
        const { code, diff } = await diffPackage(name, name === cliPackage);
        expect(code).toBe(5);
        expect(diff.changes.map((c) => [c.type, c.id, c.fields.map((f) => f.pointer)])).toEqual([
          [type, edited.get(name), [field === 'name' ? '/name' : '/sharing/public']],
        ]);
      }
    }, 180_000);
  });
});
