import type { Dhis2Client } from '../../dhis2/client.js';
import { conflictError, EdupkgError } from '../../errors/index.js';
import { readLedger, writeLedgerRecord } from './ledger.js';
import type { HeldLock } from './lock.js';
import { checkLedgerRecord } from './ledger-check.js';
import type { LedgerRecord } from './types.js';
import { matchesRecorded, readLiveByKey } from './verify-live.js';

/**
 * What a run is about to change, written into the lock before its first change and dropped once
 * its ledger records are written. A run that dies in between, or loses the answer to its import,
 * leaves it behind; the next run finds out from the server what happened and finishes the record.
 */
export type PendingOperation =
  | { kind: 'install'; startedAt: string; records: LedgerRecord[] }
  | { kind: 'rollback'; startedAt: string; package: string; installedAt: string };

export function isPendingOperation(value: unknown): value is PendingOperation {
  const v = value as Partial<PendingOperation> | null | undefined;
  return (
    (v?.kind === 'install' && Array.isArray(v.records)) ||
    (v?.kind === 'rollback' && typeof v.package === 'string' && typeof v.installedAt === 'string')
  );
}

/**
 * Settles what an interrupted run left (under the lock, before planning). An install whose objects
 * are all on the server as recorded gets its ledger records now; one that never arrived is
 * forgotten. An interrupted rollback is finished only by running that rollback again.
 * Returns a warning saying what was done, if anything.
 */
export async function settleInherited(
  client: Dhis2Client,
  lock: HeldLock,
  options: { resumingRollbackOf?: string } = {},
): Promise<string | undefined> {
  const pending = lock.inherited;
  if (!pending) return undefined;
  const ledger = await readLedger(client);
  if (pending.kind === 'rollback') {
    // The ledger is rewound last: a record no longer at the rolled-back install means it finished.
    const unfinished = ledger[pending.package]?.current.installedAt === pending.installedAt;
    if (!unfinished || options.resumingRollbackOf === pending.package) {
      if (!unfinished) lock.settle();
      return undefined;
    }
    throw conflictError(
      'ROLLBACK_PENDING',
      `${client.baseUrl}: a rollback of ${pending.package} started ${pending.startedAt} did not finish`,
      { fix: `Run \`edupkg rollback ${pending.package}\` to finish it first` },
    );
  }
  const names = pending.records.map((r) => r.current.package).join(', ');
  const recorded = pending.records.every(
    (r) => ledger[r.current.package]?.current.installedAt === r.current.installedAt,
  );
  if (recorded) {
    lock.settle();
    return undefined;
  }
  const arrived = await recordsMatchServer(client, pending.records);
  if (arrived) for (const record of pending.records) await writeLedgerRecord(client, record);
  lock.settle();
  return arrived
    ? `an interrupted install of ${names} had reached the server; its ledger records were written now`
    : `an interrupted install of ${names} had not reached the server; nothing was recorded`;
}

/**
 * True when every pending record is well formed and every object it describes is on the server
 * with the recorded content: only then is it written to the ledger (and sealed).
 */
async function recordsMatchServer(client: Dhis2Client, records: LedgerRecord[]): Promise<boolean> {
  if (records.some((r) => checkLedgerRecord(r.current.package, r).problem !== undefined)) return false;
  const live = await readLiveByKey(
    client,
    records.flatMap((r) => Object.keys(r.current.objects)),
  );
  return records.every(({ current }) =>
    Object.keys(current.objects).every((key) => {
      const object = live.get(key);
      return object !== undefined && matchesRecorded(current, key, object);
    }),
  );
}

/** The same error with a note on what state it left; stays one line. */
export function withNote(error: unknown, note: string): unknown {
  if (!(error instanceof EdupkgError)) return error;
  return new EdupkgError(error.code, `${error.message}; ${note}`, error.exitCode, {
    ...error.where,
    ...(error.fix ? { fix: error.fix } : {}),
    ...(error.details !== undefined ? { details: error.details } : {}),
    cause: error,
  });
}
