import { REPORTING_RATE_METRICS } from '../../core/expression/index.js';
import {
  within,
  type AnalyticsModel,
  type DataElementInfo,
  type DataSetInfo,
  type IndicatorInfo,
  type OrgUnit,
} from './model.js';
import { isRelativePeriod, parsePeriod, relativePeriods, type Period } from './periods.js';
import type { ReportingRateMetric } from './reporting-rates.js';
import { AnalyticsQueryError, type DimensionParam } from './request.js';

/** One item of the data dimension. */
export type DataItem =
  | { kind: 'dataElement'; id: string; de: DataElementInfo }
  | { kind: 'operand'; id: string; de: DataElementInfo; coc: string }
  | { kind: 'indicator'; id: string; indicator: IndicatorInfo }
  | { kind: 'reportingRate'; id: string; dataSet: DataSetInfo; metric: ReportingRateMetric };

/** The org units a request may read and what USER_ORGUNIT stands for. */
export interface Viewer {
  username: string;
  /** dataViewOrganisationUnits, or organisationUnits when the user has none. */
  orgUnits: string[];
  superuser: boolean;
}

export interface ResolvedDimensions {
  data: DataItem[];
  periods: Period[];
  orgUnits: OrgUnit[];
  /** `co` or category dimensions: id -> option combo / option ids. */
  categories: Array<{ id: string; items: string[] }>;
  /** Org unit group set dimensions: id -> group ids. */
  groupSets: Array<{ id: string; items: string[] }>;
  /** Extra metaData items: relative periods, USER_ORGUNIT lists, levels, groups. */
  extraItems: Record<string, Record<string, unknown>>;
}

const dimensionError = (id: string) =>
  new AnalyticsQueryError(
    'E7124',
    `Dimension is present in query without any valid dimension options: \`${id}\``,
  );

export function resolveData(model: AnalyticsModel, items: string[]): DataItem[] {
  const out: DataItem[] = [];
  for (const id of items) {
    const [deId, cocId] = id.split('.');
    const de = model.dataElements.get(deId!);
    const indicator = model.indicators.get(id);
    const dataSet = model.dataSets.get(deId!);
    if (dataSet && cocId && REPORTING_RATE_METRICS.has(cocId))
      out.push({ kind: 'reportingRate', id, dataSet, metric: cocId as ReportingRateMetric });
    else if (de && cocId && model.optionCombos.has(cocId)) out.push({ kind: 'operand', id, de, coc: cocId });
    else if (de && !cocId) out.push({ kind: 'dataElement', id, de });
    else if (indicator) out.push({ kind: 'indicator', id, indicator });
  }
  if (out.length === 0) throw dimensionError('dx');
  return out;
}

export function resolvePeriods(
  items: string[],
  now: Date,
  extra: ResolvedDimensions['extraItems'],
  relativeName: (id: string) => string,
): Period[] {
  const out = new Map<string, Period>();
  for (const id of items) {
    if (isRelativePeriod(id)) {
      extra[id] = { name: relativeName(id) };
      for (const p of relativePeriods(id, now)) out.set(p.id, p);
      continue;
    }
    const period = parsePeriod(id);
    if (period) out.set(period.id, period);
  }
  if (out.size === 0) throw dimensionError('pe');
  // DHIS2 lists periods in time order, whatever order the request named them in.
  return [...out.values()].sort((a, b) =>
    a.start === b.start ? a.days - b.days : a.start < b.start ? -1 : 1,
  );
}

/**
 * Org unit items: ids, USER_ORGUNIT(_CHILDREN|_GRANDCHILDREN), LEVEL-n / LEVEL-<uid> and OU_GROUP-<uid>;
 * levels and groups select inside the named units (or the viewer's) as DHIS2 does.
 */
export function resolveOrgUnits(
  model: AnalyticsModel,
  items: string[],
  viewer: Viewer,
  extra: ResolvedDimensions['extraItems'],
): OrgUnit[] {
  const boundary: OrgUnit[] = [];
  const levels: number[] = [];
  const groups: string[] = [];
  const mine = viewer.orgUnits.flatMap((id) => model.orgUnits.get(id) ?? []);
  const childrenOf = (units: OrgUnit[]) => units.flatMap((u) => model.children.get(u.id) ?? []);
  for (const item of items) {
    if (item === 'USER_ORGUNIT') {
      boundary.push(...mine);
      extra[item] = { organisationUnits: mine.map((u) => u.id) };
    } else if (item === 'USER_ORGUNIT_CHILDREN' || item === 'USER_ORGUNIT_GRANDCHILDREN') {
      const units = item === 'USER_ORGUNIT_CHILDREN' ? childrenOf(mine) : childrenOf(childrenOf(mine));
      boundary.push(...units);
      extra[item] = { organisationUnits: units.map((u) => u.id) };
    } else if (item.startsWith('LEVEL-')) {
      const ref = item.slice(6);
      const level = /^\d+$/.test(ref)
        ? Number(ref)
        : [...model.levels.entries()].find(([, l]) => l.id === ref)?.[0];
      if (level !== undefined) levels.push(level);
      const named = level === undefined ? undefined : model.levels.get(level);
      if (named) extra[named.id] = { uid: named.id, name: named.name };
    } else if (item.startsWith('OU_GROUP-')) {
      const group = model.groups.get(item.slice(9));
      if (group) {
        groups.push(group.id);
        extra[group.id] = { uid: group.id, name: group.name };
      }
    } else {
      const unit = model.orgUnits.get(item);
      if (unit) boundary.push(unit);
    }
  }
  let units = boundary;
  if (levels.length || groups.length) {
    const roots = (boundary.length ? boundary : mine).map((u) => u.id);
    const members = new Set(groups.flatMap((g) => model.groups.get(g)!.members));
    units = [...model.orgUnits.values()]
      .filter((u) => within(u, roots))
      .filter((u) => levels.includes(u.level) || members.has(u.id))
      .sort((a, b) => a.level - b.level || a.name.localeCompare(b.name));
  }
  const unique = [...new Map(units.map((u) => [u.id, u])).values()];
  if (unique.length === 0) throw dimensionError('ou');
  if (!viewer.superuser) {
    const outside = unique.find((u) => !within(u, viewer.orgUnits));
    if (outside)
      throw new AnalyticsQueryError(
        'E7120',
        `User: \`${viewer.username}\` is not allowed to view org unit: \`${outside.id}\``,
      );
  }
  return unique;
}

/** Items of `co` (option combos of the requested data elements) or of a category dimension (its options). */
export function resolveCategory(model: AnalyticsModel, param: DimensionParam, data: DataItem[]): string[] {
  if (param.dimension === 'co') {
    if (param.items.length) return param.items.filter((id) => model.optionCombos.has(id));
    const combos = new Set<string>();
    for (const item of data)
      if (item.kind === 'dataElement')
        for (const coc of model.comboOptionCombos.get(item.de.categoryCombo) ?? []) combos.add(coc);
    return [...combos];
  }
  const category = model.categories.get(param.dimension);
  if (!category)
    throw new AnalyticsQueryError(
      'E7125',
      `Dimension identifier does not reference any dimension: \`${param.dimension}\``,
    );
  const items = param.items.length
    ? param.items.filter((o) => category.options.includes(o))
    : category.options;
  if (items.length === 0) throw dimensionError(param.dimension);
  return items;
}

/** Items of an org unit group set dimension: the named groups of the set, or all of them. */
export function resolveGroupSet(model: AnalyticsModel, param: DimensionParam): string[] {
  const set = model.groupSets.get(param.dimension)!;
  const items = param.items.length ? param.items.filter((g) => set.groups.includes(g)) : set.groups;
  if (items.length === 0) throw dimensionError(param.dimension);
  return items;
}
