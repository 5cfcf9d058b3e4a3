import { acquireLock, type HeldLock, type LockOptions } from '../../src/core/install/lock.js';
import { LEDGER_NAMESPACE } from '../../src/core/install/types.js';
import { createDhis2Client, type Dhis2Client } from '../../src/dhis2/client.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { exploreAll, runInterleaving, type WriterProgram } from './interleave.js';

/**
 * Two writers against the real sandbox over HTTP, every interleaving of their dataStore requests.
 * "Holding" runs from acquireLock returning to release being called.
 */
let sandbox: Sandbox;
let setup: Dhis2Client;
const clients: Dhis2Client[] = [];
const NOW = new Date('2026-12-04T12:00:00.000Z');
const HOUR_AGO = new Date(NOW.getTime() - 3_600_000).toISOString();
const options: LockOptions = { now: () => NOW, holderAlive: () => undefined };
const owner = (name: string) => ({
  owner: name,
  pid: 1000,
  host: `${name}.example`,
  command: 'edupkg install',
});

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 'empty' });
  const connect = () =>
    createDhis2Client({
      baseUrl: sandbox.url,
      auth: { type: 'basic', username: 'admin', password: 'district' },
    });
  setup = connect();
  clients.push(connect(), connect());
});
afterAll(async () => sandbox.close());

async function resetLock(records: Record<string, unknown>): Promise<void> {
  for (const key of await setup.dataStore.keys(LEDGER_NAMESPACE))
    await setup.dataStore.remove(LEDGER_NAMESPACE, key);
  for (const [key, value] of Object.entries(records)) await setup.dataStore.put(LEDGER_NAMESPACE, key, value);
  const left = await setup.dataStore.keys(LEDGER_NAMESPACE);
  if (left.sort().join() !== Object.keys(records).sort().join()) throw new Error(`reset left ${left.join()}`);
}

/** The server's current lock, as a third run would judge it: the highest epoch. */
async function topLock(): Promise<Record<string, unknown> | undefined> {
  const epochs = (await setup.dataStore.keys(LEDGER_NAMESPACE))
    .map((k) => /^lock-(\d+)$/.exec(k)?.[1])
    .filter((e): e is string => e !== undefined)
    .map(Number);
  if (epochs.length === 0) return undefined;
  return (await setup.dataStore.get(LEDGER_NAMESPACE, `lock-${Math.max(...epochs)}`)) as Record<
    string,
    unknown
  >;
}

interface Tally {
  holding: boolean[];
  acquired: boolean[];
  overlaps: string[];
}

/** acquire → (hold: one request) → release; a refusal (exit 8) ends the writer. */
const acquireAndRelease =
  (tally: Tally, index: number): WriterProgram =>
  async (client) => {
    let held: HeldLock;
    try {
      held = await acquireLock(client, owner(`writer${index}`), options);
    } catch (error) {
      if ((error as { code?: string }).code === 'CONFLICT.LOCKED') return;
      throw error;
    }
    tally.acquired[index] = true;
    tally.holding[index] = true;
    // One step of "work" while holding, so the other writer's requests can fall inside the hold.
    await client.dataStore.get(LEDGER_NAMESPACE, 'work');
    tally.holding[index] = false;
    await held.release();
  };

async function exploreTwoWriters(
  initial: Record<string, unknown>,
): Promise<{ runs: number; failures: string[] }> {
  const failures: string[] = [];
  const runs = await exploreAll(async (choices) => {
    await resetLock(initial);
    const tally: Tally = { holding: [false, false], acquired: [false, false], overlaps: [] };
    const result = await runInterleaving(
      clients,
      [acquireAndRelease(tally, 0), acquireAndRelease(tally, 1)],
      choices,
      () => {
        if (tally.holding.every(Boolean)) tally.overlaps.push('both hold');
      },
    );
    const top = await topLock();
    const problems = [
      ...tally.overlaps,
      ...(tally.acquired.some(Boolean) ? [] : ['nobody got the lock']),
      ...(top?.released === true ? [] : [`lock left ${JSON.stringify(top)}`]),
    ];
    if (problems.length > 0) failures.push(`${problems.join(', ')} after ${result.trace.join(' → ')}`);
    return result;
  });
  process.stderr.write(`${runs} interleavings\n`);
  return { runs, failures };
}

describe('the install lock under every interleaving of two writers (real sandbox, real HTTP)', () => {
  it('on a free server: never both hold, one always gets it, and the lock ends released', async () => {
    const { runs, failures } = await exploreTwoWriters({});
    expect(failures).toEqual([]);
    expect(runs).toBeGreaterThan(10);
  }, 300_000);

  it('taking over a stale lock together: never both hold, and the stale record is never left as the lock', async () => {
    const stale = {
      owner: 'gone',
      pid: 1,
      host: 'dead.example',
      command: 'edupkg install',
      time: HOUR_AGO,
      token: 't0',
    };
    const { runs, failures } = await exploreTwoWriters({ 'lock-1': stale });
    expect(failures).toEqual([]);
    expect(runs).toBeGreaterThan(50);
  }, 300_000);

  it('a holder taken over as stale learns it before its next change, and its release never frees the new lock', async () => {
    const failures: string[] = [];
    await exploreAll(async (choices) => {
      await resetLock({});
      let aChanged = false;
      let bHeld = false;
      // A's clock is an hour behind, so once A holds the lock B judges it dead and takes it over.
      const a: WriterProgram = async (client) => {
        let held: HeldLock;
        try {
          held = await acquireLock(client, owner('writerA'), { ...options, now: () => new Date(HOUR_AGO) });
        } catch {
          return; // B got there first and is alive: refused.
        }
        try {
          await held.begin({ kind: 'rollback', startedAt: HOUR_AGO, package: 'p', installedAt: 'x' });
          aChanged = true;
        } catch (error) {
          if ((error as { code?: string }).code !== 'CONFLICT.LOCK_LOST') throw error;
        }
        await held.release();
      };
      const b: WriterProgram = async (client) => {
        await acquireLock(client, owner('writerB'), options);
        bHeld = true;
      };
      const result = await runInterleaving(clients, [a, b], choices);
      const { trace } = result;
      const top = await topLock();
      const problems: string[] = [];
      if (!bHeld) problems.push('B never got the lock');
      if (bHeld && (top?.owner !== 'writerB' || top.released === true))
        problems.push(`B's lock was clobbered: ${JSON.stringify(top)}`);
      // A may go on only if its check after writing its journal came before B's takeover.
      const aBegin = trace.indexOf('A: PUT lock-1');
      const aCheck = trace.findIndex((step, i) => i > aBegin && step === 'A: GET edupkg');
      const bTakeover = trace.indexOf('B: POST lock-2');
      if (aChanged && bTakeover >= 0 && bTakeover < aCheck) problems.push('A went on after being taken over');
      if (problems.length > 0) failures.push(`${problems.join(', ')} after ${trace.join(' → ')}`);
      return result;
    });
    expect(failures).toEqual([]);
  }, 300_000);
});
