import { importMetadata } from '../metadata/import-metadata.js';
import { parseImportParams } from '../metadata/import-params.js';
import type { ImportReport } from '../metadata/report.js';
import { resolvedType } from '../metadata/type-model.js';
import {
  json,
  parseJsonBody,
  type ApiRequest,
  type ApiResponse,
  type Route,
  type SandboxContext,
} from '../http/api.js';
import { notFoundMessage, webMessage } from '../http/web-message.js';
import type { JsonObject } from '../types.js';
import { databaseFailure, importReportResponse, isDatabaseError } from './metadata-import.js';
import { textOf } from '../json-text.js';
import { crudRefusal } from '../access.js';

/** Single-object writes go through the same importer as /api/metadata (AbstractCrudController does too). */
type Outcome<T> = { ok: true; value: T } | { ok: false; response: ApiResponse };

function runImport(
  req: ApiRequest,
  ctx: SandboxContext,
  plural: string,
  object: JsonObject,
  strategy: string,
): Outcome<ImportReport> {
  const query = new URLSearchParams(req.query);
  query.set('importStrategy', strategy);
  query.set('importReportMode', 'FULL');
  try {
    return {
      ok: true,
      value: importMetadata(
        ctx.store,
        ctx.version,
        { [plural]: [object] },
        parseImportParams(query, ctx.version),
        req.user.uid,
      ),
    };
  } catch (error) {
    if (isDatabaseError(error)) return { ok: false, response: databaseFailure(ctx.version, error) };
    throw error;
  }
}

function bodyObject(req: ApiRequest): Outcome<JsonObject> {
  const parsed = parseJsonBody(req);
  if (!parsed.ok)
    return { ok: false, response: json(409, webMessage(409, 'ERROR', { message: parsed.message })) };
  if (typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) {
    return {
      ok: false,
      response: json(409, webMessage(409, 'ERROR', { message: 'Request body must be a JSON object' })),
    };
  }
  return { ok: true, value: parsed.value as JsonObject };
}

/** The ObjectReport WebMessage of POST and DELETE: 201/200 when clean, 409 with the report otherwise. */
function objectReportResponse(
  report: ImportReport,
  klass: string,
  uid: string,
  okStatus: 200 | 201,
): ApiResponse {
  const errorReports = report.typeReports.flatMap((t) => t.objectReports.flatMap((o) => o.errorReports));
  const response = { responseType: 'ObjectReport', uid, klass, errorReports };
  if (errorReports.length === 0 && report.status === 'OK')
    return json(okStatus, webMessage(okStatus, 'OK', { response }));
  return json(
    409,
    webMessage(409, 'ERROR', {
      message: 'One or more errors occurred, please see full details in import report.',
      response,
    }),
  );
}

function postObject(req: ApiRequest, ctx: SandboxContext, [plural = '']: string[]): ApiResponse {
  const type = resolvedType(plural, ctx.version);
  if (!type) return json(404, webMessage(404, 'ERROR', { message: `No endpoint POST /api/${plural}` }));
  const refusal = crudRefusal(ctx.store, ctx.version, req.user, plural, 'create');
  if (refusal) return refusal;
  const body = bodyObject(req);
  if (!body.ok) return body.response;
  const result = runImport(req, ctx, plural, body.value, 'CREATE');
  if (!result.ok) return result.response;
  const uid = result.value.typeReports[0]?.objectReports[0]?.uid ?? textOf(body.value.id);
  return objectReportResponse(result.value, type.klass, uid, 201);
}

function putObject(req: ApiRequest, ctx: SandboxContext, [plural = '', id = '']: string[]): ApiResponse {
  const type = resolvedType(plural, ctx.version);
  if (!type) return json(404, webMessage(404, 'ERROR', { message: `No endpoint PUT /api/${plural}/${id}` }));
  if (!ctx.store.exists(plural, id))
    return json(404, notFoundMessage(ctx.version, `${type.simpleName} with id ${id} could not be found.`));
  const refusal = crudRefusal(ctx.store, ctx.version, req.user, plural, 'update', id);
  if (refusal) return refusal;
  const body = bodyObject(req);
  if (!body.ok) return body.response;
  const result = runImport(req, ctx, plural, { ...body.value, id }, 'UPDATE');
  return result.ok ? importReportResponse(ctx.version, req.apiVersion, result.value) : result.response;
}

function deleteObject(req: ApiRequest, ctx: SandboxContext, [plural = '', id = '']: string[]): ApiResponse {
  const type = resolvedType(plural, ctx.version);
  if (!type)
    return json(404, webMessage(404, 'ERROR', { message: `No endpoint DELETE /api/${plural}/${id}` }));
  if (!ctx.store.exists(plural, id))
    return json(404, notFoundMessage(ctx.version, `${type.simpleName} with id ${id} could not be found.`));
  const refusal = crudRefusal(ctx.store, ctx.version, req.user, plural, 'delete', id);
  if (refusal) return refusal;
  const result = runImport(req, ctx, plural, { id }, 'DELETE');
  return result.ok ? objectReportResponse(result.value, type.klass, id, 200) : result.response;
}

export const crudWriteRoutes: Route[] = [
  { method: 'POST', pattern: /^\/([A-Za-z]+)$/, handler: postObject },
  { method: 'PUT', pattern: /^\/([A-Za-z]+)\/([A-Za-z0-9]+)$/, handler: putObject },
  { method: 'DELETE', pattern: /^\/([A-Za-z]+)\/([A-Za-z0-9]+)$/, handler: deleteObject },
];
