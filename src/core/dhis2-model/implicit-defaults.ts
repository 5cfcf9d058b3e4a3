import type { Dhis2Client, QueryParams } from '../../dhis2/client.js';
import type { MetadataBundle, MetadataObject } from '../package/types.js';
import { factFor, loadDhis2Rules, typeRule } from './rules.js';

/**
 * What DHIS2 writes for a field an object never set: Java initialises collections ([]), primitive
 * booleans (false, or the `initial` the rules record, e.g. Category#dataDimension true) and ints,
 * and Jackson writes them under every field preset, `:owner` included. Undefined: nothing written.
 * The sandbox renders these; everything that compares or exports what a server says drops them.
 */
export function implicitDefault(plural: string, name: string, version?: string): unknown {
  const key = `${plural}.${name}@${version ?? ''}`;
  if (!cache.has(key)) cache.set(key, lookUp(plural, name, version));
  return cache.get(key);
}

const cache = new Map<string, unknown>();

function lookUp(plural: string, name: string, version: string | undefined): unknown {
  const rule = typeRule(plural)?.properties[name];
  // externalAccess is ≤2.40's legacy sharing view, written only for some classes: no default.
  if (!rule || name === 'externalAccess') return undefined;
  if (rule.initial !== undefined) return rule.initial;
  // 2.42's schema calls attributeValues one complex AttributeValues object; it is written as a list.
  if (name === 'attributeValues') return [];
  const kind = factFor(rule.kind, version ?? loadDhis2Rules().versions.at(-1)!);
  if (kind === 'collection') return [];
  return kind === 'boolean' ? false : undefined;
}

/** Whether `value` is what DHIS2 writes for `name` when an object never set it. */
export function isImplicitDefault(plural: string, name: string, value: unknown): boolean {
  if (Array.isArray(value)) return value.length === 0 && Array.isArray(implicitDefault(plural, name));
  return (typeof value === 'boolean' || typeof value === 'number') && implicitDefault(plural, name) === value;
}

/** `object` without the fields that only hold DHIS2's implicit default: what core reads from a server. */
export function withoutImplicitDefaults(plural: string, object: MetadataObject): MetadataObject {
  let out: MetadataObject | undefined;
  for (const [name, value] of Object.entries(object)) {
    if (!isImplicitDefault(plural, name, value)) continue;
    out ??= { ...object };
    delete out[name];
  }
  return out ?? object;
}

/**
 * `object` with the implicit default of each of `names` it leaves out: a package that leaves a field
 * out and one that writes `false` or `[]` mean the same object to DHIS2, so they compare equal.
 */
export function withImplicitDefaults(
  plural: string,
  object: MetadataObject,
  names: Iterable<string>,
): MetadataObject {
  let out: MetadataObject | undefined;
  for (const name of names) {
    if (object[name] !== undefined && object[name] !== null) continue;
    const value = implicitDefault(plural, name);
    if (value === undefined) continue;
    out ??= { ...object };
    out[name] = Array.isArray(value) ? [] : value;
  }
  return out ?? object;
}

/**
 * `GET /api/metadata` for `:owner` fields as every part of core reads it (export, diff, install,
 * status): implicit defaults dropped, so exports carry no noise and comparisons see what was set.
 */
export async function readOwned(
  source: Pick<Dhis2Client, 'getMetadata'>,
  params: QueryParams,
): Promise<MetadataBundle> {
  const out: MetadataBundle = {};
  for (const [plural, objects] of Object.entries(await source.getMetadata(params)))
    out[plural] = objects.map((o) => withoutImplicitDefaults(plural, o));
  return out;
}
