import { generateUid } from '../../core/dhis2-model/uid.js';
import { timestamp } from '../metadata/commit.js';
import { json, type ApiRequest, type ApiResponse, type Route, type SandboxContext } from '../http/api.js';
import { webMessage } from '../http/web-message.js';
import { pageOf } from '../query/list-query.js';
import type { Dhis2Version, JsonObject } from '../types.js';
import { minorOf } from '../types.js';

interface Entry {
  key: string;
  value: string;
  created: string;
  last_updated: string;
}

/** NotFound/Conflict in the data store carry E1005/E1004 from 2.41 on (dhis2-api.md §4.4). */
function failure(version: Dhis2Version, status: 400 | 404 | 409, message: string): ApiResponse {
  const errorCode =
    minorOf(version) >= 41 ? { 404: 'E1005', 409: 'E1004', 400: undefined }[status] : undefined;
  return json(status, webMessage(status, 'ERROR', { message, ...(errorCode ? { errorCode } : {}) }));
}

const ok = (status: 200 | 201, message: string) => json(status, webMessage(status, 'OK', { message }));

function keysOf(ctx: SandboxContext, namespace: string): string[] {
  return ctx.store.db
    .prepare<[string], { key: string }>('SELECT key FROM datastore WHERE namespace = ? ORDER BY key')
    .all(namespace)
    .map((r) => r.key);
}

function entryOf(ctx: SandboxContext, namespace: string, key: string): Entry | undefined {
  return ctx.store.db
    .prepare<[string, string], Entry>(
      'SELECT key, value, created, last_updated FROM datastore WHERE namespace = ? AND key = ?',
    )
    .get(namespace, key);
}

/** The value must be valid JSON (DefaultDatastoreService.validateEntry); it is stored verbatim. */
function validJson(req: ApiRequest): string | undefined {
  const text = req.body.toString('utf8');
  try {
    JSON.parse(text);
    return text;
  } catch {
    return undefined;
  }
}

/** The key is everything after the namespace (keys may contain slashes, as real apps use). */
function split(req: ApiRequest): { namespace: string; key: string | undefined; metaData: boolean } {
  const [, namespace = '', ...rest] = req.segments;
  const metaData = req.method === 'GET' && rest.length > 1 && rest[rest.length - 1] === 'metaData';
  const keyParts = metaData ? rest.slice(0, -1) : rest;
  return { namespace, key: keyParts.length > 0 ? keyParts.join('/') : undefined, metaData };
}

function getDataStore(req: ApiRequest, ctx: SandboxContext): ApiResponse {
  if (req.segments.length === 1) {
    return json(
      200,
      ctx.store.db
        .prepare<[], { namespace: string }>('SELECT DISTINCT namespace FROM datastore ORDER BY namespace')
        .all()
        .map((r) => r.namespace),
    );
  }
  const { namespace, key, metaData } = split(req);
  if (key === undefined || (key === 'keys' && minorOf(ctx.version) >= 39)) {
    const keys = keysOf(ctx, namespace);
    if (keys.length === 0) return failure(ctx.version, 404, `Namespace not found: '${namespace}'`);
    if (key === undefined && req.query.has('fields')) return queryNamespace(req, ctx, namespace, keys);
    return json(200, keys);
  }
  const entry = entryOf(ctx, namespace, key);
  if (!entry) return failure(ctx.version, 404, `Key '${key}' not found in namespace '${namespace}'`);
  if (metaData) {
    return json(200, {
      created: entry.created,
      lastUpdated: entry.last_updated,
      id: generateUid(),
      namespace,
      key,
      sharing: { owner: req.user.uid, external: false, users: {}, userGroups: {}, public: 'rw------' },
    });
  }
  return { status: 200, body: entry.value, contentType: 'application/json;charset=UTF-8' };
}

/** GET /api/dataStore/{ns}?fields=...: the query API's {pager, entries} shape. */
function queryNamespace(
  req: ApiRequest,
  ctx: SandboxContext,
  namespace: string,
  keys: string[],
): ApiResponse {
  const fields = (req.query.get('fields') ?? '')
    .split(',')
    .map((f) => f.trim())
    .filter((f) => f !== '' && f !== '.');
  const entries = keys.map((key) => {
    const value = JSON.parse(entryOf(ctx, namespace, key)!.value) as unknown;
    const entry: JsonObject = { key };
    if (fields.length === 0 || req.query.get('fields') === '.') entry.value = value;
    for (const field of fields)
      entry[field] = typeof value === 'object' && value !== null ? (value as JsonObject)[field] : undefined;
    return entry;
  });
  const { items, pager } = pageOf(
    entries,
    req.query,
    (page) => `${ctx.baseUrl()}/api/dataStore/${namespace}?page=${page}`,
  );
  if (req.query.get('headless') === 'true') return json(200, items);
  return json(200, {
    ...(pager ? { pager: { page: pager.page, pageSize: pager.pageSize } } : {}),
    entries: items,
  });
}

function postEntry(req: ApiRequest, ctx: SandboxContext): ApiResponse {
  const { namespace, key } = split(req);
  if (key === undefined) return failure(ctx.version, 400, 'Key must be specified');
  if (entryOf(ctx, namespace, key))
    return failure(ctx.version, 409, `Key '${key}' already exists in namespace '${namespace}'`);
  const value = validJson(req);
  if (value === undefined) return failure(ctx.version, 400, `Invalid JSON value for key '${key}'`);
  const now = timestamp();
  return createEntry(ctx, namespace, key, value, now);
}

function createEntry(
  ctx: SandboxContext,
  namespace: string,
  key: string,
  value: string,
  now: string,
): ApiResponse {
  ctx.store.db
    .prepare('INSERT INTO datastore (namespace, key, value, created, last_updated) VALUES (?, ?, ?, ?, ?)')
    .run(namespace, key, value, now, now);
  return ok(201, `Key created: '${key}'`);
}

function putEntry(req: ApiRequest, ctx: SandboxContext): ApiResponse {
  const { namespace, key } = split(req);
  if (key === undefined) return failure(ctx.version, 400, 'Key must be specified');
  const value = validJson(req);
  if (value === undefined) return failure(ctx.version, 400, `Invalid JSON value for key '${key}'`);
  const now = timestamp();
  if (entryOf(ctx, namespace, key)) {
    ctx.store.db
      .prepare('UPDATE datastore SET value = ?, last_updated = ? WHERE namespace = ? AND key = ?')
      .run(value, now, namespace, key);
    return ok(200, `Key updated: '${key}'`);
  }
  return createEntry(ctx, namespace, key, value, now);
}

function deleteEntry(req: ApiRequest, ctx: SandboxContext): ApiResponse {
  const { namespace, key } = split(req);
  if (key === undefined) {
    const removed = ctx.store.db.prepare('DELETE FROM datastore WHERE namespace = ?').run(namespace).changes;
    if (removed === 0) return failure(ctx.version, 404, `Namespace not found: '${namespace}'`);
    return ok(200, `Namespace deleted: '${namespace}'`);
  }
  const removed = ctx.store.db
    .prepare('DELETE FROM datastore WHERE namespace = ? AND key = ?')
    .run(namespace, key).changes;
  if (removed === 0) return failure(ctx.version, 404, `Key '${key}' not found in namespace '${namespace}'`);
  return ok(200, `Key '${key}' deleted from namespace '${namespace}'`);
}

export const dataStoreRoutes: Route[] = [
  { method: 'GET', pattern: /^\/dataStore(\/.*)?$/, handler: getDataStore },
  { method: 'POST', pattern: /^\/dataStore\/[^/]+(\/.*)?$/, handler: postEntry },
  { method: 'PUT', pattern: /^\/dataStore\/[^/]+(\/.*)?$/, handler: putEntry },
  { method: 'DELETE', pattern: /^\/dataStore\/[^/]+(\/.*)?$/, handler: deleteEntry },
];
