import type { LoadedPackage, MetadataBundle, PackageManifest } from '../../src/core/package/types.js';

/** A package in memory for rule tests: one file per type, like a package folder. */
export function buildPackage(
  metadata: MetadataBundle,
  manifest: Partial<PackageManifest> = {},
  extras: Record<string, unknown> = {},
): LoadedPackage {
  return {
    manifest: { name: 'test-pkg', version: '1.0.0', title: 'Test', dhis2: '>=2.41 <2.42', ...manifest },
    metadata,
    files: Object.fromEntries(Object.keys(metadata).map((plural) => [plural, `metadata/${plural}.json`])),
    extras,
    manifestFile: '/virtual/test-pkg/package.yaml',
    source: { kind: 'directory', path: '/virtual/test-pkg' },
  };
}

export const de = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  code: `TEST_${id.toUpperCase()}`,
  name: `Data element ${id}`,
  shortName: `DE ${id}`,
  description: 'A data element',
  valueType: 'INTEGER',
  domainType: 'AGGREGATE',
  aggregationType: 'SUM',
  ...extra,
});
