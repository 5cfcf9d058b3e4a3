/** The parts of a stored visualization that decide its analytics request. */
export interface VisualizationLike {
  type?: string;
  columnDimensions?: string[];
  rowDimensions?: string[];
  filterDimensions?: string[];
  dataDimensionItems?: Array<Record<string, unknown>>;
  periods?: Array<{ id: string }>;
  rawPeriods?: string[];
  relativePeriods?: Record<string, boolean>;
  organisationUnits?: Array<{ id: string }>;
  organisationUnitLevels?: number[];
  itemOrganisationUnitGroups?: Array<{ id: string }>;
  userOrganisationUnit?: boolean;
  userOrganisationUnitChildren?: boolean;
  userOrganisationUnitGrandChildren?: boolean;
  organisationUnitGroupSetDimensions?: Array<{
    organisationUnitGroupSet: { id: string };
    organisationUnitGroups?: Array<{ id: string }>;
  }>;
}

const DATA_ITEM_KEYS = [
  'indicator',
  'dataElement',
  'dataElementOperand',
  'reportingRate',
  'programIndicator',
];

interface DataItemRef {
  id?: string;
  dataSet?: { id: string };
  metric?: string;
}

/** A reporting rate is stored as its data set and metric (DHIS2's import form); its dx item is `<dataSet>.<metric>`. */
const dataItemId = (item: DataItemRef): string =>
  item.dataSet && item.metric ? `${item.dataSet.id}.${item.metric}` : String(item.id);

/** relativePeriods booleans (lastYear: true) -> ids (LAST_YEAR). */
const relativeIds = (flags: Record<string, boolean> | undefined) =>
  Object.entries(flags ?? {})
    .filter(([, on]) => on)
    .map(([key]) =>
      key
        .replace(/([a-z])([A-Z0-9])/g, '$1_$2')
        .replace(/(\d)([A-Z])/g, '$1_$2')
        .toUpperCase(),
    );

function items(vis: VisualizationLike, dimension: string): string[] {
  switch (dimension) {
    case 'dx':
      return (vis.dataDimensionItems ?? []).flatMap((item) => {
        const key = DATA_ITEM_KEYS.find((k) => item[k]);
        return key ? [dataItemId(item[key] as DataItemRef)] : [];
      });
    case 'pe':
      return [
        ...(vis.periods ?? []).map((p) => p.id),
        ...(vis.rawPeriods ?? []),
        ...relativeIds(vis.relativePeriods),
      ];
    case 'ou':
      return [
        ...(vis.userOrganisationUnit ? ['USER_ORGUNIT'] : []),
        ...(vis.userOrganisationUnitChildren ? ['USER_ORGUNIT_CHILDREN'] : []),
        ...(vis.userOrganisationUnitGrandChildren ? ['USER_ORGUNIT_GRANDCHILDREN'] : []),
        ...(vis.organisationUnits ?? []).map((o) => o.id),
        ...(vis.organisationUnitLevels ?? []).map((l) => `LEVEL-${l}`),
        ...(vis.itemOrganisationUnitGroups ?? []).map((g) => `OU_GROUP-${g.id}`),
      ];
    default:
      // A group set with no groups chosen stands for all of its groups.
      return (
        vis.organisationUnitGroupSetDimensions
          ?.find((g) => g.organisationUnitGroupSet.id === dimension)
          ?.organisationUnitGroups?.map((g) => g.id) ?? []
      );
  }
}

/**
 * The /api/analytics query the dashboard app sends for a visualization: columns and rows as
 * `dimension`, filters as `filter`, names, numerators/denominators for tables and metadata details.
 */
export function analyticsQueryOf(vis: VisualizationLike): URLSearchParams {
  const query = new URLSearchParams();
  const entry = (d: string) => {
    const list = [...new Set(items(vis, d))];
    return list.length ? `${d}:${list.join(';')}` : d;
  };
  for (const d of [...(vis.columnDimensions ?? []), ...(vis.rowDimensions ?? [])])
    query.append('dimension', entry(d));
  for (const d of vis.filterDimensions ?? []) query.append('filter', entry(d));
  query.set('displayProperty', 'NAME');
  query.set('includeNumDen', String(vis.type === 'PIVOT_TABLE'));
  query.set('includeMetadataDetails', 'true');
  return query;
}
