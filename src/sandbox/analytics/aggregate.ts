import type { SandboxStore } from '../store.js';
import type { AnalyticsModel, DataElementInfo } from './model.js';
import { parsePeriod, periodContains, type Period } from './periods.js';

/** The org units a value is aggregated over: the subtrees of `roots` (each unit counted once). */
export interface OrgUnitBucket {
  key: string;
  roots: string[];
}

/** Stored values of one data element, one option combo and one stored period, summed over a bucket. */
interface Partial {
  coc: string;
  period: Period;
  sum: number;
  count: number;
  min: number;
  max: number;
  sumsq: number;
}

/** One stored value of a leaf org unit, for the last-value aggregation types. */
interface LeafValue {
  orgUnit: string;
  coc: string;
  period: Period;
  value: number;
}

// DHIS2 stores booleans as true/false and aggregates them as 1/0.
const NUMERIC_VALUE = "CASE value WHEN 'true' THEN 1.0 WHEN 'false' THEN 0.0 ELSE CAST(value AS REAL) END";
/** Types that read more than sums and counts. */
const SPREAD_TYPES = new Set(['MIN', 'MAX', 'STDDEV', 'VARIANCE']);
const periodCache = new Map<string, Period | undefined>();
function periodOf(id: string): Period | undefined {
  if (!periodCache.has(id)) periodCache.set(id, parsePeriod(id));
  return periodCache.get(id);
}

const partialsCache = new WeakMap<AnalyticsModel, Map<string, Partial[]>>();
const cocIndex = new WeakMap<Partial[], Map<string, Partial[]>>();
/** The rows of one (root, data element) by option combo, built once per cached list. */
function indexByCoc(rows: Partial[]): Map<string, Partial[]> {
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
const LAST_TYPES = new Set([
  'LAST',
  'LAST_AVERAGE_ORG_UNIT',
  'LAST_IN_PERIOD',
  'LAST_IN_PERIOD_AVERAGE_ORG_UNIT',
  'FIRST',
  'FIRST_AVERAGE_ORG_UNIT',
]);
const NUMERIC_TYPES =
  /^(NUMBER|INTEGER|INTEGER_POSITIVE|INTEGER_NEGATIVE|INTEGER_ZERO_OR_POSITIVE|PERCENTAGE|UNIT_INTERVAL|BOOLEAN|TRUE_ONLY)$/;
/** LAST looks back this far for a value (JdbcAnalyticsManager.LAST_VALUE_YEARS_OFFSET). */
const LAST_VALUE_YEARS = 10;

export const isAggregatable = (de: DataElementInfo): boolean =>
  NUMERIC_TYPES.test(de.valueType) && de.aggregationType !== 'NONE';
const isBoolean = (de: DataElementInfo) => de.valueType === 'BOOLEAN' || de.valueType === 'TRUE_ONLY';

function descendants(model: AnalyticsModel, roots: string[]): Set<string> {
  const out = new Set<string>();
  const stack = [...roots];
  while (stack.length) {
    const id = stack.pop()!;
    if (out.has(id)) continue;
    out.add(id);
    for (const child of model.children.get(id) ?? []) stack.push(child.id);
  }
  return out;
}

/**
 * Aggregated data values for a query, fetched with one grouped SQL statement per kind of
 * aggregation: sums per (bucket, data element, option combo, stored period) for most types,
 * leaf values for the last-value types. Values for any requested period are then combined in
 * memory following DHIS2's aggregation types over time and org units.
 */
export class AggregatedValues {
  private readonly partials: Map<string, Partial[]>;
  private readonly leaves = new Map<string, LeafValue[]>();
  /** Root org unit -> the buckets it belongs to (a filter bucket may have several roots). */
  private readonly bucketsOf = new Map<string, string[]>();
  private readonly rootsOf = new Map<string, string[]>();
  private readonly memo = new Map<string, number | null>();

  constructor(
    private readonly store: SandboxStore,
    private readonly model: AnalyticsModel,
    dataElements: DataElementInfo[],
    buckets: OrgUnitBucket[],
    periods: Period[],
  ) {
    this.partials = partialsCache.get(model) ?? new Map<string, Partial[]>();
    partialsCache.set(model, this.partials);
    const usable = dataElements.filter(isAggregatable);
    if (usable.length === 0 || buckets.length === 0 || periods.length === 0) return;
    for (const bucket of buckets) {
      this.rootsOf.set(bucket.key, [...new Set(bucket.roots)]);
      for (const root of new Set(bucket.roots))
        this.bucketsOf.set(root, [...(this.bucketsOf.get(root) ?? []), bucket.key]);
    }
    const roots = [...this.bucketsOf.keys()];
    const plain = usable.filter((d) => !LAST_TYPES.has(d.aggregationType));
    const last = usable.filter((d) => LAST_TYPES.has(d.aggregationType));
    // Units with children are rolled up from the grain sums; a leaf asked for on its own is read directly.
    const isLeaf = (id: string) => !this.model.children.has(id) && this.model.orgUnits.get(id)?.parent;
    const inner = roots.filter((r) => !isLeaf(r));
    const grains = grainCache.get(model) ?? new Map<string, Map<string, Partial[]>>();
    grainCache.set(model, grains);
    const needed = plain.filter(
      (d) => !grains.has(d.id) && inner.some((r) => !this.partials.has(`${r}|${d.id}`)),
    );
    if (needed.length) this.fetchGrains(needed, grains);
    for (const root of inner)
      for (const de of plain)
        if (!this.partials.has(`${root}|${de.id}`))
          this.partials.set(`${root}|${de.id}`, this.rollUp(root, grains.get(de.id)!));
    const leaves = roots.filter(isLeaf);
    const missing = plain.filter((d) => leaves.some((r) => !this.partials.has(`${r}|${d.id}`)));
    if (missing.length && leaves.length) this.fetchLeafPartials(missing, leaves);
    if (last.length) this.fetchLeaves(last, roots);
  }

  private add<T>(map: Map<string, T[]>, root: string, de: string, value: T): void {
    for (const bucket of this.bucketsOf.get(root) ?? []) {
      const key = `${bucket}|${de}`;
      const list = map.get(key) ?? [];
      list.push(value);
      map.set(key, list);
    }
  }

  /** Sums per (data element, stored period, `groupBy`, option combo), primary key order first, per kind of value. */
  private sums(
    des: DataElementInfo[],
    groupBy: { key: string; join: string; where: string; params: string[] },
  ): Array<Omit<Partial, 'period'> & { unit: string; de: string; period: string }> {
    const groups = new Map<string, DataElementInfo[]>();
    for (const de of des) {
      const key = `${isBoolean(de) ? 'boolean' : 'number'}|${SPREAD_TYPES.has(de.aggregationType)}`;
      groups.set(key, [...(groups.get(key) ?? []), de]);
    }
    const out: ReturnType<AggregatedValues['sums']> = [];
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
      out.push(...this.store.db.prepare<string[], (typeof out)[number]>(sql).all(ids, ...groupBy.params));
    }
    return out;
  }

  /**
   * The sandbox's analytics table: every stored period of `des` summed at the grain units (schools
   * into their district, see grainOf) in one pass over the values, kept with the model until the
   * data changes. Any unit with children is then a roll-up of a few grain rows, whatever the level.
   */
  private fetchGrains(des: DataElementInfo[], grains: Map<string, Map<string, Partial[]>>): void {
    for (const de of des) grains.set(de.id, new Map());
    const rows = this.sums(des, {
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
  private rollUp(root: string, byGrain: Map<string, Partial[]>): Partial[] {
    const merged = new Map<string, Partial>();
    for (const [grain, rows] of byGrain) {
      if (!this.model.orgUnits.get(grain)?.path.includes(root)) continue;
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
  private fetchLeafPartials(des: DataElementInfo[], leaves: string[]): void {
    for (const leaf of leaves) for (const de of des) this.partials.set(`${leaf}|${de.id}`, []);
    const rows = this.sums(des, {
      key: 'dv.org_unit',
      join: '',
      where: 'AND dv.org_unit IN (SELECT value FROM json_each(?))',
      params: [JSON.stringify(leaves)],
    });
    for (const { unit, de, ...row } of rows) {
      const period = periodOf(row.period);
      if (period) this.partials.get(`${unit}|${de}`)!.push({ ...row, period });
    }
  }

  /** Every stored value of the last-value types under the roots, one row per leaf org unit. */
  private fetchLeaves(des: DataElementInfo[], roots: string[]): void {
    const rows = this.store.db
      .prepare<
        [string, string],
        { root: string; de: string; coc: string; period: string; orgUnit: string; value: number }
      >(
        `SELECT c.ancestor AS root, dv.data_element AS de, dv.category_option_combo AS coc, dv.period AS period,
           dv.org_unit AS orgUnit, ${NUMERIC_VALUE} AS value
         FROM data_values dv JOIN temp.analytics_closure c ON c.unit = dv.org_unit
           AND c.ancestor IN (SELECT value FROM json_each(?))
         WHERE dv.deleted = 0 AND dv.value IS NOT NULL AND dv.data_element IN (SELECT value FROM json_each(?))`,
      )
      .all(JSON.stringify(roots), JSON.stringify(des.map((d) => d.id)));
    for (const row of rows) {
      const period = periodOf(row.period);
      if (period) this.add(this.leaves, row.root, row.de, { ...row, period });
    }
  }

  /**
   * The value of a data element (all option combos, or those `cocs` allows) over a bucket and a set
   * of requested periods, by the element's aggregation type; null when no value was stored.
   */
  value(
    de: DataElementInfo,
    bucket: string,
    periods: Period[],
    cocs?: (coc: string) => boolean,
    /** One option combo (an operand `#{de.coc}`): read through the per-combo index. */
    coc?: string,
  ): number | null {
    if (!isAggregatable(de)) return null;
    if (LAST_TYPES.has(de.aggregationType))
      return this.lastValue(de, bucket, periods, coc ? (c) => c === coc && (!cocs || cocs(c)) : cocs);
    // Indicators of one dashboard read the same operands for the same cells again and again.
    const memoKey = cocs
      ? undefined
      : `${de.id}|${bucket}|${coc ?? '*'}|${periods.map((p) => p.id).join(',')}`;
    if (memoKey !== undefined && this.memo.has(memoKey)) return this.memo.get(memoKey)!;
    const rows = (this.rootsOf.get(bucket) ?? [])
      .flatMap((root) => {
        const all = this.partials.get(`${root}|${de.id}`) ?? [];
        return coc ? (indexByCoc(all).get(coc) ?? []) : all;
      })
      .filter((r) => (!cocs || cocs(r.coc)) && periods.some((p) => periodContains(p, r.period)));
    const value = this.combine(de, rows, periods);
    if (memoKey !== undefined) this.memo.set(memoKey, value);
    return value;
  }

  /** Stored sums of the requested periods combined by the element's aggregation type. */
  private combine(de: DataElementInfo, rows: Partial[], periods: Period[]): number | null {
    if (rows.length === 0) return null;
    const total = (f: (r: Partial) => number) => rows.reduce((a, r) => a + f(r), 0);
    const count = total((r) => r.count);
    switch (de.aggregationType) {
      case 'AVERAGE':
        // Boolean averages are the share of "true" weighted by period length, as a percentage.
        return isBoolean(de)
          ? (total((r) => r.sum * r.period.days) / total((r) => r.count * r.period.days)) * 100
          : total((r) => r.sum) / count;
      case 'AVERAGE_SUM_ORG_UNIT':
        return total((r) => r.sum * r.period.days) / periods.reduce((a, p) => a + p.days, 0);
      case 'COUNT':
        return count;
      case 'MIN':
        return Math.min(...rows.map((r) => r.min));
      case 'MAX':
        return Math.max(...rows.map((r) => r.max));
      case 'STDDEV':
      case 'VARIANCE': {
        if (count < 2) return null;
        const mean = total((r) => r.sum) / count;
        const variance = (total((r) => r.sumsq) - count * mean * mean) / (count - 1);
        return de.aggregationType === 'VARIANCE' ? variance : Math.sqrt(variance);
      }
      default:
        return total((r) => r.sum);
    }
  }

  /** LAST / FIRST families: one value per org unit and option combo in time, then summed or averaged over them. */
  private lastValue(
    de: DataElementInfo,
    bucket: string,
    periods: Period[],
    cocs?: (coc: string) => boolean,
  ): number | null {
    const type = de.aggregationType;
    const end = periods.reduce((a, p) => (p.end > a ? p.end : a), periods[0]!.end);
    const start = periods.reduce((a, p) => (p.start < a ? p.start : a), periods[0]!.start);
    const inPeriodOnly = type.startsWith('LAST_IN_PERIOD') || type.startsWith('FIRST');
    const lookBack = `${Number(end.slice(0, 4)) - LAST_VALUE_YEARS}${end.slice(4)}`;
    const first = type.startsWith('FIRST');
    const chosen = new Map<string, LeafValue>();
    for (const leaf of this.leaves.get(`${bucket}|${de.id}`) ?? []) {
      if (cocs && !cocs(leaf.coc)) continue;
      if (leaf.period.end > end || leaf.period.start < (inPeriodOnly ? start : lookBack)) continue;
      const key = `${leaf.orgUnit}|${leaf.coc}`;
      const current = chosen.get(key);
      const better =
        !current ||
        (first ? leaf.period.start < current.period.start : leaf.period.start > current.period.start);
      if (better) chosen.set(key, leaf);
    }
    if (chosen.size === 0) return null;
    const sum = [...chosen.values()].reduce((a, l) => a + l.value, 0);
    return type.endsWith('AVERAGE_ORG_UNIT') ? sum / chosen.size : sum;
  }

  /** Number of org units of a group inside a bucket (OUG{} items). */
  groupCount(group: string, roots: string[]): number {
    const members = this.model.groups.get(group)?.members ?? [];
    const units = descendants(this.model, roots);
    return members.filter((m) => units.has(m)).length;
  }
}
