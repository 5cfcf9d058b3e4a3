import type { SandboxStore } from '../store.js';
import type { AnalyticsModel, DataElementInfo } from './model.js';
import { periodContains, type Period } from './periods.js';

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
  private readonly partials = new Map<string, Partial[]>();
  private readonly leaves = new Map<string, LeafValue[]>();

  constructor(
    private readonly store: SandboxStore,
    private readonly model: AnalyticsModel,
    dataElements: DataElementInfo[],
    buckets: OrgUnitBucket[],
    periods: Period[],
  ) {
    const usable = dataElements.filter(isAggregatable);
    if (usable.length === 0 || buckets.length === 0 || periods.length === 0) return;
    const pairs: Array<[string, string]> = [];
    for (const bucket of buckets)
      for (const unit of descendants(model, bucket.roots)) pairs.push([unit, bucket.key]);
    const earliest = periods.reduce((a, p) => (p.start < a ? p.start : a), periods[0]!.start);
    const lookBack = `${Number(earliest.slice(0, 4)) - LAST_VALUE_YEARS}${earliest.slice(4)}`;
    const plain = usable.filter((d) => !LAST_TYPES.has(d.aggregationType));
    const last = usable.filter((d) => LAST_TYPES.has(d.aggregationType));
    const inRequested = model.dataPeriods.filter((s) => periods.some((p) => periodContains(p, s)));
    if (plain.length) this.fetchPartials(plain, pairs, inRequested);
    if (last.length) {
      const window = model.dataPeriods.filter((s) => s.start >= lookBack);
      this.fetchLeaves(last, pairs, window);
    }
  }

  private query(select: string, groupBy: string) {
    return `WITH m AS MATERIALIZED (SELECT json_extract(value, '$[0]') AS unit, json_extract(value, '$[1]') AS bucket FROM json_each(?))
      SELECT m.bucket AS bucket, dv.data_element AS de, dv.category_option_combo AS coc, dv.period AS period, ${select}
      FROM (SELECT data_element, category_option_combo, period, org_unit, ${NUMERIC_VALUE} AS v FROM data_values
            WHERE deleted = 0 AND value IS NOT NULL
              AND data_element IN (SELECT value FROM json_each(?)) AND period IN (SELECT value FROM json_each(?))) dv
      JOIN m ON m.unit = dv.org_unit ${groupBy}`;
  }

  private fetchPartials(des: DataElementInfo[], pairs: Array<[string, string]>, periods: Period[]): void {
    const byId = new Map(periods.map((p) => [p.id, p]));
    const rows = this.store.db
      .prepare<
        [string, string, string],
        Omit<Partial, 'period'> & { bucket: string; de: string; period: string }
      >(
        this.query(
          'SUM(v) AS sum, COUNT(v) AS count, MIN(v) AS min, MAX(v) AS max, SUM(v * v) AS sumsq',
          'GROUP BY m.bucket, dv.data_element, dv.category_option_combo, dv.period',
        ),
      )
      .all(JSON.stringify(pairs), JSON.stringify(des.map((d) => d.id)), JSON.stringify([...byId.keys()]));
    for (const row of rows) {
      const key = `${row.bucket}|${row.de}`;
      const list = this.partials.get(key) ?? [];
      list.push({ ...row, period: byId.get(row.period)! });
      this.partials.set(key, list);
    }
  }

  private fetchLeaves(des: DataElementInfo[], pairs: Array<[string, string]>, periods: Period[]): void {
    const byId = new Map(periods.map((p) => [p.id, p]));
    const rows = this.store.db
      .prepare<
        [string, string, string],
        { bucket: string; de: string; coc: string; period: string; orgUnit: string; value: number }
      >(this.query('dv.org_unit AS orgUnit, v AS value', ''))
      .all(JSON.stringify(pairs), JSON.stringify(des.map((d) => d.id)), JSON.stringify([...byId.keys()]));
    for (const row of rows) {
      const key = `${row.bucket}|${row.de}`;
      const list = this.leaves.get(key) ?? [];
      list.push({ orgUnit: row.orgUnit, coc: row.coc, period: byId.get(row.period)!, value: row.value });
      this.leaves.set(key, list);
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
  ): number | null {
    if (!isAggregatable(de)) return null;
    if (LAST_TYPES.has(de.aggregationType)) return this.lastValue(de, bucket, periods, cocs);
    const rows = (this.partials.get(`${bucket}|${de.id}`) ?? []).filter(
      (r) => (!cocs || cocs(r.coc)) && periods.some((p) => periodContains(p, r.period)),
    );
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
    const first = type.startsWith('FIRST');
    const chosen = new Map<string, LeafValue>();
    for (const leaf of this.leaves.get(`${bucket}|${de.id}`) ?? []) {
      if (cocs && !cocs(leaf.coc)) continue;
      if (leaf.period.end > end || (inPeriodOnly && leaf.period.start < start)) continue;
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
