import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDhis2Client } from '../../src/dhis2/client.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { REPO_ROOT, runCli, type CliResult } from '../support/run-cli.js';

const PASSWORD = 'S3cr3t-Pw';
const miniDash = join(REPO_ROOT, 'test', 'fixtures', 'install', 'mini-dash');
const listen = (server: Server) =>
  new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
const close = (server: Server) =>
  new Promise((resolve) => {
    server.closeAllConnections();
    server.close(resolve);
  });

/** A forward proxy on loopback that records every request (plain or CONNECT) and answers 502. */
function recordingProxy(): { server: Server; seen: string[] } {
  const seen: string[] = [];
  const record = (req: IncomingMessage) =>
    seen.push(`${req.method} ${req.url} auth=${req.headers.authorization ? 'yes' : 'no'}`);
  const server = createServer((req, res) => {
    record(req);
    res.writeHead(502).end();
  });
  server.on('connect', (req: IncomingMessage, socket) => {
    record(req);
    socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
  });
  return { server, seen };
}

/** Every way a password can show: verbatim, URL-encoded, inside a Basic header. */
const forms = (secret: string) => [
  secret,
  encodeURIComponent(secret),
  Buffer.from(`admin:${secret}`).toString('base64'),
];

describe('credentials', () => {
  let sandbox: Sandbox;
  let cwd: string;
  const run = (args: string[], env: Record<string, string> = {}): Promise<CliResult> =>
    runCli(args, {
      cwd,
      env: { EDUPKG_USERNAME: 'admin', EDUPKG_PASSWORD: PASSWORD, CI: '1', ...env },
    });
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 'demo', password: PASSWORD });
  });
  beforeEach(() => {
    cwd = mkdtempSync(join(tmpdir(), 'edupkg-hostile-cred-'));
  });
  afterAll(async () => sandbox.close());

  it('never sends anything through HTTP_PROXY / HTTPS_PROXY to a loopback server', async () => {
    const proxy = recordingProxy();
    const port = await listen(proxy.server);
    try {
      const proxyUrl = `http://127.0.0.1:${port}`;
      const env = {
        EDUPKG_SERVER: sandbox.url,
        HTTP_PROXY: proxyUrl,
        HTTPS_PROXY: proxyUrl,
        http_proxy: proxyUrl,
        https_proxy: proxyUrl,
        NO_PROXY: '',
        no_proxy: '',
      };
      const install = await run(['install', miniDash, '--yes'], env);
      const status = await run(['status', '--json'], env);
      expect(proxy.seen).toEqual([]);
      expect([install.code, status.code]).toEqual([0, 0]);
    } finally {
      await close(proxy.server);
    }
  });

  it('refuses user:password@ in a server URL from every source, and never prints the password', async () => {
    const withUserInfo = sandbox.url.replace('http://', `http://admin:${PASSWORD}@`);
    const configFile = join(cwd, 'edupkg.config.yaml');
    writeFileSync(configFile, `targets:\n  prod:\n    url: "${withUserInfo}"\n`);
    const fleetFile = join(cwd, 'fleet.yaml');
    writeFileSync(
      fleetFile,
      `targets:\n  - { name: north, url: "${withUserInfo}", packages: [edu-core], passwordEnv: P }\n`,
    );
    const report = join(cwd, 'deploy.md');
    const cases: Array<[string[], Record<string, string>]> = [
      [['status', '--server', withUserInfo], {}],
      [['plan', miniDash, '--server', withUserInfo], {}],
      [['install', miniDash, '--yes', '--server', withUserInfo], {}],
      [['rollback', 'mini-dash', '--yes', '--server', withUserInfo], {}],
      [
        [
          'export',
          '--server',
          withUserInfo,
          '--code-prefix',
          'X',
          '--name',
          'x',
          '--version',
          '1.0.0',
          '--out',
          'x',
        ],
        {},
      ],
      [['diff', miniDash, withUserInfo], {}],
      [['status'], { EDUPKG_SERVER: withUserInfo }],
      [['status', '--target', 'prod'], {}],
      [['deploy', '--fleet', fleetFile, '--yes', '--report', report], { P: PASSWORD }],
      [['status', '--fleet', fleetFile], { P: PASSWORD }],
    ];
    // Each source in one of the three output modes, so every mode meets several commands.
    for (const [index, [args, env]] of cases.entries()) {
      const mode = [[], ['--json'], ['--debug']][index % 3]!;
      const r = await run([...args, ...mode], env);
      const said = `${args.join(' ')} ${mode.join(' ')}`;
      expect([said, r.code]).toEqual([said, 2]);
      const output = r.stdout + r.stderr;
      for (const form of forms(PASSWORD))
        expect([said, output]).toEqual([said, expect.not.stringContaining(form)]);
      expect(output).toContain('a user name or password inside the URL is refused');
      if (mode[0] === '--json')
        expect(r.json()).toMatchObject({ ok: false, error: { code: 'USAGE.URL_CREDENTIALS', exitCode: 2 } });
    }
    expect(existsSync(report)).toBe(false);
    expect(readdirSync(cwd).sort()).toEqual(['edupkg.config.yaml', 'fleet.yaml']);
  });

  it('warns loudly, even under --quiet and in --json, when the environment turns TLS verification off', async () => {
    const env = { NODE_TLS_REJECT_UNAUTHORIZED: '0', EDUPKG_SERVER: sandbox.url };
    const quiet = await run(['status', '--quiet'], env);
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toMatch(/TLS CERTIFICATE VERIFICATION IS OFF.*NODE_TLS_REJECT_UNAUTHORIZED to "0"/);
    expect(quiet.stderr.match(/VERIFICATION IS OFF/g)).toHaveLength(1);
    const json = await run(['status', '--json'], env);
    expect(json.json().warnings).toEqual([expect.stringContaining('TLS CERTIFICATE VERIFICATION IS OFF')]);
    const failed = await run(['status', '--json', '--server', 'http://192.0.2.1'], env);
    expect(failed.json()).toMatchObject({ ok: false, warnings: [expect.stringContaining('NODE_TLS')] });
    const clean = await run(['status'], { EDUPKG_SERVER: sandbox.url });
    expect(clean.stderr).not.toContain('TLS');
  });

  it('redacts a two-character password like a long one, across install, status and a failure', async () => {
    const short = await startSandbox({ seed: 'demo', password: 'q7' });
    try {
      const env = { EDUPKG_SERVER: short.url, EDUPKG_PASSWORD: 'q7' };
      const results = [
        await run(['install', miniDash, '--yes', '--debug'], env),
        await run(['status', '--json', '--debug'], env),
        await run(['plan', join(cwd, 'q7'), '--json'], env),
      ];
      expect(results.map((r) => r.code)).toEqual([0, 0, 2]);
      const everything = results.map((r) => r.stdout + r.stderr).join('\n');
      expect(everything).toContain('[REDACTED]');
      expect(everything).not.toMatch(/(?<![A-Za-z0-9_])q7(?![A-Za-z0-9_])/);
    } finally {
      await short.close();
    }
  });

  it('refuses an answer larger than the response limit instead of buffering it', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ version: '2.41.0', padding: 'x'.repeat(200_000) }));
    });
    const port = await listen(server);
    try {
      const client = createDhis2Client({
        baseUrl: `http://127.0.0.1:${port}`,
        auth: { type: 'basic', username: 'admin', password: PASSWORD },
        maxResponseBytes: 100_000,
      });
      await expect(client.systemInfo()).rejects.toMatchObject({ code: 'SERVER.RESPONSE_TOO_LARGE' });
    } finally {
      await close(server);
    }
  });
});
