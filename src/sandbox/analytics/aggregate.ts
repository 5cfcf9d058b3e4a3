import type { SandboxStore } from '../store.js';
import type { AnalyticsModel, DataElementInfo } from './model.js';
import { indexByCoc, isBoolean, loadSums, NUMERIC_VALUE, periodOf, type Partial } from './analytics-table.js';
import { periodBounds, periodContains, type Period } from './periods.js';

/** The org units a value is aggregated over: the subtrees of `roots` (each unit counted once). */
export interface OrgUnitBucket {
  key: string;
  roots: string[];
}

/** One stored value of a leaf org unit, for the last-value aggregation types. */
interface LeafValue {
  orgUnit: string;
  coc: string;
  period: Period;
  value: number;
}

const partialsCache = new WeakMap<AnalyticsModel, Map<string, Partial[]>>();
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
    loadSums(this.store, this.model, this.partials, plain, roots);
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
    const { start, end } = periodBounds(periods);
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
