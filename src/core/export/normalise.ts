import { isPlainObject } from '../diff/semantics.js';
import {
  assignsOrgUnits,
  localConfigurationOf,
  ORG_UNIT_ASSIGNMENTS,
  ownedSharing,
} from '../ownership/index.js';
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
 * Turns server objects into package objects: org unit assignments taken out, user references and
 * group membership dropped, sharing reduced to what a package owns, default category uids mapped to the standard ones.
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
      // Org-unit assignments are local configuration: a data set's become a post-install step.
      const units = localConfigurationOf(type, object).organisationUnits;
      if (type === 'dataSets' && units.length > 0)
        assignments.push({ dataSet: object.code ?? object.id ?? '', organisationUnits: units.sort() });
      if (assignsOrgUnits(type)) delete object[ORG_UNIT_ASSIGNMENTS];
      if (type === 'userGroups') delete object.users;
      for (const field of ['user', 'createdBy', 'lastUpdatedBy']) delete object[field];
      if (object.sharing !== undefined) object.sharing = ownedSharing(object.sharing, packageGroups);
      return remapIds(object, defaultRemap) as MetadataObject;
    });
  }
  assignments.sort((a, b) => a.dataSet.localeCompare(b.dataSet));
  return { metadata, assignments };
}
