import type { Dhis2Client } from '../../dhis2/client.js';
import { conflictError } from '../../errors/index.js';
import type { MetadataObject } from '../package/types.js';
import { contentHash, liveHash, ownedContent, shapeOf } from '../ownership/index.js';
import { splitKey } from './plan.js';
import { readObjects } from './read-state.js';
import type { LedgerEntry } from './types.js';

/** The live objects behind "type/id" keys (one request per type). */
export async function readLiveByKey(
  client: Dhis2Client,
  keys: string[],
): Promise<Map<string, MetadataObject>> {
  const idsByType: Record<string, string[]> = {};
  for (const key of keys) {
    const [type, id] = splitKey(key);
    (idsByType[type] ??= []).push(id);
  }
  const live = new Map<string, MetadataObject>();
  for (const [type, list] of Object.entries(await readObjects(client, idsByType)))
    for (const object of list) live.set(`${type}/${String(object.id)}`, object);
  return live;
}

/** The live object holds what the entry recorded for it (the install's content hash). */
export function matchesRecorded(entry: LedgerEntry, key: string, live: MetadataObject): boolean {
  const recorded = entry.objects[key];
  if (!recorded) return false;
  return liveHash(splitKey(key)[0], live, entry.shapes[recorded.shape] ?? {}) === recorded.hash;
}

/** The live object holds the content of `snapshot` (what a rollback puts back). */
export function matchesSnapshot(key: string, live: MetadataObject, snapshot: MetadataObject): boolean {
  const type = splitKey(key)[0];
  return liveHash(type, live, shapeOf(ownedContent(type, snapshot))) === contentHash(type, snapshot);
}

export interface Mismatch {
  key: string;
  why: string;
}

/** Refuses an action on objects that are not as edupkg recorded them, naming them; nothing changed. */
export function refuseMismatches(
  client: Dhis2Client,
  action: string,
  name: string,
  mismatches: Mismatch[],
  fix: string,
): void {
  if (mismatches.length === 0) return;
  const shown = mismatches.slice(0, 5).map((m) => `${m.key} (${m.why})`);
  const more = mismatches.length > shown.length ? ` and ${mismatches.length - shown.length} more` : '';
  throw conflictError(
    'LEDGER_MISMATCH',
    `${client.baseUrl}: ${action} of ${name} refused, nothing was changed: ${mismatches.length} object(s) are not as edupkg recorded them: ${shown.join(', ')}${more}`,
    { fix, details: { mismatches } },
  );
}
