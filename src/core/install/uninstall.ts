import type { Dhis2Client } from '../../dhis2/client.js';
import { stableStringify } from '../package/canonical.js';
import { sha256 } from '../package/checksums.js';
import { ignoreProgress, type ProgressListener } from '../progress.js';
import { brokenDependants, ownedByOthers, refuseOrWarnDependants, requireRecord } from './dependants.js';
import { inspectLedger, removeLedgerRecord } from './ledger.js';
import { splitKey } from './plan.js';
import { deleteInReverseOrder } from './send.js';
import type { LedgerRecord } from './types.js';
import { matchesRecorded, readLiveByKey, refuseMismatches } from './verify-live.js';

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
  /** Dependants a forced uninstall breaks; legacy ledger records (not part of the hash). */
  warnings: string[];
}

export interface UninstallResult {
  packages: Array<{
    name: string;
    version: string;
    removed: number;
    kept: Array<{ key: string; reason: string }>;
  }>;
}

export interface UninstallOptions {
  /** Uninstall even though installed packages depend on these (they are listed as breaking). */
  forceDependants?: boolean;
}

/**
 * What uninstalling means: each package's owned objects, minus those another installed package
 * also owns (they stay until their last owner goes). Refused while a package that stays installed
 * depends on one being removed, and — naming the objects — when an object to remove is no longer
 * as the install left it.
 */
export async function planUninstall(
  client: Dhis2Client,
  names: string[],
  options: UninstallOptions = {},
): Promise<UninstallPlan> {
  const ledger = await inspectLedger(client);
  const leavingRecords = names.map((name) => requireRecord(client, ledger, name));
  const leaving = new Set(names);
  const warnings = refuseOrWarnDependants(
    client,
    'uninstall',
    brokenDependants(ledger.records, new Map(names.map((n) => [n, undefined]))),
    options.forceDependants ?? false,
  );
  for (const name of names.filter((n) => ledger.legacy.includes(n)))
    warnings.push(
      `${name}: ledger record written by edupkg 0.1.0 (no integrity digest); every object was checked against the server instead`,
    );
  const ownedElsewhere = ownedByOthers(ledger.records, leaving);
  const taken = new Set<string>();
  const packages = orderDependentsFirst(leavingRecords).map((record) => {
    const keys = Object.keys(record.current.objects).sort();
    // Two leaving packages sharing an object: the first one removes it.
    const mine = keys.filter((k) => !ownedElsewhere.has(k) && !taken.has(k));
    for (const k of mine) taken.add(k);
    return { record, mine, shared: keys.filter((k) => ownedElsewhere.has(k)) };
  });
  const live = await readLiveByKey(
    client,
    packages.flatMap((p) => p.mine),
  );
  for (const { record, mine } of packages) {
    const mismatches = mine
      .filter((key) => live.has(key) && !matchesRecorded(record.current, key, live.get(key)!))
      .map((key) => ({ key, why: 'changed since install' }));
    refuseMismatches(
      client,
      'uninstall',
      record.current.package,
      mismatches,
      'Put those objects back as installed (see `edupkg status` and `edupkg diff`) or remove them by hand; a ledger record edited outside edupkg is never acted upon',
    );
  }
  const body = {
    target: { url: client.baseUrl },
    packages: packages.map(({ record, mine, shared }) => ({
      name: record.current.package,
      version: record.current.version,
      remove: mine.map((k) => {
        const [type, id] = splitKey(k);
        return { type, id };
      }),
      shared,
    })),
  };
  return { ...body, hash: sha256(stableStringify(body)), warnings };
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
