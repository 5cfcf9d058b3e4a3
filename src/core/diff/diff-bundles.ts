import type { MetadataBundle, MetadataObject } from '../package/types.js';
import { objectsEqual, type CompareContext } from './compare.js';
import { diffObjectFields } from './field-diff.js';
import { matchObjects } from './match.js';
import { createSkipTest, isPlainObject, setLikeProperties } from './semantics.js';
import type { BundleDiff, DiffOptions, FieldChange, ObjectChange, TypeCounts } from './types.js';
import { isImplicitDefault, withImplicitDefaults } from '../dhis2-model/implicit-defaults.js';
import { apiVersionOf } from '../dhis2-model/rules.js';

const LEGACY_SHARING = ['publicAccess', 'userGroupAccesses', 'userAccesses', 'externalAccess'];

/** Compares two versions of one object of a type; undefined means "no difference". */
export type ObjectDiffer = (
  plural: string,
  before: MetadataObject,
  after: MetadataObject,
) => FieldChange[] | undefined;

/**
 * Builds the per-object comparison once per run: the ignore list compiled, set-like fields looked
 * up per type once, an allocation-free equality check before any field-level work.
 */
export function createObjectDiffer(options: DiffOptions = {}): ObjectDiffer {
  const ignore = options.ignore ?? [];
  const ignoredPointers = ignore.filter((entry) => entry.startsWith('/'));
  const ignoredNames = new Set(ignore.filter((entry) => !entry.startsWith('/')));
  const ctx: CompareContext = {
    skip: createSkipTest(ignoredNames),
    sharing: { skip: createSkipTest(ignoredNames, true) },
  };
  const version = options.dhis2Version === undefined ? undefined : apiVersionOf(options.dhis2Version);
  const isIgnored = (pointer: string) =>
    ignoredPointers.some((p) => pointer === p || pointer.startsWith(`${p}/`));
  return (plural, before, after) => {
    const setFields = setLikeProperties(plural, version);
    const folded = [withFoldedSharing(before), withFoldedSharing(after)] as const;
    // One side's explicit `false` or `[]` is what DHIS2 holds where the other side says nothing.
    const a = withImplicitDefaults(plural, folded[0], defaultedKeys(plural, folded[1]));
    const b = withImplicitDefaults(plural, folded[1], defaultedKeys(plural, folded[0]));
    if (objectsEqual(a, b, setFields, ctx)) return undefined;
    const fields = diffObjectFields(a, b, setFields, ctx).filter((change) => !isIgnored(change.pointer));
    return fields.length > 0 ? fields : undefined;
  };
}

const defaultedKeys = (plural: string, object: MetadataObject) =>
  Object.keys(object).filter((key) => isImplicitDefault(plural, key, object[key]));

/**
 * Pre-2.41 objects may carry only legacy sharing; fold it so it compares with a 2.41 `sharing`.
 * Not canonicalizeObject: that also strips `access` inside the sharing entries.
 */
function withFoldedSharing(object: MetadataObject): MetadataObject {
  if (object.sharing !== undefined || !LEGACY_SHARING.some((field) => object[field] !== undefined))
    return object;
  const toMap = (list: unknown) => {
    const map: Record<string, { id: string; access: string }> = {};
    for (const entry of Array.isArray(list) ? (list as unknown[]) : []) {
      if (!isPlainObject(entry) || typeof entry.id !== 'string') continue;
      map[entry.id] = { id: entry.id, access: typeof entry.access === 'string' ? entry.access : 'r-------' };
    }
    return map;
  };
  return {
    ...object,
    sharing: {
      external: object.externalAccess === true,
      public: typeof object.publicAccess === 'string' ? object.publicAccess : '--------',
      userGroups: toMap(object.userGroupAccesses),
      users: toMap(object.userAccesses),
    },
  };
}

export function identityOf(object: MetadataObject): Pick<ObjectChange, 'id' | 'code' | 'name'> {
  const identity: Pick<ObjectChange, 'id' | 'code' | 'name'> = {};
  if (typeof object.id === 'string') identity.id = object.id;
  if (typeof object.code === 'string') identity.code = object.code;
  if (typeof object.name === 'string') identity.name = object.name;
  return identity;
}

export const emptyCounts = (): TypeCounts => ({ added: 0, removed: 0, changed: 0, unchanged: 0 });

/**
 * The semantic difference between two bundles (a = before, b = after): objects matched by uid then
 * code, volatile and ignored fields left out, sets compared as sets. Changes are ordered by type,
 * then id, code and name, so the same inputs always give the same document.
 */
export function diffBundles(a: MetadataBundle, b: MetadataBundle, options: DiffOptions = {}): BundleDiff {
  const differ = createObjectDiffer(options);
  const summary: Record<string, TypeCounts> = {};
  const totals = emptyCounts();
  const changes: ObjectChange[] = [];
  const types = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  for (const type of types) {
    const before = a[type] ?? [];
    const after = b[type] ?? [];
    if (before.length === 0 && after.length === 0) continue;
    const counts = emptyCounts();
    const typeChanges: ObjectChange[] = [];
    for (const pair of matchObjects(before, after)) {
      if (pair.before && pair.after) {
        const fields = differ(type, pair.before, pair.after);
        if (fields) typeChanges.push({ type, ...identityOf(pair.after), kind: 'changed', fields });
        else counts.unchanged++;
      } else if (pair.after) {
        typeChanges.push({ type, ...identityOf(pair.after), kind: 'added', fields: [] });
      } else if (pair.before) {
        typeChanges.push({ type, ...identityOf(pair.before), kind: 'removed', fields: [] });
      }
    }
    for (const change of typeChanges) counts[change.kind]++;
    typeChanges.sort(compareChanges);
    changes.push(...typeChanges);
    summary[type] = counts;
    for (const key of Object.keys(totals) as Array<keyof TypeCounts>) totals[key] += counts[key];
  }
  return { identical: changes.length === 0, summary, totals, changes };
}

function compareChanges(x: ObjectChange, y: ObjectChange): number {
  const kx = `${x.id ?? ''}\u0000${x.code ?? ''}\u0000${x.name ?? ''}`;
  const ky = `${y.id ?? ''}\u0000${y.code ?? ''}\u0000${y.name ?? ''}`;
  return kx < ky ? -1 : kx > ky ? 1 : 0;
}
