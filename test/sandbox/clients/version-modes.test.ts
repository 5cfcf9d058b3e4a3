/**
 * The 2.43 and 2.44 modes: what the sandbox reports (release facts of the only servers of those
 * lines on record: captures/43/static_resources.json, and the 2.44 import-export app recording in
 * real-responses/SOURCES.md), the /api/43 and /api/44 prefixes, and the shipped packages — whose
 * range now reaches 2.44 — installing into each mode through the real CLI without --force.
 */
import { startSandbox, type Dhis2Version, type Sandbox } from '../../../src/sandbox/index.js';
import { edupkg } from '../../install/helpers.js';
import { client } from '../helpers.js';

describe.each([
  ['2.43', '2.43-SNAPSHOT', 'adf6409'],
  ['2.44', '2.44-SNAPSHOT', '0c16924'],
] as const)('DHIS2 %s mode', (version, release, revision) => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ dhis2Version: version as Dhis2Version, seed: 'demo' });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('reports the release on /api/system/info and answers under /api/NN', async () => {
    const api = client(sandbox.url);
    const info = await api.get(`/api/${version.slice(2)}/system/info`);
    expect(info.status).toBe(200);
    expect(info.body).toMatchObject({ version: release, revision });
    // Keys a 2.43 superuser body has that 2.42.4's lacks (captures/43): the sandbox's subset of them.
    expect(Object.keys(info.body)).toEqual(
      expect.arrayContaining([
        'fileStoreProvider',
        'readOnlyMode',
        'clusterHostname',
        'systemMetadataVersion',
      ]),
    );
    const me = await api.get(`/api/${version.slice(2)}/me?fields=id,username,userCredentials`);
    expect(me.body).toEqual({ id: expect.any(String), username: 'admin' });
  });

  it('installs every shipped package (edu-dashboards and its dependencies) without --force', async () => {
    const installed = await edupkg(sandbox.url, ['install', 'edu-dashboards', '--yes', '--json']);
    expect(installed.code).toBe(0);
    const result = installed.json().result as {
      packages: Array<{ name: string }>;
      counts: { created: number };
    };
    expect(result.packages.map((p) => p.name).sort()).toEqual([
      'edu-census',
      'edu-core',
      'edu-dashboards',
      'edu-population',
      'edu-sdg4',
    ]);
    expect(result.counts.created).toBeGreaterThan(100);
    const status = await edupkg(sandbox.url, ['status', '--json']);
    expect(status.json().result).toMatchObject({ drifted: false });
  });
});
