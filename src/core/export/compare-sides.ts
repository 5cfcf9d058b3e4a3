import { diffBundles, scopeBundleTo, type BundleDiff, type DiffOptions } from '../diff/index.js';
import { loadPackage } from '../package/load-package.js';
import type { MetadataBundle } from '../package/types.js';
import { fetchLiveBundle, type MetadataSource } from './metadata-source.js';
import { reduceSharing } from './normalise.js';

/** One side of a diff: anything loadPackage reads, or a live server. */
export type DiffSide =
  { kind: 'package'; ref: string } | { kind: 'server'; label: string; source: MetadataSource };

export interface CompareSidesOptions extends DiffOptions {
  /** Compare every object of a live server, not only those of the other side. */
  all?: boolean;
}

/**
 * Loads both sides and diffs them. A live server is asked only for the other side's objects (by
 * uid and code) unless `all` is set or both sides are servers; a package is never scoped.
 */
export async function compareSides(
  a: DiffSide,
  b: DiffSide,
  options: CompareSidesOptions = {},
): Promise<BundleDiff> {
  const packageBundle = async (side: DiffSide) =>
    side.kind === 'package' ? (await loadPackage(side.ref)).metadata : undefined;
  const [bundleA, bundleB] = [await packageBundle(a), await packageBundle(b)];
  const load = async (
    side: DiffSide,
    loaded: MetadataBundle | undefined,
    other: MetadataBundle | undefined,
  ): Promise<MetadataBundle> => {
    if (side.kind === 'package') return loaded ?? {};
    if (options.all || other === undefined) return side.source.getMetadata([['fields', ':owner']]);
    // Scoping the answer too keeps a server that ignores filters from flooding the diff.
    return asPackageSees(scopeBundleTo(await fetchLiveBundle(side.source, other), other));
  };
  const before = await load(a, bundleA, bundleB);
  const after = await load(b, bundleB, bundleA);
  return diffBundles(before, after, options);
}

/**
 * A server's objects as a package can hold them: the sharing owner and user entries belong to the
 * instance (export drops them too), so against a package they are not differences.
 */
function asPackageSees(bundle: MetadataBundle): MetadataBundle {
  const out: MetadataBundle = {};
  for (const [type, objects] of Object.entries(bundle)) {
    out[type] = objects.map((o) =>
      o.sharing === undefined ? o : { ...o, sharing: reduceSharing(o.sharing) },
    );
  }
  return out;
}
