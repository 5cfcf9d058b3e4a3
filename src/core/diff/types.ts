import type { LocalConfigurationSummary } from '../ownership/local-summary.js';
import type { MetadataObject } from '../package/types.js';

export type ChangeKind = 'added' | 'removed' | 'changed';

/** One difference inside an object, at an RFC 6901 pointer relative to the object. */
export interface FieldChange {
  pointer: string;
  kind: ChangeKind;
  before?: unknown;
  after?: unknown;
  /** For members of set-like collections: the member's identity ("attribute:AbC…", "id:…"). */
  key?: string;
}

/** One object that differs between the two sides. Added/removed objects carry no field list. */
export interface ObjectChange {
  type: string;
  id?: string;
  code?: string;
  name?: string;
  kind: ChangeKind;
  fields: FieldChange[];
}

export interface TypeCounts {
  added: number;
  removed: number;
  changed: number;
  unchanged: number;
}

/** The result of diffBundles: counts per type, totals, and every change in a deterministic order. */
export interface BundleDiff {
  identical: boolean;
  summary: Record<string, TypeCounts>;
  totals: TypeCounts;
  changes: ObjectChange[];
  /**
   * Local configuration of a live side (org-unit assignments, sharing the package does not own):
   * reported here, not counted as a difference unless it was compared (`--include-local`).
   */
  local?: LocalConfigurationSummary[];
}

export interface DiffOptions {
  /** Field names (skipped at any depth) or JSON pointers relative to each object ("/sharing/owner"). */
  ignore?: string[];
  /** DHIS2 version whose set/ordered facts apply ("2.41"); the newest fact wins when absent. */
  dhis2Version?: string;
}

export type ThreeWayClass = 'unchanged' | 'changed-upstream' | 'customised-locally' | 'conflict';

/** Presence-aware change of one side relative to the base. */
export type SideChange = 'none' | ChangeKind;

export interface ThreeWayResult {
  classification: ThreeWayClass;
  /** base -> next (what the new package version changes). */
  upstream: { kind: SideChange; fields: FieldChange[] };
  /** base -> live (what was changed on the server since install). */
  local: { kind: SideChange; fields: FieldChange[] };
  /** Pointers changed on both sides to different values: what a merge cannot decide alone. */
  conflictingPointers: string[];
}

export interface UpgradeItem extends ThreeWayResult {
  type: string;
  id?: string;
  code?: string;
  name?: string;
}

export interface UpgradeClassification {
  items: UpgradeItem[];
  counts: Record<ThreeWayClass, number>;
}

/** The ledger's record of an installed version: full objects, or only their content hashes. */
export type UpgradeBase =
  | { kind: 'objects'; bundle: Record<string, MetadataObject[]> }
  | { kind: 'hashes'; hashes: Record<string, string> };
