import { startSandbox } from '../../src/sandbox/index.js';

describe('what the embedded sandbox exposes', () => {
  it('listens on loopback only unless told otherwise', async () => {
    const sandbox = await startSandbox({ seed: 'empty' });
    try {
      expect(new URL(sandbox.url).hostname).toBe('127.0.0.1');
    } finally {
      await sandbox.close();
    }
  });

  it('answers nothing but /api/ping without credentials, and refuses the default password once another is set', async () => {
    const sandbox = await startSandbox({ seed: 'empty', password: 'not-the-default' });
    try {
      const xhr = { 'x-requested-with': 'XMLHttpRequest' };
      expect((await fetch(`${sandbox.url}/api/ping`)).status).toBe(200);
      expect((await fetch(`${sandbox.url}/api/dataStore/edupkg`, { headers: xhr })).status).toBe(401);
      const defaults = { ...xhr, authorization: `Basic ${Buffer.from('admin:district').toString('base64')}` };
      expect((await fetch(`${sandbox.url}/api/system/info`, { headers: defaults })).status).toBe(401);
    } finally {
      await sandbox.close();
    }
  });

  it('does not serve the fault-injection endpoint unless enabled', async () => {
    const sandbox = await startSandbox({ seed: 'empty' });
    try {
      const r = await fetch(`${sandbox.url}/api/__sandbox/faults`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from('admin:district').toString('base64')}`,
          'content-type': 'application/json',
        },
        body: '[{"path":".*","status":500}]',
      });
      expect(r.status).toBe(404);
      expect((await fetch(`${sandbox.url}/api/ping`)).status).toBe(200);
    } finally {
      await sandbox.close();
    }
  });
});
