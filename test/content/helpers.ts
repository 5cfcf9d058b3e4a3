import type { MetadataBundle, MetadataObject } from '../../src/core/package/types.js';
import {
  buildPackage,
  loadProfile,
  PACKAGE_NAMES,
  PACKAGES,
  type CountryProfile,
  type PackageName,
} from '../../src/core/content/index.js';

export const VARIANTS = ['generic', 'gm', 'ug', 'tg'] as const;

const cache = new Map<string, MetadataBundle>();

/** A package built for a profile (cached: building is deterministic). */
export function bundleOf(name: PackageName, variant: string): MetadataBundle {
  const key = `${name}:${variant}`;
  if (!cache.has(key)) cache.set(key, buildPackage(name, loadProfile(variant)).metadata);
  return cache.get(key)!;
}

/** The package and every package it depends on, transitively. */
export function withDependencies(name: PackageName): PackageName[] {
  const seen = new Set<PackageName>();
  const visit = (n: PackageName) => {
    if (seen.has(n)) return;
    for (const dep of PACKAGES[n].dependencies) visit(dep);
    seen.add(n);
  };
  visit(name);
  return [...seen];
}

/** All objects of a variant by type, across all five packages. */
export function allObjects(variant: string, names: readonly PackageName[] = PACKAGE_NAMES): MetadataBundle {
  const merged: MetadataBundle = {};
  for (const name of names) {
    for (const [plural, objects] of Object.entries(bundleOf(name, variant)))
      (merged[plural] ??= []).push(...objects);
  }
  return merged;
}

export function byCode(bundle: MetadataBundle, plural: string): Map<string, MetadataObject> {
  return new Map((bundle[plural] ?? []).map((o) => [o.code as string, o]));
}

export function profileOf(variant: string): CountryProfile {
  return loadProfile(variant);
}
