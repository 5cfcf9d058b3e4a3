import { json, type ApiRequest, type ApiResponse, type Route, type SandboxContext } from '../http/api.js';
import { webMessage } from '../http/web-message.js';
import { resolvedType } from '../metadata/type-model.js';
import { parseFields, renderObject } from '../query/fields.js';
import { parseListQuery, queryError, renderAll, selectObjects } from '../query/list-query.js';
import { minorOf, type JsonObject } from '../types.js';
import { renderContext } from './crud-read.js';

/**
 * Organisation unit reads the data entry apps make besides plain CRUD:
 * GET /api/filledOrganisationUnitLevels (FilledOrganisationUnitLevelController: every level down to
 * the deepest unit, stored ones by their name, others "Level N"; default fields `*`) and
 * GET /api/organisationUnits/gist (GistPipeline#createListQuery; `orgUnitsOffline`/`orgUnitsTree`
 * are @OpenApi.Since(43)).
 */
function filledLevels(req: ApiRequest, ctx: SandboxContext): ApiResponse {
  const type = resolvedType('organisationUnitLevels', ctx.version)!;
  const stored = new Map(ctx.store.listObjects('organisationUnitLevels').map((l) => [Number(l.level), l]));
  const deepest = Math.max(
    0,
    ...stored.keys(),
    ...ctx.store.listObjects('organisationUnits').map((u) => Number(u.level) || 0),
  );
  const levels: JsonObject[] = [];
  for (let level = 1; level <= deepest; level++)
    levels.push(stored.get(level) ?? { level, name: `Level ${level}` });
  const spec = parseFields(req.query.getAll('fields').join(',') || '*');
  return json(
    200,
    levels.map((l) => renderObject(renderContext(ctx), type, l, spec)),
  );
}

/** The gist list of org units; outside the offline/tree modes a plain gist list with a gist pager. */
function organisationUnitGist(req: ApiRequest, ctx: SandboxContext): ApiResponse {
  const type = resolvedType('organisationUnits', ctx.version)!;
  const since43 = minorOf(ctx.version) >= 43;
  const offline = since43 && req.query.get('orgUnitsOffline') === 'true';
  const tree = since43 && req.query.get('orgUnitsTree') === 'true';
  const query = new URLSearchParams(req.query);
  if (offline) {
    query.set('fields', 'path,displayName,children::isNotEmpty');
    if (!query.get('order')) query.set('order', 'level,name');
  }
  if (tree) query.set('order', 'path');
  const parsed = parseListQuery(query, 'id,displayName');
  const render = renderContext(ctx);
  const error = 'error' in parsed ? parsed.error : queryError(render, type, parsed);
  if (error !== undefined || 'error' in parsed)
    return json(400, webMessage(400, 'ERROR', { message: error ?? '' }));
  let units = selectObjects(render, type, ctx.store.listObjects('organisationUnits'), parsed);
  if (tree) {
    // Every ancestor of a match is listed too, in path order.
    const paths = new Set(units.flatMap((u) => ancestorsOf(String(u.path))));
    units = ctx.store
      .listObjects('organisationUnits')
      .filter((u) => paths.has(String(u.path)))
      .sort((a, b) => String(a.path).localeCompare(String(b.path)));
  }
  const rendered = renderAll(render, type, units, parsed.fields);
  if (offline) return json(200, { organisationUnits: rendered });
  const pageSize = Math.min(1000, Math.abs(Number(req.query.get('pageSize') ?? 50)) || 50);
  const page = Math.max(1, Math.abs(Number(req.query.get('page') ?? 1)) || 1);
  const items = rendered.slice((page - 1) * pageSize, page * pageSize);
  const pager: JsonObject = { page, pageSize };
  if (page > 1) pager.prevPage = gistLink(ctx, req, page - 1);
  if (rendered.length > page * pageSize) pager.nextPage = gistLink(ctx, req, page + 1);
  if (req.query.get('headless') === 'true') return json(200, items);
  return json(200, { pager, organisationUnits: items });
}

function ancestorsOf(path: string): string[] {
  const ids = path.split('/').filter((s) => s !== '');
  return ids.map((_, i) => `/${ids.slice(0, i + 1).join('/')}`);
}

function gistLink(ctx: SandboxContext, req: ApiRequest, page: number): string {
  const q = new URLSearchParams(req.query);
  q.set('page', String(page));
  return `${ctx.baseUrl()}/api/organisationUnits/gist?${q.toString()}`;
}

const OFFLINE_LEVEL = 'configuration.offlineOrganisationUnitLevel';

/**
 * ConfigurationController: the level offline apps cache down to, serialised whole by Jackson (not the
 * field filter: no href, access or user references), or an empty 200 when none is configured.
 */
function offlineLevel(_req: ApiRequest, ctx: SandboxContext): ApiResponse {
  const row = ctx.store.db
    .prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?')
    .get(OFFLINE_LEVEL);
  const level = row
    ? ctx.store.getObject('organisationUnitLevels', JSON.parse(row.value) as string)
    : undefined;
  if (!level) return { status: 200, body: '' };
  const type = resolvedType('organisationUnitLevels', ctx.version)!;
  const legacy = minorOf(ctx.version) <= 40 ? ',externalAccess,userGroupAccesses,userAccesses' : '';
  const fields = `name,created,lastUpdated,translations${legacy},favorites,level,displayName,favorite,id,attributeValues`;
  return json(200, {
    ...renderObject(renderContext(ctx), type, level, parseFields(fields)),
    ...(legacy ? { externalAccess: false } : {}),
    sharing: level.sharing ?? { external: false, users: {}, userGroups: {} },
  });
}

/** POST the level's uid (plain text or a JSON string); 204, or 409 for an unknown level. */
function setOfflineLevel(req: ApiRequest, ctx: SandboxContext): ApiResponse {
  const text = req.body.toString('utf8').trim();
  const uid = text.startsWith('"') ? (JSON.parse(text) as string) : text;
  if (!ctx.store.getObject('organisationUnitLevels', uid))
    return json(409, webMessage(409, 'ERROR', { message: `Organisation unit level does not exist: ${uid}` }));
  ctx.store.db
    .prepare('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)')
    .run(OFFLINE_LEVEL, JSON.stringify(uid));
  return { status: 204 };
}

export const orgUnitTreeRoutes: Route[] = [
  { method: 'GET', pattern: /^\/configuration\/offlineOrganisationUnitLevel$/, handler: offlineLevel },
  { method: 'POST', pattern: /^\/configuration\/offlineOrganisationUnitLevel$/, handler: setOfflineLevel },
  { method: 'GET', pattern: /^\/filledOrganisationUnitLevels$/, handler: filledLevels },
  { method: 'GET', pattern: /^\/organisationUnits\/gist$/, handler: organisationUnitGist },
];
