import { resolvedType } from '../metadata/type-model.js';
import {
  json,
  rootNodeAnswer,
  type ApiRequest,
  type ApiResponse,
  type Route,
  type SandboxContext,
} from '../http/api.js';
import { notFoundMessage, webMessage } from '../http/web-message.js';
import { parseFields, renderObject, type RenderContext } from '../query/fields.js';
import { pageOf, parseListQuery, queryError, renderAll, selectObjects } from '../query/list-query.js';
import type { JsonObject } from '../types.js';
import { textOf } from '../json-text.js';

export function renderContext(ctx: SandboxContext): RenderContext {
  return { store: ctx.store, version: ctx.version, baseUrl: ctx.baseUrl() };
}

/** Objects of a type matching an id:eq / id:in filter come straight from the primary key, not a scan. */
function candidates(ctx: SandboxContext, plural: string, req: ApiRequest): JsonObject[] {
  const idFilters = req.query.getAll('filter').filter((f) => /^id:(eq|in):/.test(f));
  if (idFilters.length === 1) {
    const [, op, value = ''] = /^id:(eq|in):(.*)$/.exec(idFilters[0]!)!;
    const ids = op === 'in' ? value.replace(/^\[|\]$/g, '').split(',') : [value];
    return ids
      .map((id) => ctx.store.getObject(plural, id.trim()))
      .filter((o): o is JsonObject => o !== undefined);
  }
  return ctx.store.listObjects(plural);
}

/** GET /api/{plural}: default fields id,displayName; filter, order, paging as DHIS2. */
function listObjects(
  req: ApiRequest,
  ctx: SandboxContext,
  [plural = '']: string[],
  within: (o: JsonObject) => boolean = () => true,
): ApiResponse {
  const type = resolvedType(plural, ctx.version);
  if (!type) return notFound(req, ctx);
  const query = parseListQuery(req.query, 'id,displayName');
  const render = renderContext(ctx);
  // QueryParserException -> 409 Conflict (CrudControllerAdvice#queryExceptionHandler).
  const error = 'error' in query ? query.error : queryError(render, type, query);
  if (error !== undefined || 'error' in query)
    return json(409, webMessage(409, 'ERROR', { message: error ?? '' }));
  const selected = selectObjects(render, type, candidates(ctx, plural, req).filter(within), query);
  const link = (page: number) => {
    const q = new URLSearchParams(req.query);
    q.set('page', String(page));
    return `${ctx.baseUrl()}/api/${plural}?${q.toString()}`;
  };
  const { items, pager } = pageOf(selected, req.query, link);
  const body = { ...(pager ? { pager } : {}), [plural]: renderAll(render, type, items, query.fields) };
  return rootNodeAnswer('metadata', body);
}

/** GET /api/{plural}/{id}: default fields `*`; 404 names the class and the id. */
function getObject(req: ApiRequest, ctx: SandboxContext, [plural = '', id = '']: string[]): ApiResponse {
  const type = resolvedType(plural, ctx.version);
  if (!type) return notFound(req, ctx);
  const object = ctx.store.getObject(plural, id);
  if (!object)
    return json(404, notFoundMessage(ctx.version, `${type.simpleName} with id ${id} could not be found.`));
  if (plural === 'organisationUnits') {
    const within = subtreeOf(object, req.query);
    if (within) return listObjects(req, ctx, [plural], within);
  }
  const fields = parseFields(req.query.getAll('fields').join(',') || '*');
  return rootNodeAnswer(type.singular, renderObject(renderContext(ctx), type, object, fields));
}

/** GET /api/{plural}/{id}/{property}: one collection or value of an object. */
function getProperty(
  req: ApiRequest,
  ctx: SandboxContext,
  [plural = '', id = '', property = '']: string[],
): ApiResponse {
  const type = resolvedType(plural, ctx.version);
  const object = type ? ctx.store.getObject(plural, id) : undefined;
  if (!type || !object)
    return json(
      404,
      notFoundMessage(ctx.version, `${type?.simpleName ?? plural} with id ${id} could not be found.`),
    );
  const nested = req.query.getAll('fields').join(',') || 'id,displayName';
  const rendered = renderObject(renderContext(ctx), type, object, parseFields(`${property}[${nested}]`));
  return json(200, { [property]: rendered[property] ?? [] });
}

/**
 * OrganisationUnitController: /{uid}?includeDescendants=true (path contains the uid),
 * ?includeChildren=true (the unit and the level below it) and ?level=N (N levels below) answer a list.
 */
function subtreeOf(unit: JsonObject, query: URLSearchParams): ((o: JsonObject) => boolean) | undefined {
  const uid = String(unit.id);
  const level = Number(unit.level);
  const under = (o: JsonObject) => textOf(o.path).includes(uid);
  if (query.get('includeDescendants') === 'true') return under;
  if (query.get('includeChildren') === 'true')
    return (o) => under(o) && (Number(o.level) === level || Number(o.level) === level + 1);
  const relative = query.get('level');
  if (relative !== null) return (o) => under(o) && Number(o.level) === level + Number(relative);
  return undefined;
}

function notFound(req: ApiRequest, ctx: SandboxContext): ApiResponse {
  return json(404, webMessage(404, 'ERROR', { message: `No endpoint ${req.method} /api${req.path}` }));
  void ctx;
}

export const crudReadRoutes: Route[] = [
  { method: 'GET', pattern: /^\/([A-Za-z]+)$/, handler: listObjects },
  { method: 'GET', pattern: /^\/([A-Za-z]+)\/([A-Za-z0-9]+)$/, handler: getObject },
  { method: 'GET', pattern: /^\/([A-Za-z]+)\/([A-Za-z0-9]+)\/([A-Za-z]+)$/, handler: getProperty },
];
