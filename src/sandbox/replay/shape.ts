/**
 * The shape of a JSON body (keys, types, nesting; arrays as the union of their elements) and the
 * comparison of a sandbox answer with a real one: shapes always, values where they are
 * deterministic (same seeded objects; timestamps, sharing and links excluded).
 */
export type Shape =
  | 'string'
  | 'number'
  | 'boolean'
  | 'null'
  | 'mixed'
  | { array: Shape | null }
  | { object: Record<string, Shape> };

export function shapeOf(value: unknown): Shape {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value))
    return {
      array: value.reduce<Shape | null>((acc, v) => (acc ? merge(acc, shapeOf(v)) : shapeOf(v)), null),
    };
  if (typeof value === 'object')
    return {
      object: Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, shapeOf(v)]),
      ),
    };
  const kind = typeof value;
  return kind === 'string' || kind === 'number' || kind === 'boolean' ? kind : 'mixed';
}

function merge(a: Shape, b: Shape): Shape {
  if (typeof a === 'string' || typeof b === 'string') return a === b ? a : 'mixed';
  if ('array' in a && 'array' in b)
    return { array: a.array && b.array ? merge(a.array, b.array) : (a.array ?? b.array) };
  if ('object' in a && 'object' in b) {
    const object: Record<string, Shape> = { ...a.object };
    for (const [k, v] of Object.entries(b.object)) object[k] = object[k] ? merge(object[k], v) : v;
    return { object };
  }
  return 'mixed';
}

export interface Difference {
  at: string;
  what: string;
}

const MAX_DIFFERENCES = 12;

/** Where the sandbox's shape departs from the real one (an empty array on either side proves nothing). */
export function compareShapes(real: Shape, ours: Shape, at = '', out: Difference[] = []): Difference[] {
  if (out.length >= MAX_DIFFERENCES) return out;
  if (typeof real === 'string' || typeof ours === 'string') {
    if (real !== ours) out.push({ at: at || '.', what: `type ${describe(ours)}, real ${describe(real)}` });
    return out;
  }
  if ('array' in real && 'array' in ours) {
    if (real.array && ours.array) compareShapes(real.array, ours.array, `${at}[]`, out);
    return out;
  }
  if ('object' in real && 'object' in ours) {
    for (const key of Object.keys(real.object))
      if (!(key in ours.object)) out.push({ at: join(at, key), what: 'missing' });
    for (const key of Object.keys(ours.object))
      if (!(key in real.object)) out.push({ at: join(at, key), what: 'not in the real answer' });
    for (const key of Object.keys(real.object))
      if (key in ours.object) compareShapes(real.object[key]!, ours.object[key]!, join(at, key), out);
    return out;
  }
  out.push({ at: at || '.', what: `type ${describe(ours)}, real ${describe(real)}` });
  return out;
}

const join = (at: string, key: string) => (at ? `${at}.${key}` : key);
const describe = (s: Shape) => (typeof s === 'string' ? s : 'array' in s ? 'array' : 'object');

/** Keys whose values depend on when and where an object was made, never on what it is. */
const VOLATILE = new Set([
  'created',
  'lastUpdated',
  'lastUpdatedBy',
  'createdBy',
  'user',
  'href',
  'access',
  'sharing',
  'publicAccess',
  'externalAccess',
  'userGroupAccesses',
  'userAccesses',
  'favorite',
  'favorites',
  'translations',
]);

/** Value differences between two bodies of the same shape; arrays of objects with ids pair by id. */
export function compareValues(real: unknown, ours: unknown, at = '', out: Difference[] = []): Difference[] {
  if (out.length >= MAX_DIFFERENCES) return out;
  if (Array.isArray(real) && Array.isArray(ours)) {
    const byId = (list: unknown[]) =>
      list.every((v) => typeof (v as { id?: unknown } | null)?.id === 'string')
        ? new Map(list.map((v) => [(v as { id: string }).id, v]))
        : undefined;
    const [r, o] = [byId(real), byId(ours)];
    if (r && o) {
      for (const [id, v] of r) {
        if (!o.has(id)) out.push({ at: `${at}[${id}]`, what: 'missing' });
        else compareValues(v, o.get(id), `${at}[${id}]`, out);
      }
      for (const id of o.keys())
        if (!r.has(id)) out.push({ at: `${at}[${id}]`, what: 'not in the real answer' });
      return out;
    }
    const sorted = (list: unknown[]) => list.map(canonical).sort();
    if (JSON.stringify(sorted(real)) !== JSON.stringify(sorted(ours)))
      out.push({ at: at || '.', what: `${ours.length} items differ from the real ${real.length}` });
    return out;
  }
  if (isPlain(real) && isPlain(ours)) {
    for (const [key, value] of Object.entries(real))
      if (!VOLATILE.has(key) && key in ours) compareValues(value, ours[key], join(at, key), out);
    return out;
  }
  if (JSON.stringify(real) !== JSON.stringify(ours))
    out.push({
      at: at || '.',
      what: `${JSON.stringify(ours)?.slice(0, 60)}, real ${JSON.stringify(real)?.slice(0, 60)}`,
    });
  return out;
}

/** JSON text with object keys sorted: key order carries no meaning in DHIS2's answers. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isPlain(value))
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

const isPlain = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
