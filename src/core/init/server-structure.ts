import type { Dhis2Client } from '../../dhis2/client.js';
import type { OrgUnitLevelProfile, SchoolGroupProfile, SchoolGroupSet } from '../content/profile-types.js';

/** What a live instance says about its hierarchy: levels, and the school groupings it already has. */
export interface ServerStructure {
  orgUnitLevels: OrgUnitLevelProfile[];
  /** Existing group sets that look like school ownership or location, with their groups. */
  groupSets: Partial<Record<SchoolGroupSet, { id: string; name: string; groups: SchoolGroupProfile[] }>>;
}

// Names national EMIS instances use for these groupings (English and French).
const LOOKS_LIKE: Record<SchoolGroupSet, RegExp> = {
  ownership: /owner|authority|managing|propri|statut|gestion/i,
  location: /location|urban|rural|locality|milieu|zone/i,
};

/** Reads levels, group sets and groups in one `/api/metadata` request. */
export async function readServerStructure(client: Dhis2Client): Promise<ServerStructure> {
  const bundle = await client.getMetadata([
    ['organisationUnitLevels:fields', 'level,name'],
    ['organisationUnitGroupSets:fields', 'id,code,name,organisationUnitGroups'],
    ['organisationUnitGroups:fields', 'id,code,name,shortName'],
  ]);
  const orgUnitLevels = (bundle.organisationUnitLevels ?? [])
    .filter((l) => typeof l.level === 'number' && typeof l.name === 'string')
    .map((l) => ({ level: l.level as number, name: l.name as string }))
    .sort((a, b) => a.level - b.level);
  const groups = new Map((bundle.organisationUnitGroups ?? []).map((g) => [String(g.id), g]));
  const groupSets: ServerStructure['groupSets'] = {};
  for (const set of bundle.organisationUnitGroupSets ?? []) {
    // Our own sets (edu-core installed earlier) are not the country's.
    if (typeof set.code === 'string' && set.code.startsWith('EDU_')) continue;
    const name = String(set.name ?? '');
    const kind = (Object.keys(LOOKS_LIKE) as SchoolGroupSet[]).find((k) => LOOKS_LIKE[k].test(name));
    if (!kind || groupSets[kind]) continue;
    const members = ((set.organisationUnitGroups as Array<{ id: string }> | undefined) ?? [])
      .map((ref) => groups.get(ref.id))
      .filter((g) => g !== undefined && typeof g.name === 'string')
      .map((g) => ({
        code: codeOf(String(g!.code ?? g!.name)),
        name: String(g!.name),
        ...(typeof g!.shortName === 'string' && g!.shortName.length <= 30 ? { shortName: g!.shortName } : {}),
      }));
    if (members.length > 0) groupSets[kind] = { id: String(set.id), name, groups: members };
  }
  return { orgUnitLevels, groupSets };
}

/** "Government-aided" -> "GOVERNMENT_AIDED": a group code suffix the profile schema accepts. */
function codeOf(text: string): string {
  const slug = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return (/^[A-Z]/.test(slug) ? slug : `G_${slug}`).slice(0, 31);
}
