import type { Dhis2Client } from '../../dhis2/client.js';
import { checkLedgerRecord, sealLedgerRecord } from './ledger-check.js';
import { isLockKey, LEDGER_NAMESPACE, type LedgerEntry, type LedgerRecord } from './types.js';

/** How many earlier versions a package's ledger keeps (each with its rollback snapshot). */
export const LEDGER_HISTORY_LIMIT = 5;

export interface LedgerView {
  /** Records that passed the checks (legacy ones included). */
  records: Record<string, LedgerRecord>;
  /** Keys whose record failed the checks, with the reason: never acted upon. */
  unreadable: Record<string, string>;
  /** Packages whose record has no integrity digest (written by edupkg 0.1.0). */
  legacy: string[];
}

/**
 * The install ledger: one dataStore key per package in namespace `edupkg`, each record checked
 * (ledger-check.ts). Reading it costs one request on a server where nothing is installed, none
 * when the caller holds the lock and passes the key list read while taking it.
 */
export async function inspectLedger(client: Dhis2Client, namespaceKeys?: string[]): Promise<LedgerView> {
  const keys = (namespaceKeys ?? (await client.dataStore.keys(LEDGER_NAMESPACE)))
    .filter((k) => !isLockKey(k))
    .sort();
  const view: LedgerView = { records: {}, unreadable: {}, legacy: [] };
  for (const key of keys) {
    const checked = checkLedgerRecord(key, await client.dataStore.get(LEDGER_NAMESPACE, key));
    if (checked.problem !== undefined) view.unreadable[key] = checked.problem;
    else {
      view.records[key] = checked.record;
      if (checked.legacy) view.legacy.push(key);
    }
  }
  return view;
}

/** The records that passed the checks, by package name. */
export async function readLedger(client: Dhis2Client): Promise<Record<string, LedgerRecord>> {
  return (await inspectLedger(client)).records;
}

export async function writeLedgerRecord(client: Dhis2Client, record: LedgerRecord): Promise<void> {
  await client.dataStore.put(LEDGER_NAMESPACE, record.current.package, sealLedgerRecord(record));
}

export async function removeLedgerRecord(client: Dhis2Client, name: string): Promise<void> {
  await client.dataStore.remove(LEDGER_NAMESPACE, name);
}

/** The new record after installing `entry`: the previous current version moves to history. */
export function nextLedgerRecord(previous: LedgerRecord | undefined, entry: LedgerEntry): LedgerRecord {
  if (!previous) return { current: entry, history: [] };
  return { current: entry, history: [...previous.history, previous.current].slice(-LEDGER_HISTORY_LIMIT) };
}
