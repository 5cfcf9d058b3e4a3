import type { Dhis2Client } from '../../dhis2/client.js';
import { driftedFields, liveHash } from '../ownership/index.js';
import type { MetadataObject } from '../package/types.js';
import { isPendingOperation } from './journal.js';
import { inspectLedger } from './ledger.js';
import { readLockState, type LockState } from './lock-state.js';
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
  /** A run stopped between changing the server and recording it: the lock still carries its journal. */
  interrupted?: { kind: 'install' | 'rollback'; packages: string[]; startedAt: string };
  /** Ledger records that failed their checks (never acted upon), with the reason. */
  unreadable?: Array<{ key: string; problem: string }>;
}

/** Installed packages from the ledger, and every owned object changed or deleted on the server since. */
export async function readStatus(
  client: Dhis2Client,
  serverVersion: string,
  only?: string[],
): Promise<StatusResult> {
  const view = await inspectLedger(client);
  const ledger = view.records;
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
  const interrupted = unfinishedRun(await readLockState(client), ledger);
  const unreadable = Object.entries(view.unreadable).map(([key, problem]) => ({ key, problem }));
  return {
    target: { url: client.baseUrl, dhis2Version: serverVersion },
    packages,
    drifted: packages.some((p) => p.drift.length > 0),
    ...(interrupted ? { interrupted } : {}),
    ...(unreadable.length > 0 ? { unreadable } : {}),
  };
}

/** The journal a run left in the lock, when the ledger does not yet tell its end. */
function unfinishedRun(lock: LockState, ledger: Record<string, LedgerRecord>): StatusResult['interrupted'] {
  const pending = [lock.top, lock.legacy].map((r) => r?.value?.pending).find(isPendingOperation);
  if (!pending) return undefined;
  if (pending.kind === 'rollback') {
    const unfinished = ledger[pending.package]?.current.installedAt === pending.installedAt;
    return unfinished
      ? { kind: 'rollback', packages: [pending.package], startedAt: pending.startedAt }
      : undefined;
  }
  const recorded = pending.records.every(
    (r) => ledger[r.current.package]?.current.installedAt === r.current.installedAt,
  );
  if (recorded) return undefined;
  return {
    kind: 'install',
    packages: pending.records.map((r) => r.current.package),
    startedAt: pending.startedAt,
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
