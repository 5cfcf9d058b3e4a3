/** Fleet deploys: a fleet file, a bounded concurrent runner with retries, results and reports. */
export * from './types.js';
export {
  loadFleetFile,
  selectTargets,
  STAGES,
  type FleetFile,
  type FleetTarget,
  type Stage,
} from './fleet-file.js';
export {
  runFleet,
  failureOf,
  isConnectionError,
  type DeployTarget,
  type DeployContext,
  type RunFleetOptions,
  type FleetRun,
} from './run-fleet.js';
export { fleetExitCode, summarizeFleet } from './exit-code.js';
export { renderFleetMarkdown } from './report-markdown.js';
export { writeFileAtomic } from './write-file-atomic.js';
export { createFleetDeployer, type FleetDeployOptions, type TrainingOptions } from './deploy-target.js';
export {
  statusFleet,
  type FleetStatusResult,
  type FleetStatusTarget,
  type StatusFleetOptions,
} from './status-fleet.js';
export { levelStructureOf } from './package-loader.js';
