import type { Dhis2Client } from '../../dhis2/client.js';
import { isLockKey, LEDGER_NAMESPACE, type LedgerEntry, type LedgerRecord } from './types.js';

/** How many earlier versions a package's ledger keeps (each with its rollback snapshot). */
export const LEDGER_HISTORY_LIMIT = 5;

/**
 * The install ledger: one dataStore key per package in namespace `edupkg`. Reading it costs one
 * request on a server where nothing is installed (the namespace answers 404).
 */
export async function readLedger(client: Dhis2Client): Promise<Record<string, LedgerRecord>> {
  const keys = (await client.dataStore.keys(LEDGER_NAMESPACE)).filter((k) => !isLockKey(k)).sort();
  const records: Record<string, LedgerRecord> = {};
  for (const key of keys) {
    const value = await client.dataStore.get(LEDGER_NAMESPACE, key);
    if (isLedgerRecord(value)) records[key] = value;
  }
  return records;
}

export async function writeLedgerRecord(client: Dhis2Client, record: LedgerRecord): Promise<void> {
  await client.dataStore.put(LEDGER_NAMESPACE, record.current.package, record);
}

export async function removeLedgerRecord(client: Dhis2Client, name: string): Promise<void> {
  await client.dataStore.remove(LEDGER_NAMESPACE, name);
}

/** The new record after installing `entry`: the previous current version moves to history. */
export function nextLedgerRecord(previous: LedgerRecord | undefined, entry: LedgerEntry): LedgerRecord {
  if (!previous) return { current: entry, history: [] };
  return { current: entry, history: [...previous.history, previous.current].slice(-LEDGER_HISTORY_LIMIT) };
}

function isLedgerRecord(value: unknown): value is LedgerRecord {
  const current = (value as { current?: { package?: unknown; objects?: unknown } } | undefined)?.current;
  return (
    typeof current?.package === 'string' && typeof current.objects === 'object' && current.objects !== null
  );
}
