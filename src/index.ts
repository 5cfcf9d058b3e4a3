/** edupkg's public library API: re-exports only. */
export * from './errors/index.js';
export * from './core/package/index.js';
export * from './core/config.js';
export type * from './core/validate/types.js';
export { loadDhis2Rules, typeRule, commitOrder, DEFAULT_CATEGORY_MODEL } from './core/dhis2-model/rules.js';
export { uidFromCode, generateUid } from './core/dhis2-model/uid.js';
export { redact, registerSecret } from './output/redact.js';
