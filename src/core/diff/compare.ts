import { ALWAYS_SET_FIELDS, isPlainObject } from './semantics.js';

/** What a comparison needs to know: which keys to skip, and which top-level fields are sets. */
export interface CompareContext {
  skip: (key: string) => boolean;
  /** Used below a `sharing` key, where `access` is the granted access string, not volatile. */
  sharing?: CompareContext;
}

/** The context for the value under `key`. */
export const contextFor = (ctx: CompareContext, key: string): CompareContext =>
  key === 'sharing' && ctx.sharing ? ctx.sharing : ctx;

const absent = (value: unknown) => value === null || value === undefined;

/**
 * JSON with sorted keys, skipped fields and nulls left out, and set-like collections sorted:
 * two values have the same canonical JSON exactly when they are semantically equal.
 */
export function canonicalJson(value: unknown, ctx: CompareContext, setLike = false): string {
  if (Array.isArray(value)) {
    const items = value.map((item) => canonicalJson(item, ctx));
    if (setLike) items.sort();
    return `[${items.join(',')}]`;
  }
  if (isPlainObject(value)) {
    const parts: string[] = [];
    for (const key of Object.keys(value).sort()) {
      const v = value[key];
      if (absent(v) || ctx.skip(key)) continue;
      parts.push(
        `${JSON.stringify(key)}:${canonicalJson(v, contextFor(ctx, key), ALWAYS_SET_FIELDS.has(key))}`,
      );
    }
    return `{${parts.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Semantic equality without allocating: the fast path that lets diffBundles skip the field-level
 * diff for the (usually vast) majority of unchanged objects. Arrays are first compared in order,
 * which is how unchanged sets almost always arrive; only a mismatch on a set pays for sorting.
 */
export function valuesEqual(a: unknown, b: unknown, setLike: boolean, ctx: CompareContext): boolean {
  if (a === b) return true;
  if (absent(a) || absent(b)) return absent(a) && absent(b);
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  const arrayA = Array.isArray(a);
  if (arrayA !== Array.isArray(b)) return false;
  if (arrayA) return arraysEqual(a as unknown[], b as unknown[], setLike, ctx);
  return objectsEqual(a as Record<string, unknown>, b as Record<string, unknown>, undefined, ctx);
}

function arraysEqual(a: unknown[], b: unknown[], setLike: boolean, ctx: CompareContext): boolean {
  if (a.length !== b.length) return false;
  let inOrder = true;
  for (let i = 0; i < a.length; i++) {
    if (!valuesEqual(a[i], b[i], false, ctx)) {
      inOrder = false;
      break;
    }
  }
  if (inOrder || !setLike) return inOrder;
  const sortedA = a.map((item) => canonicalJson(item, ctx)).sort();
  const sortedB = b.map((item) => canonicalJson(item, ctx)).sort();
  return sortedA.every((item, i) => item === sortedB[i]);
}

/** Object equality; `setFields` names the keys compared as sets (top-level objects use the rules). */
export function objectsEqual(
  a: Record<string, unknown>,
  b: Record<string, unknown>,
  setFields: ReadonlySet<string> | undefined,
  ctx: CompareContext,
): boolean {
  let counted = 0;
  for (const key in a) {
    const va = a[key];
    if (absent(va) || ctx.skip(key)) continue;
    counted++;
    const setLike = setFields ? setFields.has(key) : ALWAYS_SET_FIELDS.has(key);
    if (!valuesEqual(va, b[key], setLike, contextFor(ctx, key))) return false;
  }
  for (const key in b) {
    if (absent(b[key]) || ctx.skip(key)) continue;
    counted--;
  }
  return counted === 0;
}
