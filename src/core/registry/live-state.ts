import type { Dhis2Client } from '../../dhis2/client.js';
import { censusDataSetCode } from '../content/census-spec.js';
import { MASTER_SCHOOL_LIST, schoolsOfLevelGroup } from '../content/edu-core.js';
import { ISCED_LEVELS } from '../content/profile-types.js';
import type { MetadataBundle, MetadataObject } from '../package/types.js';
import { LOCATIONS, OWNERSHIPS } from './types.js';

/** The edu-core org-unit groups a registry fills, by what they stand for. */
export const REGISTRY_GROUPS = {
  ownership: Object.fromEntries(OWNERSHIPS.map((o) => [o, `EDU_OWNERSHIP_${o}`])) as Record<string, string>,
  location: Object.fromEntries(LOCATIONS.map((l) => [l, `EDU_LOCATION_${l}`])) as Record<string, string>,
  levels: Object.fromEntries(ISCED_LEVELS.map((l) => [l, schoolsOfLevelGroup(l)])) as Record<string, string>,
  master: MASTER_SCHOOL_LIST,
};
export const REGISTRY_GROUP_CODES: string[] = [
  ...Object.values(REGISTRY_GROUPS.ownership),
  ...Object.values(REGISTRY_GROUPS.location),
  ...Object.values(REGISTRY_GROUPS.levels),
  REGISTRY_GROUPS.master,
];
export const CENSUS_DATA_SET_CODES: string[] = ISCED_LEVELS.map(censusDataSetCode);

export interface LiveRegistry {
  levels: MetadataObject[];
  units: Map<string, MetadataObject>;
  byCode: Map<string, MetadataObject>;
  /** parent id -> lower-cased name -> child */
  children: Map<string, Map<string, MetadataObject>>;
  groups: Map<string, MetadataObject>;
  dataSets: Map<string, MetadataObject>;
}

/**
 * Everything the registry compares against, in ONE GET /api/metadata whatever the number of
 * schools: levels, every org unit (owner fields), the edu-core groups and census data sets.
 */
export async function readLiveRegistry(client: Dhis2Client): Promise<LiveRegistry> {
  const bundle = await client.getMetadata([
    ['organisationUnitLevels:fields', ':owner'],
    ['organisationUnits:fields', ':owner'],
    ['organisationUnitGroups:fields', ':owner'],
    ['organisationUnitGroups:filter', `code:in:[${REGISTRY_GROUP_CODES.join(',')}]`],
    ['dataSets:fields', ':owner'],
    ['dataSets:filter', `code:in:[${CENSUS_DATA_SET_CODES.join(',')}]`],
  ]);
  return indexLiveRegistry(bundle);
}

/** Indexes what the server answered: by id, by code, children by name. Pure. */
export function indexLiveRegistry(bundle: MetadataBundle): LiveRegistry {
  const units = new Map<string, MetadataObject>();
  const byCode = new Map<string, MetadataObject>();
  const children = new Map<string, Map<string, MetadataObject>>();
  for (const unit of bundle.organisationUnits ?? []) {
    if (typeof unit.id !== 'string') continue;
    units.set(unit.id, unit);
    if (typeof unit.code === 'string') byCode.set(unit.code, unit);
    const parent = parentId(unit);
    if (parent && typeof unit.name === 'string') {
      const siblings = children.get(parent) ?? new Map<string, MetadataObject>();
      siblings.set(unit.name.trim().toLowerCase(), unit);
      children.set(parent, siblings);
    }
  }
  const byCodeOf = (list: MetadataObject[] | undefined) =>
    new Map((list ?? []).filter((o) => typeof o.code === 'string').map((o) => [o.code as string, o]));
  return {
    levels: (bundle.organisationUnitLevels ?? []).sort((a, b) => Number(a.level) - Number(b.level)),
    units,
    byCode,
    children,
    groups: byCodeOf(bundle.organisationUnitGroups),
    dataSets: byCodeOf(bundle.dataSets),
  };
}

export function parentId(unit: MetadataObject | undefined): string | undefined {
  const id = (unit?.parent as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' ? id : undefined;
}

/** Level as DHIS2 computes it from the path (the stored `level` is text before 2.41). */
export function levelOf(unit: MetadataObject): number {
  if (typeof unit.path === 'string') return unit.path.split('/').filter(Boolean).length;
  return Number(unit.level);
}

export function memberIds(object: MetadataObject | undefined): Set<string> {
  const list = Array.isArray(object?.organisationUnits) ? (object.organisationUnits as unknown[]) : [];
  return new Set(
    list.map((o) => (o as { id?: unknown }).id).filter((id): id is string => typeof id === 'string'),
  );
}
