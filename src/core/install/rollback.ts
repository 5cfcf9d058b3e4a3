import type { Dhis2Client } from '../../dhis2/client.js';
import { conflictError, usageError } from '../../errors/index.js';
import { stableStringify } from '../package/canonical.js';
import { sha256 } from '../package/checksums.js';
import type { MetadataBundle } from '../package/types.js';
import { commitOrder } from '../dhis2-model/rules.js';
import { ignoreProgress, type ProgressListener } from '../progress.js';
import { readLedger, removeLedgerRecord, writeLedgerRecord } from './ledger.js';
import { splitKey } from './plan.js';
import { deleteInReverseOrder, sendAtomically } from './send.js';
import type { LedgerRecord } from './types.js';

export interface RollbackPlan {
  package: string;
  fromVersion: string;
  /** The version the ledger goes back to; absent when the package was not installed before. */
  toVersion?: string;
  target: { url: string };
  /** Objects that get their content from before the install back (overwritten or pruned). */
  restore: Array<{ type: string; id: string; name?: string }>;
  /** Objects the install created, removed again. */
  remove: Array<{ type: string; id: string }>;
  hash: string;
}

export interface PreparedRollback {
  plan: RollbackPlan;
  record: LedgerRecord;
  restorePayload: MetadataBundle;
}

export interface RollbackResult {
  package: string;
  fromVersion: string;
  toVersion?: string;
  restored: number;
  removed: number;
  kept: Array<{ key: string; reason: string }>;
}

/** What undoing the last install of `name` means, from its ledger snapshot. */
export async function planRollback(client: Dhis2Client, name: string): Promise<PreparedRollback> {
  const record = (await readLedger(client))[name];
  if (!record)
    throw usageError('NOT_INSTALLED', `${name}: not installed on ${client.baseUrl} (no ledger record)`, {
      fix: 'See `edupkg status`',
    });
  const { snapshot } = record.current;
  const restorePayload: MetadataBundle = {};
  const restore: RollbackPlan['restore'] = [];
  for (const [key, object] of Object.entries({ ...snapshot.overwritten, ...snapshot.deleted }).sort(
    ([a], [b]) => a.localeCompare(b),
  )) {
    const [type, id] = splitKey(key);
    (restorePayload[type] ??= []).push(object);
    restore.push({ type, id, ...(typeof object.name === 'string' ? { name: object.name } : {}) });
  }
  const remove = snapshot.created.map((key) => {
    const [type, id] = splitKey(key);
    return { type, id };
  });
  remove.sort(
    (a, b) =>
      commitOrder([a.type, b.type]).indexOf(a.type) - commitOrder([a.type, b.type]).indexOf(b.type) ||
      a.id.localeCompare(b.id),
  );
  const previous = record.history[record.history.length - 1];
  const body = {
    package: name,
    fromVersion: record.current.version,
    ...(previous ? { toVersion: previous.version } : {}),
    target: { url: client.baseUrl },
    restore,
    remove,
  };
  return { plan: { ...body, hash: sha256(stableStringify(body)) }, record, restorePayload };
}

/** Restores the snapshot (one atomic import), removes what the install created, rewinds the ledger. */
export async function applyRollback(
  client: Dhis2Client,
  prepared: PreparedRollback,
  options: { expectedPlanHash?: string; onProgress?: ProgressListener } = {},
): Promise<RollbackResult> {
  const { plan, record } = prepared;
  const onProgress = options.onProgress ?? ignoreProgress;
  if (options.expectedPlanHash && options.expectedPlanHash !== plan.hash) {
    throw conflictError(
      'PLAN_CHANGED',
      `the rollback plan changed since it was shown (${options.expectedPlanHash.slice(0, 12)} ≠ ${plan.hash.slice(0, 12)})`,
    );
  }
  if (plan.restore.length > 0) {
    onProgress({ kind: 'phase', phase: 'restore', message: `Restoring ${plan.restore.length} objects` });
    await sendAtomically(client, prepared.restorePayload, { onProgress });
  }
  onProgress({ kind: 'phase', phase: 'delete', message: `Removing ${plan.remove.length} objects` });
  const { deleted, kept } =
    plan.remove.length > 0
      ? await deleteInReverseOrder(client, plan.remove, onProgress)
      : { deleted: [], kept: [] };
  const previous = record.history[record.history.length - 1];
  if (previous) await writeLedgerRecord(client, { current: previous, history: record.history.slice(0, -1) });
  else await removeLedgerRecord(client, plan.package);
  return {
    package: plan.package,
    fromVersion: plan.fromVersion,
    ...(plan.toVersion ? { toVersion: plan.toVersion } : {}),
    restored: plan.restore.length,
    removed: deleted.length,
    kept,
  };
}
