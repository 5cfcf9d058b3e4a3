import { importMetadata } from '../metadata/import-metadata.js';
import { parseImportParams, UNSUPPORTED_STRATEGIES } from '../metadata/import-params.js';
import type { ImportReport } from '../metadata/report.js';
import {
  json,
  parseJsonBody,
  type ApiRequest,
  type ApiResponse,
  type Route,
  type SandboxContext,
} from '../http/api.js';
import { webMessage } from '../http/web-message.js';
import type { Dhis2Version, JsonObject } from '../types.js';
import { minorOf } from '../types.js';
import { contentTypeOf, unsupportedMediaType } from './http-refusals.js';
import { readDxfMetadata } from '../http/dxf-read.js';
import { startJob } from './jobs.js';

/**
 * The import report in the version's envelope (dhis2-api.md §1.4): 2.38-2.41 answer
 * /api/37/metadata (and older versioned paths) with the plain report and always 200; otherwise a
 * WebMessage, 200 for OK and 409 with a top-level WARNING for anything else.
 */
export function importReportResponse(
  version: Dhis2Version,
  apiVersion: number | undefined,
  report: ImportReport,
): ApiResponse {
  if (apiVersion !== undefined && apiVersion <= 37 && minorOf(version) <= 41) return json(200, report);
  if (report.status === 'OK') return json(200, webMessage(200, 'OK', { response: report }));
  return json(
    409,
    webMessage(409, 'WARNING', {
      message: 'One or more errors occurred, please see full details in import report.',
      response: report,
    }),
  );
}

/** A database failure during commit: 2.40+ map it to 409 with the root cause, 2.38/2.39 fall through to a 500. */
export function databaseFailure(version: Dhis2Version, error: Error): ApiResponse {
  const message = error.message.startsWith('ERROR:') ? error.message : `ERROR: ${error.message}`;
  if (minorOf(version) >= 40) return json(409, webMessage(409, 'ERROR', { message }));
  return json(500, webMessage(500, 'ERROR', { message: `could not execute statement; ${message}` }));
}

/** better-sqlite3's errors (and our constraint errors) by name: they may come from another realm under test runners. */
export function isDatabaseError(error: unknown): error is Error {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'SqliteError' || name === 'ConstraintViolation';
}

const isXml = (req: ApiRequest) => /^application\/xml\s*(;|$)/i.test(contentTypeOf(req));

/**
 * The body as the importer's payload, or the 409 DHIS2 answers when it cannot be read. 2.38 also
 * reads an application/xml body (MetadataImportExportController#postXmlMetadata, DXF 2.0); 2.39
 * dropped metadata XML, leaving Spring's plain 415 (unsupportedMediaType).
 */
function readPayload(
  req: ApiRequest,
  version: Dhis2Version,
): { value: JsonObject } | { refusal: ApiResponse } {
  const conflict = (message: string) => ({ refusal: json(409, webMessage(409, 'ERROR', { message })) });
  if (minorOf(version) <= 38 && isXml(req)) {
    try {
      return { value: readDxfMetadata(req.body.toString('utf8'), version) };
    } catch (error) {
      return conflict((error as Error).message);
    }
  }
  const parsed = parseJsonBody(req);
  if (!parsed.ok) return conflict(parsed.message);
  if (typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value))
    return conflict('Cannot deserialize value of type `java.util.LinkedHashMap` from Array value');
  return { value: parsed.value as JsonObject };
}

function postMetadata(req: ApiRequest, ctx: SandboxContext): ApiResponse {
  const strategy = req.query.get('importStrategy');
  if (strategy !== null && UNSUPPORTED_STRATEGIES.has(strategy)) {
    // The enum knows these aliases but the validator map has no entry for them: a NullPointerException.
    return json(
      500,
      webMessage(500, 'ERROR', {
        message: 'Cannot invoke "java.util.List.iterator()" because "validators" is null',
      }),
    );
  }
  const accepted = [/^application\/csv/i, ...(minorOf(ctx.version) <= 38 ? [/^application\/xml/i] : [])];
  const refused = unsupportedMediaType(req, ctx.version, accepted);
  if (refused) return refused;
  if (req.query.get('async') === 'true') return startMetadataImportJob(req, ctx);
  const payload = readPayload(req, ctx.version);
  if ('refusal' in payload) return payload.refusal;
  const params = parseImportParams(req.query, ctx.version);
  try {
    const report = importMetadata(ctx.store, ctx.version, payload.value, params, req.user.uid);
    return importReportResponse(ctx.version, req.apiVersion, report);
  } catch (error) {
    if (isDatabaseError(error)) return databaseFailure(ctx.version, error);
    throw error;
  }
}

/** async=true (MetadataImportJob): the body is read and imported once the job answer is out. */
function startMetadataImportJob(req: ApiRequest, ctx: SandboxContext): ApiResponse {
  const params = parseImportParams(req.query, ctx.version);
  const { mergeMode, ...rest } = params;
  const jobParameters = {
    importMode: rest.importMode,
    identifier: rest.identifier,
    preheatMode: 'REFERENCE',
    importStrategy: rest.importStrategy,
    atomicMode: rest.atomicMode,
    ...(minorOf(ctx.version) <= 40 ? { mergeMode } : {}),
    flushMode: 'AUTO',
    importReportMode: rest.importReportMode,
    skipSharing: rest.skipSharing,
    skipTranslation: rest.skipTranslation,
    skipValidation: rest.skipValidation,
    metadataSyncImport: false,
    async: true,
    firstRowIsHeader: true,
  };
  return startJob(ctx, 'METADATA_IMPORT', jobParameters, 'Metadata import started', () => {
    const payload = readPayload(req, ctx.version);
    if ('refusal' in payload)
      return { summary: undefined, failed: true, message: 'Import failed, no summary available' };
    const report = importMetadata(ctx.store, ctx.version, payload.value, params, req.user.uid);
    const s = report.stats;
    return {
      summary: report,
      failed: report.status === 'ERROR',
      message: `Import complete with status ${report.status}, ${s.created} created, ${s.updated} updated, ${s.deleted} deleted, ${s.ignored} ignored`,
    };
  });
}

export const metadataImportRoutes: Route[] = [
  { method: 'POST', pattern: /^\/metadata$/, handler: postMetadata },
];
