export type * from './types.js';
export { readSchoolSource } from './read-source.js';
export { parseMapFlags, registryLayout } from './mapping.js';
export { planRegistry, compareRegistry, type PreparedRegistry, type RegistryPlanOptions } from './plan.js';
export { applyRegistry, REGISTRY_NAMESPACE, type RegistryApplyResult } from './apply.js';
export { exportRegistry, type RegistryExport } from './export.js';
export { sampleRegistry } from './sample.js';
export { registrySettings } from './settings.js';
