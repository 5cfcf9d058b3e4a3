import type { Dhis2Client } from '../../dhis2/client.js';
import { isPendingOperation } from './journal.js';
import type { LockValue } from './lock.js';
import { LEDGER_NAMESPACE, LOCK_KEY, lockEpochKey, lockEpochOf } from './types.js';

/** One lock record as read: parsed, or the reason it could not be. */
export type LockRecord =
  | { key: string; epoch: number; value: LockValue; problem?: undefined }
  | { key: string; epoch: number; value?: Partial<LockValue>; problem: string };

export interface LockState {
  /** The highest epoch `lock-<n>`: the lock. */
  top?: LockRecord;
  /** The key edupkg 0.1.0 used, when one is there. */
  legacy?: LockRecord;
}

/**
 * Reads the lock: one request for the key list, one per record there is. A record deleted between
 * the two (a newer epoch cleaning up) means the chain moved on: read it again.
 */
export async function readLockState(client: Dhis2Client): Promise<LockState> {
  for (;;) {
    const keys = await client.dataStore.keys(LEDGER_NAMESPACE);
    const epochs = keys.map(lockEpochOf).filter((e): e is number => e !== undefined);
    const state: LockState = {};
    if (epochs.length > 0) {
      const epoch = Math.max(...epochs);
      const key = lockEpochKey(epoch);
      const value = await client.dataStore.get(LEDGER_NAMESPACE, key);
      if (value === undefined) continue;
      state.top = parseLockRecord(key, epoch, value);
    }
    if (keys.includes(LOCK_KEY)) {
      const value = await client.dataStore.get(LEDGER_NAMESPACE, LOCK_KEY);
      // 0.1.0 records carried no token in their first form; a time is all a takeover needs.
      if (value !== undefined) state.legacy = parseLockRecord(LOCK_KEY, 0, value, { tokenRequired: false });
    }
    return state;
  }
}

/** A record someone else wrote is data to check, not to trust: every field has its type or it is refused. */
export function parseLockRecord(
  key: string,
  epoch: number,
  value: unknown,
  { tokenRequired = true } = {},
): LockRecord {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    return { key, epoch, problem: 'is not a JSON object' };
  const v = value as Partial<Record<keyof LockValue, unknown>>;
  const partial = value as Partial<LockValue>;
  const bad = (problem: string): LockRecord => ({ key, epoch, value: partial, problem });
  if (typeof v.time !== 'string' || !Number.isFinite(Date.parse(v.time))) return bad('has no valid "time"');
  if (tokenRequired && (typeof v.token !== 'string' || v.token.length === 0)) return bad('has no "token"');
  for (const field of ['owner', 'host', 'command'] as const)
    if (v[field] !== undefined && typeof v[field] !== 'string') return bad(`has a non-text "${field}"`);
  if (v.pid !== undefined && typeof v.pid !== 'number') return bad('has a non-numeric "pid"');
  if (v.released !== undefined && v.released !== true) return bad('has an invalid "released"');
  if (v.pending !== undefined && !isPendingOperation(v.pending)) return bad('carries an unreadable journal');
  return { key, epoch, value: value as LockValue };
}

/** The exact command that clears a lock that cannot be judged (`targetFlag` as the user named the server). */
export function unlockCommand(client: Dhis2Client, targetFlag?: string): string {
  return `edupkg unlock ${targetFlag ?? `--server ${client.baseUrl}`} --force`;
}
