import type { Dhis2Client } from '../../dhis2/client.js';
import { conflictError } from '../../errors/index.js';
import { stableStringify } from '../package/canonical.js';
import { ignoreProgress, type ProgressListener } from '../progress.js';
import { nextLedgerRecord, writeLedgerRecord } from './ledger.js';
import type { Shape } from './object-shape.js';
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

  let imports = 0;
  const hasPayload = Object.keys(prepared.payload).length > 0;
  if (hasPayload)
    imports += (
      await sendAtomically(client, prepared.payload, { maxPayloadBytes: options.maxPayloadBytes, onProgress })
    ).requests;
  const deletes = prepared.packages.flatMap((w) => w.deletes);
  const pruned =
    deletes.length > 0 ? await deleteInReverseOrder(client, deletes, onProgress) : { deleted: [], kept: [] };
  imports += deletes.length > 0 ? new Set(deletes.map((d) => d.type)).size : 0;

  onProgress({
    kind: 'phase',
    phase: 'ledger',
    message: 'Recording the install in the dataStore (namespace edupkg)',
  });
  const now = (options.now ?? (() => new Date()))().toISOString();
  const packages: InstallResult['packages'] = [];
  for (const work of prepared.packages) {
    const planned = plan.packages.find((p) => p.name === work.name)!;
    if (work.changed)
      await writeLedgerRecord(
        client,
        nextLedgerRecord(work.previous, ledgerEntry(work, prepared, options.toolVersion, now, pruned.kept)),
      );
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
  for (const [key, { hash, shape }] of Object.entries(work.objects).sort(([a], [b]) => a.localeCompare(b))) {
    const text = stableStringify(shape);
    let index = shapeIndex.get(text);
    if (index === undefined) {
      index = shapes.push(shape) - 1;
      shapeIndex.set(text, index);
    }
    objects[key] = { hash, shape: index };
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
    objects,
    shapes,
    remaps: work.remaps,
    snapshot: { created: [...work.created].sort(), overwritten: work.overwritten, deleted },
  };
}
