import type { ApiUser, SandboxContext } from '../http/api.js';
import { textOf } from '../json-text.js';
import type { JsonObject } from '../types.js';

const ids = (value: unknown): string[] =>
  Array.isArray(value) ? value.map((v) => String((v as JsonObject).id)) : [];

/** The user's data capture org units (User.organisationUnits). */
export function captureOrgUnits(ctx: SandboxContext, user: ApiUser): string[] {
  return ids(ctx.store.getObject('users', user.uid)?.organisationUnits);
}

/** DHIS2's isInUserHierarchy: the org unit is one of `roots` or below one of them. */
export function inHierarchy(ctx: SandboxContext, orgUnit: string, roots: string[]): boolean {
  const path = textOf(ctx.store.getObject('organisationUnits', orgUnit)?.path ?? `/${orgUnit}`);
  const ancestors = new Set(path.split('/').filter(Boolean));
  return roots.some((root) => ancestors.has(root));
}

/** Analytics' USER_ORGUNIT: data view org units, else the data capture ones. */
export function viewOrgUnits(ctx: SandboxContext, user: ApiUser): string[] {
  const view = ids(ctx.store.getObject('users', user.uid)?.dataViewOrganisationUnits);
  return view.length ? view : captureOrgUnits(ctx, user);
}
