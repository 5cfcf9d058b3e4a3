import type { SandboxStore } from '../store.js';
import type { Dhis2Version, JsonObject } from '../types.js';
import {
  EMBEDDED_REFERENCES,
  resolvedType,
  type ResolvedProperty,
  type ResolvedType,
} from '../metadata/type-model.js';
import { implicitDefault } from '../../core/dhis2-model/implicit-defaults.js';
import { textOf } from '../json-text.js';
import { parseFields, type FieldSpec } from './field-parser.js';
import { applyTransformers } from './field-transformers.js';

export { parseFields, type FieldSpec } from './field-parser.js';

// dhis2-core FieldPreset: identifiable, nameable.
const IDENTIFIABLE = ['id', 'name', 'code', 'created', 'lastUpdated', 'lastUpdatedBy'];
const NAMEABLE = ['id', 'name', 'shortName', 'description', 'code', 'created', 'lastUpdated'];

/** The category model's `isDefault` (CategoryCombo#isDefault etc.: the name is "default"). */
const HAS_IS_DEFAULT = new Set(['categoryCombos', 'categories', 'categoryOptions', 'categoryOptionCombos']);

/** DimensionItemType of each dimensional item class (DataSet#getDimensionItemType...). */
const DIMENSION_ITEM_TYPES: Readonly<Record<string, string>> = {
  dataSets: 'REPORTING_RATE',
  dataElements: 'DATA_ELEMENT',
  indicators: 'INDICATOR',
  categoryOptions: 'CATEGORY_OPTION',
  categoryOptionGroups: 'CATEGORY_OPTION_GROUP',
  dataElementGroups: 'DATA_ELEMENT_GROUP',
  organisationUnits: 'ORGANISATION_UNIT',
  organisationUnitGroups: 'ORGANISATION_UNIT_GROUP',
  programIndicators: 'PROGRAM_INDICATOR',
};

export interface RenderContext {
  store: SandboxStore;
  version: Dhis2Version;
  baseUrl: string;
}

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The display* names DHIS2 derives from the stored names (no translations here), for stored and embedded objects alike. */
function displayField(object: JsonObject, name: string): unknown {
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
    default:
      return undefined;
  }
}

/** Values DHIS2 computes on read rather than stores. */
function computed(ctx: RenderContext, type: ResolvedType, object: JsonObject, name: string): unknown {
  const display = displayField(object, name);
  if (display !== undefined) return display;
  switch (name) {
    case 'href':
      return `${ctx.baseUrl}/api/${type.plural}/${String(object.id)}`;
    case 'access':
      return { manage: true, externalize: true, write: true, read: true, update: true, delete: true };
    case 'formType':
      // DataSet#getFormType: a custom form wins, then sections, else DEFAULT.
      if (type.plural !== 'dataSets') break;
      if (object.dataEntryForm) return 'CUSTOM';
      return (computed(ctx, type, object, 'sections') as unknown[] | undefined)?.length
        ? 'SECTION'
        : 'DEFAULT';
    case 'explodedNumerator':
    case 'explodedDenominator':
      // Indicator expressions substituted (ExpressionService#substituteIndicatorExpressions): none here.
      if (type.plural === 'indicators')
        return object[name === 'explodedNumerator' ? 'numerator' : 'denominator'];
      break;
    case 'displayNumeratorDescription':
      return object.numeratorDescription;
    case 'displayDenominatorDescription':
      return object.denominatorDescription;
    case 'dimensionItem':
    case 'dimension':
      // BaseDimensionalItemObject#getDimensionItem and BaseDimensionalObject#getDimension: the uid.
      if (type.byName.has(name)) return object.id;
      break;
    case 'dimensionItemType':
      return DIMENSION_ITEM_TYPES[type.plural];
    case 'dimensionType':
      return type.plural === 'categories' ? 'CATEGORY' : undefined;
    case 'isDefault':
      if (HAS_IS_DEFAULT.has(type.plural)) return object.name === 'default';
      break;
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
  // Java initialises collections, booleans and ints: Jackson writes them under every preset, :owner too.
  return property ? implicitDefault(type.plural, name, ctx.version) : undefined;
}

const SIMPLE_KINDS = new Set([
  'identifier',
  'date',
  'text',
  'boolean',
  'constant',
  'number',
  'integer',
  'color',
  'email',
  'phonenumber',
]);

/** `:simple`: Property#isSimple (no reference, collection or complex); href is only set by the link service. */
const isSimple = (p: ResolvedProperty) => SIMPLE_KINDS.has(p.kind) && !p.target && p.name !== 'href';

function selectedNames(type: ResolvedType, object: JsonObject, spec: FieldSpec): string[] {
  const names = new Set<string>();
  if (spec.presets.has('all')) {
    for (const p of type.properties) names.add(p.name);
    for (const key of Object.keys(object)) names.add(key);
  }
  if (spec.presets.has('owner')) for (const p of type.owned) names.add(p.name);
  if (spec.presets.has('persisted')) for (const p of type.properties) if (p.persisted) names.add(p.name);
  if (spec.presets.has('simple')) for (const p of type.properties) if (isSimple(p)) names.add(p.name);
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
  for (const name of selectedNames(type, object, spec)) {
    let value = object[name];
    if (value === undefined) value = computed(ctx, type, object, name);
    if (value === undefined || value === null) continue;
    const nested = spec.include.get(name);
    const property = type.byName.get(name);
    const target = property?.target;
    const userRef = name === 'lastUpdatedBy' || name === 'createdBy';
    if (!nested && userRef && isObject(value)) {
      out[name] = userInfo(ctx, value);
    } else if (nested && target) {
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
  for (const [name, transformers] of spec.transformers) applyTransformers(out, name, transformers);
  return out;
}

/**
 * createdBy/lastUpdatedBy without a nested spec: DHIS2 writes the user's summary (UserInfoSnapshot
 * style: id, code, name, displayName, username; code null when unset, as real answers show).
 */
function userInfo(ctx: RenderContext, ref: JsonObject): JsonObject {
  const user = typeof ref.id === 'string' ? ctx.store.getObject('users', ref.id) : undefined;
  if (!user) return ref;
  const name = `${textOf(user.firstName)} ${textOf(user.surname)}`.trim();
  const credentials = user.userCredentials as JsonObject | undefined;
  return {
    id: user.id,
    code: user.code ?? null,
    name,
    displayName: name,
    username: user.username ?? credentials?.username,
  };
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
    // Embedded identifiable objects (a legend set's legends) have display names too.
    const inner = value[name] ?? displayField(value, name);
    if (spec.exclude.has(name) || inner === undefined) continue;
    const nested = spec.include.get(name);
    const target = refs[name];
    if (nested && target)
      out[name] = Array.isArray(inner)
        ? inner.map((v) => renderReference(ctx, target, v, nested))
        : renderReference(ctx, target, inner, nested);
    else if (nested && (isObject(inner) || Array.isArray(inner)))
      out[name] = Array.isArray(inner)
        ? inner.map((v) => renderEmbedded(ctx, {}, v, nested))
        : renderEmbedded(ctx, {}, inner, nested);
    else out[name] = inner;
  }
  for (const [name, transformers] of spec.transformers) applyTransformers(out, name, transformers);
  return out;
}

/**
 * Field filtering of a plain (non-schema) body such as /api/me or /api/system/info, with nested
 * specs and transformers; `refs` names the properties holding references to stored objects.
 */
export function renderPlain(
  ctx: RenderContext,
  body: JsonObject,
  expression: string | null,
  refs: Readonly<Record<string, string>> = {},
): JsonObject {
  if (!expression) return body;
  return renderEmbedded(ctx, refs, body, parseFields(expression)) as JsonObject;
}
