import { textOf } from '../json-text.js';
import type { SandboxStore } from '../store.js';
import type { JsonObject } from '../types.js';

/** The metadata analytics reads, parsed once per database change (the sandbox's "analytics tables"). */
export interface OrgUnit {
  id: string;
  name: string;
  shortName: string;
  code?: string;
  level: number;
  /** Ancestors first, the unit itself last. */
  path: string[];
  parent?: string;
  /** yyyy-mm-dd: a unit is expected to report only while open (completeness targets). */
  openingDate?: string;
  closedDate?: string;
}

/** Is the unit inside the subtree of one of `roots` (itself included)? */
export const within = (unit: OrgUnit, roots: readonly string[]): boolean =>
  roots.some((r) => unit.path.includes(r));

export interface DataElementInfo {
  id: string;
  name: string;
  shortName: string;
  code?: string;
  description?: string;
  valueType: string;
  aggregationType: string;
  categoryCombo: string;
  legendSet?: string;
}

export interface IndicatorInfo {
  id: string;
  name: string;
  shortName: string;
  code?: string;
  description?: string;
  numerator: string;
  denominator: string;
  annualized: boolean;
  decimals?: number;
  factor: number;
  indicatorType: { name: string; factor: number; number: boolean };
  legendSet?: string;
}

/** A data set as its reporting rates read it. */
export interface DataSetInfo {
  id: string;
  name: string;
  shortName: string;
  periodType: string;
  timelyDays: number;
  /** The org units it is assigned to: each is expected to report once per period. */
  orgUnits: string[];
  legendSet?: string;
}

export interface NamedItem {
  id: string;
  name: string;
  shortName: string;
  code?: string;
  description?: string;
}

export interface AnalyticsModel {
  orgUnits: Map<string, OrgUnit>;
  children: Map<string, OrgUnit[]>;
  levels: Map<number, NamedItem>;
  groups: Map<string, NamedItem & { members: string[] }>;
  /** Org unit group sets (location, ownership): a dimension whose items are their groups. */
  groupSets: Map<string, NamedItem & { groups: string[] }>;
  dataElements: Map<string, DataElementInfo>;
  indicators: Map<string, IndicatorInfo>;
  dataSets: Map<string, DataSetInfo>;
  categories: Map<string, NamedItem & { options: string[] }>;
  categoryOptions: Map<string, NamedItem>;
  /** Category option combo -> its options, and the combo's own combos. */
  optionCombos: Map<string, NamedItem & { options: string[] }>;
  comboOptionCombos: Map<string, string[]>;
  constants: Map<string, number>;
}

const ids = (value: unknown): string[] =>
  Array.isArray(value) ? value.map((v) => String((v as JsonObject).id)) : [];
const refId = (value: unknown): string | undefined =>
  value && typeof value === 'object' ? String((value as JsonObject).id) : undefined;
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const day = (value: unknown): string | undefined => text(value)?.slice(0, 10);

function named(o: JsonObject): NamedItem {
  const name = text(o.name) ?? String(o.id);
  return {
    id: String(o.id),
    name,
    shortName: text(o.shortName) ?? name,
    ...(typeof o.code === 'string' ? { code: o.code } : {}),
    ...(typeof o.description === 'string' ? { description: o.description } : {}),
  };
}

const cache = new WeakMap<SandboxStore, { version: string; model: AnalyticsModel }>();

/** Own writes bump total_changes(); another connection's commits (a CLI on the same file) bump data_version. */
function versionOf(store: SandboxStore): string {
  const changes = (store.db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
  return `${changes}:${String(store.db.pragma('data_version', { simple: true }))}`;
}

/** Loads (or reuses) the model; any write to the database since the last load makes a new one. */
export function analyticsModel(store: SandboxStore): AnalyticsModel {
  const version = versionOf(store);
  const cached = cache.get(store);
  if (cached && cached.version === version) return cached.model;
  const model = loadModel(store);
  writeClosure(store, model);
  // The closure table is this connection's own write: counted from the state after it.
  cache.set(store, { version: versionOf(store), model });
  return model;
}

/**
 * temp.analytics_closure (unit, ancestor): every org unit with itself and each ancestor, so SQL
 * reads a subtree with one indexed join (DHIS2's analytics tables carry uidlevelN columns instead);
 * temp.analytics_grain (unit, grain): the grain values are summed at (grainOf).
 */
function writeClosure(store: SandboxStore, model: AnalyticsModel): void {
  const db = store.db;
  db.exec(
    'CREATE TEMP TABLE IF NOT EXISTS analytics_closure (unit TEXT NOT NULL, ancestor TEXT NOT NULL, PRIMARY KEY (unit, ancestor)) WITHOUT ROWID',
  );
  db.exec(
    'CREATE TEMP TABLE IF NOT EXISTS analytics_grain (unit TEXT PRIMARY KEY, grain TEXT NOT NULL) WITHOUT ROWID',
  );
  const insert = db.prepare('INSERT OR IGNORE INTO temp.analytics_closure (unit, ancestor) VALUES (?, ?)');
  const grain = db.prepare('INSERT OR IGNORE INTO temp.analytics_grain (unit, grain) VALUES (?, ?)');
  store.transaction(() => {
    db.exec('DELETE FROM temp.analytics_closure');
    db.exec('DELETE FROM temp.analytics_grain');
    for (const unit of model.orgUnits.values()) {
      for (const ancestor of unit.path) insert.run(unit.id, ancestor);
      grain.run(unit.id, grainOf(model, unit));
    }
  });
}

/**
 * Where a unit's values are pre-summed (the sandbox's analytics table grain): a leaf's go to its
 * parent (schools into their district), other units keep their own (population at district level).
 * Every unit with children is then the sum of the grains in its subtree; only a leaf asked for
 * on its own needs its raw values.
 */
export function grainOf(model: Pick<AnalyticsModel, 'children'>, unit: OrgUnit): string {
  return model.children.has(unit.id) || !unit.parent ? unit.id : unit.parent;
}

function loadModel(store: SandboxStore): AnalyticsModel {
  const orgUnits = new Map<string, OrgUnit>();
  const children = new Map<string, OrgUnit[]>();
  for (const o of store.listObjects('organisationUnits')) {
    const path = text(o.path)?.split('/').filter(Boolean) ?? [String(o.id)];
    const parent = refId(o.parent);
    const unit: OrgUnit = {
      ...named(o),
      level: Number(o.level ?? path.length),
      path,
      ...(parent ? { parent } : {}),
      ...(day(o.openingDate) ? { openingDate: day(o.openingDate)! } : {}),
      ...(day(o.closedDate) ? { closedDate: day(o.closedDate)! } : {}),
    };
    orgUnits.set(unit.id, unit);
  }
  for (const unit of orgUnits.values()) {
    if (!unit.parent) continue;
    const list = children.get(unit.parent) ?? [];
    list.push(unit);
    children.set(unit.parent, list);
  }
  for (const list of children.values()) list.sort((a, b) => a.name.localeCompare(b.name));
  const levels = new Map<number, NamedItem>();
  for (const o of store.listObjects('organisationUnitLevels')) levels.set(Number(o.level), named(o));
  const groups = new Map<string, NamedItem & { members: string[] }>();
  for (const o of store.listObjects('organisationUnitGroups'))
    groups.set(String(o.id), { ...named(o), members: ids(o.organisationUnits) });
  const groupSets = new Map<string, NamedItem & { groups: string[] }>();
  for (const o of store.listObjects('organisationUnitGroupSets'))
    groupSets.set(String(o.id), { ...named(o), groups: ids(o.organisationUnitGroups) });
  const dataElements = new Map<string, DataElementInfo>();
  for (const o of store.listObjects('dataElements')) {
    const legendSet = ids(o.legendSets)[0];
    dataElements.set(String(o.id), {
      ...named(o),
      valueType: text(o.valueType) ?? 'NUMBER',
      aggregationType: text(o.aggregationType) ?? 'SUM',
      categoryCombo: refId(o.categoryCombo) ?? '',
      ...(legendSet ? { legendSet } : {}),
    });
  }
  const types = new Map(store.listObjects('indicatorTypes').map((t) => [String(t.id), t]));
  const indicators = new Map<string, IndicatorInfo>();
  for (const o of store.listObjects('indicators')) {
    const type = types.get(refId(o.indicatorType) ?? '') ?? {};
    const factor = Number(type.factor ?? 1);
    const legendSet = ids(o.legendSets)[0];
    indicators.set(String(o.id), {
      ...named(o),
      numerator: textOf(o.numerator),
      denominator: textOf(o.denominator),
      annualized: o.annualized === true,
      ...(typeof o.decimals === 'number' ? { decimals: o.decimals } : {}),
      factor,
      indicatorType: { name: text(type.name) ?? '', factor, number: type.number === true },
      ...(legendSet ? { legendSet } : {}),
    });
  }
  const dataSets = new Map<string, DataSetInfo>();
  for (const o of store.listObjects('dataSets')) {
    const legendSet = ids(o.legendSets)[0];
    dataSets.set(String(o.id), {
      ...named(o),
      periodType: text(o.periodType) ?? 'Monthly',
      timelyDays: Number(o.timelyDays ?? 15),
      orgUnits: ids(o.organisationUnits),
      ...(legendSet ? { legendSet } : {}),
    });
  }
  const categories = new Map<string, NamedItem & { options: string[] }>();
  for (const o of store.listObjects('categories'))
    categories.set(String(o.id), { ...named(o), options: ids(o.categoryOptions) });
  const categoryOptions = new Map(store.listObjects('categoryOptions').map((o) => [String(o.id), named(o)]));
  const optionCombos = new Map<string, NamedItem & { options: string[] }>();
  const comboOptionCombos = new Map<string, string[]>();
  for (const o of store.listObjects('categoryOptionCombos')) {
    optionCombos.set(String(o.id), { ...named(o), options: ids(o.categoryOptions) });
    const combo = refId(o.categoryCombo);
    if (combo) comboOptionCombos.set(combo, [...(comboOptionCombos.get(combo) ?? []), String(o.id)]);
  }
  const constants = new Map(store.listObjects('constants').map((o) => [String(o.id), Number(o.value)]));
  return {
    orgUnits,
    children,
    levels,
    groups,
    groupSets,
    dataElements,
    indicators,
    dataSets,
    categories,
    categoryOptions,
    optionCombos,
    comboOptionCombos,
    constants,
  };
}
