/** What a package owns and what is local configuration: one definition for every command. */
export {
  ORG_UNIT_ASSIGNMENTS,
  isOrgUnitAssignment,
  assignsOrgUnits,
  ownedContent,
  ownedView,
  localConfigurationOf,
  withLocalConfigurationOf,
  withLiveLocalConfiguration,
  unionById,
  contentHash,
  liveHash,
  fieldFingerprints,
  installedRecord,
  driftedFields,
  type OwnershipOptions,
} from './owned.js';
export { shapeOf, projectOnto, type Shape } from './shape.js';
export { summariseLocalConfiguration, type LocalConfigurationSummary } from './local-summary.js';
export {
  strongerAccess,
  grantToGroups,
  ownedSharing,
  localSharing,
  withLocalSharing,
  type Sharing,
} from './sharing.js';
