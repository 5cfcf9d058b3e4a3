import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { edupkg, MINI } from '../install/helpers.js';
import { BIN, runCli } from '../support/run-cli.js';

const noStack = (stderr: string) => expect(stderr).not.toMatch(/\n\s+at .+:\d+:\d+|internal error/);

describe('errors that name the cause and the fix', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, seed: 'demo' });
  });
  afterAll(async () => sandbox.close());

  it('a URL below the DHIS2 root: probes /api/system/info and says which URL to try (exit 7)', async () => {
    const r = await edupkg(`${sandbox.url}/dhis`, ['status']);
    expect(r.code).toBe(7);
    expect(r.stderr).toContain(`${sandbox.url}/dhis: this URL is not the DHIS2 root`);
    expect(r.stderr).toContain(`try ${sandbox.url}\n`);
    expect(r.stderr).toContain(`fix: Use --server ${sandbox.url}`);
    noStack(r.stderr);
  });

  it('https:// to a plain-http port: says so and gives the http URL (exit 7)', async () => {
    const https = sandbox.url.replace('http:', 'https:');
    const r = await edupkg(https, ['plan', join(MINI, 'mini-dash')]);
    expect(r.code).toBe(7);
    expect(r.stderr).toContain(`${https}: the server speaks plain http on this port, not https`);
    expect(r.stderr).toContain(`fix: Use ${sandbox.url}`);
    noStack(r.stderr);
  });

  it('a mistyped --param is refused with the declared name it is closest to (exit 2)', async () => {
    const r = await edupkg(sandbox.url, [
      'plan',
      join(MINI, 'mini-dash'),
      '--param',
      'orgUnitLevel.shool=District',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      '--param orgUnitLevel.shool: no package being installed declares this parameter. Did you mean orgUnitLevel.school?',
    );
    expect(r.stderr).toContain('fix: Use one of: orgUnitLevel.school');
    noStack(r.stderr);
  });
});

describe('a port in use', () => {
  let blocker: Server;
  let port: number;
  beforeAll(async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    port = (blocker.address() as { port: number }).port;
  });
  afterAll(async () => new Promise<void>((resolve) => blocker.close(() => resolve())));

  it('sandbox start names the port and how to pick another (exit 8)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edupkg-port-'));
    const r = await runCli(['sandbox', 'start', '--port', String(port), '--data-dir', dir]);
    expect(r.code).toBe(8);
    expect(r.stderr).toBe(
      `edupkg: error: port ${port} on 127.0.0.1 is already in use\n  fix: stop whatever listens there, or pick another port with --port\n`,
    );
  });

  it('sandbox fleet names the port and --base-port (exit 8), not an internal error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edupkg-port-'));
    const r = await runCli([
      'sandbox',
      'fleet',
      '--count',
      '1',
      '--packages',
      'edu-core',
      '--out',
      dir,
      '--base-port',
      String(port),
    ]);
    expect(r.code).toBe(8);
    expect(r.stderr).toContain(`port ${port} on 127.0.0.1 is already in use`);
    expect(r.stderr).toContain('pick another port with --base-port');
    noStack(r.stderr);
  });
});

describe('Ctrl-C at a prompt', () => {
  it('exits 130 with "interrupted" and no bug report', async () => {
    // `script` (util-linux) gives the CLI a real terminal, so it prompts for the username; then Ctrl-C.
    const child = spawn(
      'script',
      ['-qfec', `"${process.execPath}" "${BIN}" status --server http://127.0.0.1:9`, '/dev/null'],
      {
        env: { PATH: process.env.PATH, HOME: process.env.HOME, TERM: 'dumb', NO_COLOR: '1' },
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let output = '';
    let sent = false;
    child.stdin.on('error', () => undefined);
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
      if (!sent && output.includes('DHIS2 username')) {
        sent = true;
        child.stdin.write('\u0003');
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(130);
    expect(output).toContain('edupkg: error: interrupted at a prompt; nothing was changed');
    expect(output).not.toMatch(/internal error|This is a bug/);
  });
});
