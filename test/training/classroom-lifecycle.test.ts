import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { findChromium, renderWithChromium } from '../../src/core/training/class-sheet-pdf.js';
import { passwordsFromCsv } from '../../src/core/training/training-users.js';
import { BIN, REPO_ROOT, runCli } from '../support/run-cli.js';

type Json = Record<string, unknown>;
const stateDir = mkdtempSync(join(tmpdir(), 'edupkg-state-'));
const out = mkdtempSync(join(tmpdir(), 'edupkg-classroom-'));
const env = { EDUPKG_STATE_DIR: stateDir };
const FLEET = 'cls-test';
const fleetArgs = [
  'sandbox',
  'fleet',
  '--count',
  '2',
  '--packages',
  'edu-census',
  '--training-users',
  '2',
  '--out',
  out,
  '--name',
  FLEET,
  '--json',
];
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

async function call(url: string, path: string, auth: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${url}${path}`, {
    ...init,
    headers: { authorization: auth, 'content-type': 'application/json' },
  });
}

/** Starts a foreground fleet and resolves with its one JSON document once every sandbox is ready. */
function foregroundFleet(): Promise<{ child: ChildProcessWithoutNullStreams; document: Json }> {
  const child = spawn(process.execPath, [BIN, ...fleetArgs], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env, NO_COLOR: '1', NODE_OPTIONS: '' },
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (stdout.endsWith('\n')) resolve({ child, document: JSON.parse(stdout) as Json });
    });
    child.on('close', () => reject(new Error(`sandbox fleet ended early: ${stderr}`)));
  });
}

const statusOf = async () => {
  const run = await runCli(['sandbox', 'status', '--json', '--data-dir', join(out, 'none')], { env });
  expect(run.code).toBe(0);
  return ((run.json().result as Json).fleets as Json[]).find((f) => f.name === FLEET) as Json & {
    sandboxes: Array<Json & { running: boolean; pid?: number }>;
  };
};

let child: ChildProcessWithoutNullStreams | undefined;
afterAll(async () => {
  await runCli(['sandbox', 'stop', '--fleet', FLEET], { env });
  if (child && child.exitCode === null) child.kill('SIGKILL');
  rmSync(stateDir, { recursive: true, force: true });
});

describe('a classroom from start to reset', () => {
  let first: Json;
  let urls: string[];
  const csv = () => passwordsFromCsv(readFileSync(join(out, 'sandbox-01-users.csv'), 'utf8'));

  beforeAll(async () => {
    const started = await foregroundFleet();
    child = started.child;
    first = started.document.result as Json;
    urls = (first.sandboxes as Json[]).map((s) => String(s.url));
  }, 180_000);

  it('a LAN fleet without an admin password is refused before anything starts', async () => {
    const run = await runCli([...fleetArgs.slice(0, -5), '--out', join(out, 'lan'), '--host', '0.0.0.0'], {
      env: { ...env, EDUPKG_SANDBOX_PASSWORD: '' },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--host 0.0.0.0');
    expect(existsSync(join(out, 'lan', 'sandbox-01'))).toBe(false);
  });

  it('`sandbox status` lists the foreground fleet and its running sandboxes', async () => {
    expect(first.fleet).toBe(FLEET);
    const fleet = await statusOf();
    expect(fleet).toMatchObject({ out, detached: false, host: '127.0.0.1' });
    expect(fleet.sandboxes.map((s) => [s.name, s.running, s.pid])).toEqual([
      ['sandbox-01', true, child!.pid],
      ['sandbox-02', true, child!.pid],
    ]);
  });

  it('writes a class sheet (0600) with every trainee URL, username and password, and it renders', async () => {
    const sheet = first.classSheet as { html: string; pdf?: string };
    expect(sheet.html).toBe(join(out, 'class-sheet.html'));
    expect(statSync(sheet.html).mode & 0o777).toBe(0o600);
    const html = readFileSync(sheet.html, 'utf8');
    for (const [username, password] of csv()) {
      expect(html).toContain(`${username}</dd>`);
      expect(html).toContain(password);
    }
    expect(html).toContain(urls[1]);
    const chromium = findChromium();
    if (sheet.pdf) expect(statSync(sheet.pdf).mode & 0o777).toBe(0o600);
    if (chromium) {
      expect(sheet.pdf).toBe(join(out, 'class-sheet.pdf'));
      rmSync('/tmp/class-sheet.png', { force: true });
      const shot = await renderWithChromium(chromium, sheet.html, '--screenshot', '/tmp/class-sheet.png', [
        '--window-size=1000,800',
      ]);
      expect(shot).toBe(true);
    }
  });

  it('`sandbox reset NAME` refuses a live classroom sandbox', async () => {
    const run = await runCli(['sandbox', 'reset', 'sandbox-01', '--fleet', FLEET], { env });
    expect(run.code).toBe(8);
    expect(run.stderr).toContain('is running');
  });

  it('stop --fleet stops every sandbox; a re-run keeps passwords (also one changed through the API)', async () => {
    const [trainee, handedOut] = [...csv()][0]!;
    const changed = 'Changed-by-trainee-7';
    const put = await call(urls[0]!, '/api/me/changePassword', basic(trainee, handedOut), {
      method: 'PUT',
      body: JSON.stringify({ oldPassword: handedOut, newPassword: changed }),
    });
    expect(put.status).toBe(202);

    const stopped = await runCli(['sandbox', 'stop', '--fleet', FLEET, '--json'], { env });
    expect(stopped.code).toBe(0);
    expect(((stopped.json().result as Json).sandboxes as Json[]).map((s) => s.stopped)).toEqual([true, true]);
    expect((await statusOf()).sandboxes.map((s) => s.running)).toEqual([false, false]);

    const again = await runCli([...fleetArgs, '--detach'], { env, timeoutMs: 180_000 });
    expect(again.code).toBe(0);
    expect(csv().get(trainee)).toBe(handedOut);
    const url = String(((again.json().result as Json).sandboxes as Json[])[0]!.url);
    expect((await call(url, '/api/me', basic(trainee, changed))).status).toBe(200);
    const fleet = await statusOf();
    expect(fleet.detached).toBe(true);
    expect(fleet.sandboxes.map((s) => s.running)).toEqual([true, true]);
    // Something the prepared snapshot does not have, for the reset below.
    const added = await call(url, '/api/metadata', basic('admin', 'district'), {
      method: 'POST',
      body: JSON.stringify({ dataElementGroups: [{ id: 'ExtraGroup1', name: 'Extra', shortName: 'Extra' }] }),
    });
    expect(added.status).toBe(200);
    // --force resets a live sandbox under its users: sandbox-02 loses what was added since.
    const url2 = String(((again.json().result as Json).sandboxes as Json[])[1]!.url);
    const admin = basic('admin', 'district');
    const extra = { dataElementGroups: [{ id: 'ExtraGroup2', name: 'Extra 2', shortName: 'Extra 2' }] };
    expect(
      (await call(url2, '/api/metadata', admin, { method: 'POST', body: JSON.stringify(extra) })).status,
    ).toBe(200);
    const forced = await runCli(['sandbox', 'reset', 'sandbox-02', '--fleet', FLEET, '--force'], { env });
    expect(forced.code).toBe(0);
    expect((await call(url2, '/api/dataElementGroups/ExtraGroup2', admin)).status).toBe(404);
    const [trainee2, password2] = [
      ...passwordsFromCsv(readFileSync(join(out, 'sandbox-02-users.csv'), 'utf8')),
    ][0]!;
    expect((await call(url2, '/api/me', basic(trainee2, password2))).status).toBe(200);
    expect((await runCli(['sandbox', 'stop', '--fleet', FLEET], { env })).code).toBe(0);
  }, 240_000);

  it('`sandbox reset NAME` puts a stopped sandbox back to its prepared snapshot', async () => {
    const before = await runCli(['sandbox', 'status', '--json', '--data-dir', join(out, 'sandbox-01')], {
      env,
    });
    expect(((before.json().result as Json).objects as Json).dataElementGroups).toBeDefined();
    const run = await runCli(['sandbox', 'reset', 'sandbox-01', '--json'], { env });
    expect(run.code).toBe(0);
    const result = run.json().result as Json;
    expect(result).toMatchObject({ sandbox: 'sandbox-01', fleet: FLEET, restored: 'prepared' });
    const groups = (result.objects as Record<string, number>).dataElementGroups;
    expect(groups).toBe(
      ((before.json().result as Json).objects as Record<string, number>).dataElementGroups! - 1,
    );
  });

  it('--reset-passwords draws new ones; --host 0.0.0.0 with an admin password prints LAN URLs for the sheet', async () => {
    const before = csv();
    const run = await runCli([...fleetArgs, '--detach', '--reset-passwords', '--host', '0.0.0.0'], {
      env: { ...env, EDUPKG_SANDBOX_PASSWORD: 'Admin-pass-2026!' },
      timeoutMs: 180_000,
    });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('Admin-pass-2026!');
    const after = csv();
    for (const [username, password] of before) expect(after.get(username)).not.toBe(password);
    const result = run.json().result as Json;
    const lan = Object.values(networkInterfaces())
      .flatMap((list) => list ?? [])
      .filter((a) => a.family === 'IPv4' && !a.internal)
      .map((a) => a.address);
    for (const sandbox of result.sandboxes as Array<Json & { lanUrls: string[]; port: number }>)
      expect(sandbox.lanUrls).toEqual(lan.map((address) => `http://${address}:${sandbox.port}`));
    const html = readFileSync(join(out, 'class-sheet.html'), 'utf8');
    if (lan.length) expect(html).toContain(`http://${lan[0]}:`);
    const [username, password] = [...after][0]!;
    const lanUrl = (result.sandboxes as Array<{ lanUrls: string[]; url: string }>)[0]!;
    expect((await call(lanUrl.lanUrls[0] ?? lanUrl.url, '/api/me', basic(username, password))).status).toBe(
      200,
    );
    expect((await runCli(['sandbox', 'stop', '--fleet', FLEET], { env })).code).toBe(0);
  }, 240_000);
});
