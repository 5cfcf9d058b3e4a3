import type { MetadataObject } from '../package/types.js';
import { localConfigurationOf } from './owned.js';

/** Local configuration found on one side of a diff, per type: reported, not counted as drift. */
export interface LocalConfigurationSummary {
  side: 'before' | 'after';
  /** True with `--include-local`: it was compared like owned content. */
  compared: boolean;
  /** Objects assigned to org units, and how many distinct org units. */
  assignments: Array<{ type: string; objects: number; orgUnits: number }>;
  /** Objects shared with users or user groups the package does not name. */
  sharing: Array<{ type: string; objects: number; users: number; userGroups: number }>;
}

/**
 * Tallies the local configuration of live objects, each next to the package object it was matched
 * with (so that the package's own user groups are not counted); undefined when there is none.
 */
export function summariseLocalConfiguration(
  side: LocalConfigurationSummary['side'],
  objects: Iterable<{ type: string; live: MetadataObject; reference?: MetadataObject }>,
  compared: boolean,
): LocalConfigurationSummary | undefined {
  const units = new Map<string, { objects: number; ids: Set<string> }>();
  const shared = new Map<string, { objects: number; users: Set<string>; groups: Set<string> }>();
  for (const { type, live, reference } of objects) {
    const local = localConfigurationOf(type, live, reference);
    if (local.organisationUnits.length > 0) {
      const tally = units.get(type) ?? { objects: 0, ids: new Set<string>() };
      tally.objects++;
      for (const id of local.organisationUnits) tally.ids.add(id);
      units.set(type, tally);
    }
    if (local.users.length + local.userGroups.length > 0) {
      const tally = shared.get(type) ?? { objects: 0, users: new Set<string>(), groups: new Set<string>() };
      tally.objects++;
      for (const id of local.users) tally.users.add(id);
      for (const id of local.userGroups) tally.groups.add(id);
      shared.set(type, tally);
    }
  }
  if (units.size === 0 && shared.size === 0) return undefined;
  const byType = <T>(map: Map<string, T>) => [...map].sort(([a], [b]) => a.localeCompare(b));
  return {
    side,
    compared,
    assignments: byType(units).map(([type, t]) => ({ type, objects: t.objects, orgUnits: t.ids.size })),
    sharing: byType(shared).map(([type, t]) => ({
      type,
      objects: t.objects,
      users: t.users.size,
      userGroups: t.groups.size,
    })),
  };
}
