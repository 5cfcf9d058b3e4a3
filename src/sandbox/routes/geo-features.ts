import { json, type ApiRequest, type ApiResponse, type Route, type SandboxContext } from '../http/api.js';
import { webMessage } from '../http/web-message.js';
import { textOf } from '../json-text.js';
import type { JsonObject } from '../types.js';
import { viewOrgUnits } from './user-scope.js';

/** GeoFeature.TYPE_* of DHIS2. */
const TYPE: Record<string, number> = { Point: 1, Polygon: 2, MultiPolygon: 3 };

const pathOf = (unit: JsonObject): string[] =>
  textOf(unit.path ?? `/${textOf(unit.id)}`)
    .split('/')
    .filter(Boolean);

/**
 * The org units an `ou` dimension names: uids and USER_ORGUNIT(_CHILDREN/_GRANDCHILDREN) (the
 * data view org units, as analytics reads them); with LEVEL-n they are the boundaries the level
 * is taken under (the user's own org units when none is given).
 */
function selectUnits(ctx: SandboxContext, req: ApiRequest, items: string[]): JsonObject[] {
  const all = ctx.store.listObjects('organisationUnits');
  const byId = new Map(all.map((u) => [textOf(u.id), u]));
  const mine = viewOrgUnits(ctx, req.user);
  const depthBelow = (unit: JsonObject, roots: string[], depth: number) => {
    const path = pathOf(unit);
    return roots.includes(path[path.length - 1 - depth] ?? '');
  };
  const named: string[] = [];
  const levels: number[] = [];
  for (const item of items) {
    const level = /^LEVEL-(\d+)$/.exec(item);
    const relative = ['USER_ORGUNIT', 'USER_ORGUNIT_CHILDREN', 'USER_ORGUNIT_GRANDCHILDREN'].indexOf(item);
    if (level) levels.push(Number(level[1]));
    else if (relative >= 0)
      named.push(...all.filter((u) => depthBelow(u, mine, relative)).map((u) => textOf(u.id)));
    else if (byId.has(item)) named.push(item);
  }
  const roots = named.length ? named : mine;
  const picked = levels.length
    ? all.filter(
        (u) =>
          levels.includes(Number(u.level ?? pathOf(u).length)) && pathOf(u).some((id) => roots.includes(id)),
      )
    : named.flatMap((id): JsonObject[] => {
        const unit = byId.get(id);
        return unit ? [unit] : [];
      });
  return [...new Map(picked.map((u) => [textOf(u.id), u])).values()];
}

/** GET /api/geoFeatures?ou=ou:LEVEL-3;{uid}: org units with geometry, in DHIS2's compact GeoFeature shape. */
function getGeoFeatures(req: ApiRequest, ctx: SandboxContext): ApiResponse {
  const ou = req.query.get('ou');
  if (!ou) return json(409, webMessage(409, 'ERROR', { message: 'Organisation unit dimension is required' }));
  const items = ou.replace(/^ou:/, '').split(';').filter(Boolean);
  const useShortName = req.query.get('displayProperty') === 'SHORTNAME';
  const features = selectUnits(ctx, req, items).flatMap((unit) => {
    const geometry = unit.geometry as { type?: string; coordinates?: unknown } | undefined;
    const type = TYPE[geometry?.type ?? ''];
    if (!geometry || !type) return [];
    const path = pathOf(unit);
    const parent =
      path.length > 1 ? ctx.store.getObject('organisationUnits', path[path.length - 2]!) : undefined;
    const children = ctx.store
      .referencesTo('organisationUnits', textOf(unit.id))
      .some((r) => r.property === 'parent');
    return [
      {
        id: unit.id,
        ...(unit.code !== undefined ? { code: unit.code } : {}),
        na: textOf(useShortName ? (unit.shortName ?? unit.name) : unit.name),
        hcd: children,
        hcu: parent?.geometry !== undefined,
        le: Number(unit.level ?? path.length),
        pg: `/${path.slice(0, -1).join('/')}`,
        pi: parent?.id ?? '',
        pn: parent ? textOf(parent.name) : '',
        ty: type,
        co: JSON.stringify(geometry.coordinates),
        dimensions: {},
      },
    ];
  });
  return json(200, features, { 'cache-control': 'no-cache' });
}

export const geoFeatureRoutes: Route[] = [
  { method: 'GET', pattern: /^\/geoFeatures$/, handler: getGeoFeatures },
];
