import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { basic, client } from './helpers.js';

describe('sandbox authentication', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 'empty', dhis2Version: '2.41' });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('redirects a request without credentials to the login page, as a browser would see it', async () => {
    const result = await client(sandbox.url, null).get('/api/me');
    expect(result.status).toBe(302);
    expect(result.headers.get('location')).toContain('/login');
  });

  it('answers an XHR request without credentials with the 401 WebMessage', async () => {
    const result = await client(sandbox.url, null).get('/api/me', { 'x-requested-with': 'XMLHttpRequest' });
    expect(result.status).toBe(401);
    expect(result.body).toEqual({
      httpStatus: 'Unauthorized',
      httpStatusCode: 401,
      status: 'ERROR',
      message: 'Unauthorized',
    });
  });

  it('answers a wrong password with 401 JSON', async () => {
    const result = await client(sandbox.url, basic('admin', 'wrong')).get('/api/system/info');
    expect(result.status).toBe(401);
    expect(result.body).toMatchObject({ httpStatusCode: 401, status: 'ERROR' });
  });

  it('answers /api/ping without credentials, with no body as PingController#ping (void)', async () => {
    const result = await client(sandbox.url, null).get('/api/ping');
    expect(result.status).toBe(200);
    expect(result.text).toBe('');
  });

  it('creates a V2 personal access token on 2.41 that then authenticates', async () => {
    const created = await client(sandbox.url).post('/api/apiToken', {});
    expect(created.status).toBe(201);
    const response = created.body.response as Record<string, unknown>;
    expect(response).toMatchObject({
      responseType: 'ApiTokenCreationResponse',
      klass: 'org.hisp.dhis.security.apikey.ApiToken',
      errorReports: [],
    });
    expect(response.key).toMatch(/^d2p_[A-Za-z0-9]{50}$/);
    const me = await client(sandbox.url, `ApiToken ${String(response.key)}`).get('/api/me?fields=username');
    expect(me.body).toEqual({ username: 'admin' });
  });

  it('rejects a token with a bad checksum with 400 and an unknown valid-looking one with 401 on 2.41', async () => {
    const created = await client(sandbox.url).post('/api/apiToken', {});
    const key = String((created.body.response as Record<string, unknown>).key);
    const tampered = `${key.slice(0, 10)}${key[10] === 'a' ? 'b' : 'a'}${key.slice(11)}`;
    const bad = await client(sandbox.url, `ApiToken ${tampered}`).get('/api/me');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe('Checksum validation failed');
    const other = await client(sandbox.url).post('/api/apiToken', {});
    const otherKey = String((other.body.response as Record<string, unknown>).key);
    expect((await client(sandbox.url, 'ApiToken d2p_nonsense').get('/api/me')).status).toBe(400);
    expect(otherKey).not.toBe(key);
  });

  it('issues V1 d2pat_ tokens up to 2.40', async () => {
    const old = await startSandbox({ seed: 'empty', dhis2Version: '2.40' });
    try {
      const created = await client(old.url).post('/api/apiToken', {});
      const key = String((created.body.response as Record<string, unknown>).key);
      expect(key).toMatch(/^d2pat_[A-Za-z0-9]{32}\d{10}$/);
      expect((await client(old.url, `ApiToken ${key}`).get('/api/me')).status).toBe(200);
      expect(
        (await client(old.url, 'ApiToken d2pat_unknownunknownunknownunknown0000000000').get('/api/me'))
          .status,
      ).toBe(401);
    } finally {
      await old.close();
    }
  });
});

describe('sandbox system endpoints', () => {
  it.each([
    ['2.38', '2.38.6', false],
    ['2.40', '2.40.2.2', false],
    ['2.41', '2.41.3', true],
    ['2.42', '2.42.4', true],
  ] as const)(
    "reports version %s as release %s with that line's keys",
    async (dhis2Version, release, hasDbTime) => {
      const sandbox = await startSandbox({ seed: 'empty', dhis2Version });
      try {
        const info = (await client(sandbox.url).get('/api/system/info')).body;
        expect(info.version).toBe(release);
        expect(info.systemId).toMatch(/^[0-9a-f-]{36}$/);
        expect('time' in (info.databaseInfo as object)).toBe(hasDbTime);
        expect('systemMetadataVersion' in info).toBe(dhis2Version === '2.42');
      } finally {
        await sandbox.close();
      }
    },
  );

  it('shows the admin with ALL and the demo root as its org unit; the demo has named levels and 40 schools', async () => {
    const sandbox = await startSandbox({ seed: 'demo' });
    try {
      const api = client(sandbox.url);
      const me = (await api.get('/api/me')).body;
      expect(me.authorities).toEqual(['ALL']);
      const levels = (await api.get('/api/organisationUnitLevels?fields=name,level&order=level:asc')).body
        .organisationUnitLevels;
      expect(levels).toEqual([
        { name: 'National', level: 1 },
        { name: 'Region', level: 2 },
        { name: 'District', level: 3 },
        { name: 'School', level: 4 },
      ]);
      const root = (me.organisationUnits as Array<{ id: string }>)[0]!.id;
      const schools = await api.get(
        `/api/organisationUnits?filter=level:eq:4&filter=path:like:${root}&paging=false&fields=id`,
      );
      expect((schools.body.organisationUnits as unknown[]).length).toBe(40);
      expect(
        (await api.get('/api/categoryCombos?filter=name:eq:default&fields=id')).body.categoryCombos,
      ).toEqual([{ id: 'bjDvmb4bfuf' }]);
    } finally {
      await sandbox.close();
    }
  });

  it('starts empty with only the default category model and the admin when seed is empty', async () => {
    const sandbox = await startSandbox({ seed: 'empty' });
    try {
      expect(sandbox.objectCounts()).toEqual({
        categories: 1,
        categoryCombos: 1,
        categoryOptionCombos: 1,
        categoryOptions: 1,
        userRoles: 1,
        users: 1,
      });
    } finally {
      await sandbox.close();
    }
  });
});
