import type { IscedLevel } from '../content/profile-types.js';

export const OWNERSHIPS = ['PUBLIC', 'PRIVATE', 'COMMUNITY', 'FAITH'] as const;
export type Ownership = (typeof OWNERSHIPS)[number];
export const LOCATIONS = ['URBAN', 'RURAL'] as const;
export type Location = (typeof LOCATIONS)[number];

/** A bad row: reported as `file:line: message`, and nothing is written while there is one. */
export interface RowProblem {
  file: string;
  line: number;
  /** Dotted id, as validate's findings: "registry.duplicate-code"... */
  rule: string;
  message: string;
  fix?: string;
}

/** GeoJSON geometry as DHIS2 stores it on an org unit. */
export interface Geometry {
  type: string;
  coordinates: unknown;
}

/** One row of the input as read, before mapping: header -> text. */
export interface SourceRow {
  line: number;
  values: Record<string, string>;
  geometry?: Geometry;
}

export interface SourceTable {
  file: string;
  format: 'csv' | 'xlsx' | 'geojson';
  headers: string[];
  rows: SourceRow[];
  problems: RowProblem[];
}

/** The `registry` section of a country profile (all optional). */
export interface RegistrySettings {
  /** Field -> column header, as `--map` (which wins). */
  columns?: Record<string, string>;
  /** The national org unit, when the server has none (or several). */
  root?: { code?: string; name?: string };
  /** [west, south, east, north] in degrees; coordinates outside are bad rows. */
  bbox?: [number, number, number, number];
  /** National spellings -> ownership / location groups, e.g. { Government: PUBLIC }. */
  ownership?: Record<string, Ownership>;
  location?: Record<string, Location>;
  /** Opening date for schools the list gives none (DHIS2 requires one). */
  openingDate?: string;
}

/** A parent named in a row, at one org-unit level. */
export interface ParentRef {
  level: number;
  name?: string;
  code?: string;
}

/**
 * One school as the list describes it. `undefined` means "the list has no such column": the
 * live value is kept. `null` closedDate means "open".
 */
export interface SchoolRecord {
  line: number;
  code: string;
  name: string;
  parents: ParentRef[];
  ownership?: Ownership | null;
  location?: Location | null;
  levels?: IscedLevel[];
  geometry?: Geometry | null;
  openingDate?: string;
  closedDate?: string | null;
}

export type SchoolChange =
  'create' | 'rename' | 'move' | 'close' | 'reopen' | 'redate' | 'relocate' | 'regroup';

export interface SchoolPlanEntry {
  code: string;
  line: number;
  name: string;
  changes: SchoolChange[];
  /** What it was, for renames and moves. */
  before?: { name?: string; parent?: string };
}

export interface RegistrySummary {
  schools: number;
  created: number;
  renamed: number;
  moved: number;
  closed: number;
  reopened: number;
  redated: number;
  relocated: number;
  regrouped: number;
  unchanged: number;
  /** Schools on the server that the list does not mention: left as they are (never deleted). */
  notInList: number;
}

export interface RegistryPlan {
  file: string;
  format: SourceTable['format'];
  profile: string;
  target: { url: string; dhis2Version: string };
  root: { id: string; code?: string; name: string; create: boolean };
  levels: { create: string[]; rename: string[] };
  parents: { create: Array<{ level: number; code: string; name: string }> };
  summary: RegistrySummary;
  /** "12 renamed, 3 moved, 2 closed, 1,204 unchanged" */
  summaryText: string;
  groups: { create: string[]; update: string[] };
  dataSets: { update: string[] };
  schools: SchoolPlanEntry[];
  problems: RowProblem[];
  /** Hash of the payload; `apply --plan-hash` refuses when the server changed since. */
  hash: string;
}
