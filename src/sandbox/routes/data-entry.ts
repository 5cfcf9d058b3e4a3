import { DEFAULT_CATEGORY_MODEL } from '../../core/dhis2-model/rules.js';
import { json, type ApiRequest, type ApiResponse, type Route, type SandboxContext } from '../http/api.js';
import { webMessage } from '../http/web-message.js';
import { resolvedType } from '../metadata/type-model.js';
import { parseFields, renderObject } from '../query/fields.js';
import type { DataValueRow } from '../store.js';
import type { JsonObject } from '../types.js';
import { renderContext } from './crud-read.js';

/**
 * What DHIS2's Aggregate Data Entry app reads: GET /api/dataEntry/metadata and
 * /api/dataEntry/dataValues. Field lists and assembly follow dhis2-core
 * dxf2/metadata/DefaultDataSetMetadataExportService and webapi/controller/dataentry/DataSetValueController.
 */
const FIELDS: Readonly<Record<string, string>> = {
  dataSets:
    ':simple,categoryCombo[id],formType,dataEntryForm[id],dataInputPeriods[period,openingDate,closingDate],' +
    'indicators~pluck[id],compulsoryDataElementOperands[dataElement[id],categoryOptionCombo[id]],' +
    'sections[:simple,displayOptions,dataElements~pluck[id],indicators~pluck[id],' +
    'greyedFields[dataElement[id],categoryOptionCombo[id]]]',
  dataElements:
    ':identifiable,displayName,displayShortName,displayFormName,zeroIsSignificant,valueType,' +
    'aggregationType,categoryCombo[id],optionSet[id],commentOptionSet,description',
  indicators: ':simple,explodedNumerator,explodedDenominator,indicatorType[factor]',
  dataElementCategoryCombos:
    ':simple,isDefault,categories~pluck[id],categoryOptionCombos[id,code,name,displayName,categoryOptions~pluck[id]]',
  dataSetCategoryCombos: ':simple,isDefault,categories~pluck[id]',
  categories: ':simple,categoryOptions~pluck[id]',
  categoryOptions: ':simple,organisationUnits~pluck[id]',
  optionSets: ':simple,options[id,code,displayName]',
};

type Ref = { id?: unknown } | undefined;
const idOf = (ref: unknown) => (ref as Ref)?.id as string | undefined;
const refs = (list: unknown) =>
  ((list as Ref[] | undefined) ?? []).map(idOf).filter((id): id is string => !!id);

function dataEntryMetadata(_req: ApiRequest, ctx: SandboxContext): ApiResponse {
  const render = renderContext(ctx);
  const get = (plural: string, ids: Iterable<string>) =>
    [...new Set(ids)]
      .sort()
      .map((id) => ctx.store.getObject(plural, id))
      .filter((o): o is JsonObject => o !== undefined);
  const rendered = (plural: string, objects: JsonObject[], fields: string) => {
    const type = resolvedType(plural, ctx.version)!;
    const spec = parseFields(fields);
    return objects.map((o) => renderObject(render, type, o, spec));
  };
  const dataSets = ctx.store.listObjects('dataSets');
  const elements = dataSets.flatMap((d) => (d.dataSetElements as JsonObject[] | undefined) ?? []);
  const dataElements = get('dataElements', refs(elements.map((e) => e.dataElement)));
  const indicators = get(
    'indicators',
    dataSets.flatMap((d) => refs(d.indicators)),
  );
  const defaultCombo = DEFAULT_CATEGORY_MODEL.categoryCombos!;
  // DataElement#getCategoryCombos: its own combo plus data set element overrides.
  const deComboIds = new Set([
    ...dataElements.map((d) => idOf(d.categoryCombo) ?? defaultCombo),
    ...refs(elements.map((e) => e.categoryCombo)),
  ]);
  const deCombos = get('categoryCombos', deComboIds);
  const dsCombos = get(
    'categoryCombos',
    dataSets.map((d) => idOf(d.categoryCombo) ?? defaultCombo).filter((id) => !deComboIds.has(id)),
  );
  const categories = get(
    'categories',
    [...deCombos, ...dsCombos].flatMap((c) => refs(c.categories)),
  );
  const options = get(
    'categoryOptions',
    categories.flatMap((c) => refs(c.categoryOptions)),
  );
  const optionSets = get(
    'optionSets',
    dataElements.flatMap((d) => refs([d.optionSet, d.commentOptionSet])),
  );
  const dataSetNodes = rendered('dataSets', dataSets, FIELDS.dataSets!).map((node, i) => ({
    ...node,
    // Sorted by database id in DHIS2; the uid is our stable stand-in.
    dataSetElements: [...((dataSets[i]!.dataSetElements as JsonObject[] | undefined) ?? [])]
      .sort((a, b) => (idOf(a.dataElement) ?? '').localeCompare(idOf(b.dataElement) ?? ''))
      .map((e) => ({
        dataElement: { id: idOf(e.dataElement) },
        ...(e.categoryCombo ? { categoryCombo: { id: idOf(e.categoryCombo) } } : {}),
      })),
    organisationUnits: refs(dataSets[i]!.organisationUnits),
  }));
  return json(200, {
    dataSets: dataSetNodes,
    dataElements: rendered('dataElements', dataElements, FIELDS.dataElements!),
    indicators: rendered('indicators', indicators, FIELDS.indicators!),
    categoryCombos: [
      ...rendered('categoryCombos', deCombos, FIELDS.dataElementCategoryCombos!),
      ...rendered('categoryCombos', dsCombos, FIELDS.dataSetCategoryCombos!),
    ],
    categories: rendered('categories', categories, FIELDS.categories!),
    categoryOptions: rendered('categoryOptions', options, FIELDS.categoryOptions!),
    optionSets: rendered('optionSets', optionSets, FIELDS.optionSets!),
  });
}

/** DataValidator: an unknown ds/ou/cc is a 409 ConflictException naming the parameter. */
function conflict(message: string): ApiResponse {
  return json(409, webMessage(409, 'ERROR', { message }));
}

/** The attribute option combo of `cc` whose options are exactly `cp` (`;`-separated); default without cc. */
function attributeOptionCombo(
  ctx: SandboxContext,
  cc: string | null,
  cp: string | null,
): JsonObject | undefined {
  const defaultCoc = DEFAULT_CATEGORY_MODEL.categoryOptionCombos!;
  if (!cc) return ctx.store.getObject('categoryOptionCombos', defaultCoc) ?? { id: defaultCoc };
  const wanted = new Set((cp ?? '').split(';').filter((o) => o !== ''));
  return ctx.store
    .listObjects('categoryOptionCombos')
    .find(
      (coc) =>
        idOf(coc.categoryCombo) === cc &&
        refs(coc.categoryOptions).length === wanted.size &&
        refs(coc.categoryOptions).every((o) => wanted.has(o)),
    );
}

function dataEntryValues(req: ApiRequest, ctx: SandboxContext): ApiResponse {
  const [ds, pe, ou] = ['ds', 'pe', 'ou'].map((k) => req.query.get(k) ?? '');
  const dataSet = ctx.store.getObject('dataSets', ds!);
  if (!dataSet) return conflict(`Data set not found or not accessible: \`${ds}\``);
  if (!ctx.store.exists('organisationUnits', ou!))
    return conflict(`Organisation unit not found or not accessible: \`${ou}\``);
  const aoc = attributeOptionCombo(ctx, req.query.get('cc'), req.query.get('cp'));
  if (!aoc) return conflict(`Attribute option combo not found or not accessible: \`${req.query.get('cc')}\``);
  const members = new Set(
    ((dataSet.dataSetElements as JsonObject[] | undefined) ?? []).map((e) => idOf(e.dataElement)),
  );
  const rows = ctx.store.db
    .prepare<[string, string, string], DataValueRow>(
      'SELECT * FROM data_values WHERE period = ? AND org_unit = ? AND attribute_option_combo = ? AND deleted = 0',
    )
    .all(pe!, ou!, String(aoc.id))
    .filter((row) => members.has(row.data_element));
  const attribute = {
    combo: idOf(aoc.categoryCombo) ?? DEFAULT_CATEGORY_MODEL.categoryCombos,
    options: refs(aoc.categoryOptions),
  };
  return json(200, {
    dataValues: rows.map((row) => ({
      dataElement: row.data_element,
      period: row.period,
      orgUnit: row.org_unit,
      categoryOptionCombo: row.category_option_combo,
      attribute,
      value: row.value,
      ...(row.comment ? { comment: row.comment } : {}),
      followUp: row.followup === 1,
      storedBy: row.stored_by,
      created: row.created,
      lastUpdated: row.last_updated,
    })),
    minMaxValues: [],
    lockStatus: 'OPEN',
    completeStatus: { complete: false },
  });
}

/** The user's unread counts (MeController#getDashboard); the sandbox has no messages or interpretations. */
const meDashboard = (): ApiResponse => json(200, { unreadInterpretations: 0, unreadMessageConversations: 0 });

/** StaticContentController: no custom logo or banner was uploaded. */
const staticContent = (): ApiResponse =>
  json(404, webMessage(404, 'ERROR', { message: 'No custom file found.' }));

export const dataEntryRoutes: Route[] = [
  { method: 'GET', pattern: /^\/dataEntry\/metadata$/, handler: dataEntryMetadata },
  { method: 'GET', pattern: /^\/dataEntry\/dataValues$/, handler: dataEntryValues },
  { method: 'GET', pattern: /^\/me\/dashboard$/, handler: meDashboard },
  { method: 'GET', pattern: /^\/staticContent\/[A-Za-z_]+$/, handler: staticContent },
];
