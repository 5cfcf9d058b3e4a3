import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { schemaValidator } from '../../src/core/schema/ajv.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { REPO_ROOT } from '../support/run-cli.js';
import {
  copyPackages,
  editJson,
  edupkg,
  exportState,
  getObject,
  importDirect,
  MINI,
  putDataStore,
} from './helpers.js';

const validate = {
  plan: schemaValidator('output/plan.json'),
  install: schemaValidator('output/install.json'),
  status: schemaValidator('output/status.json'),
  rollback: schemaValidator('output/rollback.json'),
};
const miniDash = join(MINI, 'mini-dash');
const miniCore = join(MINI, 'mini-core');

describe('edupkg install / plan / status / rollback against the sandbox', () => {
  let sandbox: Sandbox;
  afterEach(async () => sandbox?.close());

  it('installs a package with its dependency, then re-installing changes nothing', async () => {
    sandbox = await startSandbox({ port: 0, seed: 'demo' });
    const first = await edupkg(sandbox.url, ['install', miniDash, '--yes', '--json']);
    expect(first.code).toBe(0);
    const doc = first.json();
    expect(validate.install(doc)).toBe(true);
    expect(doc.result).toMatchObject({
      counts: { created: 8, updated: 0 },
      packages: [
        { name: 'mini-core', mode: 'install' },
        { name: 'mini-dash', mode: 'install' },
      ],
    });
    const dataSet = await getObject(sandbox.url, 'dataSets', 'MiniDsCen01');
    expect((dataSet.organisationUnits as unknown[]).length).toBe(40);

    const again = await edupkg(sandbox.url, ['install', miniDash, miniCore, '--yes', '--json']);
    expect(again.code).toBe(0);
    expect(again.json().result).toMatchObject({
      counts: { created: 0, updated: 0, unchanged: 8 },
      requests: { imports: 0 },
    });

    const status = await edupkg(sandbox.url, ['status', '--json']);
    expect(validate.status(status.json())).toBe(true);
    expect(status.json().result).toMatchObject({
      drifted: false,
      packages: [{ name: 'mini-core', version: '1.0.0' }, { name: 'mini-dash' }],
    });
  });

  it('prints a schema-valid plan with a stable hash and refuses an install bound to another hash (exit 8)', async () => {
    sandbox = await startSandbox({ port: 0, seed: 'demo' });
    const plan = await edupkg(sandbox.url, ['plan', miniDash, '--json']);
    expect(plan.code).toBe(0);
    expect(validate.plan(plan.json())).toBe(true);
    const hash = (plan.json().result as { hash: string }).hash;
    expect((await edupkg(sandbox.url, ['plan', miniDash, '--json'])).json().result).toMatchObject({ hash });
    const refused = await edupkg(sandbox.url, ['install', miniDash, '--plan-hash', 'f'.repeat(64)]);
    expect(refused.code).toBe(8);
    expect(refused.stderr).toContain('no longer matches the approved plan');
    expect((await edupkg(sandbox.url, ['install', miniDash, '--plan-hash', hash])).code).toBe(0);
  });

  it('needs --yes without a TTY (exit 2) and sends nothing', async () => {
    sandbox = await startSandbox({ port: 0, seed: 'demo' });
    const before = sandbox.requestCount();
    const r = await edupkg(sandbox.url, ['install', miniDash]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('needs --yes');
    expect(sandbox.requestCount()).toBe(before);
  });

  it('keeps a local edit on upgrade and reports it, while applying the upstream change', async () => {
    sandbox = await startSandbox({ port: 0, seed: 'demo' });
    expect((await edupkg(sandbox.url, ['install', miniCore, '--yes'])).code).toBe(0);
    const pop = await getObject(sandbox.url, 'dataElements', 'MiniDePop01');
    await importDirect(sandbox.url, { dataElements: [{ ...pop, name: 'Population (edited locally)' }] });
    const root = copyPackages((dir) => {
      editJson(join(dir, 'mini-core', 'metadata', 'dataElements.json'), (v) => {
        v.dataElements![0]!.shortName = 'Enrolment v1.1';
        v.dataElements![1]!.shortName = 'Population v1.1';
      });
      const manifest = join(dir, 'mini-core', 'package.yaml');
      writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('version: 1.0.0', 'version: 1.1.0'));
    });
    const upgrade = await edupkg(sandbox.url, ['install', join(root, 'mini-core'), '--yes', '--json']);
    expect(upgrade.code).toBe(0);
    expect(upgrade.json().result).toMatchObject({
      packages: [{ name: 'mini-core', mode: 'upgrade', installedVersion: '1.0.0' }],
      counts: { updated: 1, keptLocal: 1 },
      keptLocal: [{ type: 'dataElements', id: 'MiniDePop01' }],
    });
    expect(await getObject(sandbox.url, 'dataElements', 'MiniDePop01')).toMatchObject({
      name: 'Population (edited locally)',
      shortName: 'Mini population',
    });
    expect(await getObject(sandbox.url, 'dataElements', 'MiniDeEnr01')).toMatchObject({
      shortName: 'Enrolment v1.1',
    });
    // Org-unit assignments made at install time survive the upgrade (REPLACE semantics, trap 7).
    expect(
      ((await getObject(sandbox.url, 'dataSets', 'MiniDsCen01')).organisationUnits as unknown[]).length,
    ).toBe(40);
  });

  it('stops on a code collision with exit 8 and changes nothing on the server', async () => {
    sandbox = await startSandbox({ port: 0, seed: 'demo' });
    await importDirect(sandbox.url, {
      dataElements: [
        {
          id: 'OtherDe0001',
          code: 'MINI_ENROL',
          name: 'Someone else',
          shortName: 'Someone else',
          valueType: 'NUMBER',
          domainType: 'AGGREGATE',
          aggregationType: 'SUM',
        },
      ],
    });
    const before = await exportState(sandbox.url);
    const r = await edupkg(sandbox.url, ['install', miniDash, '--yes', '--json']);
    expect(r.code).toBe(8);
    expect(r.json()).toMatchObject({ ok: false, error: { code: 'CONFLICT.UNRESOLVED', exitCode: 8 } });
    expect((r.json().error as { message: string }).message).toContain('OtherDe0001');
    expect(await exportState(sandbox.url)).toEqual(before);
  });

  it('exits 6 when DHIS2 rejects the import, and changes nothing', async () => {
    sandbox = await startSandbox({ port: 0, seed: 'demo' });
    const root = copyPackages((dir) =>
      editJson(join(dir, 'mini-core', 'metadata', 'dataElements.json'), (v) => {
        v.dataElements![0]!.optionSet = { id: 'NoSuchOpt01' };
      }),
    );
    const before = await exportState(sandbox.url);
    const r = await edupkg(sandbox.url, ['install', join(root, 'mini-dash'), '--yes', '--json']);
    expect(r.code).toBe(6);
    expect(r.json()).toMatchObject({
      ok: false,
      error: { exitCode: 6, details: { errors: [expect.objectContaining({ code: 'E5002' })] } },
    });
    expect(await exportState(sandbox.url)).toEqual(before);
  });

  it('rolls the server back to its exact state before the install', async () => {
    sandbox = await startSandbox({ port: 0, seed: 'demo' });
    // An object the package will overwrite, so the rollback has something to restore.
    await importDirect(sandbox.url, {
      dataElements: [
        {
          id: 'MiniDePop01',
          code: 'MINI_POP',
          name: 'Pre-existing population',
          shortName: 'Pre pop',
          valueType: 'NUMBER',
          domainType: 'AGGREGATE',
          aggregationType: 'SUM',
        },
      ],
    });
    const before = await exportState(sandbox.url);
    expect((await edupkg(sandbox.url, ['install', miniDash, '--yes'])).code).toBe(0);
    expect(await exportState(sandbox.url)).not.toEqual(before);
    const dash = await edupkg(sandbox.url, ['rollback', 'mini-dash', '--yes', '--json']);
    expect(dash.code).toBe(0);
    expect(validate.rollback(dash.json())).toBe(true);
    const core = await edupkg(sandbox.url, ['rollback', 'mini-core', '--yes', '--json']);
    expect(core.json().result).toMatchObject({ restored: 1, kept: [] });
    expect(await exportState(sandbox.url)).toEqual(before);
    expect((await edupkg(sandbox.url, ['status', '--json'])).json().result).toMatchObject({ packages: [] });
  });

  it('refuses with exit 8 while another run holds the lock', async () => {
    sandbox = await startSandbox({ port: 0, seed: 'demo' });
    await putDataStore(sandbox.url, 'lock', {
      owner: 'someone',
      pid: 1,
      host: 'elsewhere',
      command: 'edupkg install',
      time: new Date().toISOString(),
    });
    const r = await edupkg(sandbox.url, ['install', miniDash, '--yes']);
    expect(r.code).toBe(8);
    expect(r.stderr).toContain('someone@elsewhere');
  });

  it('exits 7 on a wrong password, which appears nowhere in the output or in files written', async () => {
    sandbox = await startSandbox({ port: 0, seed: 'demo' });
    const secret = 'Wr0ng-Passw0rd-for-test';
    const cwd = mkdtempSync(join(tmpdir(), 'edupkg-secret-'));
    for (const args of [
      ['install', miniDash, '--yes', '--debug'],
      ['status', '--json', '--debug'],
    ]) {
      const r = await edupkg(sandbox.url, args, { EDUPKG_PASSWORD: secret }, cwd);
      expect(r.code).toBe(7);
      expect(r.stdout + r.stderr).not.toContain(secret);
      expect(r.stdout + r.stderr).not.toContain(Buffer.from(`admin:${secret}`).toString('base64'));
    }
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((f) =>
        statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)],
      );
    for (const file of files(cwd)) expect(readFileSync(file, 'utf8')).not.toContain(secret);
  });

  const eduDashboards = join(REPO_ROOT, 'packages-metadata', 'edu-dashboards');
  it('installs edu-dashboards with all its dependencies into an empty server in at most 16 requests', async () => {
    if (!existsSync(eduDashboards)) return;
    sandbox = await startSandbox({ port: 0, seed: 'empty' });
    const before = sandbox.requestCount();
    const r = await edupkg(sandbox.url, ['install', 'edu-dashboards', '--yes', '--json']);
    expect(r.code).toBe(0);
    expect(validate.install(r.json())).toBe(true);
    // A fixed number whatever the size of the packages: one more since the dashboards ship maps to share.
    expect(sandbox.requestCount() - before).toBeLessThanOrEqual(16);
    const result = r.json().result as { packages: Array<{ name: string }>; counts: { created: number } };
    expect(result.packages.map((p) => p.name)).toEqual(
      expect.arrayContaining(['edu-core', 'edu-census', 'edu-population', 'edu-sdg4', 'edu-dashboards']),
    );
    expect(result.counts.created).toBeGreaterThan(100);
    const again = await edupkg(sandbox.url, [
      'install',
      'edu-dashboards',
      'edu-core',
      'edu-census',
      'edu-population',
      'edu-sdg4',
      '--yes',
      '--json',
    ]);
    expect(again.json().result).toMatchObject({ counts: { created: 0, updated: 0 } });
  });

  it('installs the mini set into an empty server in at most 15 requests', async () => {
    sandbox = await startSandbox({ port: 0, seed: 'empty' });
    const before = sandbox.requestCount();
    const r = await edupkg(sandbox.url, ['install', miniDash, '--yes', '--json']);
    expect(r.code).toBe(0);
    // A fixed number whatever the size of the packages: one more since the dashboards ship maps to share.
    expect(sandbox.requestCount() - before).toBeLessThanOrEqual(16);
  });
});
