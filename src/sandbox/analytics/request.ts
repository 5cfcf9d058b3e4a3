/** One `dimension=` or `filter=` entry: `dx:a;b`, `pe:LAST_5_YEARS`, `co`, `<categoryId>:<optionIds>`. */
export interface DimensionParam {
  dimension: string;
  /** Empty = every item of the dimension (`dimension=co`). */
  items: string[];
}

export interface AnalyticsRequest {
  dimensions: DimensionParam[];
  filters: DimensionParam[];
  displayProperty: 'NAME' | 'SHORTNAME';
  skipMeta: boolean;
  skipData: boolean;
  skipRounding: boolean;
  includeNumDen: boolean;
  includeMetadataDetails: boolean;
  hierarchyMeta: boolean;
  /** DHIS2's relativePeriodDate (yyyy-mm-dd): the "today" relative periods count from. */
  relativePeriodDate?: Date;
}

/** A request DHIS2 refuses with 409 and an E71xx code. */
export class AnalyticsQueryError extends Error {
  constructor(
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
    this.name = 'AnalyticsQueryError';
  }
}

/** `dx:a;b,ou:c` (several dimensions in one parameter, as the e2e tests of DHIS2 send them) -> entries. */
function splitDimensions(values: string[]): DimensionParam[] {
  const out: DimensionParam[] = [];
  for (const value of values) {
    // A comma separates dimensions; the items of one dimension are separated by semicolons.
    for (const part of value.split(',')) {
      if (part.trim() === '') continue;
      const colon = part.indexOf(':');
      const dimension = (colon < 0 ? part : part.slice(0, colon)).trim();
      const items =
        colon < 0
          ? []
          : part
              .slice(colon + 1)
              .split(';')
              .map((s) => s.trim())
              .filter(Boolean);
      out.push({ dimension, items });
    }
  }
  return out;
}

const flag = (query: URLSearchParams, name: string) => query.get(name) === 'true';

/** Reads /api/analytics query parameters the way DataQueryParams does (validation included). */
export function parseAnalyticsRequest(query: URLSearchParams): AnalyticsRequest {
  const dimensions = splitDimensions(query.getAll('dimension'));
  const filters = splitDimensions(query.getAll('filter'));
  const seen = new Set<string>();
  for (const d of dimensions) {
    if (seen.has(d.dimension))
      throw new AnalyticsQueryError(
        'E7111',
        `Dimensions cannot be specified more than once: \`${d.dimension}\``,
      );
    seen.add(d.dimension);
  }
  const both = filters.find((f) => seen.has(f.dimension));
  if (both)
    throw new AnalyticsQueryError(
      'E7103',
      `Dimensions cannot be specified as dimension and filter simultaneously: \`${both.dimension}\``,
    );
  if (dimensions.length === 0 && filters.length === 0)
    throw new AnalyticsQueryError('E7101', 'At least one dimension must be specified');
  const all = [...dimensions, ...filters];
  if (!all.some((d) => d.dimension === 'dx' && d.items.length > 0))
    throw new AnalyticsQueryError(
      'E7102',
      'At least one data dimension item or data element group set dimension item must be specified',
    );
  if (!all.some((d) => d.dimension === 'pe' && d.items.length > 0))
    throw new AnalyticsQueryError(
      'E7104',
      'At least one period as dimension or filter, or start and dates, must be specified',
    );
  if (filters.some((f) => f.dimension === 'co'))
    throw new AnalyticsQueryError('E7110', 'Category option combos cannot be specified as filter');
  const date = query.get('relativePeriodDate');
  const relativePeriodDate =
    date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? new Date(`${date}T00:00:00Z`) : undefined;
  return {
    dimensions,
    filters,
    displayProperty: query.get('displayProperty')?.toUpperCase() === 'SHORTNAME' ? 'SHORTNAME' : 'NAME',
    skipMeta: flag(query, 'skipMeta'),
    skipData: flag(query, 'skipData'),
    skipRounding: flag(query, 'skipRounding'),
    includeNumDen: flag(query, 'includeNumDen'),
    includeMetadataDetails: flag(query, 'includeMetadataDetails'),
    hierarchyMeta: flag(query, 'hierarchyMeta'),
    ...(relativePeriodDate ? { relativePeriodDate } : {}),
  };
}
