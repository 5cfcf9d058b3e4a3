import type { Viewer } from '../analytics/dimensions.js';
import { runAnalytics, type AnalyticsGrid } from '../analytics/engine.js';
import { analyticsResponse, formatValue } from '../analytics/response.js';
import { AnalyticsQueryError, parseAnalyticsRequest, type AnalyticsRequest } from '../analytics/request.js';
import { json, type ApiRequest, type ApiResponse, type Route, type SandboxContext } from '../http/api.js';
import { webMessage } from '../http/web-message.js';
import type { JsonObject } from '../types.js';

const ids = (value: unknown): string[] =>
  Array.isArray(value) ? value.map((v) => String((v as JsonObject).id)) : [];

/** Who is asking: data-view org units (else data-capture ones) bound USER_ORGUNIT and what may be read. */
function viewerOf(req: ApiRequest, ctx: SandboxContext): Viewer {
  const user = ctx.store.getObject('users', req.user.uid) ?? {};
  const credentials = (user.userCredentials as JsonObject | undefined) ?? {};
  const roles = ids(user.userRoles ?? credentials.userRoles).map((id) =>
    ctx.store.getObject('userRoles', id),
  );
  const view = ids(user.dataViewOrganisationUnits);
  return {
    username: req.user.username,
    orgUnits: view.length ? view : ids(user.organisationUnits),
    superuser: roles.some((r) => ((r?.authorities as string[] | undefined) ?? []).includes('ALL')),
  };
}

function answer(
  req: ApiRequest,
  ctx: SandboxContext,
  write: (grid: AnalyticsGrid, request: AnalyticsRequest) => unknown,
  check?: (request: AnalyticsRequest) => void,
): ApiResponse {
  try {
    const request = parseAnalyticsRequest(req.query);
    check?.(request);
    const now = request.relativePeriodDate ?? ctx.now();
    return json(200, write(runAnalytics(ctx.store, request, viewerOf(req, ctx), now), request));
  } catch (error) {
    if (error instanceof AnalyticsQueryError)
      return json(409, webMessage(409, 'ERROR', { message: error.message, errorCode: error.errorCode }));
    throw error;
  }
}

/** GET /api/analytics: aggregate analytics in DHIS2's grid shape. */
function getAnalytics(req: ApiRequest, ctx: SandboxContext): ApiResponse {
  return answer(req, ctx, (grid, request) => analyticsResponse(grid, request, ctx.version));
}

const REQUIRED_FOR_DATA_VALUE_SET: Array<[string, string, string]> = [
  ['dx', 'E7117', "A data dimension 'dx' must be specified when output format is DATA_VALUE_SET"],
  ['pe', 'E7118', "A period dimension 'pe' must be specified when output format is DATA_VALUE_SET"],
  [
    'ou',
    'E7119',
    "An organisation unit dimension 'ou' must be specified when output format is DATA_VALUE_SET",
  ],
];

/** GET /api/analytics/dataValueSet: the same numbers as data values (dx, pe and ou must be dimensions). */
function getAnalyticsDataValueSet(req: ApiRequest, ctx: SandboxContext): ApiResponse {
  return answer(
    req,
    ctx,
    (grid, request) => {
      const at = (row: string[], id: string) => row[grid.dimensions.findIndex((d) => d.id === id)];
      return {
        dataValues: grid.rows.map((row) => {
          const [dataElement, operandCoc] = at(row.keys, 'dx')!.split('.');
          const coc = at(row.keys, 'co') ?? operandCoc;
          return {
            dataElement,
            period: at(row.keys, 'pe'),
            orgUnit: at(row.keys, 'ou'),
            ...(coc ? { categoryOptionCombo: coc } : {}),
            value: formatValue(row.value, row, request, ctx.version),
          };
        }),
      };
    },
    (request) => {
      for (const [dimension, code, message] of REQUIRED_FOR_DATA_VALUE_SET)
        if (!request.dimensions.some((d) => d.dimension === dimension))
          throw new AnalyticsQueryError(code, message);
    },
  );
}

export const analyticsRoutes: Route[] = [
  { method: 'GET', pattern: /^\/analytics$/, handler: getAnalytics },
  { method: 'GET', pattern: /^\/analytics\/dataValueSet$/, handler: getAnalyticsDataValueSet },
];
