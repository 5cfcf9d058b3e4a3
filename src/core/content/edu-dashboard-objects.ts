import type { MetadataObject } from '../package/types.js';
import { ref, shipped } from './builders.js';
import { LEGEND_SETS } from './edu-core.js';
import type { Languages } from './profile-types.js';
import { join, t, type Text } from './text.js';

/**
 * How an item reads time and place:
 * - trend: the last five years and this year (a census just entered shows at once), periods on the
 *   x-axis (category = pe, series = dx), for the viewer's org unit;
 * - latest: last year's census (the latest complete one), for the viewer's org unit;
 * - byUnit: last year's census for each org unit of one level under the viewer's org unit.
 */
export type Layout = 'trend' | 'latest' | 'byUnit';
/** The install parameter that names the org-unit level of a byUnit item or map. */
export type UnitLevel = 'district' | 'school';

export interface ItemSpec {
  code: string;
  name: Text;
  type: 'COLUMN' | 'LINE' | 'BAR' | 'PIVOT_TABLE' | 'MAP';
  layout: Layout;
  indicators?: string[];
  dataElements?: string[];
  /** Data set reporting metrics: `<data set code>.<metric>` (EDU_ISCED1_CENSUS.REPORTING_RATE). */
  reportingRates?: string[];
  /** Org-unit level of a byUnit item or map. */
  unitLevel?: UnitLevel;
  /** A fixed legend set for every item (parity bands); otherwise each indicator's own legend set. */
  legend?: keyof typeof LEGEND_SETS;
  /**
   * Schools compared by an org unit group set of edu-core (location, ownership): its groups are the
   * columns of a table or the category axis of a chart, last year's census, for the viewer's org unit.
   */
  groupSet?: 'EDU_LOCATION' | 'EDU_OWNERSHIP';
}

const LAYOUT_TEXT: Record<Layout, Text> = {
  trend: t("The last five years and this year, for the viewer's org unit."),
  latest: t("Last year's census, for the viewer's org unit."),
  byUnit: t("Last year's census, for each org unit of the level under the viewer's org unit."),
};

const TREND_PERIODS = ['LAST_5_YEARS', 'THIS_YEAR'];
const LATEST_PERIODS = ['LAST_YEAR'];

/**
 * The units of a byUnit item, relative to the viewer's org unit: districts are the grandchildren of
 * the national root (national, region, district in the demo world, gm, tg and ug), schools the
 * children of a district. Not an orgUnitLevel.* placeholder: diff and status compare metadata
 * before parameter substitution, so a substituted level would show as drift on every server.
 */
const RELATIVE_UNITS: Record<UnitLevel, string> = {
  district: 'userOrganisationUnitGrandChildren',
  school: 'userOrganisationUnitChildren',
};

/** Rows, columns, filters, periods and org units of an item: never a named org unit. */
function placeAndTime(spec: ItemSpec): Record<string, unknown> {
  const chart = spec.type !== 'PIVOT_TABLE' && spec.type !== 'MAP';
  const byUnit = spec.layout === 'byUnit';
  const groupSet = spec.groupSet && ref('organisationUnitGroupSets', spec.groupSet).id;
  const dimensions = groupSet
    ? // Charts: the groups along the axis, indicators as series (their long names go in the legend).
      chart
      ? { columnDimensions: ['dx'], rowDimensions: [groupSet], filterDimensions: ['ou', 'pe'] }
      : { columnDimensions: [groupSet], rowDimensions: ['dx'], filterDimensions: ['ou', 'pe'] }
    : spec.layout === 'trend'
      ? // Charts: rows are the category axis, columns the series; tables put years across.
        chart
        ? { columnDimensions: ['dx'], rowDimensions: ['pe'], filterDimensions: ['ou'] }
        : { columnDimensions: ['pe'], rowDimensions: ['dx'], filterDimensions: ['ou'] }
      : byUnit
        ? { columnDimensions: ['dx'], rowDimensions: ['ou'], filterDimensions: ['pe'] }
        : { columnDimensions: ['pe'], rowDimensions: ['dx'], filterDimensions: ['ou'] };
  return {
    ...dimensions,
    // rawPeriods is what DHIS2 stores (relativePeriods is derived and not persisted from 2.40 on).
    rawPeriods: spec.layout === 'trend' ? TREND_PERIODS : LATEST_PERIODS,
    userOrganisationUnit: !byUnit,
    userOrganisationUnitChildren: false,
    userOrganisationUnitGrandChildren: false,
    ...(byUnit ? { [RELATIVE_UNITS[spec.unitLevel ?? 'school']]: true } : {}),
    organisationUnitLevels: [],
    organisationUnits: [],
    periods: [],
    // Every group of the set: a country's own groups (profile) count as well as ours.
    ...(groupSet
      ? {
          organisationUnitGroupSetDimensions: [
            { organisationUnitGroupSet: { id: groupSet }, organisationUnitGroups: [] },
          ],
        }
      : {}),
  };
}

function dataItems(spec: ItemSpec): MetadataObject[] {
  return [
    ...(spec.indicators ?? []).map((code) => ({
      dataDimensionItemType: 'INDICATOR',
      indicator: ref('indicators', code),
    })),
    ...(spec.dataElements ?? []).map((code) => ({
      dataDimensionItemType: 'DATA_ELEMENT',
      dataElement: ref('dataElements', code),
    })),
    // DHIS2's import form of a ReportingRate: the data set and the metric (AnalyticalObjectImportHandler).
    ...(spec.reportingRates ?? []).map((item) => {
      const [code, metric] = item.split('.') as [string, string];
      return {
        dataDimensionItemType: 'REPORTING_RATE',
        reportingRate: { dataSet: ref('dataSets', code), metric },
      };
    }),
  ];
}

export function visualizationObject(spec: ItemSpec, dashboardName: Text, lang: Languages): MetadataObject {
  // Rates carry their own legend set (coverage, exclusion, learners per teacher); parity bands are fixed.
  const legend = spec.legend
    ? { set: ref('legendSets', LEGEND_SETS[spec.legend]), strategy: 'FIXED' }
    : { strategy: 'BY_DATA_ITEM' };
  return shipped(
    'visualizations',
    spec.code,
    lang,
    {
      name: join(dashboardName, ' - ', spec.name),
      description: join(spec.name, '. ', LAYOUT_TEXT[spec.layout]),
    },
    {
      type: spec.type,
      dataDimensionItems: dataItems(spec),
      ...placeAndTime(spec),
      legend: { ...legend, style: 'FILL', showKey: true },
      hideEmptyRows: true,
      hideEmptyColumns: true,
      showData: spec.type !== 'PIVOT_TABLE',
    },
  );
}

/** A DHIS2 Maps map with one thematic (choropleth) layer coloured by a legend set. */
export function mapObject(spec: ItemSpec, dashboardName: Text, lang: Languages): MetadataObject {
  const legendSet = LEGEND_SETS[spec.legend ?? 'coverage'];
  return shipped(
    'maps',
    spec.code,
    lang,
    {
      name: join(dashboardName, ' - ', spec.name),
      description: join(spec.name, '. ', LAYOUT_TEXT.byUnit),
    },
    {
      basemap: 'osmLight',
      mapViews: [
        {
          id: ref('mapViews', `${spec.code}_THEMATIC`).id,
          layer: 'thematic',
          thematicMapType: 'CHOROPLETH',
          renderingStrategy: 'SINGLE',
          // 1 = classes from a predefined legend set (the maps app's CLASSIFICATION_PREDEFINED).
          method: 1,
          legendSet: ref('legendSets', legendSet),
          classes: 5,
          opacity: 0.9,
          hideLegend: false,
          dataDimensionItems: dataItems(spec),
          ...placeAndTime({ ...spec, layout: 'byUnit' }),
        },
      ],
    },
  );
}
