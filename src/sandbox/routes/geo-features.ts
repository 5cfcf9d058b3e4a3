import { json, type ApiRequest, type ApiResponse, type Route, type SandboxContext } from '../http/api.js';
import { webMessage } from '../http/web-message.js';
import { textOf } from '../json-text.js';
import type { JsonObject } from '../types.js';
import { captureOrgUnits } from './user-scope.js';

/** GeoFeature.TYPE_* of DHIS2. */
const TYPE: Record<string, number> = { Point: 1, Polygon: 2, MultiPolygon: 3 };

const pathOf = (unit: JsonObject): string[] =>
  textOf(unit.path ?? `/${textOf(unit.id)}`)
    .split('/')
    .filter(Boolean);

/**
 * The org units an `ou` dimension names: USER_ORGUNIT(_CHILDREN/_GRANDCHILDREN), uids and LEVEL-n
 * (a level without a boundary is taken under the user's own org units, as analytics does).
 */
function selectUnits(ctx: SandboxContext, req: ApiRequest, items: string[]): JsonObject[] {
  const all = ctx.store.listObjects('organisationUnits');
  const byId = new Map(all.map((u) => [textOf(u.id), u]));
  const mine = captureOrgUnits(ctx, req.user);
  const levelOf = (u: JsonObject) => Number(u.level ?? pathOf(u).length);
  const boundaries: string[] = [];
  const levels: number[] = [];
  const picked = new Set<string>();
  const below = (roots: string[], depth: number) =>
    all.filter((u) => {
      const path = pathOf(u);
      return roots.includes(path[path.length - 1 - depth] ?? '');
    });
  for (const item of items) {
    const level = /^LEVEL-(\d+)$/.exec(item);
    if (level) levels.push(Number(level[1]));
    else if (item === 'USER_ORGUNIT') mine.forEach((id) => picked.add(id));
    else if (item === 'USER_ORGUNIT_CHILDREN') below(mine, 1).forEach((u) => picked.add(textOf(u.id)));
    else if (item === 'USER_ORGUNIT_GRANDCHILDREN') below(mine, 2).forEach((u) => picked.add(textOf(u.id)));
    else if (byId.has(item)) boundaries.push(item);
  }
  if (levels.length) {
    const roots = boundaries.length ? boundaries : mine;
    for (const u of all)
      if (levels.includes(levelOf(u)) && pathOf(u).some((id) => roots.includes(id))) picked.add(textOf(u.id));
  } else boundaries.forEach((id) => picked.add(id));
  return [...picked].flatMap((id): JsonObject[] => {
    const unit = byId.get(id);
    return unit ? [unit] : [];
  });
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
