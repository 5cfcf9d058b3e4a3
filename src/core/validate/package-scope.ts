import { DEFAULT_CATEGORY_MODEL } from '../dhis2-model/rules.js';
import type { LoadedPackage, MetadataObject } from '../package/types.js';

/** Objects of one type, by id and by code. */
export interface TypeIndex {
  ids: Map<string, MetadataObject>;
  codes: Map<string, MetadataObject>;
}

/** One package's objects indexed once (single pass), shared by every check. */
export class PackageIndex {
  readonly types = new Map<string, TypeIndex>();

  constructor(readonly pkg: LoadedPackage) {
    for (const [plural, objects] of Object.entries(pkg.metadata)) {
      const index: TypeIndex = { ids: new Map(), codes: new Map() };
      for (const object of objects) {
        if (!isObject(object)) continue;
        if (typeof object.id === 'string' && !index.ids.has(object.id)) index.ids.set(object.id, object);
        if (typeof object.code === 'string' && !index.codes.has(object.code))
          index.codes.set(object.code, object);
      }
      this.types.set(plural, index);
    }
  }

  get(type: string, id: string): MetadataObject | undefined {
    return this.types.get(type)?.ids.get(id);
  }
}

const DEFAULT_IDS = new Set(Object.values(DEFAULT_CATEGORY_MODEL));

export function isDefaultObject(object: MetadataObject): boolean {
  return typeof object.id === 'string' && DEFAULT_IDS.has(object.id);
}

/**
 * What a package may refer to: itself, its declared dependencies (transitively), the UIDs its
 * manifest declares as external, and DHIS2's default category model.
 */
export class ReferenceScope {
  /** type -> ids declared external (or DHIS2 defaults); nested so a lookup builds no key string. */
  private readonly external = new Map<string, Set<string>>();
  private readonly all: PackageIndex[];

  constructor(
    readonly own: PackageIndex,
    readonly dependencies: PackageIndex[],
  ) {
    for (const ref of own.pkg.manifest.externalReferences ?? []) this.addExternal(ref.type, ref.id);
    for (const [type, id] of Object.entries(DEFAULT_CATEGORY_MODEL)) this.addExternal(type, id);
    this.all = [own, ...dependencies];
  }

  private addExternal(type: string, id: string): void {
    let ids = this.external.get(type);
    if (!ids) this.external.set(type, (ids = new Set()));
    ids.add(id);
  }

  /** The object, or `true` when it is external/default, or undefined when nowhere to be found. */
  find(type: string, id: string): MetadataObject | true | undefined {
    const own = this.own.get(type, id);
    if (own) return own;
    for (const dependency of this.dependencies) {
      const found = dependency.get(type, id);
      if (found) return found;
    }
    return this.external.get(type)?.has(id) ? true : undefined;
  }

  has(type: string, id: string): boolean {
    return this.find(type, id) !== undefined;
  }

  hasCode(type: string, code: string): boolean {
    return this.all.some((index) => index.types.get(type)?.codes.has(code));
  }
}

export function isObject(value: unknown): value is MetadataObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
