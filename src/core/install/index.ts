/** Install, upgrade, status, rollback and uninstall of packages on a DHIS2 server. */
export * from './types.js';
export {
  preparePlan,
  installPackages,
  rollbackPackage,
  uninstallPackages,
  planChangesServer,
} from './session.js';
export type { PlanOptions, WriteOptions, Confirm } from './session.js';
export { planInstall, planHash, type PlanRequest, type PreparedInstall, type PackageWork } from './plan.js';
export { applyInstall, type ApplyOptions, type InstallResult } from './apply.js';
export { readStatus, type StatusResult, type PackageStatus, type DriftItem } from './status.js';
export {
  planRollback,
  applyRollback,
  type RollbackPlan,
  type RollbackResult,
  type PreparedRollback,
} from './rollback.js';
export { planUninstall, applyUninstall, type UninstallPlan, type UninstallResult } from './uninstall.js';
export { readLedger } from './ledger.js';
export { acquireLock, type LockOwner, type LockOptions, type HeldLock } from './lock.js';
export { unlockServer, type UnlockResult } from './unlock.js';
export { resolveInstallSet, packageChecksum, type SelectedPackage } from './resolve-packages.js';
export {
  resolveParameters,
  substituteParameters,
  type TargetFacts,
  type ParameterSources,
} from './parameters.js';
export { chunkPayload, DEFAULT_MAX_PAYLOAD_BYTES } from './send.js';
