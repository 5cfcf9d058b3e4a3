import { typeRule } from '../dhis2-model/rules.js';
import { LEGACY_SHARING_FIELDS, VOLATILE_FIELDS } from '../dhis2-model/volatile.js';
import type { MetadataBundle, MetadataObject } from './types.js';

/**
 * The normal form of a package: volatile fields stripped at every depth, legacy sharing folded into
 * `sharing`, set-like collections sorted, objects sorted by id. Diff, pack and export compare and
 * write this form, so equal metadata is byte-for-byte equal.
 */
export function canonicalizeBundle(bundle: MetadataBundle): MetadataBundle {
  const out: MetadataBundle = {};
  for (const plural of Object.keys(bundle).sort()) {
    const objects = bundle[plural] ?? [];
    out[plural] = objects.map((o) => canonicalizeObject(plural, o)).sort(compareObjects);
  }
  return out;
}

export function canonicalizeObject(plural: string, object: MetadataObject): MetadataObject {
  const rule = typeRule(plural);
  const source = foldLegacySharing(object);
  const result: MetadataObject = {};
  for (const key of Object.keys(source).sort()) {
    if (VOLATILE_FIELDS.has(key) || LEGACY_SHARING_FIELDS.has(key)) continue;
    const value = source[key];
    if (value === null || value === undefined) continue;
    const property = rule?.properties[key];
    const setLike = isCollection(property?.kind) && !isTrue(property?.ordered);
    result[key] = canonicalizeValue(value, setLike, key === 'sharing');
  }
  return result;
}

/** A rule fact may vary by DHIS2 version; a property that is a collection in any version is one here. */
function isCollection(kind: unknown): boolean {
  if (typeof kind === 'string') return kind === 'collection';
  return kind !== null && typeof kind === 'object' && Object.values(kind).includes('collection');
}

function isTrue(fact: unknown): boolean {
  if (typeof fact === 'boolean') return fact;
  return fact !== null && typeof fact === 'object' && Object.values(fact).includes(true);
}

function canonicalizeValue(value: unknown, setLike: boolean, insideSharing = false): unknown {
  if (Array.isArray(value)) {
    const items = value.map((v) => canonicalizeValue(v, false, insideSharing));
    return setLike ? items.sort(compareItems) : items;
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      // Inside `sharing`, `access` is the granted access string, not the computed top-level field.
      if (VOLATILE_FIELDS.has(key) && !(insideSharing && key === 'access')) continue;
      const v = (value as Record<string, unknown>)[key];
      if (v === null || v === undefined) continue;
      // Translations, attribute values and sharing maps are sets whatever their parent says.
      out[key] = canonicalizeValue(v, key === 'translations' || key === 'attributeValues', insideSharing);
    }
    return out;
  }
  return value;
}

function foldLegacySharing(object: MetadataObject): MetadataObject {
  if (object.sharing !== undefined) return object;
  const legacy = ['publicAccess', 'userGroupAccesses', 'userAccesses', 'externalAccess'];
  if (!legacy.some((k) => object[k] !== undefined)) return object;
  const toMap = (list: unknown) => {
    const map: Record<string, { id: string; access: string }> = {};
    if (Array.isArray(list)) {
      for (const entry of list as Array<Record<string, unknown>>) {
        const id = typeof entry.id === 'string' ? entry.id : undefined;
        if (id) map[id] = { id, access: typeof entry.access === 'string' ? entry.access : 'r-------' };
      }
    }
    return map;
  };
  const sharing: Record<string, unknown> = {
    external: object.externalAccess === true,
    public: typeof object.publicAccess === 'string' ? object.publicAccess : '--------',
    userGroups: toMap(object.userGroupAccesses),
    users: toMap(object.userAccesses),
  };
  return { ...object, sharing };
}

function sortKey(value: unknown): string {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const o = value as Record<string, unknown>;
    if (typeof o.id === 'string') return `0${o.id}`;
    if (typeof o.code === 'string') return `1${o.code}`;
  }
  return `2${stableStringify(value)}`;
}

function compareItems(a: unknown, b: unknown): number {
  const ka = sortKey(a);
  const kb = sortKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

export function compareObjects(a: MetadataObject, b: MetadataObject): number {
  const ka = `${a.id ?? ''}\u0000${a.code ?? ''}\u0000${a.name ?? ''}`;
  const kb = `${b.id ?? ''}\u0000${b.code ?? ''}\u0000${b.name ?? ''}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** JSON with keys sorted at every depth: the input of every content hash. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stableStringify((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The text of one canonical metadata file: {"<plural>": [...]}, two-space indent, final newline. */
export function formatMetadataFile(plural: string, objects: MetadataObject[]): string {
  return `${JSON.stringify({ [plural]: objects }, null, 2)}\n`;
}
