import type { Dhis2Client } from '../../dhis2/client.js';
import { conflictError } from '../../errors/index.js';
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
}

export interface HeldLock {
  release(): Promise<void>;
}

interface LockValue extends LockOwner {
  time: string;
}

export const DEFAULT_STALE_AFTER_MS = 15 * 60_000;

/**
 * One writer per server: POST creates `edupkg/lock` or answers 409 when it exists. A held lock
 * fails with exit 8 naming its holder, or is waited for with `wait`; a stale one is taken over.
 */
export async function acquireLock(
  client: Dhis2Client,
  owner: LockOwner,
  options: LockOptions = {},
): Promise<HeldLock> {
  const now = options.now ?? (() => new Date());
  const staleAfterMs = options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
  const deadline = Date.now() + (options.waitTimeoutMs ?? 10 * 60_000);
  for (;;) {
    const value: LockValue = { ...owner, time: now().toISOString() };
    if (await client.dataStore.create(LEDGER_NAMESPACE, LOCK_KEY, value)) return heldLock(client);
    const holder = (await client.dataStore.get(LEDGER_NAMESPACE, LOCK_KEY)) as Partial<LockValue> | undefined;
    if (holder === undefined) continue;
    const age = now().getTime() - Date.parse(holder.time ?? '');
    if (!Number.isFinite(age) || age > staleAfterMs) {
      await client.dataStore.put(LEDGER_NAMESPACE, LOCK_KEY, value);
      return heldLock(client);
    }
    if (!options.wait || Date.now() > deadline) {
      throw conflictError(
        'LOCKED',
        `${client.baseUrl}: another edupkg run holds the install lock (${describe(holder)})`,
        {
          fix: 'Wait for it to finish, pass --wait, or remove a dead lock after 15 minutes (it expires on its own)',
        },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 2000));
  }
}

function heldLock(client: Dhis2Client): HeldLock {
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      await client.dataStore.remove(LEDGER_NAMESPACE, LOCK_KEY);
    },
  };
}

function describe(holder: Partial<LockValue>): string {
  return `${holder.owner ?? '?'}@${holder.host ?? '?'} pid ${holder.pid ?? '?'} running ${holder.command ?? '?'} since ${holder.time ?? '?'}`;
}
