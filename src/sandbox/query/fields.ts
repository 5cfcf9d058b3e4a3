import type { SandboxStore } from '../store.js';
import type { Dhis2Version, JsonObject } from '../types.js';
import { EMBEDDED_REFERENCES, resolvedType, type ResolvedType } from '../metadata/type-model.js';
import { textOf } from '../json-text.js';

/** A parsed `fields=` expression: presets, named fields (with nested specs) and exclusions. */
export interface FieldSpec {
  presets: Set<string>;
  include: Map<string, FieldSpec | undefined>;
  exclude: Set<string>;
}

/** Splits on commas that are not inside [...] or (...). */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '[' || ch === '(') depth++;
    if (ch === ']' || ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/** Parses DHIS2's field filter syntax: `*`, `:owner`, `a,b`, `a[b,c]`, `!x`; `~transformers` are dropped. */
export function parseFields(expression: string): FieldSpec {
  const spec: FieldSpec = { presets: new Set(), include: new Map(), exclude: new Set() };
  for (const part of splitTopLevel(expression)) {
    const bracket = part.search(/[[(]/);
    const head = (bracket < 0 ? part : part.slice(0, bracket)).replace(/~.*$/, '').replace(/::.*$/, '');
    const nested = bracket < 0 ? undefined : parseFields(part.slice(bracket + 1, -1));
    if (head === '*' || head === ':all') spec.presets.add('all');
    else if (head.startsWith(':')) spec.presets.add(head.slice(1));
    else if (head.startsWith('!')) spec.exclude.add(head.slice(1));
    else if (head !== '') spec.include.set(head, nested);
  }
  return spec;
}

const IDENTIFIABLE = ['id', 'name', 'code', 'created', 'lastUpdated'];
const NAMEABLE = [...IDENTIFIABLE, 'shortName', 'description'];

export interface RenderContext {
  store: SandboxStore;
  version: Dhis2Version;
  baseUrl: string;
}

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Values DHIS2 computes on read rather than stores. */
function computed(ctx: RenderContext, type: ResolvedType, object: JsonObject, name: string): unknown {
  switch (name) {
    case 'displayName':
      return (
        object.name ??
        (typeof object.firstName === 'string' ? `${object.firstName} ${textOf(object.surname)}` : undefined)
      );
    case 'displayShortName':
      return object.shortName;
    case 'displayFormName':
      return object.formName ?? object.name;
    case 'displayDescription':
      return object.description;
    case 'href':
      return `${ctx.baseUrl}/api/${type.plural}/${String(object.id)}`;
    case 'access':
      return { manage: true, externalize: true, write: true, read: true, update: true, delete: true };
    default:
      break;
  }
  const property = type.byName.get(name);
  // Inverse side of an owner collection (dataElementGroups of a data element, children of an org unit).
  if (
    property &&
    !property.owner &&
    property.kind === 'collection' &&
    property.target &&
    typeof object.id === 'string'
  ) {
    const seen = new Set<string>();
    for (const r of ctx.store.referencesTo(type.plural, object.id))
      if (r.fromType === property.target) seen.add(r.fromUid);
    return [...seen].sort().map((id) => ({ id }));
  }
  return undefined;
}

function selectedNames(type: ResolvedType, object: JsonObject, spec: FieldSpec): string[] {
  const names = new Set<string>();
  if (spec.presets.has('all')) {
    for (const p of type.properties) names.add(p.name);
    for (const key of Object.keys(object)) names.add(key);
  }
  if (spec.presets.has('owner')) for (const p of type.owned) names.add(p.name);
  if (spec.presets.has('persisted')) for (const p of type.properties) if (p.persisted) names.add(p.name);
  if (spec.presets.has('identifiable')) for (const n of IDENTIFIABLE) names.add(n);
  if (spec.presets.has('nameable')) for (const n of NAMEABLE) names.add(n);
  for (const name of spec.include.keys()) names.add(name);
  for (const name of spec.exclude) names.delete(name);
  return [...names];
}

/** Renders a stored object the way DHIS2's field filter does: references as {id} unless a nested spec asks for more. */
export function renderObject(
  ctx: RenderContext,
  type: ResolvedType,
  object: JsonObject,
  spec: FieldSpec,
): JsonObject {
  const out: JsonObject = {};
  const heavy = spec.presets.has('all');
  for (const name of selectedNames(type, object, spec)) {
    let value = object[name];
    if (value === undefined && (spec.include.has(name) || heavy)) value = computed(ctx, type, object, name);
    if (value === undefined || value === null) continue;
    const nested = spec.include.get(name);
    const property = type.byName.get(name);
    const target = property?.target;
    if (nested && target) {
      out[name] = Array.isArray(value)
        ? value.map((v) => renderReference(ctx, target, v, nested))
        : renderReference(ctx, target, value, nested);
    } else if (nested && property?.embedded !== false && (Array.isArray(value) || isObject(value))) {
      const inner = EMBEDDED_REFERENCES[property?.klass ?? ''] ?? {};
      out[name] = Array.isArray(value)
        ? value.map((v) => renderEmbedded(ctx, inner, v, nested))
        : renderEmbedded(ctx, inner, value, nested);
    } else {
      out[name] = value;
    }
  }
  return out;
}

function renderReference(ctx: RenderContext, target: string, value: unknown, spec: FieldSpec): unknown {
  if (!isObject(value) || typeof value.id !== 'string') return value;
  const type = resolvedType(target, ctx.version);
  const stored = type ? ctx.store.getObject(target, value.id) : undefined;
  return type && stored ? renderObject(ctx, type, stored, spec) : value;
}

function renderEmbedded(
  ctx: RenderContext,
  refs: Readonly<Record<string, string>>,
  value: unknown,
  spec: FieldSpec,
): unknown {
  if (!isObject(value)) return value;
  const names = spec.presets.size > 0 ? Object.keys(value) : [...spec.include.keys()];
  const out: JsonObject = {};
  for (const name of names) {
    if (spec.exclude.has(name) || value[name] === undefined) continue;
    const nested = spec.include.get(name);
    const target = refs[name];
    out[name] = nested && target ? renderReference(ctx, target, value[name], nested) : value[name];
  }
  return out;
}
