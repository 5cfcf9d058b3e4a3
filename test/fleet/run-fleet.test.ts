import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  fleetExitCode,
  loadFleetFile,
  runFleet,
  selectTargets,
  type FleetTarget,
  type TargetOutcome,
} from '../../src/core/fleet/index.js';
import { EdupkgError, EXIT, importRejectedError, serverError } from '../../src/errors/index.js';

const target = (name: string): FleetTarget => ({
  name,
  url: `https://${name}.example.org`,
  packages: ['edu-core'],
});
const noSleep = async () => {};

describe('runFleet', () => {
  it('starts no target once the signal is aborted and exits 130 whatever else failed', async () => {
    const controller = new AbortController();
    const started: string[] = [];
    const run = await runFleet(
      ['a', 'b', 'c'].map(target),
      async (t) => {
        started.push(t.name);
        controller.abort();
        throw serverError('UNREACHABLE', 'connection reset');
      },
      { concurrency: 1, retries: 2, sleep: noSleep, signal: controller.signal },
    );
    expect(started).toEqual(['a']);
    expect(run.targets.map((o) => [o.target, o.error?.code])).toEqual([
      ['a', 'USER.INTERRUPTED'],
      ['b', 'USER.INTERRUPTED'],
      ['c', 'USER.INTERRUPTED'],
    ]);
    expect(run.exitCode).toBe(EXIT.INTERRUPTED);
  });

  it('never runs more targets at once than the concurrency allows and keeps fleet-file order', async () => {
    let running = 0;
    let peak = 0;
    const run = await runFleet(
      ['a', 'b', 'c', 'd', 'e'].map(target),
      async (t) => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, t.name === 'a' ? 30 : 5));
        running--;
        return { status: 'installed', packages: [] };
      },
      { concurrency: 2, retries: 0, sleep: noSleep },
    );
    expect(peak).toBe(2);
    expect(run.targets.map((o) => o.target)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(run.exitCode).toBe(0);
  });

  it('retries a target after connection errors only, and carries on with the others when one fails', async () => {
    const calls: Record<string, number> = {};
    const run = await runFleet(
      ['flaky', 'refused', 'rejected'].map(target),
      async (t) => {
        calls[t.name] = (calls[t.name] ?? 0) + 1;
        if (t.name === 'flaky' && calls[t.name]! < 3) throw serverError('UNREACHABLE', 'connection reset');
        if (t.name === 'refused') throw serverError('AUTH', 'authentication failed');
        if (t.name === 'rejected') throw importRejectedError('REJECTED', 'E5003 name taken');
        return { status: 'installed', packages: [] };
      },
      { concurrency: 3, retries: 2, sleep: noSleep },
    );
    expect(calls).toEqual({ flaky: 3, refused: 1, rejected: 1 });
    expect(run.targets.map((o) => [o.target, o.status, o.attempts])).toEqual([
      ['flaky', 'installed', 3],
      ['refused', 'failed', 1],
      ['rejected', 'failed', 1],
    ]);
    expect(run.exitCode).toBe(EXIT.IMPORT_REJECTED);
  });

  it('reports an unexpected exception as a bug of that target only', async () => {
    const run = await runFleet(
      [target('x'), target('y')],
      async (t) => {
        if (t.name === 'x') throw new TypeError('boom');
        return { status: 'unchanged', packages: [] };
      },
      { concurrency: 1, retries: 0 },
    );
    expect(run.targets[0]).toMatchObject({
      status: 'failed',
      error: { code: 'INTERNAL', exitCode: EXIT.INTERNAL },
    });
    expect(run.targets[1]).toMatchObject({ status: 'unchanged' });
  });
});

describe('fleetExitCode', () => {
  const failed = (exitCode: number): TargetOutcome => ({
    target: 't',
    url: 'u',
    status: 'failed',
    attempts: 1,
    durationMs: 0,
    packages: [],
    error: { code: 'X', message: 'm', exitCode },
  });
  const ok: TargetOutcome = {
    target: 'ok',
    url: 'u',
    status: 'installed',
    attempts: 1,
    durationMs: 0,
    packages: [],
  };

  it('is 0 without failures, 7 when all failures are server errors, 6 when an import was rejected, else the most severe', () => {
    expect(fleetExitCode([ok])).toBe(0);
    expect(fleetExitCode([ok, failed(7), failed(7)])).toBe(7);
    expect(fleetExitCode([failed(7), failed(6)])).toBe(6);
    expect(fleetExitCode([failed(7), failed(8)])).toBe(8);
    expect(fleetExitCode([failed(2), failed(1)])).toBe(1);
  });
});

describe('fleet files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'edupkg-fleetfile-'));
  const write = (name: string, text: string) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  it('merges defaults into every target and selects targets by stage', () => {
    const fleet = loadFleetFile(
      write(
        'ok.yaml',
        'defaults: { passwordEnv: PW, packages: [edu-core], parameters: { a: 1 } }\ntargets:\n  - { name: x, url: "https://x", stage: prod, parameters: { b: two } }\n  - { name: y, url: "https://y", packages: [edu-sdg4], stage: dev }\n',
      ),
    );
    expect(fleet.targets[0]).toMatchObject({
      passwordEnv: 'PW',
      packages: ['edu-core'],
      parameters: { a: 1, b: 'two' },
    });
    expect(fleet.targets[1]!.packages).toEqual(['edu-sdg4']);
    expect(selectTargets(fleet, { stage: 'dev' }).map((t) => t.name)).toEqual(['y']);
    expect(() => selectTargets(fleet, { stage: 'staging' })).toThrow(/no target matches --stage staging/);
    expect(() => selectTargets(fleet, { stage: 'qa' })).toThrow(EdupkgError);
  });

  it('refuses duplicate names, missing packages, tokens in the file and unknown keys, naming the field', () => {
    expect(() =>
      loadFleetFile(
        write(
          'dup.yaml',
          'targets:\n  - { name: x, url: u, packages: [p] }\n  - { name: x, url: v, packages: [p] }\n',
        ),
      ),
    ).toThrow(/\/targets\/1\/name: duplicate/);
    expect(() => loadFleetFile(write('nopkg.yaml', 'targets:\n  - { name: x, url: u }\n'))).toThrow(
      /\/targets\/0\/packages/,
    );
    expect(() =>
      loadFleetFile(
        write('token.yaml', 'defaults: { token: abc }\ntargets:\n  - { name: x, url: u, packages: [p] }\n'),
      ),
    ).toThrow(/\/defaults\/token: secrets are not allowed/);
    expect(() =>
      loadFleetFile(write('typo.yaml', 'targets:\n  - { name: x, url: u, packages: [p], pasword_env: X }\n')),
    ).toThrow(/unknown property "pasword_env"/);
  });
});
