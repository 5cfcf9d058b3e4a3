/** edupkg's public library API: re-exports only. The CLI (src/cli) is built on exactly this. */
export * from './errors/index.js';
export * from './core/package/index.js';
export * from './core/config.js';
export * from './core/validate/index.js';
export * from './core/expression/index.js';
export * from './core/diff/index.js';
export * from './core/export/index.js';
export * from './core/install/index.js';
export * from './core/content/index.js';
export * from './dhis2/index.js';
export * from './sandbox/index.js';
export type * from './core/progress.js';
export { loadDhis2Rules, typeRule, commitOrder, DEFAULT_CATEGORY_MODEL } from './core/dhis2-model/rules.js';
export { generateUid } from './core/dhis2-model/uid.js';
export { generateSyntheticPackage } from './bench/synthetic-package.js';
export { redact, registerSecret } from './output/redact.js';
