import { canonicalObjectHash } from '../diff/index.js';
import { isPlainObject, pointerSegment } from '../diff/semantics.js';
import { withImplicitDefaults } from '../dhis2-model/implicit-defaults.js';
import { typeRule } from '../dhis2-model/rules.js';
import { VOLATILE_FIELDS } from '../dhis2-model/volatile.js';
import { canonicalizeObject, stableStringify } from '../package/canonical.js';
import { sha256 } from '../package/checksums.js';
import type { MetadataBundle, MetadataObject } from '../package/types.js';
import { localSharing, ownedSharing, sharingGroupIds, withLocalSharing } from './sharing.js';
import { projectOnto, shapeOf, type Shape } from './shape.js';

/**
 * What a package owns, and what is local configuration — the one definition install, upgrade,
 * diff, status, export and rollback share.
 *
 * A package owns the fields it sets on its objects, sharing included (public and external access,
 * its user groups' entries). Local configuration belongs to the instance, whichever step put it
 * there: org-unit assignments (`organisationUnits`: data sets assigned to schools, category options
 * restricted to districts) and, in sharing, the owner, per-user entries and the entries of user
 * groups the package does not name. Local configuration survives upgrades, is never part of a
 * content hash and is never drift.
 */
export const ORG_UNIT_ASSIGNMENTS = 'organisationUnits';

/**
 * Types whose `organisationUnits` assign the object to org units. On analytical objects
 * (visualizations, maps' views, event reports) the same name is the chosen selection: content.
 */
const ASSIGNED_TYPES: ReadonlySet<string> = new Set([
  'categoryOptions',
  'dataSets',
  'organisationUnitGroups',
  'programs',
  'users',
]);

/** Whether objects of `type` are assigned to org units (through `organisationUnits`). */
export const assignsOrgUnits = (type: string): boolean => ASSIGNED_TYPES.has(type);

/** Whether `key` of an object of `type` holds org-unit assignments (local configuration). */
export const isOrgUnitAssignment = (type: string, key: string): boolean =>
  key === ORG_UNIT_ASSIGNMENTS && ASSIGNED_TYPES.has(type);

export interface OwnershipOptions {
  /** Keep local configuration (`diff --include-local`). */
  includeLocal?: boolean;
}

/**
 * The part of an object a package owns and DHIS2 stores: no volatile fields, no local
 * configuration, and none of the properties DHIS2 does not persist from this side (inverse
 * collections such as dataSets.sections, transient ones such as visualizations.relativePeriods
 * on 2.41) — the server never gives those back, so they can't be compared.
 */
export function ownedContent(
  type: string,
  object: MetadataObject,
  options: OwnershipOptions = {},
): MetadataObject {
  const properties = typeRule(type)?.properties;
  const out: MetadataObject = {};
  for (const [key, value] of Object.entries(object)) {
    if (VOLATILE_FIELDS.has(key)) continue;
    if (isOrgUnitAssignment(type, key) && !options.includeLocal) continue;
    const rule = properties?.[key];
    if (rule && (rule.owner !== true || rule.transient === true)) continue;
    out[key] = key === 'sharing' && !options.includeLocal ? ownedSharing(value) : value;
  }
  return out;
}

/**
 * A live object as the package that ships `reference` sees it: its owned content, reduced to the
 * fields the package sets (DHIS2 answers with every field it knows, defaults included). With
 * `includeLocal`, the live local configuration is kept in full.
 */
export function ownedView(
  type: string,
  live: MetadataObject,
  reference: MetadataObject,
  options: OwnershipOptions = {},
): MetadataObject {
  const view = liveOwned(type, live, shapeOf(ownedContent(type, reference)));
  if (!options.includeLocal) return view;
  if (assignsOrgUnits(type) && live[ORG_UNIT_ASSIGNMENTS] !== undefined)
    view[ORG_UNIT_ASSIGNMENTS] = live[ORG_UNIT_ASSIGNMENTS];
  if (live.sharing !== undefined) view.sharing = withoutVolatile(live.sharing);
  return view;
}

/** What of `object` is local configuration, relative to the package object `reference` when given. */
export function localConfigurationOf(
  type: string,
  object: MetadataObject,
  reference?: MetadataObject,
): { organisationUnits: string[]; users: string[]; userGroups: string[] } {
  const assigned = assignsOrgUnits(type) ? object[ORG_UNIT_ASSIGNMENTS] : undefined;
  const units = Array.isArray(assigned) ? (assigned as unknown[]) : [];
  const local = localSharing(object.sharing, reference ? sharingGroupIds(reference.sharing) : undefined);
  return {
    organisationUnits: units
      .map((u) => (isPlainObject(u) && typeof u.id === 'string' ? u.id : undefined))
      .filter((id): id is string => id !== undefined),
    users: Object.keys(local.users),
    userGroups: Object.keys(local.userGroups),
  };
}

/**
 * `object` (what a package or a snapshot says) with the local configuration `live` holds: what to
 * send so that installing or restoring never undoes an administrator's assignments and sharing.
 * Org-unit assignments are the union of both.
 */
export function withLocalConfigurationOf(
  type: string,
  object: MetadataObject,
  live: MetadataObject,
  packageGroups?: ReadonlySet<string>,
): MetadataObject {
  const out: MetadataObject = { ...object };
  const units = [object[ORG_UNIT_ASSIGNMENTS], live[ORG_UNIT_ASSIGNMENTS]];
  if (assignsOrgUnits(type) && units.some(Array.isArray)) out[ORG_UNIT_ASSIGNMENTS] = unionById(...units);
  if (live.sharing !== undefined)
    out.sharing =
      object.sharing === undefined
        ? live.sharing
        : withLocalSharing(object.sharing, live.sharing, packageGroups);
  return out;
}

/**
 * Each object of `bundle` with the local configuration of its live counterpart (same type and
 * uid); `shapeOfObject` gives the installed package's shape, whose user groups are not local.
 */
export function withLiveLocalConfiguration(
  bundle: MetadataBundle,
  live: MetadataBundle,
  shapeOfObject: (type: string, id: string) => Shape | undefined = () => undefined,
): MetadataBundle {
  const out: MetadataBundle = {};
  for (const [type, objects] of Object.entries(bundle)) {
    const byId = new Map((live[type] ?? []).map((o) => [o.id, o]));
    out[type] = objects.map((o) => {
      const counterpart = byId.get(o.id);
      if (!counterpart) return o;
      const groups = shapeGroups(shapeOfObject(type, String(o.id)));
      return withLocalConfigurationOf(type, o, counterpart, groups);
    });
  }
  return out;
}

/** The user groups whose sharing entries a package shape names. */
function shapeGroups(shape: Shape | undefined): Set<string> {
  const sharing = isPlainObject(shape) ? shape.sharing : undefined;
  const groups = isPlainObject(sharing) ? sharing.userGroups : undefined;
  return new Set(isPlainObject(groups) ? Object.keys(groups) : []);
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

function withoutVolatile(value: unknown): unknown {
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value))
    if (key === 'access' || !VOLATILE_FIELDS.has(key)) out[key] = v;
  return out;
}

/** Hash of the owned content (what the ledger records per object). */
export function contentHash(type: string, object: MetadataObject): string {
  return canonicalObjectHash(type, ownedContent(type, object));
}

/**
 * The owned content of a live object seen through a package shape. Core reads servers without
 * implicit defaults, so a field the shape names and the server leaves out holds its default.
 */
function liveOwned(type: string, live: MetadataObject, shape: Shape): MetadataObject {
  return withImplicitDefaults(
    type,
    projectOnto(ownedContent(type, live), shape) as MetadataObject,
    shapeKeys(shape),
  );
}

/** Hash of a live object seen through a package shape: equal to contentHash of what was installed when untouched. */
export function liveHash(type: string, live: MetadataObject, shape: Shape): string {
  return canonicalObjectHash(type, liveOwned(type, live, shape));
}

/** Characters of one field's fingerprint: enough to tell which field changed, not to prove equality. */
const FINGERPRINT_LENGTH = 8;

/**
 * One short hash per top-level field of the shape (in sorted key order), so the ledger can name
 * the field that drifted without keeping the installed content.
 */
export function fieldFingerprints(type: string, object: MetadataObject, shape: Shape): string {
  return fingerprintsOf(canonicalizeObject(type, liveOwned(type, object, shape)), shape);
}

const fingerprintsOf = (canonical: MetadataObject, shape: Shape) =>
  shapeKeys(shape)
    .map((key) => sha256(stableStringify(canonical[key] ?? null)).slice(0, FINGERPRINT_LENGTH))
    .join('');

/**
 * What the ledger records of an object as it is sent: its owned content's hash (equal to
 * contentHash), its shape and its field fingerprints, from one canonical form.
 */
export function installedRecord(
  type: string,
  object: MetadataObject,
): { hash: string; shape: Shape; fields: string } {
  const owned = ownedContent(type, object);
  const shape = shapeOf(owned);
  const canonical = canonicalizeObject(type, owned);
  return { hash: sha256(stableStringify(canonical)), shape, fields: fingerprintsOf(canonical, shape) };
}

/** The fields (as pointers) whose fingerprint differs between a live object and the ledger. */
export function driftedFields(
  type: string,
  live: MetadataObject,
  shape: Shape,
  fingerprints: string,
): string[] {
  const now = fieldFingerprints(type, live, shape);
  return shapeKeys(shape)
    .filter((_, i) => {
      const at = i * FINGERPRINT_LENGTH;
      return now.slice(at, at + FINGERPRINT_LENGTH) !== fingerprints.slice(at, at + FINGERPRINT_LENGTH);
    })
    .map((key) => `/${pointerSegment(key)}`);
}

const shapeKeys = (shape: Shape): string[] =>
  typeof shape === 'object' && !Array.isArray(shape) ? Object.keys(shape).sort() : [];
