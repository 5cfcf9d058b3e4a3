import type { Dhis2Client } from '../../dhis2/client.js';
import { conflictError } from '../../errors/index.js';
import { stableStringify } from '../package/canonical.js';
import { sha256 } from '../package/checksums.js';
import type { MetadataBundle, MetadataObject } from '../package/types.js';
import { commitOrder } from '../dhis2-model/rules.js';
import { withLiveLocalConfiguration } from '../ownership/index.js';
import { ignoreProgress, type ProgressListener } from '../progress.js';
import { withNote } from './journal.js';
import { brokenDependants, ownedByOthers, refuseOrWarnDependants, requireRecord } from './dependants.js';
import { inspectLedger, removeLedgerRecord, writeLedgerRecord } from './ledger.js';
import type { HeldLock } from './lock.js';
import { snapshotOf } from './merge-live.js';
import { splitKey } from './plan.js';
import { readObjects } from './read-state.js';
import { deleteInReverseOrder, sendAtomically } from './send.js';
import {
  matchesRecorded,
  matchesSnapshot,
  readLiveByKey,
  refuseMismatches,
  type Mismatch,
} from './verify-live.js';
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
  /** Objects left alone: another installed package owns them too. */
  kept: Array<{ key: string; reason: string }>;
  hash: string;
}

export interface PreparedRollback {
  plan: RollbackPlan;
  record: LedgerRecord;
  restorePayload: MetadataBundle;
  /** Dependants a forced rollback breaks; a legacy ledger record. */
  warnings: string[];
}

export interface RollbackResult {
  package: string;
  fromVersion: string;
  toVersion?: string;
  restored: number;
  removed: number;
  kept: Array<{ key: string; reason: string }>;
}

export interface RollbackOptions {
  /** Roll back even though installed packages depend on this version (they are listed as breaking). */
  forceDependants?: boolean;
}

/**
 * What undoing the last install of `name` means, from its checked ledger record: refused while
 * installed packages need this version, and refused — naming the objects — when an object it
 * would remove or restore is neither as the install left it nor as the rollback would leave it.
 * Objects another installed package also owns are left alone.
 */
export async function planRollback(
  client: Dhis2Client,
  name: string,
  options: RollbackOptions = {},
): Promise<PreparedRollback> {
  const ledger = await inspectLedger(client);
  const record = requireRecord(client, ledger, name);
  const previous = record.history[record.history.length - 1];
  const warnings = refuseOrWarnDependants(
    client,
    'rollback',
    brokenDependants(ledger.records, new Map([[name, previous?.version]])),
    options.forceDependants ?? false,
  );
  if (ledger.legacy.includes(name))
    warnings.push(
      `${name}: ledger record written by edupkg 0.1.0 (no integrity digest); every object was checked against the server instead`,
    );
  const owners = ownedByOthers(ledger.records, new Set([name]));
  const kept: RollbackPlan['kept'] = [];
  const shared = (key: string) => {
    const owner = owners.get(key);
    if (owner) kept.push({ key, reason: `also owned by ${owner}, which stays installed` });
    return owner !== undefined;
  };
  const { snapshot } = record.current;
  const restoreEntries = Object.entries({ ...snapshot.overwritten, ...snapshot.deleted })
    .filter(([key]) => !shared(key))
    .sort(([a], [b]) => a.localeCompare(b));
  const createdKeys = snapshot.created.filter((key) => !shared(key));
  await verifyRollbackTargets(client, record, restoreEntries, createdKeys);
  const restorePayload: MetadataBundle = {};
  const restore: RollbackPlan['restore'] = [];
  for (const [key, object] of restoreEntries) {
    const [type, id] = splitKey(key);
    (restorePayload[type] ??= []).push(object);
    restore.push({ type, id, ...(typeof object.name === 'string' ? { name: object.name } : {}) });
  }
  const remove = createdKeys.map((key) => {
    const [type, id] = splitKey(key);
    return { type, id };
  });
  remove.sort(
    (a, b) =>
      commitOrder([a.type, b.type]).indexOf(a.type) - commitOrder([a.type, b.type]).indexOf(b.type) ||
      a.id.localeCompare(b.id),
  );
  const body = {
    package: name,
    fromVersion: record.current.version,
    ...(previous ? { toVersion: previous.version } : {}),
    target: { url: client.baseUrl },
    restore,
    remove,
    kept,
  };
  return { plan: { ...body, hash: sha256(stableStringify(body)) }, record, restorePayload, warnings };
}

/**
 * Every object the rollback touches must be in a state edupkg produced: as the install left it
 * (its recorded hash) or as the rollback leaves it (an interrupted rollback being finished).
 */
async function verifyRollbackTargets(
  client: Dhis2Client,
  record: LedgerRecord,
  restoreEntries: Array<[string, MetadataObject]>,
  createdKeys: string[],
): Promise<void> {
  const entry = record.current;
  const live = await readLiveByKey(client, [...restoreEntries.map(([k]) => k), ...createdKeys]);
  const mismatches: Mismatch[] = [];
  for (const key of createdKeys) {
    const object = live.get(key);
    if (object && !matchesRecorded(entry, key, object))
      mismatches.push({ key, why: 'changed since install' });
  }
  for (const [key, before] of restoreEntries) {
    const object = live.get(key);
    const pruned = Object.hasOwn(entry.snapshot.deleted, key);
    if (!object) {
      if (!pruned) mismatches.push({ key, why: 'deleted since install' });
    } else if (!matchesSnapshot(key, object, before) && (pruned || !matchesRecorded(entry, key, object)))
      mismatches.push({ key, why: pruned ? 'recreated since install' : 'changed since install' });
  }
  refuseMismatches(
    client,
    'rollback',
    entry.package,
    mismatches,
    'Put those objects back as installed (see `edupkg status` and `edupkg diff`), or change them by hand; a ledger record edited outside edupkg is never acted upon',
  );
}

/**
 * Restores the snapshot (one atomic import), removes what the install created (one request per
 * type, dependents first), rewinds the ledger. Those are several requests: if one fails, the
 * objects as they were just before are imported back, so the server is left as it was; if even
 * that fails, the journal in the lock makes the next `rollback` finish the job.
 */
export async function applyRollback(
  client: Dhis2Client,
  prepared: PreparedRollback,
  options: {
    expectedPlanHash?: string;
    onProgress?: ProgressListener;
    journal?: Pick<HeldLock, 'begin' | 'settle'>;
  } = {},
): Promise<RollbackResult> {
  const { plan, record } = prepared;
  const onProgress = options.onProgress ?? ignoreProgress;
  if (options.expectedPlanHash && options.expectedPlanHash !== plan.hash) {
    throw conflictError(
      'PLAN_CHANGED',
      `the rollback plan changed since it was shown (${options.expectedPlanHash.slice(0, 12)} ≠ ${plan.hash.slice(0, 12)})`,
    );
  }
  await options.journal?.begin({
    kind: 'rollback',
    startedAt: new Date().toISOString(),
    package: plan.package,
    installedAt: record.current.installedAt,
  });
  const beforeRollback = await readTouched(client, plan);
  let changed = false;
  let removal: { deleted: string[]; kept: Array<{ key: string; reason: string }> } = {
    deleted: [],
    kept: [],
  };
  try {
    if (plan.restore.length > 0) {
      onProgress({ kind: 'phase', phase: 'restore', message: `Restoring ${plan.restore.length} objects` });
      // Owned content comes back; assignments and sharing made since stay as they are now.
      const { objects, shapes } = record.current;
      const restore = withLiveLocalConfiguration(prepared.restorePayload, beforeRollback, (type, id) => {
        const entry = objects[`${type}/${id}`];
        return entry ? shapes[entry.shape] : undefined;
      });
      await sendAtomically(client, restore, {
        onProgress,
        onCommitSent: () => (changed = true),
      });
    }
    onProgress({ kind: 'phase', phase: 'delete', message: `Removing ${plan.remove.length} objects` });
    changed ||= plan.remove.length > 0;
    if (plan.remove.length > 0) removal = await deleteInReverseOrder(client, plan.remove, onProgress);
  } catch (error) {
    if (!changed) {
      options.journal?.settle();
      throw error;
    }
    throw await putBack(client, beforeRollback, error, plan.package, options.journal);
  }
  const previous = record.history[record.history.length - 1];
  try {
    if (previous)
      await writeLedgerRecord(client, { current: previous, history: record.history.slice(0, -1) });
    else await removeLedgerRecord(client, plan.package);
  } catch (error) {
    throw withNote(
      error,
      `the objects are rolled back but the ledger is not; run \`edupkg rollback ${plan.package}\` again to finish`,
    );
  }
  options.journal?.settle();
  return {
    package: plan.package,
    fromVersion: plan.fromVersion,
    ...(plan.toVersion ? { toVersion: plan.toVersion } : {}),
    restored: plan.restore.length,
    removed: removal.deleted.length,
    kept: [...plan.kept, ...removal.kept],
  };
}

/** Every object the rollback restores or removes, as the server holds it now. */
async function readTouched(client: Dhis2Client, plan: RollbackPlan): Promise<MetadataBundle> {
  const idsByType: Record<string, string[]> = {};
  for (const { type, id } of [...plan.restore, ...plan.remove]) (idsByType[type] ??= []).push(id);
  const live = await readObjects(client, idsByType);
  return Object.fromEntries(Object.entries(live).map(([type, list]) => [type, list.map(snapshotOf)]));
}

/** Imports the pre-rollback objects back after a failure half-way; returns the error to report. */
async function putBack(
  client: Dhis2Client,
  beforeRollback: MetadataBundle,
  error: unknown,
  name: string,
  journal: Pick<HeldLock, 'settle'> | undefined,
): Promise<unknown> {
  try {
    if (Object.keys(beforeRollback).length > 0) await sendAtomically(client, beforeRollback);
  } catch {
    return withNote(error, `the rollback is half done; run \`edupkg rollback ${name}\` again to finish it`);
  }
  journal?.settle();
  return withNote(error, 'the server was put back as it was before the rollback');
}
