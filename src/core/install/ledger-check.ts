import { stableStringify } from '../package/canonical.js';
import { sha256 } from '../package/checksums.js';
import type { LedgerEntry, LedgerRecord } from './types.js';

/**
 * A ledger record is data other dataStore users can write, so it is checked before anything is
 * done on its strength: every field has its type, every object key is "type/uid", the snapshot
 * only names objects the entry owns, and the integrity digest matches. Extra fields (a newer
 * edupkg's, e.g. the profile) are kept: the digest covers them too.
 */
export type CheckedRecord =
  | { record: LedgerRecord; legacy: boolean; problem?: undefined }
  | { record?: undefined; legacy?: undefined; problem: string };

const OBJECT_KEY = /^[a-zA-Z]+\/[a-zA-Z][a-zA-Z0-9]{10}$/;
const DIGEST_PREFIX = 'edupkg-ledger-v1\n';

/** sha256 over the canonical record without its `integrity` field. */
export function ledgerDigest(record: LedgerRecord): string {
  const { integrity: _integrity, ...body } = record;
  return sha256(DIGEST_PREFIX + stableStringify(body));
}

/** The record as written: with its digest. */
export function sealLedgerRecord(record: LedgerRecord): LedgerRecord {
  const { integrity: _integrity, ...body } = record;
  return { ...body, integrity: { digest: ledgerDigest(body) } };
}

/** Checks a record read from dataStore key `key`; a record without digest is 0.1.0's (legacy). */
export function checkLedgerRecord(key: string, value: unknown): CheckedRecord {
  if (!isRecord(value)) return { problem: 'is not a JSON object' };
  if (!isRecord(value.current)) return { problem: 'has no "current" entry' };
  if (!Array.isArray(value.history)) return { problem: 'has no "history" list' };
  const entries = [value.current, ...(value.history as unknown[])];
  for (const [index, entry] of entries.entries()) {
    const where = index === 0 ? 'current' : `history[${index - 1}]`;
    const problem = entryProblem(entry);
    if (problem) return { problem: `${where}: ${problem}` };
    if ((entry as LedgerEntry).package !== key)
      return { problem: `${where}: names package "${(entry as LedgerEntry).package}", not "${key}"` };
  }
  const record = value as unknown as LedgerRecord;
  if (value.integrity === undefined) return { record, legacy: true };
  const integrity = value.integrity;
  const digest = isRecord(integrity) ? integrity.digest : undefined;
  if (typeof digest !== 'string') return { problem: 'has an unreadable "integrity" field' };
  if (digest !== ledgerDigest(record))
    return { problem: 'does not match its integrity digest (changed outside edupkg)' };
  return { record, legacy: false };
}

function entryProblem(entry: unknown): string | undefined {
  if (!isRecord(entry)) return 'is not an object';
  for (const field of [
    'package',
    'version',
    'checksum',
    'installedAt',
    'toolVersion',
    'serverVersion',
    'planHash',
  ] as const)
    if (typeof entry[field] !== 'string') return `"${field}" is not text`;
  for (const field of ['dependencies', 'parameters'] as const)
    if (!isRecord(entry[field]) || !Object.values(entry[field]).every((v) => typeof v === 'string'))
      return `"${field}" is not a map of text`;
  if (!Array.isArray(entry.shapes)) return '"shapes" is not a list';
  if (!Array.isArray(entry.remaps)) return '"remaps" is not a list';
  if (!isRecord(entry.objects)) return '"objects" is not a map';
  const shapes = entry.shapes.length;
  for (const [key, object] of Object.entries(entry.objects)) {
    if (!OBJECT_KEY.test(key)) return `object key "${key}" is not "type/uid"`;
    if (!isRecord(object) || typeof object.hash !== 'string') return `${key} has no content hash`;
    if (!Number.isInteger(object.shape) || (object.shape as number) < 0 || (object.shape as number) >= shapes)
      return `${key} points at no shape`;
  }
  return snapshotProblem(entry.snapshot, entry.objects);
}

function snapshotProblem(snapshot: unknown, objects: Record<string, unknown>): string | undefined {
  if (!isRecord(snapshot)) return '"snapshot" is not an object';
  const { created, overwritten, deleted } = snapshot;
  if (!Array.isArray(created) || !created.every((k) => typeof k === 'string'))
    return '"snapshot.created" is not a list of keys';
  // The install can only have created or overwritten objects it owns afterwards.
  const stray = created.find((k) => !Object.hasOwn(objects, k));
  if (stray !== undefined) return `snapshot.created names ${String(stray)}, which the entry does not own`;
  for (const [name, map] of [
    ['overwritten', overwritten],
    ['deleted', deleted],
  ] as const) {
    if (!isRecord(map)) return `"snapshot.${name}" is not a map`;
    for (const [key, object] of Object.entries(map)) {
      if (!OBJECT_KEY.test(key)) return `snapshot.${name} key "${key}" is not "type/uid"`;
      // A snapshot under one key must restore that object, not another.
      if (!isRecord(object) || object.id !== key.slice(key.indexOf('/') + 1))
        return `snapshot.${name}["${key}"] is not that object`;
      if (name === 'overwritten' && !Object.hasOwn(objects, key))
        return `snapshot.overwritten names ${key}, which the entry does not own`;
    }
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
