import { startSandbox } from '../../src/sandbox/index.js';
import { client } from './helpers.js';

describe('sandbox fault injection', () => {
  it('is off by default and answers every request', async () => {
    const sandbox = await startSandbox({ seed: 'empty' });
    try {
      const results = await Promise.all([1, 2, 3].map(() => client(sandbox.url).get('/api/system/info')));
      expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
      expect(sandbox.requestCount()).toBe(3);
    } finally {
      await sandbox.close();
    }
  });

  it('fails only the nth matching request with the chosen 5xx', async () => {
    const sandbox = await startSandbox({
      seed: 'empty',
      faults: [{ path: '^/api/metadata$', method: 'POST', status: 503, nth: 2 }],
    });
    try {
      const api = client(sandbox.url);
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await api.post('/api/metadata', {})).status);
      expect(statuses).toEqual([200, 503, 200]);
      expect((await api.get('/api/system/info')).status).toBe(200);
    } finally {
      await sandbox.close();
    }
  });

  it('drops the connection without an answer, `times` times', async () => {
    const sandbox = await startSandbox({
      seed: 'empty',
      faults: [{ path: '/api/me', drop: true, times: 1 }],
    });
    try {
      await expect(client(sandbox.url).get('/api/me')).rejects.toThrow();
      expect((await client(sandbox.url).get('/api/me')).status).toBe(200);
    } finally {
      await sandbox.close();
    }
  });

  it('serves POST /api/__sandbox/faults only when enabled and signed in, and validates the rules', async () => {
    const closed = await startSandbox({ seed: 'empty' });
    try {
      expect((await client(closed.url).post('/api/__sandbox/faults', [])).status).toBe(404);
    } finally {
      await closed.close();
    }
    const sandbox = await startSandbox({ seed: 'empty', enableFaultEndpoint: true });
    try {
      const anonymous = client(sandbox.url, null);
      expect(
        (await anonymous.post('/api/__sandbox/faults', [], { 'x-requested-with': 'XMLHttpRequest' })).status,
      ).toBe(401);
      const api = client(sandbox.url);
      expect((await api.post('/api/__sandbox/faults', [{ path: 'x', status: 418 }])).status).toBe(400);
      expect(
        (
          await api.post('/api/__sandbox/faults', {
            rules: [{ path: '^/api/system/info$', status: 502, latencyMs: 5 }],
          })
        ).status,
      ).toBe(200);
      expect((await client(sandbox.url).get('/api/system/info')).status).toBe(502);
      sandbox.setFaults([]);
      expect((await client(sandbox.url).get('/api/system/info')).status).toBe(200);
    } finally {
      await sandbox.close();
    }
  });
});
