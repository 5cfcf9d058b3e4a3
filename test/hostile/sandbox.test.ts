import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startSandbox } from '../../src/sandbox/index.js';
import { basic, client } from '../sandbox/helpers.js';
import { runCli } from '../support/run-cli.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'edupkg-hostile-sandbox-'));

/** POSTs raw bytes (a gzip body sent as application/json, as DHIS2 accepts). */
async function postBytes(url: string, bytes: Buffer, headers: Record<string, string>): Promise<number> {
  const response = await fetch(`${url}/api/metadata`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: bytes,
  });
  await response.arrayBuffer();
  return response.status;
}

/** Sends raw bytes and returns the status line of the answer (the body may never be sent in full). */
function rawStatusLine(url: string, head: string, body = ''): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(head + body));
    let answer = '';
    socket.on('data', (d: Buffer) => {
      answer += d.toString();
      if (answer.includes('\r\n')) {
        resolve(answer.slice(0, answer.indexOf('\r\n')));
        socket.destroy();
      }
    });
    socket.on('error', reject);
  });
}

describe('the sandbox under hostile requests', () => {
  it('answers 401 before reading or inflating the body of an unauthenticated request', async () => {
    const sandbox = await startSandbox({ seed: 'empty', maxBodyBytes: 1024 * 1024 });
    try {
      // Announces 1 GB and sends 10 bytes: the answer must come without waiting for the rest.
      const head = `POST /api/metadata HTTP/1.1\r\nHost: x\r\nX-Requested-With: XMLHttpRequest\r\nContent-Type: application/json\r\nContent-Length: 1000000000\r\n\r\n`;
      expect(await rawStatusLine(sandbox.url, head, '{"a":"bbbb')).toBe('HTTP/1.1 401 Unauthorized');
      // A gzip bomb without credentials is refused as unauthenticated (401), not inflated (413).
      const bomb = gzipSync(Buffer.alloc(8 * 1024 * 1024, 0x20));
      expect(await postBytes(sandbox.url, bomb, { 'x-requested-with': 'XMLHttpRequest' })).toBe(401);
    } finally {
      await sandbox.close();
    }
  });

  it('answers 413 to a body over the limit, raw, chunked or once inflated, and still serves normal ones', async () => {
    const sandbox = await startSandbox({ seed: 'empty', maxBodyBytes: 1024 * 1024 });
    try {
      const api = client(sandbox.url);
      const big = JSON.stringify({ dataElements: [], padding: 'x'.repeat(2 * 1024 * 1024) });
      expect((await api.post('/api/metadata', big)).status).toBe(413);
      const bomb = gzipSync(Buffer.from(big));
      expect(bomb.length).toBeLessThan(1024 * 1024);
      expect(await postBytes(sandbox.url, bomb, { authorization: basic() })).toBe(413);
      const chunked = `POST /api/metadata HTTP/1.1\r\nHost: x\r\nAuthorization: ${basic()}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`;
      const chunk = 'x'.repeat(600 * 1024);
      const twoChunks = `${chunk.length.toString(16)}\r\n${chunk}\r\n`.repeat(2);
      expect(await rawStatusLine(sandbox.url, chunked, twoChunks)).toBe('HTTP/1.1 413 Payload Too Large');
      expect((await api.post('/api/metadata', { dataElements: [] })).status).toBe(200);
    } finally {
      await sandbox.close();
    }
  });

  it('keeps a password changed through /api/me/changePassword or PUT /api/users/{id} across restarts', async () => {
    const dataDir = tempDir();
    let sandbox = await startSandbox({ dataDir, seed: 'empty' });
    const wrong = await client(sandbox.url).put('/api/me/changePassword', {
      oldPassword: 'nope',
      newPassword: 'Changed-1',
    });
    expect([wrong.status, wrong.body.message]).toEqual([409, 'OldPassword is incorrect']);
    const changed = await client(sandbox.url).put('/api/me/changePassword', {
      oldPassword: 'district',
      newPassword: 'Changed-1',
    });
    expect(changed.status).toBe(202);
    await sandbox.close();
    sandbox = await startSandbox({ dataDir });
    try {
      expect((await client(sandbox.url).get('/api/me')).status).toBe(401);
      const me = await client(sandbox.url, basic('admin', 'Changed-1')).get('/api/me');
      expect(me.status).toBe(200);
      const id = String(me.body.id);
      const user = (await client(sandbox.url, basic('admin', 'Changed-1')).get(`/api/users/${id}`)).body;
      const put = await fetch(`${sandbox.url}/api/users/${id}`, {
        method: 'PUT',
        headers: { authorization: basic('admin', 'Changed-1'), 'content-type': 'application/json' },
        body: JSON.stringify({ ...user, password: 'Changed-2' }),
      });
      expect(put.status).toBe(200);
    } finally {
      await sandbox.close();
    }
    // The CLI restarts it without --password: the stored one stays.
    const started = await runCli([
      'sandbox',
      'start',
      '--detach',
      '--port',
      '0',
      '--data-dir',
      dataDir,
      '--json',
    ]);
    try {
      expect(started.code).toBe(0);
      const url = String((started.json().result as { url: string }).url);
      expect((await client(url, basic('admin', 'Changed-2')).get('/api/me')).status).toBe(200);
      expect((await client(url).get('/api/me')).status).toBe(401);
    } finally {
      await runCli(['sandbox', 'stop', '--data-dir', dataDir]);
    }
  });

  it('takes the password from --password-file or EDUPKG_SANDBOX_PASSWORD, never from argv of the background process', async () => {
    for (const how of ['file', 'env'] as const) {
      const dataDir = tempDir();
      const secret = `From-${how}-9x`;
      const file = join(dataDir, '..', `pw-${how}-${process.pid}`);
      writeFileSync(file, `${secret}\n`);
      const args = ['sandbox', 'start', '--detach', '--port', '0', '--data-dir', dataDir, '--json'];
      const r = await runCli(how === 'file' ? [...args, '--password-file', file] : args, {
        env: how === 'env' ? { EDUPKG_SANDBOX_PASSWORD: secret } : { EDUPKG_SANDBOX_PASSWORD: '' },
      });
      try {
        expect(r.code).toBe(0);
        const { url, pid } = r.json().result as { url: string; pid: number };
        expect((await client(url, basic('admin', secret)).get('/api/me')).status).toBe(200);
        expect((await client(url).get('/api/me')).status).toBe(401);
        expect(r.stdout + r.stderr).not.toContain(secret);
        expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8')).not.toContain(secret);
      } finally {
        await runCli(['sandbox', 'stop', '--data-dir', dataDir]);
      }
    }
  });

  it('sandbox stop leaves alone a process that is not the sandbox the state file claims', async () => {
    const bystander = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    const real = await startSandbox({ seed: 'empty' });
    try {
      // A stale or forged state file: a live pid that is not ours, once with a real sandbox's URL.
      for (const url of ['http://127.0.0.1:9', real.url]) {
        const dataDir = tempDir();
        writeFileSync(
          join(dataDir, 'sandbox.json'),
          JSON.stringify({ pid: bystander.pid, url, port: 9, host: '127.0.0.1', token: 'forged' }),
        );
        const r = await runCli(['sandbox', 'stop', '--data-dir', dataDir, '--json']);
        expect(r.code).toBe(0);
        expect(r.json()).toMatchObject({
          result: { stopped: false },
          warnings: [expect.stringContaining(`pid ${bystander.pid}`)],
        });
        expect(bystander.exitCode).toBeNull();
        expect(() => process.kill(bystander.pid!, 0)).not.toThrow();
      }
    } finally {
      bystander.kill();
      await real.close();
    }
  });

  it('refuses to listen beyond loopback with the public demo password', async () => {
    const r = await runCli(
      ['sandbox', 'start', '--host', '0.0.0.0', '--port', '0', '--data-dir', tempDir(), '--json'],
      {
        env: { EDUPKG_SANDBOX_PASSWORD: '' },
      },
    );
    expect(r.code).toBe(2);
    expect(r.json()).toMatchObject({ error: { code: 'USAGE.SANDBOX_EXPOSED' } });
    await expect(startSandbox({ host: '0.0.0.0', seed: 'empty' })).rejects.toMatchObject({
      code: 'USAGE.SANDBOX_EXPOSED',
    });
  });
});
