import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { createDhis2Client } from '../../src/dhis2/client.js';

describe('createDhis2Client against the sandbox', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, seed: 'empty' });
  });
  afterAll(async () => sandbox.close());
  beforeEach(() => sandbox.setFaults([]));

  const connect = (password = 'district', log?: (line: string) => void) =>
    createDhis2Client({
      baseUrl: `${sandbox.url}/api/`,
      auth: { type: 'basic', username: 'admin', password },
      retryDelayMs: 1,
      ...(log ? { log } : {}),
    });

  it('reads the server version from /api/system/info through a normalised base URL', async () => {
    expect((await connect().systemInfo()).version).toMatch(/^2\.\d+/);
  });

  it('retries an idempotent GET after a 503 and succeeds', async () => {
    sandbox.setFaults([{ path: '/api/system/info', status: 503, times: 1 }]);
    const before = sandbox.requestCount();
    await connect().systemInfo();
    expect(sandbox.requestCount() - before).toBe(2);
  });

  it('never retries POST /api/metadata, even after a 503', async () => {
    sandbox.setFaults([{ path: '/api/metadata', method: 'POST', status: 503, times: 1 }]);
    const before = sandbox.requestCount();
    await expect(connect().importMetadata({}, { importMode: 'COMMIT' })).rejects.toMatchObject({
      exitCode: 7,
    });
    expect(sandbox.requestCount() - before).toBe(1);
  });

  it('maps a wrong password to SERVER.AUTH (exit 7) and logs method, path and status only', async () => {
    const lines: string[] = [];
    await expect(connect('not-the-password', (l) => lines.push(l)).systemInfo()).rejects.toMatchObject({
      code: 'SERVER.AUTH',
      exitCode: 7,
    });
    expect(lines).toEqual(['GET /api/system/info -> 401']);
  });

  it('maps a refused connection to SERVER.UNREACHABLE (exit 7)', async () => {
    const client = createDhis2Client({
      baseUrl: 'http://127.0.0.1:1',
      auth: { type: 'token', token: 'd2p_x' },
      retries: 0,
    });
    await expect(client.systemInfo()).rejects.toMatchObject({ code: 'SERVER.UNREACHABLE', exitCode: 7 });
  });

  it('creates a dataStore key once and reports the second create as taken', async () => {
    const client = connect();
    expect(await client.dataStore.create('edupkg-test', 'k', { a: 1 })).toBe(true);
    expect(await client.dataStore.create('edupkg-test', 'k', { a: 2 })).toBe(false);
    expect(await client.dataStore.get('edupkg-test', 'k')).toEqual({ a: 1 });
    expect(await client.dataStore.remove('edupkg-test', 'k')).toBe(true);
    expect(await client.dataStore.keys('edupkg-test')).toEqual([]);
  });
});
