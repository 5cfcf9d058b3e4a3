import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { copyPackages, edupkg, getObject } from '../install/helpers.js';
import { outputSchemaErrors } from '../support/output-schema.js';
import { callApi, readServerState } from '../support/server-state.js';

/** mini-dash depends on mini-core (^1.0.0); mini-twin ships mini-core's indicator types too. */
const root = copyPackages((dir) => {
  mkdirSync(join(dir, 'mini-twin', 'metadata'), { recursive: true });
  writeFileSync(
    join(dir, 'mini-twin', 'package.yaml'),
    'name: mini-twin\nversion: 1.0.0\ntitle: Shares objects with mini-core\ndhis2: ">=2.38 <2.43"\ncodePrefix: MINI_\n',
  );
  cpSync(
    join(dir, 'mini-core', 'metadata', 'indicatorTypes.json'),
    join(dir, 'mini-twin', 'metadata', 'indicatorTypes.json'),
  );
});
const pkg = (name: string) => join(root, name);

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});
// Each case spawns the binary several times against its own sandbox: slow on a shared machine.
jest.setTimeout(240_000);

const ownedKeys = async (url: string, name: string) =>
  Object.keys(
    ((await callApi(url, 'GET', `/api/dataStore/edupkg/${name}`)).body as { current: { objects: object } })
      .current.objects,
  );

describe('rollback and uninstall with two dependent packages (sandbox, real binary)', () => {
  it('refuses to roll back or uninstall a package another installed package depends on, listing it, and changes nothing', async () => {
    sandbox = await startSandbox({ seed: 'demo' });
    const url = sandbox.url;
    expect((await edupkg(url, ['install', pkg('mini-dash'), '--yes'])).code).toBe(0);
    const before = await readServerState(url);
    for (const command of ['rollback', 'uninstall']) {
      const r = await edupkg(url, [command, 'mini-core', '--yes', '--json']);
      expect(r.code).toBe(8);
      expect(outputSchemaErrors(command, r.json())).toEqual([]);
      expect(r.json().error).toMatchObject({
        code: 'CONFLICT.DEPENDANTS_INSTALLED',
        message: expect.stringContaining('mini-dash 1.0.0 (needs mini-core ^1.0.0)') as string,
        fix: expect.stringContaining('--force-dependants') as string,
      });
      expect(await readServerState(url)).toEqual(before);
    }
  });

  it('with --force-dependants, uninstalls and lists what breaks; removing both in one command needs no flag', async () => {
    sandbox = await startSandbox({ seed: 'demo' });
    const url = sandbox.url;
    const empty = await readServerState(url);
    expect((await edupkg(url, ['install', pkg('mini-dash'), '--yes'])).code).toBe(0);
    const forced = await edupkg(url, ['uninstall', 'mini-core', '--yes', '--json', '--force-dependants']);
    expect(forced.code).toBe(0);
    expect(forced.json().warnings).toEqual([
      '--force-dependants: mini-dash 1.0.0 (needs mini-core ^1.0.0) will break',
    ]);
    const status = (await edupkg(url, ['status', '--json'])).json().result as {
      packages: Array<{ name: string }>;
    };
    expect(status.packages.map((p) => p.name)).toEqual(['mini-dash']);

    await sandbox.close();
    sandbox = await startSandbox({ seed: 'demo' });
    const fresh = sandbox.url;
    expect((await edupkg(fresh, ['install', pkg('mini-dash'), '--yes'])).code).toBe(0);
    const both = await edupkg(fresh, ['uninstall', 'mini-core', 'mini-dash', '--yes', '--json']);
    expect(both.code).toBe(0);
    expect(both.json().warnings).toEqual([]);
    expect((await readServerState(fresh)).metadata).toEqual(empty.metadata);
  });

  it('keeps objects shared by two packages until the last owner goes', async () => {
    sandbox = await startSandbox({ seed: 'demo' });
    const url = sandbox.url;
    expect((await edupkg(url, ['install', pkg('mini-core'), '--yes'])).code).toBe(0);
    expect((await edupkg(url, ['install', pkg('mini-twin'), '--yes'])).code).toBe(0);
    const shared = (await ownedKeys(url, 'mini-twin')).filter((k) => k.startsWith('indicatorTypes/'));
    expect(shared.length).toBeGreaterThan(0);
    const [type, id] = shared[0]!.split('/') as [string, string];

    const first = await edupkg(url, ['rollback', 'mini-core', '--yes', '--json']);
    expect(first.code).toBe(0);
    expect(first.json().result).toMatchObject({
      kept: expect.arrayContaining([
        { key: shared[0], reason: 'also owned by mini-twin, which stays installed' },
      ]) as unknown,
    });
    expect((await getObject(url, type, id)).id).toBe(id);

    const last = await edupkg(url, ['uninstall', 'mini-twin', '--yes']);
    expect(last.code).toBe(0);
    expect((await callApi(url, 'GET', `/api/${type}/${id}`)).status).toBe(404);
  });
});
