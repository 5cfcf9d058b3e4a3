import type { SandboxStore } from '../store.js';
import type { AnalyticsModel, DataElementInfo } from './model.js';
import { parsePeriod, type Period } from './periods.js';

/**
 * The sandbox's analytics table: stored values of one data element, one option combo and one
 * stored period summed over an org unit's subtree, read once per write and kept with the model;
 * AggregatedValues combines them for any requested period by the element's aggregation type.
 */
export interface Partial {
  coc: string;
  period: Period;
  sum: number;
  count: number;
  min: number;
  max: number;
  sumsq: number;
}

type SumRow = Omit<Partial, 'period'> & { unit: string; de: string; period: string };

// DHIS2 stores booleans as true/false and aggregates them as 1/0.
export const NUMERIC_VALUE =
  "CASE value WHEN 'true' THEN 1.0 WHEN 'false' THEN 0.0 ELSE CAST(value AS REAL) END";
/** Types that read more than sums and counts. */
const SPREAD_TYPES = new Set(['MIN', 'MAX', 'STDDEV', 'VARIANCE']);
const periodCache = new Map<string, Period | undefined>();
export function periodOf(id: string): Period | undefined {
  if (!periodCache.has(id)) periodCache.set(id, parsePeriod(id));
  return periodCache.get(id);
}
export const isBoolean = (de: DataElementInfo) => de.valueType === 'BOOLEAN' || de.valueType === 'TRUE_ONLY';

const cocIndex = new WeakMap<Partial[], Map<string, Partial[]>>();
/** The rows of one (root, data element) by option combo, built once per cached list. */
export function indexByCoc(rows: Partial[]): Map<string, Partial[]> {
  let index = cocIndex.get(rows);
  if (!index) {
    index = new Map();
    for (const row of rows) {
      const list = index.get(row.coc) ?? [];
      list.push(row);
      index.set(row.coc, list);
    }
    cocIndex.set(rows, index);
  }
  return index;
}
/** Data element -> grain unit -> its sums (the analytics table), per model. */
const grainCache = new WeakMap<AnalyticsModel, Map<string, Map<string, Partial[]>>>();

/**
 * Sums of `des` (non-last aggregation types) for each of `roots` into `partials` (`root|de`):
 * units with children are rolled up from the grain sums, a leaf asked for on its own is read directly.
 */
export function loadSums(
  store: SandboxStore,
  model: AnalyticsModel,
  partials: Map<string, Partial[]>,
  plain: DataElementInfo[],
  roots: string[],
): void {
  // Units with children are rolled up from the grain sums; a leaf asked for on its own is read directly.
  const isLeaf = (id: string) => !model.children.has(id) && model.orgUnits.get(id)?.parent;
  const inner = roots.filter((r) => !isLeaf(r));
  const grains = grainCache.get(model) ?? new Map<string, Map<string, Partial[]>>();
  grainCache.set(model, grains);
  const needed = plain.filter((d) => !grains.has(d.id) && inner.some((r) => !partials.has(`${r}|${d.id}`)));
  if (needed.length) fetchGrains(store, needed, grains);
  for (const root of inner)
    for (const de of plain)
      if (!partials.has(`${root}|${de.id}`))
        partials.set(`${root}|${de.id}`, rollUp(model, root, grains.get(de.id)!));
  const leaves = roots.filter(isLeaf);
  const missing = plain.filter((d) => leaves.some((r) => !partials.has(`${r}|${d.id}`)));
  if (missing.length && leaves.length) fetchLeafPartials(store, partials, missing, leaves);
}

/** Sums per (data element, stored period, `groupBy`, option combo), primary key order first, per kind of value. */
function sums(
  store: SandboxStore,
  des: DataElementInfo[],
  groupBy: { key: string; join: string; where: string; params: string[] },
): SumRow[] {
  const groups = new Map<string, DataElementInfo[]>();
  for (const de of des) {
    const key = `${isBoolean(de) ? 'boolean' : 'number'}|${SPREAD_TYPES.has(de.aggregationType)}`;
    groups.set(key, [...(groups.get(key) ?? []), de]);
  }
  const out: SumRow[] = [];
  for (const [key, list] of groups) {
    const v = key.startsWith('boolean') ? NUMERIC_VALUE : 'CAST(value AS REAL)';
    const spread = key.endsWith('true')
      ? `MIN(${v}) AS min, MAX(${v}) AS max, SUM(${v} * ${v}) AS sumsq`
      : '0 AS min, 0 AS max, 0 AS sumsq';
    const sql = `SELECT ${groupBy.key} AS unit, dv.data_element AS de, dv.category_option_combo AS coc,
          dv.period AS period, SUM(${v}) AS sum, COUNT(value) AS count, ${spread}
        FROM data_values dv ${groupBy.join}
        WHERE dv.deleted = 0 AND dv.value IS NOT NULL AND dv.data_element IN (SELECT value FROM json_each(?))
          ${groupBy.where}
        GROUP BY dv.data_element, dv.period, ${groupBy.key}, dv.category_option_combo`;
    const ids = JSON.stringify(list.map((d) => d.id));
    out.push(...store.db.prepare<string[], SumRow>(sql).all(ids, ...groupBy.params));
  }
  return out;
}

/**
 * The sandbox's analytics table: every stored period of `des` summed at the grain units (schools
 * into their district, see grainOf) in one pass over the values, kept with the model until the
 * data changes. Any unit with children is then a roll-up of a few grain rows, whatever the level.
 */
function fetchGrains(
  store: SandboxStore,
  des: DataElementInfo[],
  grains: Map<string, Map<string, Partial[]>>,
): void {
  for (const de of des) grains.set(de.id, new Map());
  const rows = sums(store, des, {
    key: 'g.grain',
    join: 'JOIN temp.analytics_grain g ON g.unit = dv.org_unit',
    where: '',
    params: [],
  });
  for (const { unit, de, ...row } of rows) {
    const period = periodOf(row.period);
    if (!period) continue;
    const byGrain = grains.get(de)!;
    const list = byGrain.get(unit) ?? [];
    list.push({ ...row, period });
    byGrain.set(unit, list);
  }
}

/** A unit with children: the grain rows of its subtree merged per option combo and stored period. */
function rollUp(model: AnalyticsModel, root: string, byGrain: Map<string, Partial[]>): Partial[] {
  const merged = new Map<string, Partial>();
  for (const [grain, rows] of byGrain) {
    if (!model.orgUnits.get(grain)?.path.includes(root)) continue;
    for (const row of rows) {
      const key = `${row.coc}|${row.period.id}`;
      const into = merged.get(key);
      if (!into) merged.set(key, { ...row });
      else {
        into.sum += row.sum;
        into.count += row.count;
        into.sumsq += row.sumsq;
        into.min = Math.min(into.min, row.min);
        into.max = Math.max(into.max, row.max);
      }
    }
  }
  return [...merged.values()];
}

/** Leaves asked for on their own (a school's report card): their own values, grouped by unit. */
function fetchLeafPartials(
  store: SandboxStore,
  partials: Map<string, Partial[]>,
  des: DataElementInfo[],
  leaves: string[],
): void {
  for (const leaf of leaves) for (const de of des) partials.set(`${leaf}|${de.id}`, []);
  const rows = sums(store, des, {
    key: 'dv.org_unit',
    join: '',
    where: 'AND dv.org_unit IN (SELECT value FROM json_each(?))',
    params: [JSON.stringify(leaves)],
  });
  for (const { unit, de, ...row } of rows) {
    const period = periodOf(row.period);
    if (period) partials.get(`${unit}|${de}`)!.push({ ...row, period });
  }
}
