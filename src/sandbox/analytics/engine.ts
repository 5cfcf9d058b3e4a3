import {
  evaluateExpression,
  evaluateIndicator,
  expressionReferences,
  parseExpression,
  type ExpressionNode,
  valueKeyOf,
  type ExpressionReference,
  type ExpressionValues,
  type ItemNode,
} from '../../core/expression/index.js';
import type { SandboxStore } from '../store.js';
import { AggregatedValues, type OrgUnitBucket } from './aggregate.js';
import {
  resolveCategory,
  resolveData,
  resolveGroupSet,
  resolveOrgUnits,
  resolvePeriods,
  type DataItem,
  type ResolvedDimensions,
  type Viewer,
} from './dimensions.js';
import { analyticsModel, within, type AnalyticsModel, type IndicatorInfo } from './model.js';
import { relativePeriodName, shiftPeriod, type Period } from './periods.js';
import { ReportingRates, type ReportingRateMetric } from './reporting-rates.js';
import type { AnalyticsRequest, DimensionParam } from './request.js';

/** One dimension of the answer, with its items in output order. */
export interface GridDimension {
  id: string;
  items: string[];
}

export interface GridRow {
  /** Item ids, one per row dimension. */
  keys: string[];
  value: number;
  item: DataItem;
  /** includeNumDen columns: DHIS2 leaves multiplier and divisor empty for reporting rates. */
  numDen?: {
    numerator: number | null;
    denominator: number | null;
    factor: number;
    multiplier: number | null;
    divisor: number | null;
  };
}

/** The computed answer before it is written in DHIS2's JSON shape. */
export interface AnalyticsGrid {
  /** Row dimensions in request order (the headers). */
  dimensions: GridDimension[];
  /** Every dimension, filters included (metaData.dimensions). */
  allDimensions: GridDimension[];
  rows: GridRow[];
  resolved: ResolvedDimensions;
  model: AnalyticsModel;
}

/** Where a cell's numbers come from: data values, and complete registrations for reporting rates. */
interface Sources {
  values: AggregatedValues;
  /** Absent when the query has category dimensions (not in DHIS2's COMPLETENESS_DIMENSION_TYPES). */
  rates?: ReportingRates;
}

interface Cell {
  data: DataItem;
  bucket: OrgUnitBucket;
  periods: Period[];
  /** Option combo allowed by the co / category items of the row and the filters. */
  cocs?: (coc: string) => boolean;
}

const referencesCache = new Map<string, ExpressionReference[]>();
const astCache = new Map<string, ExpressionNode>();
/** Parsed once per expression text: a dashboard evaluates the same indicators for many cells. */
function astOf(expression: string): ExpressionNode {
  let ast = astCache.get(expression);
  if (!ast) {
    ast = parseExpression(expression);
    astCache.set(expression, ast);
  }
  return ast;
}
function referencesOf(expression: string): ExpressionReference[] {
  let refs = referencesCache.get(expression);
  if (!refs) {
    refs = expressionReferences(astOf(expression));
    referencesCache.set(expression, refs);
  }
  return refs;
}

const indicatorRefs = (i: IndicatorInfo) => [...referencesOf(i.numerator), ...referencesOf(i.denominator)];
const keyedCache = new Map<string, Array<{ key: string; ref: ExpressionReference }>>();
/** Each reference of an indicator with the value key the evaluator reads it under, computed once. */
function keyedRefs(i: IndicatorInfo): Array<{ key: string; ref: ExpressionReference }> {
  const cacheKey = `${i.numerator}\u0000${i.denominator}`;
  let list = keyedCache.get(cacheKey);
  if (!list) {
    list = indicatorRefs(i).map((ref) => ({
      key: valueKeyOf({ type: 'item', ...ref } as ItemNode, ref.periodOffset ?? 0),
      ref,
    }));
    keyedCache.set(cacheKey, list);
  }
  return list;
}

/** Runs an aggregate analytics query over the sandbox's data values. */
export function runAnalytics(
  store: SandboxStore,
  request: AnalyticsRequest,
  viewer: Viewer,
  now: Date,
): AnalyticsGrid {
  const model = analyticsModel(store);
  const extraItems: ResolvedDimensions['extraItems'] = {};
  const params = [...request.dimensions, ...request.filters];
  const find = (id: string) => params.find((p) => p.dimension === id);
  const data = resolveData(model, find('dx')!.items);
  const periods = resolvePeriods(find('pe')!.items, now, extraItems, (id) => relativePeriodName(id) ?? id);
  const ouParam = find('ou');
  const orgUnits = ouParam?.items.length
    ? resolveOrgUnits(model, ouParam.items, viewer, extraItems)
    : resolveOrgUnits(model, ['USER_ORGUNIT'], viewer, {});
  const otherParams = params.filter((p) => !['dx', 'pe', 'ou'].includes(p.dimension));
  const isGroupSet = (p: DimensionParam) => model.groupSets.has(p.dimension);
  const categories = otherParams
    .filter((p) => !isGroupSet(p))
    .map((p) => ({ id: p.dimension, items: resolveCategory(model, p, data) }));
  const groupSets = otherParams
    .filter(isGroupSet)
    .map((p) => ({ id: p.dimension, items: resolveGroupSet(model, p) }));
  const resolved: ResolvedDimensions = { data, periods, orgUnits, categories, groupSets, extraItems };

  const itemsOf = (p: DimensionParam): string[] =>
    p.dimension === 'dx'
      ? data.map((d) => d.id)
      : p.dimension === 'pe'
        ? periods.map((x) => x.id)
        : p.dimension === 'ou'
          ? orgUnits.map((u) => u.id)
          : [...categories, ...groupSets].find((c) => c.id === p.dimension)!.items;
  const dimensions = request.dimensions.map((p) => ({ id: p.dimension, items: itemsOf(p) }));
  const allDimensions = params.map((p) => ({ id: p.dimension, items: itemsOf(p) }));
  if (!ouParam) allDimensions.push({ id: 'ou', items: orgUnits.map((u) => u.id) });

  const ouIsRow = request.dimensions.some((d) => d.dimension === 'ou');
  const peIsRow = request.dimensions.some((d) => d.dimension === 'pe');
  const rowGroupSets = groupSets.filter((g) => dimensions.some((d) => d.id === g.id));
  const buckets = groupBuckets(
    model,
    ouIsRow
      ? orgUnits.map((u) => ({ key: u.id, roots: [u.id] }))
      : [{ key: '*', roots: orgUnits.map((u) => u.id) }],
    rowGroupSets,
    groupSets.filter((g) => !rowGroupSets.includes(g)),
  );
  const bucketByKey = new Map(buckets.map((b) => [b.key, b]));
  const periodGroups = peIsRow ? periods.map((p) => [p]) : [periods];

  // Everything the data items and indicator expressions read, periodOffset()s included.
  const dataElementIds = new Set<string>();
  const dataSetIds = new Set<string>();
  const offsets = new Set<number>([0]);
  for (const item of data) {
    if (item.kind === 'reportingRate') dataSetIds.add(item.dataSet.id);
    else if (item.kind !== 'indicator') dataElementIds.add(item.de.id);
    else
      for (const ref of indicatorRefs(item.indicator)) {
        if (ref.kind === 'dataElement' || ref.kind === 'dataElementOperand') dataElementIds.add(ref.ids[0]!);
        if (ref.kind === 'reportingRate') dataSetIds.add(ref.ids[0]!);
        offsets.add(ref.periodOffset ?? 0);
      }
  }
  const neededPeriods = new Map<string, Period>();
  for (const offset of offsets)
    for (const p of periods) {
      const shifted = offset === 0 ? p : shiftPeriod(p, offset);
      neededPeriods.set(shifted.id, shifted);
    }
  const des = [...dataElementIds].flatMap((id) => model.dataElements.get(id) ?? []);
  const sources: Sources | undefined = request.skipData
    ? undefined
    : {
        values: new AggregatedValues(store, model, des, buckets, [...neededPeriods.values()]),
        ...(categories.length ? {} : { rates: new ReportingRates(store, model, [...dataSetIds]) }),
      };

  const rows: GridRow[] = [];
  if (sources) {
    const filterCocs = cocPredicate(
      model,
      categories.filter((c) => request.filters.some((f) => f.dimension === c.id)),
    );
    for (const keys of cartesian(dimensions.map((d) => d.items))) {
      const at = (id: string) => keys[dimensions.findIndex((d) => d.id === id)];
      const item = data.find((d) => d.id === (at('dx') ?? data[0]!.id))!;
      const rowCategories = categories
        .filter((c) => dimensions.some((d) => d.id === c.id))
        .map((c) => ({ id: c.id, items: [at(c.id)!] }));
      const rowCocs = cocPredicate(model, rowCategories);
      const cell: Cell = {
        data: item,
        bucket: bucketByKey.get([at('ou') ?? '*', ...rowGroupSets.map((g) => at(g.id))].join('|'))!,
        periods: at('pe') ? periodGroups.find((g) => g[0]!.id === at('pe'))! : periodGroups[0]!,
        cocs: rowCocs && filterCocs ? (c) => rowCocs(c) && filterCocs(c) : (rowCocs ?? filterCocs),
      };
      const computed =
        data.length > 1 && !at('dx')
          ? sumOfItems(sources, model, data, cell)
          : valueOf(sources, model, cell, request.includeNumDen);
      if (computed.value === null) continue;
      rows.push({
        keys,
        value: computed.value,
        item,
        ...(computed.numDen ? { numDen: computed.numDen } : {}),
      });
    }
  }
  return { dimensions, allDimensions, rows, resolved, model };
}

/**
 * Org unit group sets split or narrow the org unit buckets: a value counts for a group when the org
 * unit it was entered for is a member (DHIS2's includeSubhierarchyInAnalytics false, which our
 * group sets use), so a bucket's roots become the members inside its subtrees. Several groups of
 * one filter set are a union; several sets, an intersection.
 */
function groupBuckets(
  model: AnalyticsModel,
  buckets: OrgUnitBucket[],
  rowSets: Array<{ id: string; items: string[] }>,
  filterSets: Array<{ id: string; items: string[] }>,
): OrgUnitBucket[] {
  if (rowSets.length === 0 && filterSets.length === 0) return buckets;
  const membersOf = (groups: string[]) => new Set(groups.flatMap((g) => model.groups.get(g)?.members ?? []));
  const filters = filterSets.map((f) => membersOf(f.items));
  return buckets.flatMap((bucket) =>
    [...cartesian(rowSets.map((s) => s.items))].map((groups) => {
      const required = [...groups.map((g) => membersOf([g])), ...filters];
      const roots = [...required.reduce((a, b) => new Set([...a].filter((id) => b.has(id))))].filter((id) => {
        const unit = model.orgUnits.get(id);
        return unit !== undefined && within(unit, bucket.roots);
      });
      return { key: [bucket.key, ...groups].join('|'), roots };
    }),
  );
}

function* cartesian(lists: string[][]): Generator<string[]> {
  if (lists.length === 0) {
    yield [];
    return;
  }
  const [first, ...rest] = lists;
  for (const head of first!) for (const tail of cartesian(rest)) yield [head, ...tail];
}

/** A predicate on option combos from `co` items (combo ids) and category items (option ids). */
function cocPredicate(
  model: AnalyticsModel,
  constraints: Array<{ id: string; items: string[] }>,
): ((coc: string) => boolean) | undefined {
  if (constraints.length === 0) return undefined;
  return (coc) =>
    constraints.every((c) =>
      c.id === 'co'
        ? c.items.includes(coc)
        : (model.optionCombos.get(coc)?.options ?? []).some((o) => c.items.includes(o)),
    );
}

interface Computed {
  value: number | null;
  numDen?: GridRow['numDen'];
}

function valueOf(sources: Sources, model: AnalyticsModel, cell: Cell, numDen: boolean): Computed {
  const { data } = cell;
  const { values } = sources;
  if (data.kind === 'reportingRate') {
    const rate = sources.rates?.value(data.dataSet, data.metric, cell.bucket.roots, cell.periods);
    if (!rate) return { value: null };
    const counts = { numerator: rate.actual, denominator: rate.expected, factor: 100 };
    return {
      value: rate.value,
      ...(numDen ? { numDen: { ...counts, multiplier: null, divisor: null } } : {}),
    };
  }
  if (data.kind === 'dataElement')
    return { value: values.value(data.de, cell.bucket.key, cell.periods, cell.cocs) };
  if (data.kind === 'operand')
    return { value: values.value(data.de, cell.bucket.key, cell.periods, cell.cocs, data.coc) };
  const indicator = data.indicator;
  const itemValues = indicatorValues(sources, model, cell, indicator);
  const days = cell.periods.reduce((a, p) => a + p.days, 0);
  const year = Number(cell.periods[0]!.start.slice(0, 4));
  const daysInYear = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 366 : 365;
  const numerator = astOf(indicator.numerator);
  const denominator = astOf(indicator.denominator);
  const value = evaluateIndicator(
    { ...indicator, numerator, denominator },
    { factor: indicator.factor },
    itemValues,
    {
      annualizationFactor: daysInYear / days,
    },
  );
  if (!numDen) return { value };
  return {
    value,
    numDen: {
      numerator: evaluateExpression(numerator, itemValues),
      denominator: evaluateExpression(denominator, itemValues),
      factor: indicator.factor,
      multiplier: indicator.factor,
      divisor: 1,
    },
  };
}

/** The values an indicator's expressions read, keyed as the package evaluator reads them (value-keys.ts). */
function indicatorValues(
  { values, rates }: Sources,
  model: AnalyticsModel,
  cell: Cell,
  indicator: IndicatorInfo,
): ExpressionValues {
  const out: Record<string, number | null> = {};
  for (const { key, ref } of keyedRefs(indicator)) {
    if (key in out) continue;
    const periods = ref.periodOffset
      ? cell.periods.map((p) => shiftPeriod(p, ref.periodOffset!))
      : cell.periods;
    if (ref.kind === 'dataElement' || ref.kind === 'dataElementOperand') {
      const de = model.dataElements.get(ref.ids[0]!);
      const coc = ref.ids[1] && ref.ids[1] !== '*' ? ref.ids[1] : undefined;
      out[key] = de ? values.value(de, cell.bucket.key, periods, cell.cocs, coc) : null;
    } else if (ref.kind === 'constant') out[key] = model.constants.get(ref.ids[0]!) ?? null;
    else if (ref.kind === 'organisationUnitGroup')
      out[key] = values.groupCount(ref.ids[0]!, cell.bucket.roots);
    else if (ref.kind === 'reportingRate') {
      const dataSet = model.dataSets.get(ref.ids[0]!);
      const metric = ref.ids[1] as ReportingRateMetric;
      out[key] = (dataSet && rates?.value(dataSet, metric, cell.bucket.roots, periods)?.value) ?? null;
    }
  }
  out['[days]'] = cell.periods.reduce((a, p) => a + p.days, 0);
  return out;
}

/** A `dx` filter with several data elements: DHIS2 adds their values into one. */
function sumOfItems(sources: Sources, model: AnalyticsModel, items: DataItem[], cell: Cell): Computed {
  let total: number | null = null;
  for (const item of items) {
    const { value } = valueOf(sources, model, { ...cell, data: item }, false);
    if (value !== null) total = (total ?? 0) + value;
  }
  return { value: total };
}
