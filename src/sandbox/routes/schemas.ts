import { capturedSchema, capturedSchemas } from '../schema-catalog.js';
import { validateAgainstSchema } from '../schema-validation.js';
import {
  jacksonTreeAnswer,
  json,
  parseJsonBody,
  type ApiRequest,
  type ApiResponse,
  type Route,
  type SandboxContext,
} from '../http/api.js';
import { webMessage } from '../http/web-message.js';
import { parseFields, type FieldSpec } from '../query/fields.js';
import type { JsonObject } from '../types.js';

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The catalog stores "/api/..." links; DHIS2's LinkService makes them absolute on this server. */
function withLinks(object: JsonObject, baseUrl: string): JsonObject {
  for (const key of ['href', 'apiEndpoint'])
    if (typeof object[key] === 'string') object[key] = `${baseUrl}${String(object[key])}`;
  if (Array.isArray(object.properties))
    for (const p of object.properties as JsonObject[]) withLinks(p, baseUrl);
  return object;
}

/** The field filter on plain documents: `*` (DHIS2's default here) keeps all, names pick, [..] nests, ! drops. */
function project(value: unknown, spec: FieldSpec | undefined): unknown {
  if (!spec) return value;
  if (Array.isArray(value)) return value.map((v) => project(v, spec));
  if (!isObject(value)) return value;
  const everything = spec.presets.size > 0 || spec.include.size === 0;
  const out: JsonObject = {};
  for (const [key, item] of Object.entries(value)) {
    if (spec.exclude.has(key) || (!everything && !spec.include.has(key))) continue;
    out[key] = project(item, spec.include.get(key));
  }
  return out;
}

const fieldSpec = (req: ApiRequest): FieldSpec => parseFields(req.query.get('fields') ?? '*');

function notFound(message: string): ApiResponse {
  return json(404, webMessage(404, 'ERROR', { message }));
}

const typeNotFound = (type: string) => notFound(`Type ${type} does not exist.`);

function listSchemas(req: ApiRequest, ctx: SandboxContext): ApiResponse {
  const schemas = capturedSchemas(ctx.version).map((s) => withLinks(s, ctx.baseUrl()));
  // SchemaController#getSchemas answers JsonRoot.of("schemas", ...), getSchema one ObjectNode.
  return jacksonTreeAnswer('root', { schemas: project(schemas, fieldSpec(req)) });
}

function getSchema(req: ApiRequest, ctx: SandboxContext, [type = '']: string[]): ApiResponse {
  const schema = capturedSchema(ctx.version, type);
  if (!schema) return typeNotFound(type);
  return jacksonTreeAnswer(
    'ObjectNode',
    project(withLinks(schema, ctx.baseUrl()), fieldSpec(req)) as JsonObject,
  );
}

/** SchemaController#getSchemaProperty: the property by its (singular) name. */
function getSchemaProperty(
  _req: ApiRequest,
  ctx: SandboxContext,
  [type = '', name = '']: string[],
): ApiResponse {
  const schema = capturedSchema(ctx.version, type);
  if (!schema) return typeNotFound(type);
  const property = (schema.properties as JsonObject[]).find((p) => p.name === name);
  if (!property) return notFound(`Property ${name} does not exist on type ${type}.`);
  return json(200, withLinks(property, ctx.baseUrl()));
}

/**
 * SchemaController#validateSchema: the object is checked against the schema alone (no database),
 * answered as WebMessageUtils.errorReports: 200 OK or 400 Bad Request with `ErrorReports`.
 */
function validateSchema(req: ApiRequest, ctx: SandboxContext, [type = '']: string[]): ApiResponse {
  const schema = capturedSchema(ctx.version, type);
  if (!schema) return typeNotFound(type);
  const parsed = parseJsonBody(req);
  if (!parsed.ok || !isObject(parsed.value))
    return json(
      400,
      webMessage(400, 'ERROR', { message: parsed.ok ? 'Body must be a JSON object' : parsed.message }),
    );
  const errorReports = validateAgainstSchema(schema, parsed.value, ctx.version);
  const failed = errorReports.length > 0;
  return json(
    failed ? 400 : 200,
    webMessage(failed ? 400 : 200, failed ? 'ERROR' : 'OK', {
      response: { responseType: 'ErrorReports', errorReports },
    }),
  );
}

export const schemaRoutes: Route[] = [
  { method: 'GET', pattern: /^\/schemas$/, handler: listSchemas },
  { method: 'GET', pattern: /^\/schemas\/([A-Za-z]+)$/, handler: getSchema },
  { method: 'GET', pattern: /^\/schemas\/([A-Za-z]+)\/([A-Za-z]+)$/, handler: getSchemaProperty },
  { method: 'POST', pattern: /^\/schemas\/([A-Za-z]+)$/, handler: validateSchema },
  { method: 'PUT', pattern: /^\/schemas\/([A-Za-z]+)$/, handler: validateSchema },
];
