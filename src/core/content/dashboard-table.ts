import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { InternalError } from '../../errors/index.js';
import { REPORTING_RATE_METRICS } from '../expression/parser.js';
import { SHIPPED_PACKAGES_DIR } from '../project-paths.js';
import { censusDataSetCode } from './census-spec.js';
import { LEGEND_SETS } from './edu-core.js';
import type { ItemSpec, Layout, UnitLevel } from './edu-dashboard-objects.js';
import { NATIONAL_DATA_SETS } from './national-data.js';
import { ISCED_LEVELS } from './profile-types.js';
import { t, type Text } from './text.js';

/** One dashboard per audience: the school head, the district manager, the national SDG 4 report. */
export interface DashboardSpec {
  code: string;
  name: Text;
  description: Text;
  items: DashboardItem[];
}

export interface DashboardItem {
  /** A text panel (a heading) placed before the item. */
  text?: Text;
  spec: ItemSpec;
}

export const DASHBOARD_TABLE = join(SHIPPED_PACKAGES_DIR, 'tables', 'dashboards.yaml');

// Records rather than lists: the compiler checks that each names exactly the values ItemSpec allows.
const CHOICES = {
  type: { COLUMN: 1, LINE: 1, BAR: 1, PIVOT_TABLE: 1, MAP: 1 } satisfies Record<ItemSpec['type'], 1>,
  layout: { trend: 1, latest: 1, byUnit: 1 } satisfies Record<Layout, 1>,
  unitLevel: { district: 1, school: 1 } satisfies Record<UnitLevel, 1>,
  legend: LEGEND_SETS,
  groupSet: { EDU_LOCATION: 1, EDU_OWNERSHIP: 1 } satisfies Record<NonNullable<ItemSpec['groupSet']>, 1>,
};
const DASHBOARD_FIELDS = new Set(['code', 'name', 'description', 'items']);
const ITEM_FIELDS = new Set([
  'code',
  'name',
  'text',
  'type',
  'layout',
  'unitLevel',
  'indicators',
  'dataElements',
  'reportingRates',
  'legend',
  'groupSet',
]);
const CODE = /^EDU_[A-Z0-9]+(_[A-Z0-9]+)*$/;
// The data sets of edu-dashboards' dependencies (edu-census, edu-sdg4).
const DATA_SETS = new Set([...ISCED_LEVELS.map(censusDataSetCode), ...Object.values(NATIONAL_DATA_SETS)]);

/** Expands `{a,b}` groups, the leftmost varying slowest: X{1,2}_{A,B} -> X1_A, X1_B, X2_A, X2_B. */
export function expandBraces(pattern: string): string[] {
  const group = /\{([^{}]*)\}/.exec(pattern);
  if (!group) return [pattern];
  const head = pattern.slice(0, group.index);
  const tail = pattern.slice(group.index + group[0].length);
  return group[1]!.split(',').flatMap((choice) => expandBraces(head + choice + tail));
}

let shipped: DashboardSpec[] | undefined;

/** The dashboards of a table, the shipped one read once (a packaging fault if it is broken). */
export function readDashboards(file = DASHBOARD_TABLE): DashboardSpec[] {
  if (file === DASHBOARD_TABLE && shipped) return shipped;
  let rows: unknown;
  try {
    rows = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InternalError(`${file}: ${(error as Error).message.split('\n')[0]}`, { cause: error });
  }
  if (!Array.isArray(rows)) throw new InternalError(`${file}: expected a list of dashboards`);
  const codes = new Set<string>();
  const specs = rows.map((row, i) => dashboardSpec(file, row, i, codes));
  if (file === DASHBOARD_TABLE) shipped = specs;
  return specs;
}

type Row = Record<string, unknown>;

/** Where a fault is, for its one-line message: the file, the dashboard and the item. */
class Place {
  constructor(readonly where: string) {}
  fault(field: string, problem: string): never {
    throw new InternalError(`${this.where}, ${field}: ${problem}`);
  }
  text(row: Row, field: string): string {
    const value = row[field];
    if (typeof value !== 'string' || value.trim() === '') this.fault(field, 'missing or not a text');
    return value;
  }
  code(row: Row, codes: Set<string>): string {
    const code = this.text(row, 'code');
    if (!CODE.test(code)) this.fault('code', `"${code}" is not an EDU_ code in capitals`);
    if (codes.has(code)) this.fault('code', `"${code}" is used twice (codes make the UIDs)`);
    codes.add(code);
    return code;
  }
  fields(row: Row, known: Set<string>) {
    for (const field of Object.keys(row))
      if (!known.has(field)) this.fault(field, `unknown field (expected ${[...known].join(', ')})`);
  }
  choice<K extends keyof typeof CHOICES>(row: Row, field: K): keyof (typeof CHOICES)[K] | undefined {
    const value = row[field];
    if (value === undefined) return undefined;
    const choices = CHOICES[field];
    if (typeof value !== 'string' || !Object.hasOwn(choices, value))
      this.fault(field, `${JSON.stringify(value)} is not one of ${Object.keys(choices).join(', ')}`);
    return value as keyof (typeof CHOICES)[K];
  }
  list(row: Row, field: string, check: (code: string) => string | undefined): string[] {
    const value = row[field];
    if (value === undefined) return [];
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
      this.fault(field, 'expected a list of codes');
    const codes = (value as string[]).flatMap(expandBraces);
    for (const code of codes) {
      const problem = check(code);
      if (problem) this.fault(field, `"${code}" ${problem}`);
      if (codes.indexOf(code) !== codes.lastIndexOf(code)) this.fault(field, `"${code}" is listed twice`);
    }
    return codes;
  }
}

const isRow = (value: unknown): value is Row =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function dashboardSpec(file: string, row: unknown, index: number, codes: Set<string>): DashboardSpec {
  const code = isRow(row) && typeof row.code === 'string' ? row.code : `#${index + 1}`;
  const place: Place = new Place(`${file}: dashboard ${code}`);
  if (!isRow(row)) place.fault('code', 'expected an entry with code, name, description and items');
  place.fields(row, DASHBOARD_FIELDS);
  place.code(row, codes);
  const items = row.items;
  if (!Array.isArray(items) || items.length === 0) place.fault('items', 'expected a list of items');
  return {
    code,
    name: t(place.text(row, 'name')),
    description: t(place.text(row, 'description')),
    items: items.map((item, i) => dashboardItem(place, item, i, codes)),
  };
}

function dashboardItem(dashboard: Place, row: unknown, index: number, codes: Set<string>): DashboardItem {
  const code = isRow(row) && typeof row.code === 'string' ? row.code : `#${index + 1}`;
  const place: Place = new Place(`${dashboard.where}, item ${code}`);
  if (!isRow(row)) place.fault('code', 'expected an item with code, name, type, layout and data');
  place.fields(row, ITEM_FIELDS);
  place.code(row, codes);
  const type = place.choice(row, 'type') ?? place.fault('type', 'missing');
  const layout = place.choice(row, 'layout') ?? place.fault('layout', 'missing');
  const unitLevel = place.choice(row, 'unitLevel');
  const legend = place.choice(row, 'legend');
  const groupSet = place.choice(row, 'groupSet');
  if (type === 'MAP' && layout !== 'byUnit') place.fault('layout', 'a map is byUnit');
  if (layout === 'byUnit' && !unitLevel) place.fault('unitLevel', 'missing (byUnit items and maps need one)');
  if (layout !== 'byUnit' && unitLevel) place.fault('unitLevel', 'given, but only byUnit items have one');
  const indicators = place.list(row, 'indicators', syntax);
  const dataElements = place.list(row, 'dataElements', syntax);
  const reportingRates = place.list(row, 'reportingRates', reportingRate);
  const data = indicators.length + dataElements.length + reportingRates.length;
  if (data === 0) place.fault('indicators', 'no indicators, dataElements or reportingRates');
  if (type === 'MAP' && (data > 1 || indicators.length === 0))
    place.fault('indicators', 'a map shows exactly one indicator');
  const text = row.text === undefined ? undefined : t(place.text(row, 'text'));
  const spec: ItemSpec = {
    code,
    name: t(place.text(row, 'name')),
    type,
    layout,
    ...(indicators.length ? { indicators } : {}),
    ...(dataElements.length ? { dataElements } : {}),
    ...(reportingRates.length ? { reportingRates } : {}),
    ...(unitLevel ? { unitLevel } : {}),
    ...(legend ? { legend } : {}),
    ...(groupSet ? { groupSet } : {}),
  };
  return text ? { text, spec } : { spec };
}

// Whether an indicator or data element exists needs the whole edu-sdg4 build (a second per
// profile): build time checks the syntax, test/content/dashboard-table.test.ts the codes.
const syntax = (code: string) => (CODE.test(code) ? undefined : 'is not an EDU_ code in capitals');

function reportingRate(item: string): string | undefined {
  const [dataSet, metric, ...rest] = item.split('.');
  if (rest.length > 0 || !metric) return 'is not <data set code>.<metric>';
  if (!DATA_SETS.has(dataSet!)) return 'names no data set of edu-census or edu-sdg4';
  if (!REPORTING_RATE_METRICS.has(metric))
    return `has no metric of ${[...REPORTING_RATE_METRICS].join(', ')}`;
  return undefined;
}
