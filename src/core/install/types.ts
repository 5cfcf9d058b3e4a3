import type { PrivilegedChange } from '../package/privileged.js';
import type { FieldChange } from '../diff/index.js';
import type { MetadataObject } from '../package/types.js';
import type { Shape } from '../ownership/index.js';

export const LEDGER_NAMESPACE = 'edupkg';
/** The lock key of edupkg 0.1.0 (still honoured when another 0.1.0 run holds it). */
export const LOCK_KEY = 'lock';
/** Lock epochs `lock-1`, `lock-2`, …: the highest one is the lock (see lock.ts). */
const LOCK_EPOCH = /^lock-([1-9][0-9]{0,14})$/;

export const lockEpochKey = (epoch: number): string => `lock-${epoch}`;

/** The epoch number of a lock key, or undefined for any other key. */
export function lockEpochOf(key: string): number | undefined {
  const match = LOCK_EPOCH.exec(key);
  return match ? Number(match[1]) : undefined;
}

/** Keys of the namespace that belong to the lock, not to the ledger. */
export const isLockKey = (key: string): boolean => key === LOCK_KEY || lockEpochOf(key) !== undefined;
export const PLAN_FORMAT = 1;

/** What happens to one object. `keep-local`: changed on the server since install, left alone. */
export type OperationAction =
  'create' | 'update' | 'unchanged' | 'keep-local' | 'conflict' | 'drop' | 'delete';

export interface PlanOperation {
  action: OperationAction;
  type: string;
  id: string;
  code?: string;
  name?: string;
  package: string;
  /** Field changes (JSON pointers) for updates and local edits. */
  changes?: FieldChange[];
  /** Why: the conflict, the local edit that is kept, why an object is dropped. */
  reason?: string;
  /** Hash of the live object as read (part of the plan hash: a changed server changes the plan). */
  liveHash?: string;
}

export type ConflictKind = 'unique-value-taken' | 'config-placeholder' | 'dependency-installed-newer';

export interface PlanConflict {
  kind: ConflictKind;
  type: string;
  id: string;
  package: string;
  field?: string;
  value?: string;
  existingId?: string;
  message: string;
}

export interface PlanRemap {
  type: string;
  from: string;
  to: string;
  reason: 'default-category-model' | 'indicator-type-factor';
}

export interface PlannedPackage {
  name: string;
  version: string;
  checksum: string;
  /** install: not on the server; upgrade/downgrade: another version is; reinstall: the same one. */
  mode: 'install' | 'upgrade' | 'downgrade' | 'reinstall';
  installedVersion?: string;
  requestedBy?: string;
  parameters: Record<string, string>;
}

export interface PlanSummary {
  create: number;
  update: number;
  unchanged: number;
  keepLocal: number;
  conflict: number;
  drop: number;
  delete: number;
}

/** The serialisable plan: what `plan` prints, what `install` shows and applies. */
export interface InstallPlan {
  format: typeof PLAN_FORMAT;
  target: { url: string; dhis2Version: string };
  options: { overwriteLocal: boolean; prune: boolean };
  packages: PlannedPackage[];
  remaps: PlanRemap[];
  conflicts: PlanConflict[];
  operations: PlanOperation[];
  postInstall: PostInstallAction[];
  summary: PlanSummary;
  /** Users, roles, SQL views, group sharing: install needs --allow-privileged (absent when none). */
  privileged?: PrivilegedChange[];
  /** sha256 of the canonical JSON of everything above. */
  hash: string;
}

export type PostInstallAction =
  | {
      kind: 'assign-data-sets';
      package: string;
      dataSets: string[];
      orgUnitLevel?: number;
      orgUnitGroup?: string;
      orgUnits: number;
    }
  | { kind: 'share'; package: string; userGroups: string[]; access: string; objects: number };

/** The country profile a package was built from when it was installed. */
export interface LedgerProfile {
  /** Profile code ("sl", "gm"). */
  name: string;
  /** sha256 of the parsed profile, when the run had the profile itself. */
  hash?: string;
  /** Flattened facts ("levels.1.entryAge": 6), so a later upgrade can name what changes. */
  facts?: Record<string, string | number>;
}

/** One ledger entry: one installed version of one package, with what is needed to undo it. */
export interface LedgerEntry {
  package: string;
  version: string;
  checksum: string;
  dependencies: Record<string, string>;
  parameters: Record<string, string>;
  installedAt: string;
  toolVersion: string;
  serverVersion: string;
  planHash: string;
  /** Optional: records written before profiles were recorded have none. */
  profile?: LedgerProfile;
  /**
   * "type/id" -> content hash and index into `shapes` of the object as installed (post-install
   * steps included), and one short fingerprint per shape field so drift can name the field
   * (absent in ledgers written before edupkg recorded them).
   */
  objects: Record<string, { hash: string; shape: number; fields?: string }>;
  shapes: Shape[];
  remaps: PlanRemap[];
  /** What this install changed, so it can be undone. */
  snapshot: {
    created: string[];
    /** Objects as they were before this install overwrote (or pruned) them. */
    overwritten: Record<string, MetadataObject>;
    deleted: Record<string, MetadataObject>;
  };
}

export interface LedgerRecord {
  current: LedgerEntry;
  /** Earlier versions, newest last (bounded), each with its own snapshot for further rollbacks. */
  history: LedgerEntry[];
  /** sha256 over the rest of the record (ledger-check.ts); absent in records of edupkg 0.1.0. */
  integrity?: { digest: string };
}

export interface InstallCounts {
  created: number;
  updated: number;
  unchanged: number;
  keptLocal: number;
  deleted: number;
}
