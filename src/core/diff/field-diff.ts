import type { CompareContext } from './compare.js';
import { canonicalJson, contextFor, valuesEqual } from './compare.js';
import { ALWAYS_SET_FIELDS, isPlainObject, memberKey, pointerSegment } from './semantics.js';
import type { FieldChange } from './types.js';

const absent = (value: unknown) => value === null || value === undefined;

/**
 * Field-level differences between two versions of one object, as pointers relative to the object.
 * Indices in pointers refer to the `after` side for added/changed members and to `before` for removed.
 */
export function diffObjectFields(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  setFields: ReadonlySet<string>,
  ctx: CompareContext,
): FieldChange[] {
  const out: FieldChange[] = [];
  diffRecords(before, after, '', (key) => setFields.has(key), ctx, out);
  return out;
}

function diffRecords(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  pointer: string,
  isSetField: (key: string) => boolean,
  ctx: CompareContext,
  out: FieldChange[],
  memberKey?: string,
): void {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of [...keys].sort()) {
    if (ctx.skip(key)) continue;
    diffValue(
      before[key],
      after[key],
      `${pointer}/${pointerSegment(key)}`,
      isSetField(key),
      contextFor(ctx, key),
      out,
      memberKey,
    );
  }
}

function diffValue(
  before: unknown,
  after: unknown,
  pointer: string,
  setLike: boolean,
  ctx: CompareContext,
  out: FieldChange[],
  key?: string,
): void {
  if (absent(before) && absent(after)) return;
  const withKey = (change: FieldChange) => out.push(key === undefined ? change : { ...change, key });
  if (absent(before)) return void withKey({ pointer, kind: 'added', after });
  if (absent(after)) return void withKey({ pointer, kind: 'removed', before });
  if (valuesEqual(before, after, setLike, ctx)) return;
  if (Array.isArray(before) && Array.isArray(after)) {
    if (setLike) diffSet(before, after, pointer, ctx, out);
    else diffOrdered(before, after, pointer, ctx, out);
    return;
  }
  if (isPlainObject(before) && isPlainObject(after)) {
    diffRecords(before, after, pointer, (k) => ALWAYS_SET_FIELDS.has(k), ctx, out, key);
    return;
  }
  withKey({ pointer, kind: 'changed', before, after });
}

/** Sets: members paired by identity (or by content when they have none), so order never matters. */
function diffSet(
  before: unknown[],
  after: unknown[],
  pointer: string,
  ctx: CompareContext,
  out: FieldChange[],
): void {
  const identity = (item: unknown) => memberKey(item) ?? `json:${canonicalJson(item, ctx)}`;
  const unmatchedBefore = new Map<string, number[]>();
  before.forEach((item, index) => {
    const k = identity(item);
    unmatchedBefore.set(k, [...(unmatchedBefore.get(k) ?? []), index]);
  });
  after.forEach((item, index) => {
    const k = identity(item);
    const candidates = unmatchedBefore.get(k);
    const beforeIndex = candidates?.shift();
    const at = `${pointer}/${index}`;
    if (beforeIndex === undefined) {
      out.push({ pointer: at, kind: 'added', after: item, key: k });
      return;
    }
    diffValue(before[beforeIndex], item, at, false, ctx, out, k);
  });
  for (const [k, indices] of unmatchedBefore) {
    for (const index of indices)
      out.push({ pointer: `${pointer}/${index}`, kind: 'removed', before: before[index], key: k });
  }
}

/**
 * Ordered collections: common head and tail are skipped; a pure insertion or deletion is reported
 * per member, equal-length middles element by element, anything else as one changed collection.
 */
function diffOrdered(
  before: unknown[],
  after: unknown[],
  pointer: string,
  ctx: CompareContext,
  out: FieldChange[],
): void {
  let head = 0;
  while (head < before.length && head < after.length && valuesEqual(before[head], after[head], false, ctx))
    head++;
  let tail = 0;
  while (
    tail < before.length - head &&
    tail < after.length - head &&
    valuesEqual(before[before.length - 1 - tail], after[after.length - 1 - tail], false, ctx)
  ) {
    tail++;
  }
  const removedCount = before.length - head - tail;
  const addedCount = after.length - head - tail;
  if (removedCount === addedCount) {
    for (let i = head; i < head + addedCount; i++)
      diffValue(before[i], after[i], `${pointer}/${i}`, false, ctx, out);
  } else if (removedCount === 0) {
    for (let i = head; i < head + addedCount; i++)
      out.push({ pointer: `${pointer}/${i}`, kind: 'added', after: after[i] });
  } else if (addedCount === 0) {
    for (let i = head; i < head + removedCount; i++)
      out.push({ pointer: `${pointer}/${i}`, kind: 'removed', before: before[i] });
  } else {
    out.push({ pointer, kind: 'changed', before, after });
  }
}
