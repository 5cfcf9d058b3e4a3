import type { LoadedPackage, MetadataObject } from '../package/types.js';
import { describeObject, type FindingScope, type FindingSink } from './finding-sink.js';
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

/**
 * One check over a package. Every check's `visit` runs in a single pass over the objects (a
 * package of 50,000 objects is walked once, not once per check); `finish` runs after the pass.
 */
export interface PackageCheck {
  /** Before the objects of one type; `entries` may hold things that are not objects. */
  enterType?: (plural: string, entries: readonly unknown[]) => void;
  /** Each object (entries that are not objects are skipped), types in the package's order. */
  visit?: (site: ObjectSite) => void;
  finish?: () => void;
}

export type CheckFactory = (ctx: PackageCheckContext, sink: FindingSink) => PackageCheck;

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

/**
 * The object being visited. One instance is moved along the pass; its scope and owner text are
 * built only when a finding needs them, as almost every object has none.
 */
export class ObjectSite {
  plural = '';
  object: MetadataObject = {};
  index = 0;
  private cachedScope: FindingScope | undefined;

  constructor(private readonly ctx: PackageCheckContext) {}

  moveTo(plural: string, object: MetadataObject, index: number): void {
    this.plural = plural;
    this.object = object;
    this.index = index;
    this.cachedScope = undefined;
  }

  get scope(): FindingScope {
    return (this.cachedScope ??= this.ctx.scopeOf(this.plural, this.object, this.index));
  }

  /** `dataElements "Enrolment" (abc...)`, the start of most messages. */
  get owner(): string {
    return `${this.plural} ${describeObject(this.object)}`;
  }
}

/** Runs the checks: one pass over every object of the package, then each check's `finish`. */
export function runChecks(ctx: PackageCheckContext, checks: readonly PackageCheck[]): void {
  const site = new ObjectSite(ctx);
  const visiting = checks.filter((c) => c.visit !== undefined);
  for (const plural of Object.keys(ctx.pkg.metadata)) {
    const objects = ctx.pkg.metadata[plural];
    if (!objects) continue;
    for (const check of checks) check.enterType?.(plural, objects);
    for (let i = 0; i < objects.length; i++) {
      const object = objects[i];
      if (!object || typeof object !== 'object' || Array.isArray(object)) continue;
      site.moveTo(plural, object, i);
      for (const check of visiting) check.visit!(site);
    }
  }
  for (const check of checks) check.finish?.();
}

/** Every object of the given types with its type and position, skipping entries that are not objects. */
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
