import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { copyPackages, edupkg, editJson, getObject, importDirect, MINI } from './helpers.js';

/** mini-core 1.1.0: new short names, and the indicator type dropped from the package. */
function nextVersion(): string {
  return join(
    copyPackages((dir) => {
      editJson(join(dir, 'mini-core', 'metadata', 'dataElements.json'), (v) => {
        v.dataElements![0]!.shortName = 'Enrolment v1.1';
        v.dataElements![1]!.shortName = 'Population v1.1';
      });
      rmSync(join(dir, 'mini-core', 'metadata', 'indicatorTypes.json'));
      const manifest = join(dir, 'mini-core', 'package.yaml');
      writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('version: 1.0.0', 'version: 1.1.0'));
    }),
    'mini-core',
  );
}

describe('install flags', () => {
  let sandbox: Sandbox;
  afterEach(async () => {
    await sandbox.close();
  });

  async function installedWithLocalEdit(): Promise<void> {
    sandbox = await startSandbox({ port: 0, seed: 'demo' });
    expect((await edupkg(sandbox.url, ['install', join(MINI, 'mini-core'), '--yes'])).code).toBe(0);
    const pop = await getObject(sandbox.url, 'dataElements', 'MiniDePop01');
    await importDirect(sandbox.url, { dataElements: [{ ...pop, name: 'Population (edited locally)' }] });
  }

  it('keeps objects the new version drops unless --prune, and reports them in the plan', async () => {
    await installedWithLocalEdit();
    const plan = await edupkg(sandbox.url, ['plan', nextVersion(), '--json']);
    const operations = (plan.json().result as { operations: Array<{ action: string; id: string }> })
      .operations;
    expect(operations.filter((o) => o.action === 'drop').map((o) => o.id)).toEqual(['MiniItPct01']);

    expect((await edupkg(sandbox.url, ['install', nextVersion(), '--yes'])).code).toBe(0);
    expect(await getObject(sandbox.url, 'indicatorTypes', 'MiniItPct01')).toMatchObject({
      id: 'MiniItPct01',
    });
  });

  it('deletes what the new version dropped with --prune, when nothing else uses it', async () => {
    await installedWithLocalEdit();
    const r = await edupkg(sandbox.url, ['install', nextVersion(), '--prune', '--yes', '--json']);
    expect(r.code).toBe(0);
    expect(r.json().result).toMatchObject({ counts: { deleted: 1 } });
    expect(await getObject(sandbox.url, 'indicatorTypes', 'MiniItPct01')).toMatchObject({
      httpStatusCode: 404,
    });
  });

  it('replaces a local edit with --overwrite-local', async () => {
    await installedWithLocalEdit();
    const r = await edupkg(sandbox.url, ['install', nextVersion(), '--overwrite-local', '--yes', '--json']);
    expect(r.code).toBe(0);
    expect(r.json().result).toMatchObject({ counts: { keptLocal: 0, updated: 2 } });
    expect(await getObject(sandbox.url, 'dataElements', 'MiniDePop01')).toMatchObject({
      name: 'Mini school-age population',
      shortName: 'Population v1.1',
    });
  });

  it("refuses a server outside the package's DHIS2 range (exit 2) unless --force", async () => {
    sandbox = await startSandbox({ port: 0, seed: 'demo', dhis2Version: '2.38' });
    // edu-population declares dhis2 ">=2.40 <2.45".
    const refused = await edupkg(sandbox.url, ['plan', 'edu-population', '--json']);
    expect(refused.code).toBe(2);
    expect(refused.json()).toMatchObject({ ok: false, error: { message: expect.stringContaining('2.38') } });
    const forced = await edupkg(sandbox.url, ['plan', 'edu-population', '--force', '--json']);
    expect(forced.code).toBe(0);
  });
});
