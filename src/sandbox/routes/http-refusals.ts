import { json, type ApiRequest, type ApiResponse, type Route } from '../http/api.js';
import { webMessage } from '../http/web-message.js';
import { resolvedType } from '../metadata/type-model.js';
import type { Dhis2Version } from '../types.js';
import { minorOf } from '../types.js';

/**
 * Spring MVC's own refusals, as CrudControllerAdvice turns them into WebMessages: 405 for a path
 * served with other methods, 415 for a body type no handler consumes. Spring 5.3 (DHIS2 2.38-2.41)
 * and Spring 6 (2.42+) word them differently.
 */

const spring6 = (version: Dhis2Version) => minorOf(version) >= 42;

/** The media type of a request body; Spring assumes application/octet-stream when none is given. */
export function contentTypeOf(req: ApiRequest): string {
  const header = req.headers['content-type'];
  return (typeof header === 'string' ? header.trim() : '') || 'application/octet-stream';
}

const isJson = (contentType: string) =>
  /^application\/([\w.-]+\+)?json\s*(;|$)/i.test(contentType) || /^text\/json\s*(;|$)/i.test(contentType);

/** HttpMediaTypeNotSupportedException -> 415, unless the body is JSON (or one of `accepted`). */
export function unsupportedMediaType(
  req: ApiRequest,
  version: Dhis2Version,
  accepted: RegExp[] = [],
): ApiResponse | undefined {
  const contentType = contentTypeOf(req);
  if (isJson(contentType) || accepted.some((a) => a.test(contentType))) return undefined;
  if (req.body.length === 0 && req.headers['content-type'] === undefined) return undefined;
  return mediaTypeRefusal(version, contentType);
}

export function mediaTypeRefusal(version: Dhis2Version, contentType: string): ApiResponse {
  const message = spring6(version)
    ? `Content-Type '${contentType}' is not supported`
    : `Content type '${contentType}' not supported`;
  return json(415, webMessage(415, 'ERROR', { message }));
}

/** Generic /{type}/... routes only count for a path whose first segment is a metadata type. */
function routeServes(route: Route, path: string, version: Dhis2Version): boolean {
  const match = route.pattern.exec(path);
  if (!match) return false;
  if (!route.pattern.source.startsWith('^\\/([A-Za-z]+)')) return true;
  return resolvedType(match[1] ?? '', version) !== undefined;
}

/** HttpRequestMethodNotSupportedException -> 405 when another method serves the path; undefined otherwise. */
export function methodNotAllowed(
  routes: readonly Route[],
  method: string,
  path: string,
  version: Dhis2Version,
): ApiResponse | undefined {
  const allowed = [...new Set(routes.filter((r) => routeServes(r, path, version)).map((r) => r.method))];
  if (allowed.length === 0 || allowed.includes(method)) return undefined;
  const message = spring6(version)
    ? `Request method '${method}' is not supported`
    : `Request method '${method}' not supported`;
  return json(405, webMessage(405, 'ERROR', { message }), { allow: allowed.join(', ') });
}
