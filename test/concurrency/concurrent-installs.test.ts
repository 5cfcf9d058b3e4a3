import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type FaultRule, type Sandbox } from '../../src/sandbox/index.js';
import { BIN, REPO_ROOT, runCli, type CliResult } from '../support/run-cli.js';
import { callApi, readServerState, type ServerState } from '../support/server-state.js';

const miniDash = join(REPO_ROOT, 'test', 'fixtures', 'install', 'mini-dash');
const cwd = mkdtempSync(join(tmpdir(), 'edupkg-concurrency-'));
const env = (url: string) => ({
  EDUPKG_SERVER: url,
  EDUPKG_USERNAME: 'admin',
  EDUPKG_PASSWORD: 'district',
  CI: '1',
});
const install = (url: string, ...extra: string[]): Promise<CliResult> =>
  runCli(['install', miniDash, '--yes', '--json', ...extra], { cwd, env: env(url) });
/** Holds the first import for a while, so two runs started together really overlap. */
const slowCommit = (ms: number): FaultRule[] => [
  { path: '^/api/metadata$', method: 'POST', latencyMs: ms, nth: 2 },
];

let reference: ServerState;
let sandbox: Sandbox | undefined;

beforeAll(async () => {
  const clean = await startSandbox({ seed: 'demo' });
  try {
    const r = await install(clean.url);
    if (r.code !== 0) throw new Error(r.stderr);
    reference = await readServerState(clean.url);
  } finally {
    await clean.close();
  }
});
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

/** The whole server equals one clean install: no object twice, none missing, ledger intact, no lock. */
async function expectOneCleanInstall(url: string): Promise<void> {
  const state = await readServerState(url);
  expect(state.metadata).toEqual(reference.metadata);
  expect(state.ledger).toEqual(reference.ledger);
  expect(state.lock).toBeUndefined();
}

describe('two edupkg runs against one server', () => {
  it('started together: one installs, the other exits 8 naming the holder, and the server holds one clean install', async () => {
    sandbox = await startSandbox({ seed: 'demo', faults: slowCommit(2500) });
    const results = await Promise.all([install(sandbox.url), install(sandbox.url)]);
    expect(results.map((r) => r.code).sort()).toEqual([0, 8]);
    const loser = results.find((r) => r.code === 8)!;
    expect(loser.json()).toMatchObject({ ok: false, error: { code: 'CONFLICT.LOCKED', exitCode: 8 } });
    expect((loser.json().error as { message: string }).message).toContain(`@${hostname()} pid`);
    await expectOneCleanInstall(sandbox.url);
  });

  it('started together with --wait: the second waits for the lock, then finds nothing to do', async () => {
    sandbox = await startSandbox({ seed: 'demo', faults: slowCommit(2500) });
    const results = await Promise.all([install(sandbox.url, '--wait'), install(sandbox.url, '--wait')]);
    expect(results.map((r) => r.code)).toEqual([0, 0]);
    const created = results.map((r) => (r.json().result as { counts: { created: number } }).counts.created);
    expect(created.sort()).toEqual([0, 8]);
    await expectOneCleanInstall(sandbox.url);
  });

  it('takes over a stale lock (15 minutes old, another machine) and installs', async () => {
    sandbox = await startSandbox({ seed: 'demo' });
    const old = new Date(Date.now() - 16 * 60_000).toISOString();
    const put = await callApi(sandbox.url, 'PUT', '/api/dataStore/edupkg/lock', {
      owner: 'someone',
      pid: 4242,
      host: 'elsewhere.example',
      command: 'edupkg install',
      time: old,
    });
    expect(put.status).toBeLessThan(300);
    const r = await install(sandbox.url);
    expect(r.code).toBe(0);
    await expectOneCleanInstall(sandbox.url);
  });

  it('still refuses (exit 8) a fresh lock held from another machine', async () => {
    sandbox = await startSandbox({ seed: 'demo' });
    await callApi(sandbox.url, 'PUT', '/api/dataStore/edupkg/lock', {
      owner: 'someone',
      pid: 4242,
      host: 'elsewhere.example',
      command: 'edupkg install',
      time: new Date().toISOString(),
    });
    const before = await readServerState(sandbox.url);
    const r = await install(sandbox.url);
    expect(r.code).toBe(8);
    expect((await readServerState(sandbox.url)).metadata).toEqual(before.metadata);
  });

  it('after a run is killed between validate and commit, the server is unchanged and the next run takes over its lock and installs', async () => {
    sandbox = await startSandbox({ seed: 'demo', faults: slowCommit(4000) });
    const before = await readServerState(sandbox.url);
    const child = spawn(process.execPath, [BIN, 'install', miniDash, '--yes', '--debug'], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', NODE_OPTIONS: '', ...env(sandbox.url) },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const exited = new Promise<string | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    let log = '';
    await new Promise<void>((resolve) => {
      child.stderr.on('data', (chunk: Buffer) => {
        log += chunk.toString();
        // The first import answer is VALIDATE; the COMMIT that follows is held by the latency fault.
        if (/POST \/api\/metadata -> 200/.test(log) && /Importing/.test(log)) resolve();
      });
    });
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    await new Promise((r) => setTimeout(r, 4500));
    const afterKill = await readServerState(sandbox.url);
    expect([JSON.stringify(before.metadata), JSON.stringify(reference.metadata)]).toContain(
      JSON.stringify(afterKill.metadata),
    );
    expect(afterKill.lock).toMatchObject({ host: hostname(), pid: child.pid });
    const next = await install(sandbox.url);
    expect(next.code).toBe(0);
    await expectOneCleanInstall(sandbox.url);
  });
});
