import { randomUUID } from 'node:crypto';
import type { Dhis2Client } from '../../dhis2/client.js';
import { conflictError } from '../../errors/index.js';
import { isPendingOperation } from './journal.js';
import { describeHolder, type LockOwner, type LockValue } from './lock.js';
import { readLockState, type LockRecord } from './lock-state.js';
import { LEDGER_NAMESPACE, LOCK_KEY, lockEpochKey } from './types.js';

export interface UnlockResult {
  target: { url: string };
  /** free: no record or a released one; held: a run holds it; unreadable: malformed or future-dated. */
  state: 'free' | 'held' | 'unreadable';
  /** Who held it, as the record says. */
  holder?: string;
  problem?: string;
  /** The record carried a journal of an unfinished run: the next install/rollback settles it. */
  pendingKept: boolean;
  cleared: boolean;
}

/**
 * `edupkg unlock`: says who holds the server lock; with `force`, clears it by creating the next
 * epoch as a released record — the same create-if-absent step a takeover uses, so it can never
 * remove a lock taken in the meantime (it then fails with exit 8). A journal is carried over.
 */
export async function unlockServer(
  client: Dhis2Client,
  options: { force: boolean; owner: LockOwner; now?: () => Date },
): Promise<UnlockResult> {
  const state = await readLockState(client);
  const records = [state.top, state.legacy].filter((r): r is LockRecord => r !== undefined);
  const active = records.find((r) => r.problem !== undefined || r.value.released !== true);
  const pending = records.map((r) => r.value?.pending).find(isPendingOperation);
  const base = {
    target: { url: client.baseUrl },
    state: !active ? ('free' as const) : active.problem ? ('unreadable' as const) : ('held' as const),
    ...(active ? { holder: describeHolder(active) } : {}),
    ...(active?.problem ? { problem: `${active.key} ${active.problem}` } : {}),
    pendingKept: pending !== undefined,
  };
  if (!options.force || !active) return { ...base, cleared: false };
  const { owner, pid, host, command } = options.owner;
  const cleared: LockValue = {
    owner,
    pid,
    host,
    command,
    time: (options.now ?? (() => new Date()))().toISOString(),
    token: randomUUID(),
    released: true,
    clearedHolder: describeHolder(active),
    ...(pending ? { pending } : {}),
  };
  if (
    !(await client.dataStore.create(LEDGER_NAMESPACE, lockEpochKey((state.top?.epoch ?? 0) + 1), cleared))
  ) {
    throw conflictError(
      'LOCK_CHANGED',
      `${client.baseUrl}: the install lock changed while it was being cleared`,
      {
        fix: 'Run `edupkg unlock` again to see who holds it now',
      },
    );
  }
  // 0.1.0's key has no epochs: it can only be removed outright.
  if (state.legacy) await client.dataStore.remove(LEDGER_NAMESPACE, LOCK_KEY);
  return { ...base, cleared: true };
}
