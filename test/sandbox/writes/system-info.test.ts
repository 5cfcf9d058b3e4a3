import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import type { Dhis2Version } from '../../../src/sandbox/types.js';
import { REPO_ROOT } from '../../support/run-cli.js';
import { basic, client } from '../helpers.js';

/**
 * /api/system/info as SystemController#getSystemInfo serves it: every SystemInfo field a
 * superuser sees, in the class's field order (databaseInfo moved up in 2.41), and the same without
 * the server facts (SystemInfo#clearSensitiveInfo / withoutSensitiveInfo) for anyone else.
 * Compared key by key with real servers' answers: the 2.41.3 one was a superuser's, the 2.40.2.2
 * and 2.42.4 ones a plain user's (../shared/fixtures/dhis2/real-responses; their key lists are
 * kept under test/fixtures/sandbox/system-info for runs without ../shared).
 */
/**
 * Before 2.42 the last-analytics keys exist only once analytics tables were built (their settings
 * default to null, left out): the real servers had built them, a fresh sandbox has not.
 */
const HISTORY_KEYS = [
  'lastAnalyticsTableSuccess',
  'intervalSinceLastAnalyticsTableSuccess',
  'lastAnalyticsTableRuntime',
  'lastSystemMonitoringSuccess',
];

function realKeys(release: string): string[] {
  const keys = releaseKeys(release);
  return Number(release.slice(2, 4)) >= 42 ? keys : keys.filter((k) => !HISTORY_KEYS.includes(k));
}

function releaseKeys(release: string): string[] {
  const shared = join(
    REPO_ROOT,
    '..',
    'shared',
    'fixtures',
    'dhis2',
    'real-responses',
    `${release}-system-info.json`,
  );
  if (existsSync(shared)) return Object.keys(JSON.parse(readFileSync(shared, 'utf8')) as object);
  const captured = capturedSystemInfo(release);
  if (captured) return Object.keys(captured);
  const local = join(REPO_ROOT, 'test', 'fixtures', 'sandbox', 'system-info', `${release}-keys.json`);
  return JSON.parse(readFileSync(local, 'utf8')) as string[];
}

/** The system/info a Data Entry capture recorded (captures/NN/static_resources.json), e.g. 2.43-SNAPSHOT. */
function capturedSystemInfo(release: string): object | undefined {
  const capture = /^2\.(\d\d)-SNAPSHOT$/.exec(release)?.[1];
  const file = join(
    REPO_ROOT,
    '..',
    'shared',
    'fixtures',
    'dhis2',
    'captures',
    capture ?? '-',
    'static_resources.json',
  );
  if (!capture || !existsSync(file)) return undefined;
  const entries = JSON.parse(readFileSync(file, 'utf8')) as Array<{ path: string; responseBody: unknown }>;
  const raw = entries.find((e) => e.path === '/api/system/info')?.responseBody;
  const text = Array.isArray(raw) ? (raw[0] as string) : (raw as string);
  return JSON.parse(text) as object;
}

async function withUser(version: Dhis2Version, test: (sandbox: Sandbox) => Promise<void>): Promise<void> {
  const sandbox = await startSandbox({ seed: 'empty', dhis2Version: version });
  try {
    await test(sandbox);
  } finally {
    await sandbox.close();
  }
}

async function plainUserKeys(sandbox: Sandbox, version: Dhis2Version): Promise<string[]> {
  const credentials =
    Number(version.slice(2)) >= 42
      ? { username: 'viewer01', password: 'Viewer-pass-42' }
      : { userCredentials: { username: 'viewer01', password: 'Viewer-pass-42' } };
  const imported = await client(sandbox.url).post('/api/metadata', {
    userRoles: [{ id: 'eduUrView01', name: 'Viewer (EDU)', authorities: ['M_dhis-web-dashboard'] }],
    users: [
      {
        id: 'eduUsView01',
        firstName: 'View',
        surname: 'Er',
        userRoles: [{ id: 'eduUrView01' }],
        ...credentials,
      },
    ],
  });
  expect(imported.status).toBe(200);
  const info = await client(sandbox.url, basic('viewer01', 'Viewer-pass-42')).get('/api/system/info');
  expect(info.status).toBe(200);
  expect(info.body.databaseInfo).not.toHaveProperty('url');
  return Object.keys(info.body);
}

describe('GET /api/system/info keys', () => {
  it('gives a 2.41 superuser every key of the real 2.41.3 superuser answer (37 with analytics history), in its order', async () => {
    await withUser('2.41', async (sandbox) => {
      const info = await client(sandbox.url).get('/api/system/info');
      expect(Object.keys(info.body)).toEqual(realKeys('2.41.3-SNAPSHOT'));
      expect(Object.keys(info.body.databaseInfo as object)).toEqual([
        'name',
        'user',
        'url',
        'databaseVersion',
        'spatialSupport',
        'time',
      ]);
    });
  });

  // 2.43 (captures/43, rev adf6409) still writes jasperReportsVersion: build.properties'
  // jasperreports.version, 6.20.0 in dhis-2/pom.xml of every branch 2.38-2.43 (SystemInfo.java, 2.43).
  it('gives a 2.43 superuser every key of the real 2.43 superuser answer, jasperReportsVersion included', async () => {
    await withUser('2.43', async (sandbox) => {
      const info = await client(sandbox.url).get('/api/system/info');
      expect(Object.keys(info.body)).toEqual(realKeys('2.43-SNAPSHOT'));
      expect(info.body.jasperReportsVersion).toBe('6.20.0');
      expect(info.body.version).toBe('2.43-SNAPSHOT');
    });
  });

  // SystemInfo.java gained sessionTimeout (#23115) and capability (#22907) in 2026, after the recorded
  // 2.43-SNAPSHOT; the 2.44-SNAPSHOT recording (real-responses/SOURCES.md) has both, for any user
  // (DefaultSystemService sets them outside the sensitive facts).
  it('adds sessionTimeout after serverTimeZoneId and capability after databaseInfo in 2.44 only', async () => {
    for (const version of ['2.43', '2.44'] as const) {
      await withUser(version, async (sandbox) => {
        const keys = await plainUserKeys(sandbox, version);
        const at = (key: string) => keys.indexOf(key);
        if (version === '2.43') expect(keys).not.toEqual(expect.arrayContaining(['sessionTimeout']));
        else {
          expect(at('sessionTimeout')).toBe(at('serverTimeZoneId') + 1);
          expect(at('capability')).toBe(at('databaseInfo') + 1);
        }
      });
    }
  });

  it.each<[Dhis2Version, string]>([
    ['2.40', '2.40.2.2'],
    ['2.42', '2.42.4-SNAPSHOT'],
  ])('gives a %s plain user the keys of the real %s answer', async (version, release) => {
    await withUser(version, async (sandbox) => {
      expect(await plainUserKeys(sandbox, version)).toEqual(realKeys(release));
    });
  });

  it('gives a 2.40 superuser the server facts with databaseInfo after externalDirectory', async () => {
    await withUser('2.40', async (sandbox) => {
      const keys = Object.keys((await client(sandbox.url).get('/api/system/info')).body);
      expect(keys.slice(keys.indexOf('externalDirectory'), keys.indexOf('cpuCores') + 1)).toEqual([
        'externalDirectory',
        'databaseInfo',
        'readReplicaCount',
        'memoryInfo',
        'cpuCores',
      ]);
      expect(keys).toContain('clusterHostname');
    });
  });
});
