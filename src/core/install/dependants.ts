import semver from 'semver';
import type { Dhis2Client } from '../../dhis2/client.js';
import { conflictError, usageError } from '../../errors/index.js';
import type { LedgerView } from './ledger.js';
import type { LedgerRecord } from './types.js';

/** An installed package that stops working when another one goes or goes back. */
export interface BrokenDependant {
  package: string;
  version: string;
  needs: string;
  range: string;
}

/**
 * Installed packages (other than `leaving`) that depend on one of `leaving` and would no longer
 * be satisfied: the dependency goes entirely, or back to a version outside their range.
 */
export function brokenDependants(
  records: Record<string, LedgerRecord>,
  leaving: ReadonlyMap<string, string | undefined>,
): BrokenDependant[] {
  const broken: BrokenDependant[] = [];
  for (const { current } of Object.values(records)) {
    if (leaving.has(current.package)) continue;
    for (const [needs, range] of Object.entries(current.dependencies)) {
      if (!leaving.has(needs)) continue;
      const remaining = leaving.get(needs);
      if (remaining !== undefined && semver.satisfies(remaining, range)) continue;
      broken.push({ package: current.package, version: current.version, needs, range });
    }
  }
  return broken.sort((a, b) => a.package.localeCompare(b.package));
}

export const describeBroken = (b: BrokenDependant) =>
  `${b.package} ${b.version} (needs ${b.needs} ${b.range})`;

/** Refuses (exit 8) unless `force`; forced, returns the warnings that say what breaks. */
export function refuseOrWarnDependants(
  client: Dhis2Client,
  action: 'rollback' | 'uninstall',
  broken: BrokenDependant[],
  force: boolean,
): string[] {
  if (broken.length === 0) return [];
  const list = broken.map(describeBroken).join(', ');
  if (!force) {
    throw conflictError(
      'DEPENDANTS_INSTALLED',
      `${client.baseUrl}: ${action} refused, installed packages depend on it: ${list}`,
      {
        fix: `${action === 'uninstall' ? 'Uninstall them first (or together)' : 'Roll back or uninstall them first'}, or pass --force-dependants to break them`,
        details: { dependants: broken },
      },
    );
  }
  return broken.map((b) => `--force-dependants: ${describeBroken(b)} will break`);
}

/** The checked record of `name`, or the reason it cannot be acted upon. */
export function requireRecord(client: Dhis2Client, ledger: LedgerView, name: string): LedgerRecord {
  const record = ledger.records[name];
  if (record) return record;
  const problem = ledger.unreadable[name];
  if (problem !== undefined) {
    throw conflictError(
      'LEDGER_UNREADABLE',
      `${client.baseUrl}: the ledger record of ${name} (dataStore edupkg/${name}) ${problem}; nothing was changed`,
      {
        fix: 'Find out who changed it (dataStore audit, other admins); restore the record from a backup, or remove the objects by hand',
      },
    );
  }
  throw usageError('NOT_INSTALLED', `${name}: not installed on ${client.baseUrl} (no ledger record)`, {
    fix: 'See `edupkg status`',
  });
}

/** "type/id" -> the other installed package that also owns it. */
export function ownedByOthers(
  records: Record<string, LedgerRecord>,
  leaving: ReadonlySet<string>,
): Map<string, string> {
  const owners = new Map<string, string>();
  for (const { current } of Object.values(records)) {
    if (leaving.has(current.package)) continue;
    for (const key of Object.keys(current.objects)) if (!owners.has(key)) owners.set(key, current.package);
  }
  return owners;
}
