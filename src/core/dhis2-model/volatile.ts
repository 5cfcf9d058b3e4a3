/**
 * Fields DHIS2 fills in itself or that belong to one instance's users: never part of a package,
 * never a difference. One list, used by canonical writing, diff and export.
 */
export const VOLATILE_FIELDS: ReadonlySet<string> = new Set([
  'created',
  'lastUpdated',
  'createdBy',
  'lastUpdatedBy',
  'user',
  'href',
  'access',
  'favorites',
  'favorite',
  'displayName',
  'displayShortName',
  'displayFormName',
  'displayDescription',
  'displayNumeratorDescription',
  'displayDenominatorDescription',
  'displaySubtitle',
  'displayTitle',
  'lastLogin',
  'subscribers',
  'interpretations',
]);

/** Pre-2.41 sharing fields; 2.41+ ignores them, so packages carry `sharing` instead. */
export const LEGACY_SHARING_FIELDS: ReadonlySet<string> = new Set([
  'publicAccess',
  'externalAccess',
  'userGroupAccesses',
  'userAccesses',
]);
