import type { Dhis2Client } from '../../dhis2/client.js';
import { conflictError, usageError } from '../../errors/index.js';
import { stableStringify } from '../package/canonical.js';
import { sha256 } from '../package/checksums.js';
import { ignoreProgress, type ProgressListener } from '../progress.js';
import { readLedger, removeLedgerRecord } from './ledger.js';
import { splitKey } from './plan.js';
import { deleteInReverseOrder } from './send.js';
import type { LedgerRecord } from './types.js';

export interface UninstallPlan {
  target: { url: string };
  /** Dependents first. */
  packages: Array<{
    name: string;
    version: string;
    remove: Array<{ type: string; id: string }>;
    shared: string[];
  }>;
  hash: string;
}

export interface UninstallResult {
  packages: Array<{
    name: string;
    version: string;
    removed: number;
    kept: Array<{ key: string; reason: string }>;
  }>;
}

/**
 * What uninstalling means: each package's owned objects, minus those another installed package
 * also owns. Refused while a package that stays installed depends on one being removed.
 */
export async function planUninstall(client: Dhis2Client, names: string[]): Promise<UninstallPlan> {
  const ledger = await readLedger(client);
  for (const name of names) {
    if (!ledger[name])
      throw usageError('NOT_INSTALLED', `${name}: not installed on ${client.baseUrl} (no ledger record)`, {
        fix: 'See `edupkg status`',
      });
  }
  const leaving = new Set(names);
  for (const record of Object.values(ledger)) {
    if (leaving.has(record.current.package)) continue;
    const needed = Object.keys(record.current.dependencies ?? {}).find((d) => leaving.has(d));
    if (needed) {
      throw conflictError(
        'DEPENDENT_INSTALLED',
        `${needed}: ${record.current.package} ${record.current.version} depends on it`,
        {
          fix: `Uninstall ${record.current.package} first (or together: edupkg uninstall ${record.current.package} ${needed})`,
        },
      );
    }
  }
  const staying = Object.values(ledger).filter((r) => !leaving.has(r.current.package));
  const ownedElsewhere = new Set(staying.flatMap((r) => Object.keys(r.current.objects)));
  const packages = orderDependentsFirst(names.map((n) => ledger[n]!)).map((record) => {
    const keys = Object.keys(record.current.objects).sort();
    return {
      name: record.current.package,
      version: record.current.version,
      remove: keys
        .filter((k) => !ownedElsewhere.has(k))
        .map((k) => {
          const [type, id] = splitKey(k);
          return { type, id };
        }),
      shared: keys.filter((k) => ownedElsewhere.has(k)),
    };
  });
  const body = { target: { url: client.baseUrl }, packages };
  return { ...body, hash: sha256(stableStringify(body)) };
}

/** Removes each package's objects (dependents first, one request per type) and its ledger record. */
export async function applyUninstall(
  client: Dhis2Client,
  plan: UninstallPlan,
  onProgress: ProgressListener = ignoreProgress,
): Promise<UninstallResult> {
  const packages: UninstallResult['packages'] = [];
  for (const pkg of plan.packages) {
    onProgress({
      kind: 'phase',
      phase: 'delete',
      message: `Removing ${pkg.name} (${pkg.remove.length} objects)`,
    });
    const { deleted, kept } =
      pkg.remove.length > 0
        ? await deleteInReverseOrder(client, pkg.remove, onProgress)
        : { deleted: [], kept: [] };
    await removeLedgerRecord(client, pkg.name);
    packages.push({ name: pkg.name, version: pkg.version, removed: deleted.length, kept });
  }
  return { packages };
}

function orderDependentsFirst(records: LedgerRecord[]): LedgerRecord[] {
  const names = new Set(records.map((r) => r.current.package));
  const ordered: LedgerRecord[] = [];
  const visit = (record: LedgerRecord, seen: Set<string>) => {
    if (ordered.includes(record) || seen.has(record.current.package)) return;
    seen.add(record.current.package);
    // Packages depending on this one go first.
    for (const other of records) {
      if (
        Object.hasOwn(other.current.dependencies ?? {}, record.current.package) &&
        names.has(other.current.package)
      )
        visit(other, seen);
    }
    ordered.push(record);
  };
  for (const record of [...records].sort((a, b) => a.current.package.localeCompare(b.current.package)))
    visit(record, new Set());
  return ordered;
}
