import type { JsonObject } from '../types.js';
import { resolvedType, type ResolvedType } from '../metadata/type-model.js';
import type { RenderContext } from './fields.js';
import { textOf } from '../json-text.js';

export interface Filter {
  path: string[];
  operator: string;
  value: string;
}

/** `prop:op:value` (the value may itself contain colons); unknown shapes are a 400 in DHIS2 too. */
export function parseFilter(expression: string): Filter | undefined {
  const first = expression.indexOf(':');
  if (first < 0) return undefined;
  const second = expression.indexOf(':', first + 1);
  const path = expression.slice(0, first).split('.');
  const operator = second < 0 ? expression.slice(first + 1) : expression.slice(first + 1, second);
  const value = second < 0 ? '' : expression.slice(second + 1);
  return { path, operator, value };
}

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

const UID = /^[a-zA-Z][a-zA-Z0-9]{10}$/;

/** Operators DefaultQueryParser#createFilter accepts (anything else is a 409). */
const OPERATORS = new Set(
  (
    'eq ieq !eq neq ne gt lt gte ge lte le like !like $like !$like like$ !like$ ilike !ilike ' +
    'startsWith $ilike !$ilike token !token endsWith ilike$ !ilike$ in !in null !null empty !empty'
  ).split(' '),
);

/**
 * Why DHIS2 would refuse `filter` on `type` (its QueryParserException message, answered 409 by
 * CrudControllerAdvice#queryExceptionHandler), or undefined. From dhis2-core
 * query/DefaultQueryParser: an unknown path is "Unknown path property: <path>" unless its last
 * segment is an attribute UID; a simple property in the middle of a path is refused; unknown
 * operators are "`<op>` is not a valid operator.".
 */
export function filterError(ctx: RenderContext, type: ResolvedType, filter: Filter): string | undefined {
  const path = filter.path.join('.');
  if (path !== 'identifiable') {
    let current: ResolvedType | undefined = type;
    for (let i = 0; i < filter.path.length && current; i++) {
      const property = current.byName.get(filter.path[i]!);
      if (!property) {
        if (UID.test(path.slice(path.indexOf('.') + 1))) break;
        return `Unknown path property: ${path}`;
      }
      const simple = !property.target && property.kind !== 'collection' && property.kind !== 'complex';
      if (simple && i !== filter.path.length - 1)
        return 'Simple type was found before finished parsing path expression, please check your path string.';
      // Embedded classes (DataSetElement...) have no schema here: the rest of the path is not checked.
      current = property.target ? resolvedType(property.target, ctx.version) : undefined;
    }
  }
  if (!OPERATORS.has(filter.operator)) return `\`${filter.operator}\` is not a valid operator.`;
  return undefined;
}

/** Every leaf value at `path`, following references into the database and flattening collections. */
function valuesAt(
  ctx: RenderContext,
  type: ResolvedType | undefined,
  object: JsonObject,
  path: string[],
): unknown[] {
  const [head, ...rest] = path;
  if (head === undefined) return [object];
  // The virtual `identifiable` path (InMemoryQueryEngine#matchesIdentifiable): id, code, name, shortName.
  if (head === 'identifiable' && rest.length === 0)
    return [object.id, object.code, object.name, object.shortName];
  let value = object[head];
  if (value === undefined && !type?.byName.has(head) && UID.test(head))
    value = (Array.isArray(object.attributeValues) ? (object.attributeValues as JsonObject[]) : []).find(
      (av) => (av.attribute as JsonObject | undefined)?.id === head,
    )?.value;
  if (value === undefined && head === 'displayName') value = object.name;
  if (value === undefined && type && typeof object.id === 'string') {
    const property = type.byName.get(head);
    if (property && !property.owner && property.target) {
      value = ctx.store
        .referencesTo(type.plural, object.id)
        .filter((r) => r.fromType === property.target)
        .map((r) => ({ id: r.fromUid }));
    }
  }
  if (rest.length === 0) return Array.isArray(value) ? value : [value];
  const target = type?.byName.get(head)?.target;
  const targetType = target ? resolvedType(target, ctx.version) : undefined;
  const items = Array.isArray(value) ? value : [value];
  const out: unknown[] = [];
  for (const item of items) {
    if (!isObject(item)) continue;
    const needsLookup = targetType && typeof item.id === 'string' && !(rest[0]! in item);
    const resolved = needsLookup ? ctx.store.getObject(target!, item.id as string) : item;
    if (resolved) out.push(...valuesAt(ctx, targetType, resolved, rest));
  }
  return out;
}

const text = (v: unknown) => (v === undefined || v === null ? undefined : textOf(v));
const list = (value: string) =>
  value
    .replace(/^\[|\]$/g, '')
    .split(',')
    .map((s) => s.trim());

function compare(a: string, b: string): number {
  const x = Number(a);
  const y = Number(b);
  return !Number.isNaN(x) && !Number.isNaN(y) ? x - y : a.localeCompare(b);
}

/** One leaf value against one operator. */
function test(operator: string, leaf: string | undefined, value: string): boolean {
  if (leaf === undefined) return false;
  const lower = leaf.toLowerCase();
  const v = value.toLowerCase();
  switch (operator) {
    case 'eq':
      return leaf === value;
    case 'ieq':
      return lower === v;
    case 'like':
      return leaf.includes(value);
    case 'ilike':
      return lower.includes(v);
    case 'token':
      return tokenMatch(lower, v);
    case '$like':
      return leaf.startsWith(value);
    case '$ilike':
    case 'startsWith':
      return lower.startsWith(v);
    case 'like$':
      return leaf.endsWith(value);
    case 'ilike$':
    case 'endsWith':
      return lower.endsWith(v);
    case 'in':
      return list(value).includes(leaf);
    case 'gt':
      return compare(leaf, value) > 0;
    case 'ge':
    case 'gte':
      return compare(leaf, value) >= 0;
    case 'lt':
      return compare(leaf, value) < 0;
    case 'le':
    case 'lte':
      return compare(leaf, value) <= 0;
    default:
      return false;
  }
}

/** TokenUtils#test, MatchMode.START: every search token starts some token of the value. */
function tokenMatch(value: string, search: string): boolean {
  const tokens = (text: string) =>
    text
      .replace(/[^\p{L}0-9]/gu, ' ')
      .split(/[\s@&.?$+-]+/)
      .filter((t) => t !== '');
  const valueTokens = tokens(value);
  return tokens(search).every((s) => valueTokens.some((t) => t.startsWith(s)));
}

const NEGATED: Record<string, string> = {
  '!eq': 'eq',
  ne: 'eq',
  neq: 'eq',
  '!like': 'like',
  '!ilike': 'ilike',
  '!in': 'in',
  '!$like': '$like',
  '!$ilike': '$ilike',
  '!like$': 'like$',
  '!ilike$': 'ilike$',
  '!token': 'token',
};

/** True when `object` satisfies `filter` (any leaf matching, as a SQL join would). */
export function matchesFilter(
  ctx: RenderContext,
  type: ResolvedType,
  object: JsonObject,
  filter: Filter,
): boolean {
  const leaves = valuesAt(ctx, type, object, filter.path).map(text);
  const present = leaves.filter((l) => l !== undefined);
  switch (filter.operator) {
    case 'null':
      return present.length === 0;
    case '!null':
      return present.length > 0;
    case 'empty':
      return present.length === 0 || present.every((l) => l === '[]' || l === '');
    case '!empty':
      return present.length > 0 && !present.every((l) => l === '[]' || l === '');
    default:
      break;
  }
  const positive = NEGATED[filter.operator];
  if (positive) return !present.some((l) => test(positive, l, filter.value));
  return present.some((l) => test(filter.operator, l, filter.value));
}
