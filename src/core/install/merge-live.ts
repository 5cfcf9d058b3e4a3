import { VOLATILE_FIELDS } from '../dhis2-model/volatile.js';
import type { MetadataObject } from '../package/types.js';

type Sharing = {
  owner?: unknown;
  external?: unknown;
  public?: unknown;
  users?: Record<string, unknown>;
  userGroups?: Record<string, unknown>;
};

/**
 * What is actually sent to update an existing object. DHIS2 replaces the whole object (REPLACE
 * semantics, trap 7), so the live object is the base: fields the package does not set survive,
 * org-unit assignments are the union of live and package, and live sharing entries are kept.
 */
export function mergeWithLive(desired: MetadataObject, live: MetadataObject): MetadataObject {
  const merged: MetadataObject = {};
  for (const [key, value] of Object.entries(live)) if (!VOLATILE_FIELDS.has(key)) merged[key] = value;
  Object.assign(merged, desired);
  if (Array.isArray(live.organisationUnits) || Array.isArray(desired.organisationUnits)) {
    merged.organisationUnits = unionById(live.organisationUnits, desired.organisationUnits);
  }
  if (live.sharing !== undefined || desired.sharing !== undefined) {
    merged.sharing = mergeSharing(
      live.sharing as Sharing | undefined,
      desired.sharing as Sharing | undefined,
    );
  }
  return merged;
}

export function unionById(...lists: unknown[]): Array<{ id: string }> {
  const ids = new Set<string>();
  for (const list of lists) {
    if (!Array.isArray(list)) continue;
    for (const item of list) {
      const id = (item as { id?: unknown } | null)?.id;
      if (typeof id === 'string') ids.add(id);
    }
  }
  return [...ids].sort().map((id) => ({ id }));
}

/** Live sharing wins for owner and public access; the package's user-group entries are added. */
export function mergeSharing(live: Sharing | undefined, desired: Sharing | undefined): Sharing {
  if (!live) return desired ?? {};
  if (!desired) return live;
  return {
    ...desired,
    ...live,
    users: { ...(desired.users ?? {}), ...(live.users ?? {}) },
    userGroups: { ...(desired.userGroups ?? {}), ...(live.userGroups ?? {}) },
  };
}

/** A live object as it is kept in a rollback snapshot: volatile fields dropped. */
export function snapshotOf(live: MetadataObject): MetadataObject {
  const out: MetadataObject = {};
  for (const [key, value] of Object.entries(live)) if (!VOLATILE_FIELDS.has(key)) out[key] = value;
  return out;
}
