import type { MetadataBundle, MetadataObject } from '../package/types.js';
import { uniqueProperties } from './read-state.js';
import type { PlanConflict } from './types.js';

/**
 * Values DHIS2 keeps unique (code, and per type name/shortName) that another object on the server
 * already holds: DHIS2 would answer E5003 for each. Found here first, with both UIDs named.
 */
export function findUniqueConflicts(
  desired: Array<{ type: string; object: MetadataObject; package: string }>,
  identities: MetadataBundle,
  dhis2Version: string,
): PlanConflict[] {
  const conflicts: PlanConflict[] = [];
  const indexes = new Map<string, Map<string, string>>();
  const indexOf = (type: string, property: string) => {
    const key = `${type}.${property}`;
    let index = indexes.get(key);
    if (!index) {
      index = new Map();
      for (const o of identities[type] ?? []) {
        const value = o[property];
        if (typeof value === 'string' && typeof o.id === 'string') index.set(value, o.id);
      }
      indexes.set(key, index);
    }
    return index;
  };
  for (const { type, object, package: pkg } of desired) {
    for (const property of uniqueProperties(type, dhis2Version)) {
      const value = object[property];
      if (typeof value !== 'string') continue;
      const existingId = indexOf(type, property).get(value);
      if (existingId === undefined || existingId === object.id) continue;
      conflicts.push({
        kind: 'unique-value-taken',
        type,
        id: String(object.id),
        package: pkg,
        field: property,
        value,
        existingId,
        message: `${type} ${String(object.id)}: ${property} "${value}" already belongs to ${existingId} on the server`,
      });
    }
  }
  return conflicts;
}

/** Dashboard-only packages ship indicators as `[CONFIG]` placeholders with numerator "-1". */
export function isConfigPlaceholder(indicator: MetadataObject): boolean {
  const numerator = typeof indicator.numerator === 'string' ? indicator.numerator.trim() : undefined;
  return numerator === '-1' || (typeof indicator.name === 'string' && indicator.name.startsWith('[CONFIG]'));
}

/** A placeholder about to replace a working formula on the server: refused, never overwritten. */
export function configPlaceholderConflict(
  pkg: string,
  desired: MetadataObject,
  live: MetadataObject,
): PlanConflict | undefined {
  if (!isConfigPlaceholder(desired) || isConfigPlaceholder(live)) return undefined;
  return {
    kind: 'config-placeholder',
    type: 'indicators',
    id: String(desired.id),
    package: pkg,
    field: 'numerator',
    value: String(desired.numerator),
    existingId: String(live.id),
    message: `indicators ${String(desired.id)}: a [CONFIG] placeholder would overwrite the working formula "${String(live.numerator)}"`,
  };
}
