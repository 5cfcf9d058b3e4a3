import { DEFAULT_CATEGORY_MODEL } from '../dhis2-model/rules.js';
import type { LoadedPackage, MetadataObject } from '../package/types.js';

/** Objects of one type, by id. */
export interface TypeIndex {
  /** id -> the first object with it. */
  ids: Map<string, MetadataObject>;
  /** Positions of the objects whose id an earlier object already has. */
  laterIdHolders: Set<number>;
}

/** One package's objects indexed once (single pass), shared by every check. */
export class PackageIndex {
  readonly types = new Map<string, TypeIndex>();
  /** Codes per type, built on the first reference by code: most packages have none. */
  private readonly codes = new Map<string, Set<string>>();

  constructor(readonly pkg: LoadedPackage) {
    for (const [plural, objects] of Object.entries(pkg.metadata)) {
      const index: TypeIndex = { ids: new Map(), laterIdHolders: new Set() };
      for (let i = 0; i < objects.length; i++) {
        const object = objects[i];
        if (!isObject(object) || typeof object.id !== 'string') continue;
        if (!index.ids.has(object.id)) index.ids.set(object.id, object);
        else index.laterIdHolders.add(i);
      }
      this.types.set(plural, index);
    }
  }

  get(type: string, id: string): MetadataObject | undefined {
    return this.types.get(type)?.ids.get(id);
  }

  hasCode(type: string, code: string): boolean {
    let codes = this.codes.get(type);
    if (!codes) {
      codes = new Set();
      const objects = Object.hasOwn(this.pkg.metadata, type) ? this.pkg.metadata[type] : undefined;
      for (const object of objects ?? [])
        if (isObject(object) && typeof object.code === 'string') codes.add(object.code);
      this.codes.set(type, codes);
    }
    return codes.has(code);
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
    return this.all.some((index) => index.hasCode(type, code));
  }
}

export function isObject(value: unknown): value is MetadataObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
