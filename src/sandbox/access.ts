import { authoritiesOf } from './authorities.js';
import type { ApiUser } from './http/api.js';
import { webMessage } from './http/web-message.js';
import type { ApiResponse } from './http/api.js';
import type { SandboxStore } from './store.js';
import type { Dhis2Version, JsonObject } from './types.js';
import { minorOf } from './types.js';

/**
 * What the signed-in user may do, read from their stored user, roles and groups the way DHIS2's
 * UserDetails is built: authorities are the union of the roles' (ALL = superuser), capture org
 * units are `organisationUnits`, data view org units `dataViewOrganisationUnits`.
 */
export interface UserAccess {
  uid: string;
  username: string;
  displayName: string;
  superuser: boolean;
  authorities: Set<string>;
  groups: Set<string>;
  captureUnits: string[];
  viewUnits: string[];
}

const idsOf = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.flatMap((v) =>
        typeof (v as JsonObject)?.id === 'string' ? [(v as JsonObject).id as string] : [],
      )
    : [];

export function accessOf(store: SandboxStore, user: ApiUser): UserAccess {
  const stored = store.getObject('users', user.uid) ?? {};
  const authorities = new Set<string>();
  for (const roleId of idsOf(stored.userRoles))
    for (const a of (store.getObject('userRoles', roleId)?.authorities as string[] | undefined) ?? [])
      authorities.add(a);
  const groups = new Set(
    store
      .referencesTo('users', user.uid)
      .filter((r) => r.fromType === 'userGroups')
      .map((r) => r.fromUid),
  );
  const name = [stored.firstName, stored.surname].filter((p) => typeof p === 'string').join(' ');
  return {
    uid: user.uid,
    username: user.username,
    displayName: name || user.username,
    superuser: authorities.has('ALL'),
    authorities,
    groups,
    captureUnits: idsOf(stored.organisationUnits),
    viewUnits: idsOf(stored.dataViewOrganisationUnits),
  };
}

/** AclService.canAccess: superuser, no authority declared, or any one of them held. */
export function hasAnyAuthority(access: UserAccess, anyOf: readonly string[]): boolean {
  return access.superuser || anyOf.length === 0 || anyOf.some((a) => access.authorities.has(a));
}

/**
 * One position of a sharing access string ("rwrw----": metadata read/write, data read/write)
 * granted publicly, to the user, to one of their groups, or (metadata only) to the owner.
 */
function sharingAllows(access: UserAccess, object: JsonObject, position: 0 | 1 | 2 | 3): boolean {
  const sharing = object.sharing as JsonObject | undefined;
  if (!sharing) return true;
  const letter = position % 2 === 0 ? 'r' : 'w';
  const grants = (text: unknown) => typeof text === 'string' && text[position] === letter;
  if (position < 2 && sharing.owner === access.uid) return true;
  if (grants(sharing.public)) return true;
  const users = (sharing.users as Record<string, JsonObject> | undefined) ?? {};
  if (grants(users[access.uid]?.access)) return true;
  const groups = (sharing.userGroups as Record<string, JsonObject> | undefined) ?? {};
  return [...access.groups].some((g) => grants(groups[g]?.access));
}

/** DefaultAclService.canDataWrite / canDataRead for data-shareable objects (data sets, category options). */
export const canDataWrite = (access: UserAccess, object: JsonObject) =>
  access.superuser || sharingAllows(access, object, 3);
export const canDataRead = (access: UserAccess, object: JsonObject) =>
  access.superuser || sharingAllows(access, object, 2);

export type MetadataAction = 'create' | 'update' | 'delete';

/**
 * DefaultAclService.canCreate/canUpdate/canDelete: the type's authority, then (shareable objects)
 * metadata write in their sharing. Simplification: the public/private distinction of
 * canMakeClassPublic/Private is not modelled, either authority lets a user create.
 */
export function canWriteMetadata(
  access: UserAccess,
  plural: string,
  action: MetadataAction,
  existing?: JsonObject,
): boolean {
  if (access.superuser) return true;
  const declared = authoritiesOf(plural);
  const anyOf =
    action === 'create'
      ? declared.create
      : ((action === 'update' ? declared.update : declared.delete.length ? declared.delete : undefined) ??
        declared.create);
  if (!hasAnyAuthority(access, anyOf)) return false;
  return action === 'create' || !existing?.sharing || sharingAllows(access, existing, 1);
}

/** True when `unit` is one of `roots` or below one (by the stored `path`). */
export function inHierarchy(store: SandboxStore, unit: string, roots: readonly string[]): boolean {
  if (roots.includes(unit)) return true;
  const path = store.getObject('organisationUnits', unit)?.path;
  return (
    typeof path === 'string' && roots.some((root) => path.includes(`/${root}/`) || path.endsWith(`/${root}`))
  );
}

/**
 * Data view org units with DHIS2's fallback (User.getDataViewOrganisationUnitsWithFallback):
 * a user without any sees the data of their capture org units.
 */
export const viewRoots = (access: UserAccess) =>
  access.viewUnits.length ? access.viewUnits : access.captureUnits;

/** ForbiddenException as CrudControllerAdvice renders it: 403, errorCode E1006 from 2.40 on. */
export function forbidden(version: Dhis2Version, message: string): ApiResponse {
  return {
    status: 403,
    body: webMessage(403, 'ERROR', { message, ...(minorOf(version) >= 40 ? { errorCode: 'E1006' } : {}) }),
  };
}

/** Spring Security's AccessDeniedException from @PreAuthorize/@RequiresAuthority: a plain 403. */
export function accessDenied(): ApiResponse {
  return { status: 403, body: webMessage(403, 'ERROR', { message: 'Access is denied' }) };
}

/** "Name [uid] (Type)": PreheatIdentifier.getIdentifiersWithName, as E3000-E3002 quote objects. */
export function identifiersWithName(name: unknown, uid: string, simpleName: string): string {
  return typeof name === 'string' && name !== ''
    ? `${name} [${uid}] (${simpleName})`
    : `[${uid}] (${simpleName})`;
}

const CRUD_REFUSALS: Record<MetadataAction, string> = {
  create: "You don't have the proper permissions to create this object.",
  update: "You don't have the proper permissions to update this object.",
  delete: "You don't have the proper permissions to delete this object.",
};

/** AbstractCrudController's ForbiddenException when the signed-in user may not write this object. */
export function crudRefusal(
  store: SandboxStore,
  version: Dhis2Version,
  user: ApiUser,
  plural: string,
  action: MetadataAction,
  id?: string,
): ApiResponse | undefined {
  const existing = id === undefined ? undefined : store.getObject(plural, id);
  const allowed = canWriteMetadata(accessOf(store, user), plural, action, existing);
  return allowed ? undefined : forbidden(version, CRUD_REFUSALS[action]);
}
