import type { Dhis2Client } from '../../dhis2/client.js';
import { conflictError, EdupkgError, EXIT } from '../../errors/index.js';
import { stableStringify } from '../package/canonical.js';
import { ignoreProgress, type ProgressListener } from '../progress.js';
import { withNote } from './journal.js';
import { nextLedgerRecord, writeLedgerRecord } from './ledger.js';
import type { HeldLock } from './lock.js';
import type { Shape } from '../ownership/index.js';
import type { PackageWork, PreparedInstall } from './plan.js';
import { deleteInReverseOrder, sendAtomically } from './send.js';
import type { InstallCounts, LedgerEntry, PlannedPackage } from './types.js';

export interface ApplyOptions {
  /** The hash of the plan the user approved; a different plan now means the server changed. */
  expectedPlanHash?: string;
  toolVersion: string;
  maxPayloadBytes?: number;
  now?: () => Date;
  onProgress?: ProgressListener;
  /** Where the records-to-be are kept while the server changes (the held lock). */
  journal?: Pick<HeldLock, 'begin' | 'settle'>;
}

export interface InstallResult {
  planHash: string;
  target: { url: string; dhis2Version: string };
  packages: Array<
    Pick<PlannedPackage, 'name' | 'version' | 'mode' | 'installedVersion'> & { ledgerWritten: boolean }
  >;
  counts: InstallCounts;
  keptLocal: Array<{ type: string; id: string; reason: string }>;
  keptReferenced: Array<{ key: string; reason: string }>;
  requests: { imports: number };
}

/**
 * Applies a prepared plan: refuses conflicts and changed plans (exit 8, nothing sent), imports
 * atomically, prunes, then records each package in the ledger with what is needed to undo it.
 */
export async function applyInstall(
  client: Dhis2Client,
  prepared: PreparedInstall,
  options: ApplyOptions,
): Promise<InstallResult> {
  const { plan } = prepared;
  const onProgress = options.onProgress ?? ignoreProgress;
  if (options.expectedPlanHash && options.expectedPlanHash !== plan.hash) {
    throw conflictError(
      'PLAN_CHANGED',
      `the server no longer matches the approved plan (${options.expectedPlanHash.slice(0, 12)} ≠ ${plan.hash.slice(0, 12)})`,
      {
        fix: 'Run `edupkg plan` again, review it, and approve the new hash',
      },
    );
  }
  if (plan.conflicts.length > 0) {
    const first = plan.conflicts[0]!;
    throw conflictError(
      'UNRESOLVED',
      `${plan.conflicts.length} conflict(s), nothing was sent: ${first.message}`,
      {
        objectType: first.type,
        objectId: first.id,
        ...(first.field ? { field: first.field } : {}),
        details: { conflicts: plan.conflicts },
        fix: 'Rename or remove the existing objects on the server, or change the package, then plan again',
      },
    );
  }

  const now = (options.now ?? (() => new Date()))().toISOString();
  const changed = prepared.packages.filter((w) => w.changed);
  const recordsFor = (kept: Array<{ key: string }>) =>
    changed.map((work) =>
      nextLedgerRecord(work.previous, ledgerEntry(work, prepared, options.toolVersion, now, kept)),
    );
  let records = recordsFor([]);
  if (changed.length > 0) await options.journal?.begin({ kind: 'install', startedAt: now, records });

  let imports = 0;
  let commitSent = false;
  const hasPayload = Object.keys(prepared.payload).length > 0;
  const deletes = prepared.packages.flatMap((w) => w.deletes);
  let pruned: Awaited<ReturnType<typeof deleteInReverseOrder>> = { deleted: [], kept: [] };
  try {
    if (hasPayload)
      imports += (
        await sendAtomically(client, prepared.payload, {
          maxPayloadBytes: options.maxPayloadBytes,
          onProgress,
          onCommitSent: () => (commitSent = true),
        })
      ).requests;
    commitSent ||= deletes.length > 0;
    if (deletes.length > 0) pruned = await deleteInReverseOrder(client, deletes, onProgress);
    imports += deletes.length > 0 ? new Set(deletes.map((d) => d.type)).size : 0;
  } catch (error) {
    // DHIS2 answered "no" to everything sent: nothing changed, nothing to remember.
    if (!commitSent || isDefiniteRefusal(error)) {
      options.journal?.settle();
      throw error;
    }
    throw withNote(
      error,
      'the server may have applied the import without answering; the next run checks it and records what arrived',
    );
  }

  onProgress({
    kind: 'phase',
    phase: 'ledger',
    message: 'Recording the install in the dataStore (namespace edupkg)',
  });
  if (pruned.kept.length > 0) records = recordsFor(pruned.kept);
  try {
    for (const record of records) await writeLedgerRecord(client, record);
  } catch (error) {
    throw withNote(
      error,
      'the packages are installed but not yet recorded; run the same command again to record them',
    );
  }
  options.journal?.settle();
  const packages: InstallResult['packages'] = [];
  for (const work of prepared.packages) {
    const planned = plan.packages.find((p) => p.name === work.name)!;
    packages.push({
      name: work.name,
      version: work.version,
      mode: planned.mode,
      ...(planned.installedVersion ? { installedVersion: planned.installedVersion } : {}),
      ledgerWritten: work.changed,
    });
  }
  onProgress({ kind: 'phase', phase: 'done', message: 'Done' });
  const ops = plan.operations;
  return {
    planHash: plan.hash,
    target: plan.target,
    packages,
    counts: {
      created: ops.filter((o) => o.action === 'create').length,
      updated: ops.filter((o) => o.action === 'update').length,
      unchanged: ops.filter((o) => o.action === 'unchanged').length,
      keptLocal: ops.filter((o) => o.action === 'keep-local').length,
      deleted: pruned.deleted.length,
    },
    keptLocal: ops
      .filter((o) => o.action === 'keep-local')
      .map((o) => ({ type: o.type, id: o.id, reason: o.reason ?? '' })),
    keptReferenced: pruned.kept,
    requests: { imports },
  };
}

/** An import report saying the import was refused: DHIS2 committed nothing (atomicMode=ALL). */
function isDefiniteRefusal(error: unknown): boolean {
  return (
    error instanceof EdupkgError &&
    error.exitCode === EXIT.IMPORT_REJECTED &&
    !/already committed/.test(error.message)
  );
}

function ledgerEntry(
  work: PackageWork,
  prepared: PreparedInstall,
  toolVersion: string,
  installedAt: string,
  keptAfterPrune: Array<{ key: string }>,
): LedgerEntry {
  const shapes: Shape[] = [];
  const shapeIndex = new Map<string, number>();
  const objects: LedgerEntry['objects'] = {};
  for (const [key, { hash, shape, fields }] of Object.entries(work.objects).sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    const text = stableStringify(shape);
    let index = shapeIndex.get(text);
    if (index === undefined) {
      index = shapes.push(shape) - 1;
      shapeIndex.set(text, index);
    }
    objects[key] = fields === undefined ? { hash, shape: index } : { hash, shape: index, fields };
  }
  const kept = new Set(keptAfterPrune.map((k) => k.key));
  const deleted = Object.fromEntries(Object.entries(work.deleted).filter(([key]) => !kept.has(key)));
  return {
    package: work.name,
    version: work.version,
    checksum: work.checksum,
    dependencies: work.dependencies,
    parameters: work.parameters,
    installedAt,
    toolVersion,
    serverVersion: prepared.serverVersion,
    planHash: prepared.plan.hash,
    ...(work.profile ? { profile: work.profile } : {}),
    objects,
    shapes,
    remaps: work.remaps,
    snapshot: { created: [...work.created].sort(), overwritten: work.overwritten, deleted },
  };
}
