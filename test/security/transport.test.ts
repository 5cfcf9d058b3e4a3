import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, runCli } from '../support/run-cli.js';

const cwd = mkdtempSync(join(tmpdir(), 'edupkg-transport-'));
const credentials = { EDUPKG_USERNAME: 'admin', EDUPKG_PASSWORD: 'district', CI: '1' };

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) =>
    statSync(join(dir, f)).isDirectory() ? sourceFiles(join(dir, f)) : [join(dir, f)],
  );
}

describe('transport security', () => {
  // 192.0.2.1 is TEST-NET-1 (RFC 5737): documentation only. The client must refuse it before connecting.
  it('refuses plain http to a non-loopback host before any request, and before asking for credentials', async () => {
    for (const env of [credentials, { CI: '1', EDUPKG_USERNAME: '', EDUPKG_PASSWORD: '' }]) {
      const r = await runCli(['status', '--server', 'http://192.0.2.1:8080', '--timeout', '1', '--json'], {
        cwd,
        env,
      });
      expect(r.code).toBe(2);
      expect(r.json()).toMatchObject({ ok: false, error: { code: 'USAGE.INSECURE_HTTP', exitCode: 2 } });
    }
  });

  it('verifies TLS certificates: a self-signed server is refused with exit 7 and SERVER.TLS', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edupkg-tls-'));
    try {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-subj',
          '/CN=127.0.0.1',
          '-days',
          '1',
          '-keyout',
          join(dir, 'key.pem'),
          '-out',
          join(dir, 'cert.pem'),
        ],
        { stdio: 'ignore' },
      );
    } catch {
      return; // No openssl on this machine: the static check below still runs.
    }
    const server = createServer(
      { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"version":"2.41.0"}');
      },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const r = await runCli(['status', '--server', url, '--json'], { cwd, env: credentials });
      expect(r.code).toBe(7);
      expect(r.json()).toMatchObject({ ok: false, error: { code: 'SERVER.TLS' } });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('does not follow a redirect, so credentials never reach the host it points to', async () => {
    let elsewhereHits = 0;
    const elsewhere = createHttpServer((_req, res) => {
      elsewhereHits++;
      res.end('{}');
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
    const redirecting = createHttpServer((_req, res) => {
      res.writeHead(302, {
        location: `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}/api/system/info`,
      });
      res.end();
    });
    await new Promise<void>((resolve) => redirecting.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(redirecting.address() as AddressInfo).port}`;
      const r = await runCli(['status', '--server', url, '--json'], { cwd, env: credentials });
      expect(r.code).toBe(7);
      expect(r.json()).toMatchObject({ error: { code: 'SERVER.AUTH' } });
      expect(elsewhereHits).toBe(0);
    } finally {
      for (const server of [elsewhere, redirecting]) await new Promise((resolve) => server.close(resolve));
    }
  });

  it('has no switch that turns certificate verification off anywhere in the sources', () => {
    const offenders = sourceFiles(join(REPO_ROOT, 'src')).filter((f) =>
      // Reading NODE_TLS_REJECT_UNAUTHORIZED to warn about it is fine; setting it is not.
      /rejectUnauthorized|checkServerIdentity|NODE_TLS_REJECT_UNAUTHORIZED['"]?\]?\s*=(?!=)/.test(
        readFileSync(f, 'utf8'),
      ),
    );
    expect(offenders).toEqual([]);
  });
});
