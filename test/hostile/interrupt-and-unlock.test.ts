import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { edupkg, MINI, putDataStore } from '../install/helpers.js';
import { outputSchemaErrors } from '../support/output-schema.js';
import { BIN } from '../support/run-cli.js';
import { readServerState } from '../support/server-state.js';

const miniDash = join(MINI, 'mini-dash');
let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});
// Each case spawns the binary several times against its own sandbox: slow on a shared machine.
jest.setTimeout(240_000);

/** Starts an install whose COMMIT the sandbox holds for a while; resolves once that commit is in flight. */
async function installUntilCommitInFlight(url: string) {
  const child = spawn(process.execPath, [BIN, 'install', miniDash, '--yes', '--debug'], {
    cwd: mkdtempSync(join(tmpdir(), 'edupkg-interrupt-')),
    env: {
      ...process.env,
      NO_COLOR: '1',
      NODE_OPTIONS: '',
      CI: '1',
      EDUPKG_SERVER: url,
      EDUPKG_USERNAME: 'admin',
      EDUPKG_PASSWORD: 'district',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await new Promise<void>((resolve) =>
    child.stderr.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      if (/POST \/api\/metadata -> 200/.test(log) && /Importing/.test(log)) resolve();
    }),
  );
  return { child, exit, log: () => log };
}

describe('Ctrl-C and SIGTERM while installing', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)(
    '%s during the commit: exit 130, lock released with its journal, status says interrupted, the next run finishes the record',
    async (signal) => {
      sandbox = await startSandbox({
        seed: 'demo',
        faults: [{ path: '^/api/metadata$', method: 'POST', latencyMs: 3000, nth: 2 }],
      });
      const url = sandbox.url;
      const run = await installUntilCommitInFlight(url);
      run.child.kill(signal);
      expect(await run.exit).toBe(130);
      expect(run.log()).toMatch(/edupkg: error: interrupted.*the install lock was released/);

      const after = await readServerState(url);
      expect(after.lock).toMatchObject({ released: true, pending: { kind: 'install' } });
      const status = await edupkg(url, ['status', '--json']);
      expect(outputSchemaErrors('status', status.json())).toEqual([]);
      expect(status.json().result).toMatchObject({
        packages: [],
        interrupted: { kind: 'install', packages: ['mini-core', 'mini-dash'] },
      });
      const human = await edupkg(url, ['status']);
      expect(human.stderr).toContain('interrupted: an install of mini-core, mini-dash');
      expect(human.stderr).not.toContain('No edupkg packages installed');

      const next = await edupkg(url, ['install', miniDash, '--yes', '--json']);
      expect(next.code).toBe(0);
      const settled = await edupkg(url, ['status', '--json']);
      expect(settled.json().result).not.toHaveProperty('interrupted');
      expect((await readServerState(url)).lock).toBeUndefined();
    },
  );
});

describe('a lock that cannot be judged', () => {
  const holder = { owner: 'ops', pid: 77, host: 'laptop.example', command: 'edupkg install', token: 't1' };

  it('a lock dated in the future is refused with the exact unlock command; unlock shows the holder, --force clears it', async () => {
    sandbox = await startSandbox({ seed: 'demo' });
    const url = sandbox.url;
    await putDataStore(url, 'lock-1', { ...holder, time: new Date(Date.now() + 3_600_000).toISOString() });

    const refused = await edupkg(url, ['install', miniDash, '--yes']);
    expect(refused.code).toBe(8);
    expect(refused.stderr).toContain('in the future (ops@laptop.example pid 77');
    expect(refused.stderr).toContain(
      `fix: Check nobody is installing, then clear it: edupkg unlock --server ${url} --force`,
    );

    const shown = await edupkg(url, ['unlock', '--json']);
    expect(shown.code).toBe(8);
    expect(outputSchemaErrors('unlock', shown.json())).toEqual([]);
    expect(shown.json().error).toMatchObject({ code: 'CONFLICT.LOCK_HELD' });

    const cleared = await edupkg(url, ['unlock', '--force', '--json']);
    expect(cleared.code).toBe(0);
    expect(outputSchemaErrors('unlock', cleared.json())).toEqual([]);
    expect(cleared.json().result).toMatchObject({
      state: 'held',
      cleared: true,
      holder: expect.stringContaining('ops@laptop.example pid 77') as string,
    });
    expect((await edupkg(url, ['install', miniDash, '--yes'])).code).toBe(0);
  });

  it('a malformed lock record is refused with the unlock command (never a wedge), and unlock --force clears it', async () => {
    sandbox = await startSandbox({ seed: 'demo' });
    const url = sandbox.url;
    await putDataStore(url, 'lock-3', ['not', 'a', 'lock']);
    const refused = await edupkg(url, ['install', miniDash, '--yes', '--wait']);
    expect(refused.code).toBe(8);
    expect(refused.stderr).toContain('lock-3) is not a JSON object');
    expect(refused.stderr).toContain(`edupkg unlock --server ${url} --force`);
    const cleared = await edupkg(url, ['unlock', '--force']);
    expect(cleared.code).toBe(0);
    expect(cleared.stderr).toContain('cleared the install lock');
    expect((await edupkg(url, ['install', miniDash, '--yes'])).code).toBe(0);
    expect((await edupkg(url, ['unlock'])).stderr).toContain('is free');
  });
});

describe('Ctrl-C during a fleet deploy', () => {
  let second: Sandbox | undefined;
  afterEach(async () => {
    await second?.close();
    second = undefined;
  });

  it('SIGINT while the first target commits: exit 130, its lock released, the next target never started', async () => {
    sandbox = await startSandbox({
      seed: 'demo',
      faults: [{ path: '^/api/metadata$', method: 'POST', latencyMs: 3000, nth: 2 }],
    });
    second = await startSandbox({ seed: 'demo' });
    const dir = mkdtempSync(join(tmpdir(), 'edupkg-fleet-interrupt-'));
    const fleetFile = join(dir, 'fleet.yaml');
    writeFileSync(
      fleetFile,
      [
        'defaults:',
        '  username: admin',
        '  passwordEnv: FLEET_PASSWORD',
        `  packages: ["${miniDash}"]`,
        'targets:',
        `  - { name: first, url: "${sandbox.url}" }`,
        `  - { name: second, url: "${second.url}" }`,
        '',
      ].join('\n'),
    );
    const child = spawn(
      process.execPath,
      [BIN, 'deploy', '--fleet', fleetFile, '--concurrency', '1', '--yes', '--json', '--debug'],
      {
        cwd: dir,
        env: { ...process.env, NO_COLOR: '1', NODE_OPTIONS: '', CI: '1', FLEET_PASSWORD: 'district' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let log = '';
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise<void>((resolve) =>
      child.stderr.on('data', (chunk: Buffer) => {
        log += chunk.toString();
        if (/POST \/api\/metadata -> 200/.test(log)) resolve();
      }),
    );
    child.kill('SIGINT');
    expect(await exit).toBe(130);

    const doc = JSON.parse(stdout) as {
      result: { targets: Array<{ target: string; status: string; error?: { code: string } }> };
    };
    expect(doc.result.targets.map((t) => [t.target, t.status, t.error?.code])).toEqual([
      ['first', 'failed', 'USER.INTERRUPTED'],
      ['second', 'failed', 'USER.INTERRUPTED'],
    ]);
    expect((await readServerState(sandbox.url)).lock).toMatchObject({ released: true });
    const untouched = await readServerState(second.url);
    expect(untouched.lock).toBeUndefined();
    expect(untouched.ledger).toEqual({});
    expect(untouched.otherKeys).toEqual([]);
  });
});
