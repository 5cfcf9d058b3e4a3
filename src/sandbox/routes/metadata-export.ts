import { commitOrder } from '../../core/dhis2-model/rules.js';
import { isDefaultObject, metadataPlurals, resolvedType } from '../metadata/type-model.js';
import {
  json,
  rootNodeAnswer,
  type ApiRequest,
  type ApiResponse,
  type Route,
  type SandboxContext,
} from '../http/api.js';
import { notFoundMessage, webMessage } from '../http/web-message.js';
import { parseFields, renderObject, type FieldSpec } from '../query/fields.js';
import { parseListQuery, selectObjects } from '../query/list-query.js';
import type { Dhis2Version, JsonObject } from '../types.js';
import { minorOf } from '../types.js';
import { renderContext } from './crud-read.js';
import { releaseOf } from './system.js';
import { compressedExport } from './metadata-archive.js';

/** `system.date` as DateUtils.toIso8601 writes it: yyyy-MM-dd'T'HH:mm:ss.SSSZ. */
function isoWithZone(date = new Date()): string {
  return `${date.toISOString().slice(0, 23)}+0000`;
}

function systemBlock(ctx: SandboxContext): JsonObject {
  return { id: ctx.systemId, rev: '', version: releaseOf(ctx.version), date: isoWithZone() };
}

/**
 * `defaults=EXCLUDE` is only read from 2.39.7 / 2.40.6 / 2.41.2 (DHIS2-17564); the release each
 * mode reports (2.39.4.1, 2.40.2.2) predates the fix, so only 2.41+ honour it.
 */
function excludesDefaults(version: Dhis2Version, query: URLSearchParams): boolean | 'invalid' {
  if (minorOf(version) < 41) return false;
  const value = query.get('defaults');
  if (value === null || value === 'INCLUDE') return false;
  return value === 'EXCLUDE' ? true : 'invalid';
}

function withoutSharing(object: JsonObject): JsonObject {
  const {
    sharing: _s,
    publicAccess: _p,
    userGroupAccesses: _g,
    userAccesses: _u,
    externalAccess: _e,
    ...rest
  } = object;
  return rest;
}

/** GET /api/metadata: per-type selection, fields (default :owner), filters, defaults, skipSharing and the `system` block. */
function getMetadata(req: ApiRequest, ctx: SandboxContext): ApiResponse {
  const q = req.query;
  const defaults = excludesDefaults(ctx.version, q);
  if (defaults === 'invalid')
    return json(
      400,
      webMessage(400, 'ERROR', {
        message: `No enum constant org.hisp.dhis.common.Defaults.${q.get('defaults') ?? ''}`,
      }),
    );
  const plurals = metadataPlurals(ctx.version);
  const selected = plurals.filter(
    (p) => q.get(p) === 'true' || q.has(`${p}:fields`) || q.has(`${p}:filter`) || q.has(`${p}:order`),
  );
  const types = selected.length > 0 ? selected : plurals;
  const render = renderContext(ctx);
  const out: JsonObject = { system: systemBlock(ctx) };
  for (const plural of commitOrder(types)) {
    const type = resolvedType(plural, ctx.version)!;
    const typeQuery = new URLSearchParams(q);
    for (const key of ['fields', 'filter', 'order'] as const) {
      const own = q.getAll(`${plural}:${key}`);
      if (own.length > 0) {
        typeQuery.delete(key);
        for (const v of own) typeQuery.append(key, v);
      }
    }
    const query = parseListQuery(typeQuery, ':owner');
    if ('error' in query) return json(400, webMessage(400, 'ERROR', { message: query.error }));
    let objects = selectObjects(render, type, ctx.store.listObjects(plural), query);
    if (defaults) objects = objects.filter((o) => !isDefaultObject(o.id));
    if (objects.length === 0) continue;
    out[plural] = objects.map((o) => {
      const rendered = renderObject(render, type, o, query.fields);
      return q.get('skipSharing') === 'true' ? withoutSharing(rendered) : rendered;
    });
  }
  const headers: Record<string, string> =
    q.get('download') === 'true' ? { 'content-disposition': 'attachment; filename=metadata.json' } : {};
  return rootNodeAnswer('metadata', out, headers);
}

type Collected = Map<string, Set<string>>;

function add(collected: Collected, plural: string, id: unknown): boolean {
  if (typeof id !== 'string') return false;
  const set = collected.get(plural) ?? new Set<string>();
  collected.set(plural, set);
  if (set.has(id)) return false;
  set.add(id);
  return true;
}

const ids = (value: unknown): string[] =>
  (Array.isArray(value) ? value : value ? [value] : [])
    .map((v) => (v as JsonObject | null)?.id)
    .filter((v): v is string => typeof v === 'string');

/** A category combo with its categories, their options, and its option combos (found through the inverse index). */
function collectCombo(ctx: SandboxContext, collected: Collected, comboId: string): void {
  if (!add(collected, 'categoryCombos', comboId)) return;
  const combo = ctx.store.getObject('categoryCombos', comboId);
  for (const categoryId of ids(combo?.categories)) {
    if (!add(collected, 'categories', categoryId)) continue;
    for (const optionId of ids(ctx.store.getObject('categories', categoryId)?.categoryOptions))
      add(collected, 'categoryOptions', optionId);
  }
  for (const r of ctx.store.referencesTo('categoryCombos', comboId))
    if (r.fromType === 'categoryOptionCombos') add(collected, 'categoryOptionCombos', r.fromUid);
}

function collectDataElement(ctx: SandboxContext, collected: Collected, id: string): void {
  if (!add(collected, 'dataElements', id)) return;
  const element = ctx.store.getObject('dataElements', id);
  for (const combo of ids(element?.categoryCombo)) collectCombo(ctx, collected, combo);
  for (const set of [...ids(element?.optionSet), ...ids(element?.commentOptionSet)])
    collectOptionSet(ctx, collected, set);
  for (const legendSet of ids(element?.legendSets)) add(collected, 'legendSets', legendSet);
}

function collectOptionSet(ctx: SandboxContext, collected: Collected, id: string): void {
  if (!add(collected, 'optionSets', id)) return;
  for (const option of ids(ctx.store.getObject('optionSets', id)?.options)) add(collected, 'options', option);
}

/** What DHIS2 follows from a data set (§3.2): elements, sections, indicators, form, legends, combos. Not org units. */
function collectDataSet(ctx: SandboxContext, collected: Collected, dataSet: JsonObject): void {
  add(collected, 'dataSets', dataSet.id);
  for (const element of (dataSet.dataSetElements as JsonObject[] | undefined) ?? []) {
    for (const de of ids(element.dataElement)) collectDataElement(ctx, collected, de);
    for (const combo of ids(element.categoryCombo)) collectCombo(ctx, collected, combo);
  }
  for (const r of ctx.store.referencesTo('dataSets', String(dataSet.id))) {
    if (r.fromType !== 'sections' || !add(collected, 'sections', r.fromUid)) continue;
    const section = ctx.store.getObject('sections', r.fromUid);
    for (const de of ids(section?.dataElements)) collectDataElement(ctx, collected, de);
    for (const indicator of ids(section?.indicators)) collectIndicator(ctx, collected, indicator);
  }
  for (const indicator of ids(dataSet.indicators)) collectIndicator(ctx, collected, indicator);
  for (const form of ids(dataSet.dataEntryForm)) add(collected, 'dataEntryForms', form);
  for (const legendSet of ids(dataSet.legendSets)) add(collected, 'legendSets', legendSet);
  for (const combo of ids(dataSet.categoryCombo)) collectCombo(ctx, collected, combo);
}

function collectIndicator(ctx: SandboxContext, collected: Collected, id: string): void {
  if (!add(collected, 'indicators', id)) return;
  for (const type of ids(ctx.store.getObject('indicators', id)?.indicatorType))
    add(collected, 'indicatorTypes', type);
}

/** What DHIS2 follows from a dashboard: its items' favourites only, never what those reference. */
function collectDashboard(_ctx: SandboxContext, collected: Collected, dashboard: JsonObject): void {
  add(collected, 'dashboards', dashboard.id);
  const followed: Record<string, string> = {
    visualization: 'visualizations',
    map: 'maps',
    eventReport: 'eventReports',
    eventChart: 'eventCharts',
    eventVisualization: 'eventVisualizations',
  };
  for (const item of (dashboard.dashboardItems as JsonObject[] | undefined) ?? []) {
    for (const [property, plural] of Object.entries(followed))
      for (const id of ids(item[property])) add(collected, plural, id);
    for (const id of ids(item.reports)) add(collected, 'reports', id);
    for (const id of ids(item.resources)) add(collected, 'documents', id);
  }
}

function dependencyExport(kind: 'dataSets' | 'dashboards') {
  return (req: ApiRequest, ctx: SandboxContext, [id = '']: string[]): ApiResponse => {
    const root = ctx.store.getObject(kind, id);
    const type = resolvedType(kind, ctx.version)!;
    if (!root) return json(404, notFoundMessage(ctx.version, `${type.simpleName} not found for uid: ${id}`));
    const collected: Collected = new Map();
    if (kind === 'dataSets') collectDataSet(ctx, collected, root);
    else collectDashboard(ctx, collected, root);
    const render = renderContext(ctx);
    const owner: FieldSpec = parseFields(':owner');
    const out: JsonObject = { system: systemBlock(ctx) };
    for (const plural of commitOrder(collected.keys())) {
      const pluralType = resolvedType(plural, ctx.version);
      if (!pluralType) continue;
      const objects = [...collected.get(plural)!]
        .sort()
        .map((uid) => ctx.store.getObject(plural, uid))
        .filter((o): o is JsonObject => o !== undefined);
      if (objects.length === 0) continue;
      out[plural] = objects.map((o) => {
        const rendered = renderObject(render, pluralType, o, owner);
        return req.query.get('skipSharing') === 'true' ? withoutSharing(rendered) : rendered;
      });
    }
    return rootNodeAnswer('metadata', out);
  };
}

export const metadataExportRoutes: Route[] = [
  { method: 'GET', pattern: /^\/metadata$/, handler: getMetadata },
  {
    method: 'GET',
    pattern: /^\/metadata\.json\.(gz|zip)$/,
    handler: (req, ctx, [kind]) => compressedExport(getMetadata(req, ctx), kind === 'gz' ? 'gz' : 'zip'),
  },
  { method: 'GET', pattern: /^\/dataSets\/([A-Za-z0-9]+)\/metadata$/, handler: dependencyExport('dataSets') },
  {
    method: 'GET',
    pattern: /^\/dashboards\/([A-Za-z0-9]+)\/metadata$/,
    handler: dependencyExport('dashboards'),
  },
];
