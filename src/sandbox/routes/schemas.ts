import {
  metadataPlurals,
  pluralOfSingular,
  resolvedType,
  type ResolvedProperty,
  type ResolvedType,
} from '../metadata/type-model.js';
import { json, type ApiRequest, type ApiResponse, type Route, type SandboxContext } from '../http/api.js';
import { webMessage } from '../http/web-message.js';
import type { JsonObject } from '../types.js';

/** Property JSON in /api/schemas' vocabulary, built from our rules file (required/unique/length as DHIS2 states them). */
function propertyJson(property: ResolvedProperty, ctx: SandboxContext): JsonObject {
  const collection = property.kind === 'collection';
  const targetKlass = property.target ? resolvedType(property.target, ctx.version)?.klass : undefined;
  const out: JsonObject = {
    ...(collection ? {} : targetKlass || property.klass ? { klass: targetKlass ?? property.klass } : {}),
    propertyType: (collection ? 'COLLECTION' : property.kind).toUpperCase(),
    ...(collection
      ? {
          itemPropertyType: (property.item ?? 'complex').toUpperCase(),
          ...(targetKlass || property.klass ? { itemKlass: targetKlass ?? property.klass } : {}),
        }
      : {}),
    name: property.name,
    fieldName: property.name,
    persisted: property.persisted,
    ...(collection ? { collectionName: property.name, collectionWrapping: false } : {}),
    simple: !collection && property.kind !== 'reference' && property.kind !== 'complex',
    collection,
    ordered: property.ordered,
    owner: property.owner,
    identifiableObject: property.kind === 'reference' || (collection && property.item === 'reference'),
    embeddedObject: property.embedded,
    readable: true,
    writable: property.owner,
    unique: property.unique,
    required: property.required,
    ...(property.maxLength !== undefined
      ? { length: property.maxLength, max: property.maxLength, min: 0 }
      : {}),
    ...(property.values ? { constants: property.values } : {}),
  };
  return out;
}

function schemaJson(type: ResolvedType, ctx: SandboxContext): JsonObject {
  return {
    klass: type.klass,
    shareable: type.owned.some((p) => p.name === 'sharing'),
    metadata: true,
    singular: type.singular,
    plural: type.plural,
    name: type.simpleName,
    displayName: type.simpleName.replace(/([a-z])([A-Z])/g, '$1 $2'),
    collectionName: type.plural,
    relativeApiEndpoint: `/${type.plural}`,
    apiEndpoint: `${ctx.baseUrl()}/api/${type.plural}`,
    href: `${ctx.baseUrl()}/api/schemas/${type.singular}`,
    persisted: true,
    order: type.order,
    properties: type.properties.map((p) => propertyJson(p, ctx)),
  };
}

function fieldsOf(req: ApiRequest): string[] | undefined {
  const fields = req.query.get('fields');
  return fields && fields !== '*' && fields !== ':all'
    ? fields.split(',').map((f) => f.trim().replace(/\[.*$/, ''))
    : undefined;
}

function project(object: JsonObject, fields: string[] | undefined): JsonObject {
  return fields ? Object.fromEntries(Object.entries(object).filter(([k]) => fields.includes(k))) : object;
}

function listSchemas(req: ApiRequest, ctx: SandboxContext): ApiResponse {
  const fields = fieldsOf(req);
  const schemas = metadataPlurals(ctx.version).map((plural) =>
    project(schemaJson(resolvedType(plural, ctx.version)!, ctx), fields),
  );
  return json(200, { schemas });
}

function getSchema(req: ApiRequest, ctx: SandboxContext, [singular = '']: string[]): ApiResponse {
  const plural = pluralOfSingular(singular, ctx.version);
  if (!plural) return json(404, webMessage(404, 'ERROR', { message: `Type ${singular} does not exist.` }));
  return json(200, project(schemaJson(resolvedType(plural, ctx.version)!, ctx), fieldsOf(req)));
}

export const schemaRoutes: Route[] = [
  { method: 'GET', pattern: /^\/schemas$/, handler: listSchemas },
  { method: 'GET', pattern: /^\/schemas\/([A-Za-z]+)$/, handler: getSchema },
];
