import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Dhis2Client } from '../../dhis2/client.js';
import { conflictError } from '../../errors/index.js';
import { isPendingOperation, type PendingOperation } from './journal.js';
import { LEDGER_NAMESPACE, LOCK_KEY } from './types.js';

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
}

export interface HeldLock {
  /** What an earlier run left unfinished in the lock (it died, or lost the answer to a change). */
  readonly inherited: PendingOperation | undefined;
  /** Writes the operation about to start into the lock: the journal a dying run leaves behind. */
  begin(pending: PendingOperation): Promise<void>;
  /** The pending operation is recorded in the ledger (or never reached the server): forget it. */
  settle(): void;
  /** Removes the lock; with something still pending, leaves it released but carrying the journal. */
  release(): Promise<void>;
}

interface LockValue extends LockOwner {
  time: string;
  /** Tells two runs that took over the same dead lock apart. */
  token: string;
  pending?: PendingOperation;
  /** Nobody holds it; it is kept only for its journal, and the next run takes it at once. */
  released?: true;
}

export const DEFAULT_STALE_AFTER_MS = 15 * 60_000;

/**
 * One writer per server: POST creates `edupkg/lock` or answers 409 when it exists. A held lock
 * fails with exit 8 naming its holder, or is waited for with `wait`. A dead one (released, older
 * than 15 minutes, or left by a process of this machine that no longer runs) is taken over,
 * together with the journal it carries.
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
    // Only the owner's own fields: callers often pass owner and options as one object.
    const { owner: user, pid, host, command } = owner;
    const value: LockValue = {
      owner: user,
      pid,
      host,
      command,
      time: now().toISOString(),
      token: randomUUID(),
    };
    if (await client.dataStore.create(LEDGER_NAMESPACE, LOCK_KEY, value))
      return heldLock(client, value, undefined);
    const holder = (await client.dataStore.get(LEDGER_NAMESPACE, LOCK_KEY)) as Partial<LockValue> | undefined;
    if (holder === undefined) continue;
    const age = now().getTime() - Date.parse(holder.time ?? '');
    const dead =
      holder.released === true ||
      !Number.isFinite(age) ||
      age > staleAfterMs ||
      holderAlive(holder) === false;
    if (dead) {
      const inherited = isPendingOperation(holder.pending) ? holder.pending : undefined;
      const taken: LockValue = { ...value, ...(inherited ? { pending: inherited } : {}) };
      await client.dataStore.put(LEDGER_NAMESPACE, LOCK_KEY, taken);
      // The dataStore has no compare-and-set: read back, so of two runs taking over at once one backs off.
      const readBack = (await client.dataStore.get(LEDGER_NAMESPACE, LOCK_KEY)) as
        Partial<LockValue> | undefined;
      if (readBack?.token === value.token) return heldLock(client, taken, inherited);
      continue;
    }
    if (!options.wait || Date.now() > deadline) {
      throw conflictError(
        'LOCKED',
        `${client.baseUrl}: another edupkg run holds the install lock (${describe(holder)})`,
        {
          fix: 'Wait for it to finish or pass --wait; the lock of a run that died is taken over at once on its machine, after 15 minutes elsewhere',
        },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 2000));
  }
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

function heldLock(client: Dhis2Client, value: LockValue, inherited: PendingOperation | undefined): HeldLock {
  let released = false;
  let pending = inherited;
  return {
    inherited,
    async begin(operation) {
      pending = operation;
      await client.dataStore.put(LEDGER_NAMESPACE, LOCK_KEY, { ...value, pending: operation });
    },
    settle() {
      pending = undefined;
    },
    async release() {
      if (released) return;
      released = true;
      if (pending)
        await client.dataStore.put(LEDGER_NAMESPACE, LOCK_KEY, { ...value, pending, released: true });
      else await client.dataStore.remove(LEDGER_NAMESPACE, LOCK_KEY);
    },
  };
}

function describe(holder: Partial<LockValue>): string {
  return `${holder.owner ?? '?'}@${holder.host ?? '?'} pid ${holder.pid ?? '?'} running ${holder.command ?? '?'} since ${holder.time ?? '?'}`;
}
