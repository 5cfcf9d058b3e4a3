import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Dhis2Client } from '../../dhis2/client.js';
import { conflictError, interruptedError } from '../../errors/index.js';
import { isPendingOperation, type PendingOperation } from './journal.js';
import { readLockState, unlockCommand, type LockRecord, type LockState } from './lock-state.js';
import { LEDGER_NAMESPACE, LOCK_KEY, lockEpochKey, lockEpochOf } from './types.js';

export interface LockOwner {
  owner: string;
  pid: number;
  host: string;
  command: string;
}

export interface LockOptions {
  /** Keep trying instead of failing when another run holds the lock. */
  wait?: boolean;
  waitTimeoutMs?: number;
  pollMs?: number;
  /** A lock older than this is from a run that died; it is taken over. */
  staleAfterMs?: number;
  now?: () => Date;
  /** Whether the holder still runs; undefined when that cannot be known (another machine). */
  holderAlive?: (holder: Partial<LockOwner>) => boolean | undefined;
  /** Aborts a wait for the lock (Ctrl-C). */
  signal?: AbortSignal;
  /** How the user named the server (`--target prod`), for the unlock command errors print. */
  targetFlag?: string;
}

export interface HeldLock {
  /** What an earlier run left unfinished in the lock (it died, or lost the answer to a change). */
  readonly inherited: PendingOperation | undefined;
  /** The keys of the namespace right after the lock was taken (ledger keys only change under it). */
  readonly namespaceKeys: string[];
  /**
   * Writes the operation about to start into our lock record: the journal a dying run leaves
   * behind. Fails (exit 8, nothing changed yet) when another run has taken the lock over since.
   */
  begin(pending: PendingOperation): Promise<void>;
  /** The pending operation is recorded in the ledger (or never reached the server): forget it. */
  settle(): void;
  /** Marks our record released (keeping the journal if something is still pending). */
  release(): Promise<void>;
}

export const DEFAULT_STALE_AFTER_MS = 15 * 60_000;

/**
 * One writer per server. DHIS2's dataStore has no conditional update or delete (no ETag, no
 * If-Match: `DatastoreController` in dhis2-core); its only atomic primitive is POST, which creates
 * a key or answers 409. So the lock is a chain of epoch keys `lock-1`, `lock-2`, …, each created
 * by POST and afterwards written only by its creator: the highest epoch is the lock. Taking a
 * free, released or dead lock means creating the next epoch — of two runs racing for it, one gets
 * 409 — and then checking no higher epoch appeared (older epochs are deleted). Releasing marks our
 * own epoch released; nobody ever deletes or overwrites a lock record another run can still own.
 */
export async function acquireLock(
  client: Dhis2Client,
  owner: LockOwner,
  options: LockOptions = {},
): Promise<HeldLock> {
  const now = options.now ?? (() => new Date());
  const staleAfterMs = options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
  const deadline = Date.now() + (options.waitTimeoutMs ?? 10 * 60_000);
  const holderAlive = options.holderAlive ?? localProcessAlive;
  for (;;) {
    if (options.signal?.aborted) throw interruptedError('interrupted while waiting for the install lock');
    const state = await readLockState(client);
    const holder = blockingHolder(client, state, now(), staleAfterMs, holderAlive, options.targetFlag);
    if (holder === undefined) {
      const held = await takeNextEpoch(client, owner, state, now());
      if (held) return held;
      continue;
    }
    if (!options.wait || Date.now() > deadline) {
      throw conflictError(
        'LOCKED',
        `${client.baseUrl}: another edupkg run holds the install lock (${describeHolder(holder)})`,
        {
          fix: `Wait for it to finish or pass --wait; the lock of a run that died is taken over at once on its machine, after 15 minutes elsewhere`,
        },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 2000));
  }
}

/**
 * The record that keeps us out, or undefined when the lock can be taken. A malformed record or
 * one dated in the future cannot be judged: it is an error naming the command that clears it.
 */
function blockingHolder(
  client: Dhis2Client,
  state: LockState,
  now: Date,
  staleAfterMs: number,
  holderAlive: (holder: Partial<LockOwner>) => boolean | undefined,
  targetFlag: string | undefined,
): LockRecord | undefined {
  for (const record of [state.top, state.legacy]) {
    if (!record) continue;
    if (record.problem !== undefined) {
      throw conflictError(
        'LOCK_UNREADABLE',
        `${client.baseUrl}: the install lock (dataStore ${LEDGER_NAMESPACE}/${record.key}) ${record.problem}`,
        { fix: `Check nobody is installing, then clear it: ${unlockCommand(client, targetFlag)}` },
      );
    }
    if (record.value.released === true) continue;
    const age = now.getTime() - Date.parse(record.value.time);
    if (age < -MAX_CLOCK_SKEW_MS) {
      throw conflictError(
        'LOCK_FUTURE',
        `${client.baseUrl}: the install lock is dated ${record.value.time}, in the future (${describeHolder(record)})`,
        { fix: `Check nobody is installing, then clear it: ${unlockCommand(client, targetFlag)}` },
      );
    }
    if (age > staleAfterMs || holderAlive(record.value) === false) continue;
    return record;
  }
  return undefined;
}

/** Clocks of two machines may disagree by this much before a lock counts as future-dated. */
const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/** POSTs the epoch after the highest; undefined when another run got there first (retry). */
async function takeNextEpoch(
  client: Dhis2Client,
  owner: LockOwner,
  state: LockState,
  now: Date,
): Promise<HeldLock | undefined> {
  const epoch = (state.top?.epoch ?? 0) + 1;
  const key = lockEpochKey(epoch);
  // Only the owner's own fields: callers often pass owner and options as one object.
  const { owner: user, pid, host, command } = owner;
  const inherited = [state.top, state.legacy]
    .map((r) => r?.value?.pending)
    .find((p): p is PendingOperation => isPendingOperation(p));
  const value: LockValue = { owner: user, pid, host, command, time: now.toISOString(), token: randomUUID() };
  const claimed = { ...value, ...(inherited ? { pending: inherited } : {}) };
  if (!(await client.dataStore.create(LEDGER_NAMESPACE, key, claimed))) return undefined;
  // A run that read the chain before an older epoch was cleaned up may have re-created it: the highest wins.
  const keys = await client.dataStore.keys(LEDGER_NAMESPACE);
  const epochs = epochsOf(keys);
  if (Math.max(...epochs) !== epoch) {
    await client.dataStore.put(LEDGER_NAMESPACE, key, { ...claimed, released: true });
    return undefined;
  }
  for (const older of epochs.filter((e) => e < epoch))
    await client.dataStore.remove(LEDGER_NAMESPACE, lockEpochKey(older));
  if (state.legacy) await client.dataStore.remove(LEDGER_NAMESPACE, LOCK_KEY);
  return heldLock(client, key, value, inherited, keys);
}

const epochsOf = (keys: string[]): number[] =>
  keys.map(lockEpochOf).filter((e): e is number => e !== undefined);

export interface LockValue extends LockOwner {
  time: string;
  /** Tells two runs apart (pids repeat across machines). */
  token: string;
  pending?: PendingOperation;
  /** Nobody holds it; it is kept for its journal and as the end of the epoch chain. */
  released?: true;
  /** Set by `edupkg unlock --force`: whose lock was cleared. */
  clearedHolder?: string;
}

/** Same host and the pid no longer exists: the run died without releasing (EPERM means it exists). */
function localProcessAlive(holder: Partial<LockOwner>): boolean | undefined {
  if (holder.host !== hostname() || typeof holder.pid !== 'number' || holder.pid <= 0) return undefined;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function heldLock(
  client: Dhis2Client,
  key: string,
  value: LockValue,
  inherited: PendingOperation | undefined,
  namespaceKeys: string[],
): HeldLock {
  const epoch = lockEpochOf(key)!;
  let released = false;
  let pending = inherited;
  return {
    inherited,
    namespaceKeys,
    async begin(operation) {
      await client.dataStore.put(LEDGER_NAMESPACE, key, { ...value, pending: operation });
      const newest = Math.max(...epochsOf(await client.dataStore.keys(LEDGER_NAMESPACE)));
      if (newest !== epoch) {
        throw conflictError(
          'LOCK_LOST',
          `${client.baseUrl}: another run took the install lock over (epoch ${newest} after ours, ${epoch}); nothing was changed`,
          { fix: 'Run the command again once the other run has finished (see `edupkg unlock`)' },
        );
      }
      pending = operation;
    },
    settle() {
      pending = undefined;
    },
    async release() {
      if (released) return;
      released = true;
      await client.dataStore.put(LEDGER_NAMESPACE, key, {
        ...value,
        ...(pending ? { pending } : {}),
        released: true,
      });
    },
  };
}

export function describeHolder(record: LockRecord): string {
  const h = record.value ?? {};
  return `${h.owner ?? '?'}@${h.host ?? '?'} pid ${h.pid ?? '?'} running ${h.command ?? '?'} since ${h.time ?? '?'}`;
}
