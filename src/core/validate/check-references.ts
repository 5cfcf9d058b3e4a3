import { factFor, typeRule } from '../dhis2-model/rules.js';
import type { MetadataObject } from '../package/types.js';
import type { ObjectSite, PackageCheck, PackageCheckContext } from './check-context.js';
import { EMBEDDED_REFERENCES, NESTED_EMBEDDED, OPERAND_REFERENCES } from './embedded-references.js';
import { pointer, type FindingSink } from './finding-sink.js';
import { isObject } from './package-scope.js';

const PLACEHOLDER = /^<[^>]+>$|\$\{[^}]+\}/;
/** Properties DHIS2 fills itself or ignores on import (volatile): their references are not checked. */
const IGNORED = new Set(['createdBy', 'lastUpdatedBy', 'user', 'access']);
const SHARING_MAPS = [
  ['userGroups', 'userGroups'],
  ['users', 'users'],
] as const;
const LEGACY_SHARING_LISTS = [
  ['userGroupAccesses', 'userGroups'],
  ['userAccesses', 'users'],
] as const;

// Maps rather than the records themselves: a key such as "constructor" or "__proto__" in a package
// must not find Object.prototype's members (that crashed the walk).
const EMBEDDED = new Map(
  Object.entries(EMBEDDED_REFERENCES).map(([list, targets]) => [list, Object.entries(targets)]),
);
const NESTED = new Map(Object.entries(NESTED_EMBEDDED));
const OPERANDS = Object.entries(OPERAND_REFERENCES).map(([key, targets]) => ({
  key,
  targets: Object.entries(targets),
}));

/** [property of the embedded object, type it points at] pairs. */
type Targets = ReadonlyArray<[string, string]>;

interface ReferenceProperty {
  property: string;
  target: string;
  collection: boolean;
}

/**
 * Reference closure (E5002/E5007): every owner reference, embedded reference, attribute value and
 * sharing entry resolves in the package, its dependencies, its externalReferences or the default
 * category model. References by code (`{"code": ...}`) resolve by code.
 */
export function createReferenceCheck(ctx: PackageCheckContext, sink: FindingSink): PackageCheck {
  return new ReferenceWalker(ctx, sink, ctx.versions[ctx.versions.length - 1] ?? '2.41');
}

/**
 * Walks the references of one object at a time. The JSON path of the reference being checked is
 * one array pushed and popped along the walk, copied only when a finding needs it.
 */
class ReferenceWalker implements PackageCheck {
  private site: ObjectSite | undefined;
  private properties: ReferenceProperty[] = [];
  private readonly path: Array<string | number> = [];

  constructor(
    private readonly ctx: PackageCheckContext,
    private readonly sink: FindingSink,
    private readonly version: string,
  ) {}

  enterType(plural: string): void {
    this.properties = referencePropertiesOf(plural, this.version);
  }

  visit(site: ObjectSite): void {
    this.site = site;
    const object = site.object;
    const path = this.path;
    while (path.length > 0) path.pop(); // pop(): setting `length` is a slow runtime call
    for (const { property, target, collection } of this.properties) {
      const value = object[property];
      if (value === undefined || value === null) continue;
      path.push(property);
      if (!collection) this.checkOne(value, target);
      else if (Array.isArray(value)) this.checkCollection(value, target, property);
      path.pop();
    }
    for (const property in object) {
      const targets = EMBEDDED.get(property);
      const list = object[property];
      if (targets && Array.isArray(list)) {
        path.push(property);
        this.checkEmbedded(list, targets);
        path.pop();
      }
    }
    this.checkSharing(object);
  }

  /** `list` is at the current path; its items are embedded objects holding references. */
  private checkEmbedded(list: unknown[], targets: Targets): void {
    const path = this.path;
    const nested = NESTED.get(String(path[path.length - 1])) ?? [];
    for (let i = 0; i < list.length; i++) {
      const item = list[i];
      if (!isObject(item)) continue;
      path.push(i);
      for (const [key, target] of targets) {
        const value = item[key];
        path.push(key);
        if (Array.isArray(value)) {
          for (let j = 0; j < value.length; j++) {
            path.push(j);
            this.checkOne(value[j], target);
            path.pop();
          }
        } else if (value !== undefined && value !== null) this.checkOne(value, target);
        path.pop();
      }
      for (const { key, targets: operandTargets } of OPERANDS) {
        const operand = item[key];
        if (!isObject(operand)) continue;
        for (const [sub, target] of operandTargets) {
          if (!operand[sub]) continue;
          path.push(key, sub);
          this.checkOne(operand[sub], target);
          path.pop();
          path.pop();
        }
      }
      for (const name of nested) {
        const inner = item[name];
        const innerTargets = EMBEDDED.get(name);
        if (Array.isArray(inner) && innerTargets) {
          path.push(name);
          this.checkEmbedded(inner, innerTargets);
          path.pop();
        }
      }
      path.pop();
    }
  }

  private checkSharing(object: MetadataObject): void {
    const path = this.path;
    const sharing = object.sharing;
    if (isObject(sharing)) {
      for (const [key, target] of SHARING_MAPS) {
        const entries = sharing[key];
        if (!isObject(entries)) continue;
        path.push('sharing', key);
        for (const id of Object.keys(entries)) {
          const entry = entries[id];
          path.push(id);
          if (isObject(entry) && entry.id) this.checkOne(entry, target);
          else this.checkId(id, target);
          path.pop();
        }
        path.pop();
        path.pop();
      }
    }
    for (const [key, target] of LEGACY_SHARING_LISTS) {
      const list = object[key];
      if (!Array.isArray(list)) continue;
      for (let i = 0; i < list.length; i++) {
        path.push(key, i);
        this.checkOne(list[i], target);
        path.pop();
        path.pop();
      }
    }
  }

  /** `list` is the collection `property` (the current path). */
  private checkCollection(list: unknown[], target: string, property: string): void {
    const path = this.path;
    const seen = new Set<string>();
    for (let i = 0; i < list.length; i++) {
      const entry = list[i];
      const id = isObject(entry) && typeof entry.id === 'string' ? entry.id : undefined;
      path.push(i);
      if (id && seen.has(id)) {
        this.sink.add('reference.duplicate', this.site!.scope, {
          field: pointer(property, i, 'id'),
          value: id,
          message: `${this.site!.owner}: ${property} lists ${id} more than once`,
        });
      }
      if (id) seen.add(id);
      this.checkOne(entry, target);
      path.pop();
    }
  }

  private checkOne(value: unknown, target: string): void {
    if (!isObject(value)) return; // wrong shapes are structure findings
    const id = value.id;
    if (typeof id === 'string') {
      this.checkId(id, target);
      return;
    }
    if (typeof value.code === 'string' && !this.ctx.references.hasCode(target, value.code)) {
      const site = this.site!;
      this.sink.add('reference.missing', site.scope, {
        field: pointer(...this.path, 'code'),
        value: value.code,
        message: `${site.owner}: ${this.association()} refers to ${target} with code ${value.code}, which is not in the package or its dependencies`,
      });
    }
  }

  private checkId(id: string, target: string): void {
    if (this.ctx.references.has(target, id)) return;
    const site = this.site!;
    if (PLACEHOLDER.test(id)) {
      this.sink.add('reference.placeholder', site.scope, {
        field: pointer(...this.path, 'id'),
        value: id,
        message: `${site.owner}: ${this.association()} is the placeholder ${id}, to be replaced before import`,
      });
      return;
    }
    this.sink.add('reference.missing', site.scope, {
      field: pointer(...this.path, 'id'),
      value: id,
      message: `${site.owner}: ${this.association()} refers to ${target} ${id}, which is not in the package, its dependencies or externalReferences`,
    });
  }

  /** "dataSetElements.dataElement": the property names of the current path. */
  private association(): string {
    return this.path.filter((p) => typeof p === 'string').join('.');
  }
}

const referenceProperties = new Map<string, ReferenceProperty[]>();

/** The owner references of a type (computed once per type and version). */
function referencePropertiesOf(plural: string, version: string): ReferenceProperty[] {
  const key = `${plural}@${version}`;
  let list = referenceProperties.get(key);
  if (list) return list;
  list = [];
  for (const [property, facts] of Object.entries(typeRule(plural)?.properties ?? {})) {
    // Embedded collections (maps.mapViews) hold whole objects, not references; EMBEDDED_REFERENCES covers their insides.
    if (
      IGNORED.has(property) ||
      facts.transient ||
      facts.readOnly ||
      facts.embedded ||
      !facts.owner ||
      !facts.target
    )
      continue;
    const kind = factFor(facts.kind, version);
    if (kind === 'reference') list.push({ property, target: facts.target, collection: false });
    else if (kind === 'collection' && facts.item === 'reference')
      list.push({ property, target: facts.target, collection: true });
  }
  referenceProperties.set(key, list);
  return list;
}
