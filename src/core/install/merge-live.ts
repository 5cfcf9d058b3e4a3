import { VOLATILE_FIELDS } from '../dhis2-model/volatile.js';
import { withLocalConfigurationOf } from '../ownership/index.js';
import type { MetadataObject } from '../package/types.js';

/**
 * What is actually sent to update an existing object. DHIS2 replaces the whole object (REPLACE
 * semantics, trap 7), so the live object is the base: fields the package does not set survive,
 * and the live local configuration (org-unit assignments, sharing owner, users and other groups'
 * entries) is kept.
 */
export function mergeWithLive(type: string, desired: MetadataObject, live: MetadataObject): MetadataObject {
  const merged: MetadataObject = {};
  for (const [key, value] of Object.entries(live)) if (!VOLATILE_FIELDS.has(key)) merged[key] = value;
  Object.assign(merged, desired);
  return withLocalConfigurationOf(type, merged, live);
}

/** A live object as it is kept in a rollback snapshot: volatile fields dropped. */
export function snapshotOf(live: MetadataObject): MetadataObject {
  const out: MetadataObject = {};
  for (const [key, value] of Object.entries(live)) if (!VOLATILE_FIELDS.has(key)) out[key] = value;
  return out;
}
