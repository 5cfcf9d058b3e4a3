import {
  diffBundles,
  matchObjects,
  scopeBundleTo,
  type BundleDiff,
  type DiffOptions,
} from '../diff/index.js';
import { ownedContent, ownedView, type OwnershipOptions } from '../ownership/index.js';
import { summariseLocalConfiguration, type LocalConfigurationSummary } from '../ownership/index.js';
import { loadPackage } from '../package/load-package.js';
import type { MetadataBundle, MetadataObject } from '../package/types.js';
import { fetchLiveBundle, type MetadataSource } from './metadata-source.js';

/** One side of a diff: anything loadPackage reads, or a live server. */
export type DiffSide =
  { kind: 'package'; ref: string } | { kind: 'server'; label: string; source: MetadataSource };

export interface CompareSidesOptions extends DiffOptions, OwnershipOptions {
  /** Compare every object of a live server, not only those of the other side. */
  all?: boolean;
}

/**
 * Loads both sides and diffs them. A live server is asked only for the other side's objects (by
 * uid and code) unless `all` is set or both sides are servers; a package is never scoped.
 * Whenever a server is involved, both sides are compared on what a package owns (the comparison
 * install and status make), and the server's local configuration is reported beside the diff.
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
    if (options.all || other === undefined) return fetchLiveBundle(side.source, 'all');
    // Scoping the answer too keeps a server that ignores filters from flooding the diff.
    return scopeBundleTo(await fetchLiveBundle(side.source, other), other);
  };
  const before = await load(a, bundleA, bundleB);
  const after = await load(b, bundleB, bundleA);
  if (a.kind === 'package' && b.kind === 'package') return diffBundles(before, after, options);
  const sideA = ownedSide('before', a.kind, before, after, b.kind, options);
  const sideB = ownedSide('after', b.kind, after, before, a.kind, options);
  const diff = diffBundles(sideA.bundle, sideB.bundle, options);
  const local = [sideA.local, sideB.local].filter((l): l is LocalConfigurationSummary => l !== undefined);
  return local.length > 0 ? { ...diff, local } : diff;
}

/**
 * One side reduced to owned content. A server's objects are seen through the package object they
 * match (only the fields it sets, only its user groups' sharing); their local configuration is
 * tallied for the report.
 */
function ownedSide(
  side: LocalConfigurationSummary['side'],
  kind: DiffSide['kind'],
  bundle: MetadataBundle,
  other: MetadataBundle,
  otherKind: DiffSide['kind'],
  options: OwnershipOptions,
): { bundle: MetadataBundle; local?: LocalConfigurationSummary } {
  const out: MetadataBundle = {};
  if (kind === 'package') {
    for (const [type, objects] of Object.entries(bundle))
      out[type] = objects.map((o) => ownedContent(type, o, options));
    return { bundle: out };
  }
  const seen: Array<{ type: string; live: MetadataObject; reference?: MetadataObject }> = [];
  for (const [type, objects] of Object.entries(bundle)) {
    const references = otherKind === 'package' ? (other[type] ?? []) : [];
    out[type] = [];
    for (const { before: live, after: reference } of matchObjects(objects, references)) {
      if (!live) continue;
      seen.push({ type, live, ...(reference ? { reference } : {}) });
      out[type].push(
        reference ? ownedView(type, live, reference, options) : ownedContent(type, live, options),
      );
    }
  }
  const local = summariseLocalConfiguration(side, seen, options.includeLocal === true);
  return local ? { bundle: out, local } : { bundle: out };
}
