import type { MetadataBundle } from '../package/types.js';

/**
 * The part of a (large) server bundle that concerns a package: the objects of the same types whose
 * uid or code appears in the reference. Used when one side of a diff is a live server.
 */
export function scopeBundleTo(bundle: MetadataBundle, reference: MetadataBundle): MetadataBundle {
  const scoped: MetadataBundle = {};
  for (const [type, objects] of Object.entries(reference)) {
    const ids = new Set(objects.map((o) => o.id).filter((id): id is string => typeof id === 'string'));
    const codes = new Set(
      objects.map((o) => o.code).filter((code): code is string => typeof code === 'string'),
    );
    const kept = (bundle[type] ?? []).filter(
      (o) => (typeof o.id === 'string' && ids.has(o.id)) || (typeof o.code === 'string' && codes.has(o.code)),
    );
    if (objects.length > 0) scoped[type] = kept;
  }
  return scoped;
}
