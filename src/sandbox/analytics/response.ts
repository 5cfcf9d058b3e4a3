import type { Dhis2Version } from '../types.js';
import { minorOf } from '../types.js';
import type { AnalyticsGrid, GridRow } from './engine.js';
import type { AnalyticsModel } from './model.js';
import { REPORTING_RATE_METRIC_NAMES } from './reporting-rates.js';
import type { AnalyticsRequest } from './request.js';

const DIMENSION_NAMES: Record<string, { name: string; type: string }> = {
  dx: { name: 'Data', type: 'DATA_X' },
  pe: { name: 'Period', type: 'PERIOD' },
  ou: { name: 'Organisation unit', type: 'ORGANISATION_UNIT' },
  co: { name: 'Data details', type: 'CATEGORY_OPTION_COMBO' },
};

const header = (name: string, column: string, numeric: boolean) => ({
  name,
  column,
  valueType: numeric ? 'NUMBER' : 'TEXT',
  type: numeric ? 'java.lang.Double' : 'java.lang.String',
  hidden: false,
  meta: !numeric,
});

/** Apache Commons Precision.round: half-up on the decimal representation. */
export function roundHalfUp(value: number, decimals: number): number {
  const sign = value < 0 ? -1 : 1;
  return sign * Number(`${Math.round(Number(`${Math.abs(value)}e${decimals}`))}e-${decimals}`);
}

/** Java's Double.toString: "90.0", "35.7", "1.0E7". */
export function javaDouble(value: number): string {
  const abs = Math.abs(value);
  if (abs !== 0 && (abs >= 1e7 || abs < 1e-3)) {
    const [mantissa, exponent] = value.toExponential().split('e') as [string, string];
    return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
  }
  return Number.isInteger(value) ? value.toFixed(1) : String(value);
}

/** MathUtils.getRounded: 2 decimals from 2.40.4 on; before, 1 decimal (2 between -1 and 1). */
function defaultRounded(value: number, version: Dhis2Version): number {
  if (minorOf(version) >= 41) return roundHalfUp(value, 2);
  return roundHalfUp(value, value > -1 && value < 1 ? 2 : 1);
}

/**
 * A value as DataHandler writes it: indicators use the indicator's decimals (else default
 * rounding) and stay doubles; data element values are rounded and, from 2.39 on, written as whole
 * numbers when they have no decimals left.
 */
export function formatValue(
  value: number,
  row: Pick<GridRow, 'item'>,
  request: Pick<AnalyticsRequest, 'skipRounding'>,
  version: Dhis2Version,
): string {
  if (request.skipRounding) return javaDouble(roundHalfUp(value, 10));
  if (row.item.kind === 'indicator') {
    const decimals = row.item.indicator.decimals;
    if (decimals === 0) return String(Math.round(value));
    return javaDouble(
      decimals && decimals > 0 ? roundHalfUp(value, decimals) : defaultRounded(value, version),
    );
  }
  const rounded = defaultRounded(value, version);
  return minorOf(version) >= 39 && Number.isInteger(rounded) ? String(rounded) : javaDouble(rounded);
}

const dateTime = (date: string) => `${date}T00:00:00.000`;

/** metaData.items: names only, or DHIS2's details with includeMetadataDetails=true. */
function metaItems(grid: AnalyticsGrid, request: AnalyticsRequest): Record<string, Record<string, unknown>> {
  const { model, resolved } = grid;
  const shortNames = request.displayProperty === 'SHORTNAME';
  const details = request.includeMetadataDetails;
  const items: Record<string, Record<string, unknown>> = {};
  const put = (
    id: string,
    base: { name: string; shortName?: string; code?: string; description?: string },
    extra: Record<string, unknown>,
  ) => {
    const name = shortNames && base.shortName ? base.shortName : base.name;
    const described = base.description ? { description: base.description } : {};
    items[id] = details
      ? { uid: id, ...(base.code ? { code: base.code } : {}), name, ...described, ...extra }
      : { name };
  };
  for (const item of resolved.data) {
    if (item.kind === 'indicator') {
      const i = item.indicator;
      put(i.id, i, {
        ...(i.legendSet ? { legendSet: i.legendSet } : {}),
        dimensionItemType: 'INDICATOR',
        valueType: 'NUMBER',
        totalAggregationType: 'AVERAGE',
        indicatorType: {
          name: i.indicatorType.name,
          displayName: i.indicatorType.name,
          factor: i.factor,
          number: i.indicatorType.number,
        },
      });
    } else if (item.kind === 'reportingRate') {
      // ReportingRate: named after its data set, uid is the data set's; no code or description.
      const ds = item.dataSet;
      const metric = REPORTING_RATE_METRIC_NAMES[item.metric];
      put(
        item.id,
        { name: `${ds.name} - ${metric}`, shortName: `${ds.shortName} - ${metric}` },
        {
          uid: ds.id,
          ...(ds.legendSet ? { legendSet: ds.legendSet } : {}),
          dimensionItemType: 'REPORTING_RATE',
          valueType: 'NUMBER',
          totalAggregationType: 'AVERAGE',
        },
      );
    } else {
      const de = item.de;
      const coc = item.kind === 'operand' ? model.optionCombos.get(item.coc) : undefined;
      const naming = coc ? { name: `${de.name} ${coc.name}`, shortName: `${de.shortName} ${coc.name}` } : de;
      put(item.id, naming, {
        ...(de.legendSet ? { legendSet: de.legendSet } : {}),
        dimensionItemType: coc ? 'DATA_ELEMENT_OPERAND' : 'DATA_ELEMENT',
        valueType: de.valueType,
        totalAggregationType: 'SUM',
        aggregationType: de.aggregationType,
      });
    }
  }
  for (const p of resolved.periods)
    put(
      p.id,
      { name: p.name, code: p.id },
      {
        dimensionItemType: 'PERIOD',
        valueType: 'NUMBER',
        totalAggregationType: 'SUM',
        startDate: dateTime(p.start),
        endDate: dateTime(p.end),
      },
    );
  for (const u of resolved.orgUnits)
    put(u.id, u, {
      dimensionItemType: 'ORGANISATION_UNIT',
      valueType: 'NUMBER',
      totalAggregationType: 'SUM',
    });
  for (const c of resolved.categories) {
    if (c.id === 'co') {
      for (const id of c.items) put(id, model.optionCombos.get(id) ?? { name: id }, {});
    } else {
      put(c.id, model.categories.get(c.id) ?? { name: c.id }, { dimensionType: 'CATEGORY' });
      for (const id of c.items)
        put(id, model.categoryOptions.get(id) ?? { name: id }, { dimensionItemType: 'CATEGORY_OPTION' });
    }
  }
  for (const g of resolved.groupSets) {
    put(g.id, model.groupSets.get(g.id)!, { dimensionType: 'ORGANISATION_UNIT_GROUP_SET' });
    for (const id of g.items)
      put(id, model.groups.get(id) ?? { name: id }, { dimensionItemType: 'ORGANISATION_UNIT_GROUP' });
  }
  for (const d of grid.allDimensions) {
    const known = DIMENSION_NAMES[d.id];
    if (known)
      items[d.id] = details
        ? { uid: d.id, name: known.name, dimensionType: known.type }
        : { name: known.name };
  }
  // Levels and groups carry their uid in details; relative periods and USER_ORGUNIT lists never do.
  for (const [id, { uid, ...rest }] of Object.entries(resolved.extraItems))
    items[id] = details && uid ? { uid, ...rest } : rest;
  return items;
}

/** ouHierarchy (hierarchyMeta=true): each org unit's ancestors as "a/b". */
function ouHierarchy(model: AnalyticsModel, units: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const id of units) {
    const unit = model.orgUnits.get(id);
    if (unit) out[id] = unit.path.slice(0, -1).join('/');
  }
  return out;
}

/** The grid as DHIS2's ListGrid serialises it. */
export function analyticsResponse(
  grid: AnalyticsGrid,
  request: AnalyticsRequest,
  version: Dhis2Version,
): Record<string, unknown> {
  const headers = grid.dimensions.map((d) =>
    header(
      d.id,
      DIMENSION_NAMES[d.id]?.name ??
        (grid.model.categories.get(d.id) ?? grid.model.groupSets.get(d.id))?.name ??
        d.id,
      false,
    ),
  );
  headers.push(header('value', 'Value', true));
  const numDen = request.includeNumDen;
  if (numDen)
    for (const [name, column] of [
      ['numerator', 'Numerator'],
      ['denominator', 'Denominator'],
      ['factor', 'Factor'],
      ['multiplier', 'Multiplier'],
      ['divisor', 'Divisor'],
    ] as const)
      headers.push(header(name, column, true));
  const rows = grid.rows.map((row) => {
    const cells = [...row.keys, formatValue(row.value, row, request, version)];
    if (numDen) {
      const n = row.numDen;
      const number = (v: number | null | undefined) =>
        v === null || v === undefined ? '' : javaDouble(roundHalfUp(v, 10));
      cells.push(
        number(n?.numerator),
        number(n?.denominator),
        number(n?.factor),
        number(n?.multiplier),
        number(n?.divisor),
      );
    }
    return cells;
  });
  const metaData: Record<string, unknown> = {};
  if (!request.skipMeta) {
    metaData.items = metaItems(grid, request);
    const dimensions: Record<string, string[]> = { dx: [], pe: [], ou: [], co: [] };
    for (const d of grid.allDimensions) dimensions[d.id] = d.items;
    metaData.dimensions = dimensions;
    if (request.hierarchyMeta) metaData.ouHierarchy = ouHierarchy(grid.model, dimensions.ou!);
  }
  return {
    headers,
    metaData,
    ...(minorOf(version) >= 41 ? { rowContext: {} } : {}),
    rows,
    height: rows.length,
    headerWidth: headers.length,
    width: headers.length,
  };
}
