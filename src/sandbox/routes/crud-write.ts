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
import { contentTypeOf, mediaTypeRefusal, unsupportedMediaType } from './http-refusals.js';
import { applyJsonPatch, JsonPatchError } from './json-patch.js';
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

/**
 * WebMessageUtils.objectReport (AbstractCrudController, 2.38-2.42): the first object report, 200
 * (201 for a create) when clean; otherwise 409 with status WARNING, which POST and PUT overwrite
 * with ERROR (`webMessage.setStatus(Status.ERROR)`) and DELETE leaves as it is.
 */
function objectReportResponse(
  report: ImportReport,
  klass: string,
  uid: string,
  okStatus: 200 | 201,
  failedStatus: 'ERROR' | 'WARNING',
): ApiResponse {
  const errorReports = report.typeReports.flatMap((t) => t.objectReports.flatMap((o) => o.errorReports));
  const response = { responseType: 'ObjectReport', uid, klass, errorReports };
  if (errorReports.length === 0 && report.status === 'OK')
    return json(okStatus, webMessage(okStatus, 'OK', { response }));
  return json(
    409,
    webMessage(409, failedStatus, {
      message: 'One or more errors occurred, please see full details in import report.',
      response,
    }),
  );
}

function postObject(req: ApiRequest, ctx: SandboxContext, [plural = '']: string[]): ApiResponse {
  const type = resolvedType(plural, ctx.version);
  if (!type) return json(404, webMessage(404, 'ERROR', { message: `No endpoint POST /api/${plural}` }));
  const refused = unsupportedMediaType(req, ctx.version);
  if (refused) return refused;
  const refusal = crudRefusal(ctx.store, ctx.version, req.user, plural, 'create');
  if (refusal) return refusal;
  const body = bodyObject(req);
  if (!body.ok) return body.response;
  const result = runImport(req, ctx, plural, body.value, 'CREATE');
  if (!result.ok) return result.response;
  const uid = result.value.typeReports[0]?.objectReports[0]?.uid ?? textOf(body.value.id);
  const response = objectReportResponse(result.value, type.klass, uid, 201, 'ERROR');
  // WebMessageControllerAdvice writes the WebMessage's location as a header, prefixed with the API path.
  if (response.status === 201) response.headers = { location: `${ctx.baseUrl()}/api/${plural}/${uid}` };
  return response;
}

/** Users keep their own PUT (UserController): an ImportReport, plain before /api/38 up to 2.41. */
function putResult(
  req: ApiRequest,
  ctx: SandboxContext,
  plural: string,
  id: string,
  report: ImportReport,
): ApiResponse {
  if (plural === 'users') return importReportResponse(ctx.version, req.apiVersion, report);
  return objectReportResponse(report, resolvedType(plural, ctx.version)!.klass, id, 200, 'ERROR');
}

function putObject(req: ApiRequest, ctx: SandboxContext, [plural = '', id = '']: string[]): ApiResponse {
  const type = resolvedType(plural, ctx.version);
  if (!type) return json(404, webMessage(404, 'ERROR', { message: `No endpoint PUT /api/${plural}/${id}` }));
  if (!ctx.store.exists(plural, id))
    return json(404, notFoundMessage(ctx.version, `${type.simpleName} with id ${id} could not be found.`));
  const refused = unsupportedMediaType(req, ctx.version);
  if (refused) return refused;
  const refusal = crudRefusal(ctx.store, ctx.version, req.user, plural, 'update', id);
  if (refusal) return refusal;
  const body = bodyObject(req);
  if (!body.ok) return body.response;
  const result = runImport(req, ctx, plural, { ...body.value, id }, 'UPDATE');
  return result.ok ? putResult(req, ctx, plural, id, result.value) : result.response;
}

/**
 * PATCH with application/json-patch+json (AbstractCrudController#patchObject): the patch applied to
 * the stored object, then imported as an UPDATE with importReportMode ERRORS_NOT_OWNER.
 */
function patchObject(req: ApiRequest, ctx: SandboxContext, [plural = '', id = '']: string[]): ApiResponse {
  const type = resolvedType(plural, ctx.version);
  if (!type)
    return json(404, webMessage(404, 'ERROR', { message: `No endpoint PATCH /api/${plural}/${id}` }));
  // Only the patch type (2.38-2.40's legacy partial PATCH with plain JSON is not served).
  if (!/^application\/json-patch\+json/i.test(contentTypeOf(req)))
    return mediaTypeRefusal(ctx.version, contentTypeOf(req));
  const stored = ctx.store.getObject(plural, id);
  if (!stored)
    return json(404, notFoundMessage(ctx.version, `${type.simpleName} with id ${id} could not be found.`));
  const parsed = parseJsonBody(req);
  if (!parsed.ok) return json(400, webMessage(400, 'ERROR', { message: parsed.message }));
  let patched: JsonObject;
  try {
    patched = applyJsonPatch(stored, parsed.value);
  } catch (error) {
    if (error instanceof JsonPatchError)
      return json(400, webMessage(400, 'ERROR', { message: error.message }));
    throw error;
  }
  const result = runImport(req, ctx, plural, { ...patched, id }, 'UPDATE');
  return result.ok ? objectReportResponse(result.value, type.klass, id, 200, 'ERROR') : result.response;
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
  return result.ok ? objectReportResponse(result.value, type.klass, id, 200, 'WARNING') : result.response;
}

export const crudWriteRoutes: Route[] = [
  { method: 'POST', pattern: /^\/([A-Za-z]+)$/, handler: postObject },
  { method: 'PUT', pattern: /^\/([A-Za-z]+)\/([A-Za-z0-9]+)$/, handler: putObject },
  { method: 'PATCH', pattern: /^\/([A-Za-z]+)\/([A-Za-z0-9]+)$/, handler: patchObject },
  { method: 'DELETE', pattern: /^\/([A-Za-z]+)\/([A-Za-z0-9]+)$/, handler: deleteObject },
];
