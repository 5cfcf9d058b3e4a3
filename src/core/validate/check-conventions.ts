import { eachObject, type ObjectSite, type PackageCheck, type PackageCheckContext } from './check-context.js';
import { describeObject, pointer, type FindingSink } from './finding-sink.js';
import { isObject } from './package-scope.js';

const UID = /^[a-zA-Z][a-zA-Z0-9]{10}$/;
const ids = (list: unknown): string[] =>
  Array.isArray(list) ? list.flatMap((e) => (isObject(e) && typeof e.id === 'string' ? [e.id] : [])) : [];

/** Adds the ids of a reference list to `set`, without the intermediate arrays of ids(). */
function addIds(set: Set<string>, list: unknown): void {
  if (!Array.isArray(list)) return;
  for (const e of list) if (isObject(e) && typeof e.id === 'string') set.add(e.id);
}

const TRANSLATED_TYPES = new Set([
  'dataElements',
  'indicators',
  'dataSets',
  'categoryOptions',
  'categories',
  'sections',
  'dataElementGroups',
  'indicatorGroups',
  'optionSets',
  'options',
]);

/** Packaging conventions from HISP's exporter (landscape.md d-1, d-5): org units, favourites, groups, user groups, locales. */
export function createConventionsCheck(ctx: PackageCheckContext, sink: FindingSink): PackageCheck {
  const locales = (ctx.pkg.manifest.locales ?? []).filter((l) => l !== 'en');
  const wantsTranslations = locales.length > 0 && ctx.pkg.source.kind !== 'metadata-file';
  let translated = false;
  return {
    enterType(plural) {
      translated = wantsTranslations && TRANSLATED_TYPES.has(plural);
    },
    visit(site) {
      if (translated) checkTranslated(site, locales, sink);
    },
    finish: () => checkConventions(ctx, sink),
  };
}

function checkConventions(ctx: PackageCheckContext, sink: FindingSink): void {
  for (const [plural, dataSet, index] of eachObject(ctx.pkg, ['dataSets'])) {
    const units = ids(dataSet.organisationUnits);
    if (units.length > 0)
      sink.add('dataset.org-units', ctx.scopeOf(plural, dataSet, index), {
        field: '/organisationUnits',
        value: units.length,
        message: `dataSets ${describeObject(dataSet)} is assigned to ${units.length} org unit(s) of the source instance`,
      });
  }
  for (const [plural, favorite, index] of eachObject(ctx.pkg, [
    'visualizations',
    'maps',
    'eventVisualizations',
    'eventReports',
    'eventCharts',
  ])) {
    const scope = ctx.scopeOf(plural, favorite, index);
    const views =
      plural === 'maps' && Array.isArray(favorite.mapViews) ? favorite.mapViews.filter(isObject) : [favorite];
    const fixed = views.flatMap((v) => ids(v.organisationUnits)).filter((id) => UID.test(id));
    if (fixed.length > 0)
      sink.add('favorite.fixed-org-units', scope, {
        field: '/organisationUnits',
        value: fixed,
        message: `${plural} ${describeObject(favorite)} is fixed to org unit(s) ${[...new Set(fixed)].slice(0, 5).join(', ')}`,
      });
    if (
      plural === 'visualizations' &&
      (!Array.isArray(favorite.dataDimensionItems) || favorite.dataDimensionItems.length === 0)
    ) {
      sink.add('favorite.no-data', scope, {
        field: '/dataDimensionItems',
        message: `visualizations ${describeObject(favorite)} has no data dimension items`,
      });
    }
  }
  for (const [plural, dashboard, index] of eachObject(ctx.pkg, ['dashboards'])) {
    const columns =
      isObject(dashboard.layout) && Array.isArray(dashboard.layout.columns)
        ? dashboard.layout.columns.length
        : 0;
    const from241 = ctx.versions.filter((v) => Number(v.split('.')[1]) >= 41);
    if (columns > 60 && from241.length > 0) {
      sink.add('dashboard.layout-columns', ctx.scopeOf(plural, dashboard, index), {
        field: '/layout/columns',
        value: columns,
        message: `dashboards ${describeObject(dashboard)} has a layout with ${columns} columns; DHIS2 allows 60`,
        dhis2Versions: from241.length === ctx.versions.length ? undefined : from241,
      });
    }
  }
  checkGrouping(ctx, sink);
  checkStandardUserGroups(ctx, sink);
  checkUnknownTypes(ctx, sink);
}

function checkGrouping(ctx: PackageCheckContext, sink: FindingSink): void {
  const grouped = (groupType: string, member: string) => {
    const members = new Set<string>();
    for (const group of ctx.pkg.metadata[groupType] ?? [])
      if (isObject(group)) addIds(members, group[member]);
    return members;
  };
  if (ctx.pkg.metadata.dataElementGroups) {
    const inDataSets = new Set<string>();
    for (const ds of ctx.pkg.metadata.dataSets ?? []) {
      if (!isObject(ds) || !Array.isArray(ds.dataSetElements)) continue;
      for (const e of ds.dataSetElements)
        if (isObject(e) && isObject(e.dataElement) && typeof e.dataElement.id === 'string')
          inDataSets.add(e.dataElement.id);
    }
    const groupedElements = grouped('dataElementGroups', 'dataElements');
    for (const [plural, element, index] of eachObject(ctx.pkg, ['dataElements'])) {
      if (typeof element.id === 'string' && inDataSets.has(element.id) && !groupedElements.has(element.id)) {
        sink.add('reference.ungrouped', ctx.scopeOf(plural, element, index), {
          field: '/dataElementGroups',
          message: `dataElements ${describeObject(element)} is in a data set but in no data element group of the package`,
        });
      }
    }
  }
  if (ctx.pkg.metadata.indicatorGroups) {
    const groupedIndicators = grouped('indicatorGroups', 'indicators');
    for (const [plural, indicator, index] of eachObject(ctx.pkg, ['indicators'])) {
      if (typeof indicator.id === 'string' && !groupedIndicators.has(indicator.id)) {
        sink.add('reference.ungrouped', ctx.scopeOf(plural, indicator, index), {
          field: '/indicatorGroups',
          message: `indicators ${describeObject(indicator)} is in no indicator group of the package`,
        });
      }
    }
  }
}

function checkStandardUserGroups(ctx: PackageCheckContext, sink: FindingSink): void {
  const groups = ctx.pkg.metadata.userGroups;
  if (!groups || groups.length === 0) return;
  const codes = groups.flatMap((g) => (isObject(g) && typeof g.code === 'string' ? [g.code] : []));
  const missing = ['_ADMIN', '_ACCESS', '_DATA_CAPTURE'].filter(
    (suffix) => !codes.some((c) => c.endsWith(suffix)),
  );
  if (missing.length > 0) {
    sink.add(
      'sharing.standard-groups',
      { package: ctx.name, file: ctx.pkg.files.userGroups, objectType: 'userGroups' },
      { value: codes, message: `no user group with a code ending in ${missing.join(', ')}` },
    );
  }
}

const NON_TYPE_KEYS = new Set(['package', 'system', 'date']);

function checkUnknownTypes(ctx: PackageCheckContext, sink: FindingSink): void {
  for (const key of Object.keys(ctx.pkg.extras)) {
    if (NON_TYPE_KEYS.has(key)) continue;
    sink.add(
      'structure.unknown-type',
      {
        package: ctx.name,
        file:
          ctx.pkg.source.kind === 'directory'
            ? undefined
            : ctx.pkg.files[Object.keys(ctx.pkg.files)[0] ?? ''],
      },
      {
        field: pointer(key),
        message: `top-level key "${key}" is not a DHIS2 metadata type; DHIS2 skips it silently`,
      },
    );
  }
}

/** Every locale of the manifest but English has a translation (HISP d-5). */
function checkTranslated(site: ObjectSite, locales: string[], sink: FindingSink): void {
  const translations = site.object.translations;
  const list = Array.isArray(translations) ? translations : [];
  let missing: string[] | undefined;
  for (const locale of locales) if (!hasLocale(list, locale)) (missing ??= []).push(locale);
  if (missing)
    sink.add('translation.incomplete', site.scope, {
      field: '/translations',
      value: missing,
      message: `${site.owner} has no ${missing.join(', ')} translation`,
    });
}

function hasLocale(translations: unknown[], locale: string): boolean {
  for (const t of translations) if (isObject(t) && t.locale === locale) return true;
  return false;
}
