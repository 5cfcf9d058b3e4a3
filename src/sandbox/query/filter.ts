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

/** Every leaf value at `path`, following references into the database and flattening collections. */
function valuesAt(
  ctx: RenderContext,
  type: ResolvedType | undefined,
  object: JsonObject,
  path: string[],
): unknown[] {
  const [head, ...rest] = path;
  if (head === undefined) return [object];
  let value = object[head];
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
    case 'token':
      return lower.includes(v);
    case '$like':
      return leaf.startsWith(value);
    case '$ilike':
      return lower.startsWith(v);
    case 'like$':
      return leaf.endsWith(value);
    case 'ilike$':
      return lower.endsWith(v);
    case 'in':
      return list(value).includes(leaf);
    case 'gt':
      return compare(leaf, value) > 0;
    case 'ge':
      return compare(leaf, value) >= 0;
    case 'lt':
      return compare(leaf, value) < 0;
    case 'le':
      return compare(leaf, value) <= 0;
    default:
      return false;
  }
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
