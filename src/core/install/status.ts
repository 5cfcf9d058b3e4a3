import type { Dhis2Client } from '../../dhis2/client.js';
import { driftedFields, liveHash } from '../ownership/index.js';
import type { MetadataObject } from '../package/types.js';
import { readLedger } from './ledger.js';
import { splitKey } from './plan.js';
import { readObjects } from './read-state.js';
import type { LedgerRecord } from './types.js';

export interface DriftItem {
  type: string;
  id: string;
  name?: string;
  state: 'changed' | 'deleted';
  /** For changed objects: the owned fields that differ (JSON pointers), when the ledger can tell. */
  fields?: string[];
}

export interface PackageStatus {
  name: string;
  version: string;
  installedAt: string;
  toolVersion: string;
  serverVersion: string;
  parameters: Record<string, string>;
  objects: number;
  previousVersions: string[];
  /** The country profile it was installed with (absent: generic, or not recorded). */
  profile?: { name: string; hash?: string };
  drift: DriftItem[];
}

export interface StatusResult {
  target: { url: string; dhis2Version: string };
  packages: PackageStatus[];
  drifted: boolean;
}

/** Installed packages from the ledger, and every owned object changed or deleted on the server since. */
export async function readStatus(
  client: Dhis2Client,
  serverVersion: string,
  only?: string[],
): Promise<StatusResult> {
  const ledger = await readLedger(client);
  const records = Object.values(ledger).filter((r) => !only?.length || only.includes(r.current.package));
  const toRead: Record<string, string[]> = {};
  for (const record of records) {
    for (const key of Object.keys(record.current.objects)) {
      const [type, id] = splitKey(key);
      (toRead[type] ??= []).push(id);
    }
  }
  const liveBundle = await readObjects(client, toRead);
  const live = new Map<string, MetadataObject>();
  for (const [type, list] of Object.entries(liveBundle))
    for (const o of list) live.set(`${type}/${String(o.id)}`, o);
  const packages = records.map((record) => packageStatus(record, live));
  return {
    target: { url: client.baseUrl, dhis2Version: serverVersion },
    packages,
    drifted: packages.some((p) => p.drift.length > 0),
  };
}

function briefProfile({ name, hash }: NonNullable<LedgerRecord['current']['profile']>) {
  return { name, ...(hash ? { hash } : {}) };
}

function packageStatus(record: LedgerRecord, live: Map<string, MetadataObject>): PackageStatus {
  const entry = record.current;
  const drift: DriftItem[] = [];
  for (const [key, { hash, shape, fields }] of Object.entries(entry.objects).sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    const [type, id] = splitKey(key);
    const object = live.get(key);
    const objectShape = entry.shapes[shape] ?? {};
    // The comparison install and diff make: owned content only, seen through the package's shape.
    if (!object) drift.push({ type, id, state: 'deleted' });
    else if (liveHash(type, object, objectShape) !== hash) {
      drift.push({
        type,
        id,
        ...(typeof object.name === 'string' ? { name: object.name } : {}),
        state: 'changed',
        ...(fields === undefined ? {} : { fields: driftedFields(type, object, objectShape, fields) }),
      });
    }
  }
  return {
    name: entry.package,
    version: entry.version,
    installedAt: entry.installedAt,
    toolVersion: entry.toolVersion,
    serverVersion: entry.serverVersion,
    parameters: entry.parameters,
    objects: Object.keys(entry.objects).length,
    previousVersions: record.history.map((h) => h.version),
    ...(entry.profile ? { profile: briefProfile(entry.profile) } : {}),
    drift,
  };
}
