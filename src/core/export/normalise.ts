import { isPlainObject } from '../diff/semantics.js';
import type { MetadataBundle, MetadataObject } from '../package/types.js';

/** A data set's org unit assignment, taken out of the metadata and turned into a post-install step. */
export interface DataSetAssignment {
  dataSet: string;
  organisationUnits: string[];
}

export interface NormalisedExport {
  metadata: MetadataBundle;
  assignments: DataSetAssignment[];
}

/** Replaces every `"id"` equal to an instance's default category uid by the standard one. */
function remapIds(value: unknown, remap: ReadonlyMap<string, string>): unknown {
  if (remap.size === 0) return value;
  if (Array.isArray(value)) return value.map((item) => remapIds(item, remap));
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    out[key] =
      key === 'id' && typeof child === 'string' ? (remap.get(child) ?? child) : remapIds(child, remap);
  }
  return out;
}

/**
 * Sharing as a package ships it: public and external access plus the package's own user groups
 * (all groups when `userGroups` is not given); users and the owner belong to the source instance.
 */
export function reduceSharing(sharing: unknown, userGroups?: ReadonlySet<string>): unknown {
  if (!isPlainObject(sharing)) return sharing;
  const groups: Record<string, unknown> = {};
  if (isPlainObject(sharing.userGroups)) {
    for (const [id, entry] of Object.entries(sharing.userGroups))
      if (!userGroups || userGroups.has(id)) groups[id] = entry;
  }
  const reduced: Record<string, unknown> = { userGroups: groups };
  if (sharing.public !== undefined) reduced.public = sharing.public;
  if (sharing.external !== undefined) reduced.external = sharing.external;
  return reduced;
}

/**
 * Turns server objects into package objects: org unit assignments taken out, user references and
 * group membership dropped, sharing reduced, default category uids mapped to the standard ones.
 * Canonical ordering and volatile fields are left to writePackage.
 */
export function normaliseExport(
  bundle: MetadataBundle,
  defaultRemap: ReadonlyMap<string, string>,
  dependencyIds: ReadonlySet<string> = new Set(),
): NormalisedExport {
  // The package's user groups: its own and those its dependencies ship.
  const packageGroups = new Set(
    (bundle.userGroups ?? []).map((g) => g.id).filter((id): id is string => typeof id === 'string'),
  );
  for (const id of dependencyIds) packageGroups.add(id);
  const assignments: DataSetAssignment[] = [];
  const metadata: MetadataBundle = {};
  for (const [type, objects] of Object.entries(bundle)) {
    metadata[type] = objects.map((source) => {
      const object: MetadataObject = { ...source };
      if (type === 'dataSets') {
        const units = Array.isArray(object.organisationUnits) ? object.organisationUnits : [];
        const ids = units
          .map((u) => (isPlainObject(u) && typeof u.id === 'string' ? u.id : undefined))
          .filter((id): id is string => id !== undefined);
        if (ids.length > 0)
          assignments.push({ dataSet: object.code ?? object.id ?? '', organisationUnits: ids.sort() });
        delete object.organisationUnits;
      }
      if (type === 'userGroups') delete object.users;
      for (const field of ['user', 'createdBy', 'lastUpdatedBy']) delete object[field];
      if (object.sharing !== undefined) object.sharing = reduceSharing(object.sharing, packageGroups);
      return remapIds(object, defaultRemap) as MetadataObject;
    });
  }
  assignments.sort((a, b) => a.dataSet.localeCompare(b.dataSet));
  return { metadata, assignments };
}
