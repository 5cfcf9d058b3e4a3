import type { QueryParams } from '../../dhis2/client.js';
import { readOwned } from '../dhis2-model/implicit-defaults.js';
import type { MetadataBundle } from '../package/types.js';

/** The one server capability export and live diffs need: `GET /api/metadata` with parameters. */
export interface MetadataSource {
  getMetadata(params: QueryParams): Promise<MetadataBundle>;
}

/** Identifiers listed per `in:[…]` filter: keeps every request URL well under common 8 KB limits. */
const MAX_IDENTIFIER_CHARS = 5000;

/**
 * Fetches objects by uid, code or any property path (`dataSet.id`) with as few requests as possible: one `<type>:filter=<prop>:in:[…]`
 * per type, several types per request, split only when the URL would grow too long.
 */
export async function fetchByIdentifiers(
  source: MetadataSource,
  wanted: ReadonlyMap<string, readonly string[]>,
  property = 'id',
): Promise<MetadataBundle> {
  const batches: Array<Array<[string, string[]]>> = [];
  let batch: Array<[string, string[]]> = [];
  let size = 0;
  for (const [type, identifiers] of [...wanted].sort(([a], [b]) => a.localeCompare(b))) {
    // DHIS2's in:[…] list has no quoting: identifiers holding its delimiters are asked one by one.
    const listable = [...new Set(identifiers)].filter((value) => !/[,[\]]/.test(value)).sort();
    const awkward = identifiers.filter((value) => /[,[\]]/.test(value));
    for (const value of awkward) batches.push([[type, [value]]]);
    let chunk: string[] = [];
    for (const value of listable) {
      if (size + value.length + 1 > MAX_IDENTIFIER_CHARS && (chunk.length > 0 || batch.length > 0)) {
        if (chunk.length > 0) batch.push([type, chunk]);
        batches.push(batch);
        batch = [];
        chunk = [];
        size = 0;
      }
      chunk.push(value);
      size += value.length + 1;
    }
    if (chunk.length > 0) batch.push([type, chunk]);
  }
  if (batch.length > 0) batches.push(batch);

  const result: MetadataBundle = {};
  for (const group of batches) {
    const params: Array<[string, string]> = [['fields', ':owner']];
    for (const [type, values] of group) {
      params.push(
        values.length === 1 && /[,[\]]/.test(values[0]!)
          ? [`${type}:filter`, `${property}:eq:${values[0]!}`]
          : [`${type}:filter`, `${property}:in:[${values.join(',')}]`],
      );
    }
    const answer = await readOwned(source, params);
    for (const [type] of group) {
      const objects = answer[type] ?? [];
      const known = new Set((result[type] ?? []).map((o) => o.id));
      result[type] = [...(result[type] ?? []), ...objects.filter((o) => !known.has(o.id))];
    }
  }
  return result;
}

/**
 * The server's version of a package's objects (matched by uid, then code), or with `all` every
 * object of every type the server exports: the live side of a diff.
 */
export async function fetchLiveBundle(
  source: MetadataSource,
  scope: MetadataBundle | 'all',
): Promise<MetadataBundle> {
  if (scope === 'all') return readOwned(source, [['fields', ':owner']]);
  const ids = new Map<string, string[]>();
  const codes = new Map<string, string[]>();
  for (const [type, objects] of Object.entries(scope)) {
    const typeIds = objects.map((o) => o.id).filter((v): v is string => typeof v === 'string');
    const typeCodes = objects.filter((o) => typeof o.code === 'string').map((o) => o.code as string);
    if (typeIds.length > 0) ids.set(type, typeIds);
    if (typeCodes.length > 0) codes.set(type, typeCodes);
  }
  const byId = ids.size > 0 ? await fetchByIdentifiers(source, ids, 'id') : {};
  const byCode = codes.size > 0 ? await fetchByIdentifiers(source, codes, 'code') : {};
  const merged: MetadataBundle = {};
  for (const type of Object.keys(scope)) {
    const seen = new Set<string>();
    merged[type] = [...(byId[type] ?? []), ...(byCode[type] ?? [])].filter((o) => {
      const key = typeof o.id === 'string' ? o.id : JSON.stringify(o);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }
  return merged;
}
