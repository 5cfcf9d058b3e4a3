import type { MetadataBundle, MetadataObject } from '../package/types.js';
import type { SampleAssignment } from './sample-data.js';
import { seededRandom } from './sample-values.js';

/** Share of schools in each location and ownership group of the sample world (deterministic per school). */
const LOCATION = [['EDU_LOCATION_URBAN', 0.35]] as const;
const OWNERSHIP = [
  ['EDU_OWNERSHIP_PUBLIC', 0.7],
  ['EDU_OWNERSHIP_PRIVATE', 0.15],
  ['EDU_OWNERSHIP_FAITH', 0.1],
  ['EDU_OWNERSHIP_COMMUNITY', 0.05],
] as const;

const code = (o: MetadataObject) => (typeof o.code === 'string' ? o.code : '');
const pick = (shares: ReadonlyArray<readonly [string, number]>, draw: number, fallback: string) => {
  let acc = 0;
  for (const [group, share] of shares) {
    acc += share;
    if (draw < acc) return group;
  }
  return fallback;
};

/**
 * The packages ship their school groups empty (a country fills them from its school register);
 * for sample data they are filled from the data sets each school reports: EDU_ISCEDx_CENSUS puts a
 * school in EDU_SCHOOLS_ISCEDx and the master list, so school-count indicators (basic services,
 * 4.a.1) have a denominator. Location and ownership are drawn per school from the seed, so
 * location and ownership parity have groups to compare. Returns the groups to import, whole.
 */
export function sampleGroupMembership(
  bundle: MetadataBundle,
  assignments: readonly SampleAssignment[],
  seed = 'edupkg',
): MetadataObject[] {
  const groups = bundle.organisationUnitGroups ?? [];
  const dataSets = new Map((bundle.dataSets ?? []).map((d) => [String(d.id), code(d)]));
  const members = new Map<string, Set<string>>(groups.map((g) => [code(g), new Set<string>()]));
  const add = (group: string, orgUnit: string) => members.get(group)?.add(orgUnit);
  for (const { dataSet, orgUnits } of assignments) {
    const level = /^EDU_(ISCED\w+)_CENSUS$/.exec(dataSets.get(dataSet) ?? '')?.[1];
    if (!level) continue;
    for (const orgUnit of orgUnits) {
      add(`EDU_SCHOOLS_${level}`, orgUnit);
      add('EDU_MASTER_SCHOOL_LIST', orgUnit);
    }
  }
  for (const school of members.get('EDU_MASTER_SCHOOL_LIST') ?? []) {
    const random = seededRandom(`${seed}:groups:${school}`);
    add(pick(LOCATION, random(), 'EDU_LOCATION_RURAL'), school);
    add(pick(OWNERSHIP, random(), 'EDU_OWNERSHIP_PUBLIC'), school);
  }
  return groups
    .filter((g) => (members.get(code(g))?.size ?? 0) > 0)
    .map((g) => ({
      ...g,
      organisationUnits: [...members.get(code(g))!].sort().map((id) => ({ id })),
    }));
}
