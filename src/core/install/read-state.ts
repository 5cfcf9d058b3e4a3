import type { Dhis2Client, QueryParams } from '../../dhis2/client.js';
import { readOwned } from '../dhis2-model/implicit-defaults.js';
import { DEFAULT_CATEGORY_MODEL, factFor, typeRule } from '../dhis2-model/rules.js';
import type { MetadataBundle, MetadataObject } from '../package/types.js';
import type { TargetFacts } from './parameters.js';

/** DHIS2 and proxies refuse long URLs; every id:in list is cut to keep each request under this. */
export const MAX_URL_QUERY_CHARS = 6000;

export interface IdentityScan {
  /** Per type: id plus every property DHIS2 keeps unique (code, name, shortName...). */
  identities: MetadataBundle;
  facts: TargetFacts;
  /** The server's own default category-model UIDs (older instances differ, trap 4). */
  defaults: Partial<Record<keyof typeof DEFAULT_CATEGORY_MODEL, string>>;
}

/** The properties of a type that must be unique on the server, for one DHIS2 version. */
export function uniqueProperties(type: string, dhis2Version: string): string[] {
  const rule = typeRule(type);
  if (!rule) return ['code'];
  return Object.entries(rule.properties)
    .filter(([name, p]) => name !== 'id' && factFor(p.unique, dhis2Version) === true)
    .map(([name]) => name)
    .sort();
}

/**
 * ONE GET /api/metadata for everything a plan needs to know before looking at content: the
 * identity (id + unique fields) of every object of the package's types, the default category
 * model, indicator-type factors, org-unit levels, root org units and org-unit groups. Its size
 * grows with the server, not the package, and it is one request whatever the package size.
 */
export async function scanIdentities(
  client: Dhis2Client,
  types: string[],
  dhis2Version: string,
): Promise<IdentityScan> {
  const fields = new Map<string, Set<string>>();
  const filters = new Map<string, string | null>();
  const want = (type: string, names: string[], filter: string | null = null) => {
    fields.set(type, new Set([...(fields.get(type) ?? ['id']), ...names]));
    // Any unfiltered need of a type wins over a filtered one (one filter per type and request).
    filters.set(type, filters.has(type) && (filters.get(type) === null || filter === null) ? null : filter);
  };
  for (const type of types)
    want(type, [
      'code',
      'name',
      ...uniqueProperties(type, dhis2Version),
      ...(type === 'indicatorTypes' ? ['factor'] : []),
    ]);
  for (const type of Object.keys(DEFAULT_CATEGORY_MODEL)) want(type, ['code', 'name'], 'name:eq:default');
  want('indicatorTypes', ['code', 'name', 'factor']);
  want('organisationUnitLevels', ['name', 'level']);
  want('organisationUnits', ['code', 'name', 'level'], 'level:eq:1');
  want('organisationUnitGroups', ['code', 'name', 'shortName']);
  // Sharing steps name user groups by code; they may come from a package installed earlier.
  want('userGroups', ['code', 'name']);
  if (types.includes('organisationUnits')) want('organisationUnits', []);

  const params: Array<[string, string]> = [];
  for (const [type, names] of [...fields.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    params.push([`${type}:fields`, [...names].sort().join(',')]);
    const filter = filters.get(type);
    if (filter) params.push([`${type}:filter`, filter]);
  }
  params.push(['defaults', 'INCLUDE']);
  const bundle = await client.getMetadata(params);

  const identities: MetadataBundle = {};
  for (const type of types) identities[type] = bundle[type] ?? [];
  const defaults: IdentityScan['defaults'] = {};
  for (const type of Object.keys(DEFAULT_CATEGORY_MODEL)) {
    const found = (bundle[type] ?? []).find((o) => o.name === 'default' || o.code === 'default');
    if (typeof found?.id === 'string') defaults[type] = found.id;
  }
  identities.indicatorTypes ??= bundle.indicatorTypes ?? [];
  identities.userGroups ??= bundle.userGroups ?? [];
  const facts: TargetFacts = {
    orgUnitLevels: (bundle.organisationUnitLevels ?? [])
      .filter((l) => typeof l.level === 'number' && typeof l.name === 'string')
      .map((l) => ({ level: l.level as number, name: l.name as string })),
    rootOrgUnits: (bundle.organisationUnits ?? [])
      .filter((o) => o.level === 1 || o.level === undefined)
      .map((o) => ({ id: String(o.id), ...optionalText(o, 'name'), ...optionalText(o, 'code') })),
    orgUnitGroups: (bundle.organisationUnitGroups ?? []).map((g) => ({
      id: String(g.id),
      ...optionalText(g, 'name'),
      ...optionalText(g, 'code'),
      ...optionalText(g, 'shortName'),
    })),
  };
  return { identities, facts, defaults };
}

function optionalText(object: MetadataObject, key: 'name' | 'code' | 'shortName'): Record<string, string> {
  const value = object[key];
  return typeof value === 'string' ? { [key]: value } : {};
}

/**
 * Full content of the given objects, in as few GET /api/metadata requests as the URL bound allows
 * (usually one; none when nothing matched, as on an empty server).
 */
export async function readObjects(
  client: Dhis2Client,
  idsByType: Record<string, string[]>,
): Promise<MetadataBundle> {
  // Cut each type's ids into chunks, then pack chunks into requests: at most one chunk per type
  // per request (two filters on one type would be AND-ed) and a bounded URL.
  const chunks: Array<{ type: string; ids: string[]; size: number }> = [];
  for (const [type, ids] of Object.entries(idsByType).sort(([a], [b]) => a.localeCompare(b))) {
    const sorted = [...new Set(ids)].sort();
    const perChunk = Math.max(1, Math.floor((MAX_URL_QUERY_CHARS - 100) / 12));
    for (let i = 0; i < sorted.length; i += perChunk) {
      const part = sorted.slice(i, i + perChunk);
      chunks.push({ type, ids: part, size: type.length * 2 + 40 + part.length * 12 });
    }
  }
  const result: MetadataBundle = {};
  while (chunks.length > 0) {
    const batch: typeof chunks = [];
    let size = 0;
    for (let i = 0; i < chunks.length;) {
      const chunk = chunks[i]!;
      if (
        !batch.some((b) => b.type === chunk.type) &&
        (batch.length === 0 || size + chunk.size <= MAX_URL_QUERY_CHARS)
      ) {
        batch.push(chunk);
        size += chunk.size;
        chunks.splice(i, 1);
      } else i++;
    }
    const params: QueryParams = [
      ...batch.flatMap((c): Array<[string, string]> => [
        [`${c.type}:fields`, ':owner'],
        [`${c.type}:filter`, `id:in:[${c.ids.join(',')}]`],
      ]),
      ['defaults', 'INCLUDE'],
    ];
    const bundle = await readOwned(client, params);
    for (const c of batch) result[c.type] = [...(result[c.type] ?? []), ...(bundle[c.type] ?? [])];
  }
  return result;
}

/** Org units of a level or members of a group (or both), for the assign-data-sets step. */
export async function readOrgUnitIds(
  client: Dhis2Client,
  where: { level?: number; group?: string; groupCode?: string },
): Promise<string[]> {
  const filters: Array<[string, string]> = [];
  if (where.level !== undefined) filters.push(['filter', `level:eq:${where.level}`]);
  if (where.group !== undefined) filters.push(['filter', `organisationUnitGroups.id:eq:${where.group}`]);
  if (where.groupCode !== undefined)
    filters.push(['filter', `organisationUnitGroups.code:eq:${where.groupCode}`]);
  const answer = await client.get('/api/organisationUnits', [
    ['fields', 'id'],
    ...filters,
    ['paging', 'false'],
  ]);
  const list = (answer as { organisationUnits?: MetadataObject[] } | undefined)?.organisationUnits ?? [];
  return list
    .map((o) => o.id)
    .filter((id): id is string => typeof id === 'string')
    .sort();
}
