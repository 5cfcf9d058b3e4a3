import type { JsonObject } from '../types.js';
import type { ResolvedType } from '../metadata/type-model.js';
import { textOf } from '../json-text.js';
import { filterError, matchesFilter, parseFilter, type Filter } from './filter.js';
import { parseFields, renderObject, type FieldSpec, type RenderContext } from './fields.js';

export interface ListQuery {
  filters: Filter[];
  fields: FieldSpec;
  order: Array<{ property: string; descending: boolean }>;
  rootJunction: 'AND' | 'OR';
}

export function parseListQuery(
  query: URLSearchParams,
  defaultFields: string,
  prefix = '',
): ListQuery | { error: string } {
  const filters: Filter[] = [];
  for (const expression of query.getAll(`${prefix}filter`)) {
    const filter = parseFilter(expression);
    // DefaultQueryParser#parse: fewer than two `:`-separated parts.
    if (!filter) return { error: `Invalid filter => ${expression}` };
    filters.push(filter);
  }
  const fields = query.getAll(`${prefix}fields`).join(',') || defaultFields;
  const order = (query.get(`${prefix}order`) ?? '')
    .split(',')
    .filter((o) => o !== '')
    .map((o) => {
      const [property = 'name', direction = 'asc'] = o.split(':');
      return { property, descending: direction.toLowerCase().includes('desc') };
    });
  return {
    filters,
    fields: parseFields(fields),
    order,
    rootJunction: query.get('rootJunction') === 'OR' ? 'OR' : 'AND',
  };
}

/** The first filter DHIS2 would refuse with 409 on this type, as its message. */
export function queryError(ctx: RenderContext, type: ResolvedType, query: ListQuery): string | undefined {
  for (const filter of query.filters) {
    const error = filterError(ctx, type, filter);
    if (error) return error;
  }
  return undefined;
}

/** Filters and orders stored objects (default order: name, then id, as DHIS2 lists them). */
export function selectObjects(
  ctx: RenderContext,
  type: ResolvedType,
  objects: JsonObject[],
  query: ListQuery,
): JsonObject[] {
  const selected = objects.filter((o) => {
    if (query.filters.length === 0) return true;
    const results = query.filters.map((f) => matchesFilter(ctx, type, o, f));
    return query.rootJunction === 'OR' ? results.some(Boolean) : results.every(Boolean);
  });
  const order =
    query.order.length > 0
      ? query.order
      : [{ property: type.byName.has('name') ? 'name' : 'id', descending: false }];
  const key = (o: JsonObject, property: string) => {
    const v = property === 'displayName' ? o.name : o[property];
    return textOf(v);
  };
  return selected.sort((a, b) => {
    for (const { property, descending } of order) {
      const c = key(a, property).localeCompare(key(b, property), 'en', {
        sensitivity: 'base',
        numeric: true,
      });
      if (c !== 0) return descending ? -c : c;
    }
    return String(a.id).localeCompare(String(b.id));
  });
}

export interface Pager {
  page: number;
  total: number;
  pageSize: number;
  pageCount: number;
  nextPage?: string;
  prevPage?: string;
}

/** `page`/`pageSize`/`paging=false` and DHIS2's pager object. */
export function pageOf<T>(
  items: T[],
  query: URLSearchParams,
  link: (page: number) => string,
): { items: T[]; pager: Pager | undefined } {
  if (query.get('paging') === 'false') return { items, pager: undefined };
  const pageSize = Math.max(1, Number(query.get('pageSize') ?? 50) || 50);
  const pageCount = Math.max(1, Math.ceil(items.length / pageSize));
  const page = Math.min(Math.max(1, Number(query.get('page') ?? 1) || 1), pageCount);
  const pager: Pager = { page, total: items.length, pageSize, pageCount };
  if (page < pageCount) pager.nextPage = link(page + 1);
  if (page > 1) pager.prevPage = link(page - 1);
  return { items: items.slice((page - 1) * pageSize, page * pageSize), pager };
}

export function renderAll(
  ctx: RenderContext,
  type: ResolvedType,
  objects: JsonObject[],
  fields: FieldSpec,
): JsonObject[] {
  return objects.map((o) => renderObject(ctx, type, o, fields));
}
