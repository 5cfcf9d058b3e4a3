import { loadDhis2Rules, type PropertyRule, type Versioned } from '../dhis2-model/rules.js';
import { LEGACY_SHARING_FIELDS, VOLATILE_FIELDS } from '../dhis2-model/volatile.js';

/** Translations and attribute values are sets whatever their parent's schema says. */
export const ALWAYS_SET_FIELDS: ReadonlySet<string> = new Set(['translations', 'attributeValues']);

/**
 * Reference properties that identify a member of an embedded set (a dataSetElement is "the one for
 * this data element"), so a changed member is reported inside it rather than as remove + add.
 * Deliberately not categoryCombo: a data set element's override is a change of the member.
 */
const MEMBER_IDENTITY_REFERENCES = [
  'attribute',
  'dataElement',
  'indicator',
  'categoryOptionCombo',
  'dataSet',
  'period',
  'trackedEntityAttribute',
  'programStage',
  'userGroup',
] as const;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Resolves a versioned fact for one version, falling back to the newest version that states it. */
export function resolveFact<T>(value: Versioned<T> | undefined, version: string | undefined): T | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value)) return value;
  const byVersion = value;
  if (version !== undefined) {
    const exact = byVersion[version];
    if (exact !== undefined && exact !== null) return exact;
  }
  const newestFirst = Object.keys(byVersion).sort().reverse();
  for (const v of newestFirst) {
    const candidate = byVersion[v];
    if (candidate !== undefined && candidate !== null) return candidate;
  }
  return undefined;
}

function isSetLikeProperty(property: PropertyRule, version: string | undefined): boolean {
  return (
    resolveFact(property.kind as Versioned<string>, version) === 'collection' &&
    resolveFact(property.ordered as Versioned<boolean>, version) !== true
  );
}

const setLikeCache = new Map<string, ReadonlySet<string>>();

/** Top-level properties of a type that DHIS2 treats as sets (`ordered: false` collections). */
export function setLikeProperties(plural: string, version?: string): ReadonlySet<string> {
  const cacheKey = `${plural}@${version ?? ''}`;
  const cached = setLikeCache.get(cacheKey);
  if (cached) return cached;
  const names = new Set<string>(ALWAYS_SET_FIELDS);
  const rule = loadDhis2Rules().types[plural];
  for (const [name, property] of Object.entries(rule?.properties ?? {})) {
    if (isSetLikeProperty(property, version)) names.add(name);
  }
  setLikeCache.set(cacheKey, names);
  return names;
}

/** Fields never compared: volatile ones, legacy sharing (folded into `sharing`), and the user's ignores. */
export function createSkipTest(
  ignoredNames: ReadonlySet<string>,
  insideSharing = false,
): (key: string) => boolean {
  // Inside sharing maps `access` is the access string granted ("rw------"), a real value.
  if (insideSharing) return (key) => (key !== 'access' && VOLATILE_FIELDS.has(key)) || ignoredNames.has(key);
  return (key) => VOLATILE_FIELDS.has(key) || LEGACY_SHARING_FIELDS.has(key) || ignoredNames.has(key);
}

/** The identity of a set member: id, code, translation slot, or its identifying references. */
export function memberKey(item: unknown): string | undefined {
  if (!isPlainObject(item)) return undefined;
  if (typeof item.id === 'string') return `id:${item.id}`;
  if (typeof item.code === 'string') return `code:${item.code}`;
  if (typeof item.locale === 'string' && typeof item.property === 'string')
    return `translation:${item.locale}:${item.property}`;
  const parts: string[] = [];
  for (const name of MEMBER_IDENTITY_REFERENCES) {
    const ref = item[name];
    if (isPlainObject(ref) && typeof ref.id === 'string') parts.push(`${name}:${ref.id}`);
  }
  return parts.length > 0 ? parts.join('+') : undefined;
}

/** RFC 6901 escaping of one pointer segment. */
export function pointerSegment(segment: string | number): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}
