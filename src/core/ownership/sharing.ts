import { isPlainObject } from '../diff/semantics.js';

/** DHIS2 2.36+ sharing: entries keyed by uid, access strings such as "rwrw----". */
export interface Sharing {
  owner?: unknown;
  external?: unknown;
  public?: unknown;
  users?: Record<string, unknown>;
  userGroups?: Record<string, unknown>;
}

const asRecord = (value: unknown): Record<string, unknown> => (isPlainObject(value) ? value : {});

/**
 * Per-position union of two access strings: a position granted by either side stays granted
 * ("rw------" + "r-rw----" = "rwrw----"), so merging never takes away what one side grants.
 */
export function strongerAccess(a: string | undefined, b: string | undefined): string {
  if (a === undefined) return b ?? '--------';
  if (b === undefined) return a;
  const length = Math.max(a.length, b.length);
  let out = '';
  for (let i = 0; i < length; i++) {
    const x = a[i] ?? '-';
    out += x !== '-' ? x : (b[i] ?? '-');
  }
  return out;
}

/** `sharing` with user-group entries for `groupIds` merged in at `access` (the stronger access wins). */
export function grantToGroups(sharing: unknown, groupIds: readonly string[], access: string): Sharing {
  const current = asRecord(sharing);
  const userGroups = { ...asRecord(current.userGroups) };
  for (const id of groupIds) {
    const existing = asRecord(userGroups[id]).access;
    userGroups[id] = {
      id,
      access: strongerAccess(typeof existing === 'string' ? existing : undefined, access),
    };
  }
  return { ...current, userGroups };
}

/**
 * The part of sharing a package owns: public and external access and its user groups' entries
 * (every group's when `packageGroups` is not given). The owner, per-user entries and other
 * groups' entries belong to the instance.
 */
export function ownedSharing(sharing: unknown, packageGroups?: ReadonlySet<string>): unknown {
  if (!isPlainObject(sharing)) return sharing;
  const userGroups: Record<string, unknown> = {};
  for (const [id, entry] of Object.entries(asRecord(sharing.userGroups)))
    if (!packageGroups || packageGroups.has(id)) userGroups[id] = entry;
  const owned: Record<string, unknown> = { userGroups };
  if (sharing.public !== undefined) owned.public = sharing.public;
  if (sharing.external !== undefined) owned.external = sharing.external;
  return owned;
}

/** The local part of sharing: owner, users, and the entries of groups outside `packageGroups`. */
export function localSharing(
  sharing: unknown,
  packageGroups?: ReadonlySet<string>,
): { owner?: unknown; users: Record<string, unknown>; userGroups: Record<string, unknown> } {
  const record = asRecord(sharing);
  const userGroups: Record<string, unknown> = {};
  for (const [id, entry] of Object.entries(asRecord(record.userGroups)))
    if (packageGroups && !packageGroups.has(id)) userGroups[id] = entry;
  return {
    ...(record.owner !== undefined ? { owner: record.owner } : {}),
    users: { ...asRecord(record.users) },
    userGroups,
  };
}

/** User-group uids a sharing object names. */
export function sharingGroupIds(sharing: unknown): Set<string> {
  return new Set(Object.keys(asRecord(asRecord(sharing).userGroups)));
}

/**
 * `owned` sharing over `live`: what the package sets (public, external, its groups' entries) wins;
 * the owner, per-user entries, other groups' entries and whatever the package leaves unset stay.
 * `packageGroups`: groups whose live entries are the package's, not local (a rollback's package).
 */
export function withLocalSharing(
  owned: unknown,
  live: unknown,
  packageGroups?: ReadonlySet<string>,
): Sharing {
  const liveRecord = asRecord(live);
  const ownedPart = asRecord(ownedSharing(owned));
  return {
    ...liveRecord,
    ...ownedPart,
    userGroups: {
      ...localSharing(live, packageGroups ?? new Set()).userGroups,
      ...asRecord(ownedPart.userGroups),
    },
  };
}
