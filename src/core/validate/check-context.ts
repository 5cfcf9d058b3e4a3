import type { LoadedPackage, MetadataObject } from '../package/types.js';
import type { FindingScope } from './finding-sink.js';
import type { PackageIndex, ReferenceScope } from './package-scope.js';

/** Everything a check needs about the package under validation. */
export interface PackageCheckContext {
  pkg: LoadedPackage;
  name: string;
  /** DHIS2 API versions ("2.41") this package is validated for. */
  versions: string[];
  index: PackageIndex;
  references: ReferenceScope;
  scopeOf: (plural: string, object: MetadataObject | undefined, index?: number) => FindingScope;
}

export function createCheckContext(
  pkg: LoadedPackage,
  versions: string[],
  index: PackageIndex,
  references: ReferenceScope,
): PackageCheckContext {
  const name = pkg.manifest.name;
  return {
    pkg,
    name,
    versions,
    index,
    references,
    scopeOf: (plural, object, objectIndex) => ({
      package: name,
      file: pkg.files[plural],
      objectType: plural,
      object: object && typeof object === 'object' && !Array.isArray(object) ? object : undefined,
      objectIndex,
    }),
  };
}

/** Every object of the package with its type and position, skipping entries that are not objects. */
export function* eachObject(
  pkg: LoadedPackage,
  types?: readonly string[],
): Generator<[string, MetadataObject, number]> {
  for (const plural of types ?? Object.keys(pkg.metadata)) {
    const objects = pkg.metadata[plural];
    if (!objects) continue;
    for (let i = 0; i < objects.length; i++) {
      const object = objects[i];
      if (object && typeof object === 'object' && !Array.isArray(object)) yield [plural, object, i];
    }
  }
}
