import { factFor, typeRule } from '../dhis2-model/rules.js';
import type { MetadataObject } from '../package/types.js';
import { eachObject, type PackageCheckContext } from './check-context.js';
import { EMBEDDED_REFERENCES, NESTED_EMBEDDED, OPERAND_REFERENCES } from './embedded-references.js';
import { describeObject, pointer, type FindingScope, type FindingSink } from './finding-sink.js';
import { isObject } from './package-scope.js';

const PLACEHOLDER = /^<[^>]+>$|\$\{[^}]+\}/;
/** Properties DHIS2 fills itself or ignores on import (volatile): their references are not checked. */
const IGNORED = new Set(['createdBy', 'lastUpdatedBy', 'user', 'access']);

/**
 * Reference closure (E5002/E5007): every owner reference, embedded reference, attribute value and
 * sharing entry resolves in the package, its dependencies, its externalReferences or the default
 * category model. References by code (`{"code": ...}`) resolve by code.
 */
export function checkReferences(ctx: PackageCheckContext, sink: FindingSink): void {
  const version = ctx.versions[ctx.versions.length - 1] ?? '2.41';
  for (const [plural, object, index] of eachObject(ctx.pkg)) {
    let scope: FindingScope | undefined;
    const scopeOf = () => (scope ??= ctx.scopeOf(plural, object, index));
    const check = (value: unknown, target: string, path: Array<string | number>) =>
      checkOne(ctx, sink, scopeOf, object, value, target, path);
    for (const { property, target, collection } of referencePropertiesOf(plural, version)) {
      const value = object[property];
      if (value === undefined || value === null) continue;
      if (!collection) check(value, target, [property]);
      else if (Array.isArray(value)) checkCollection(ctx, sink, scopeOf, object, value, target, property);
    }
    for (const property in object) {
      const targets = EMBEDDED_REFERENCES[property];
      const list = object[property];
      if (targets && Array.isArray(list)) checkEmbedded(list, targets, [property], check);
    }
    checkSharing(object, check);
  }
}

const referenceProperties = new Map<
  string,
  Array<{ property: string; target: string; collection: boolean }>
>();

/** The owner references of a type (computed once per type and version). */
function referencePropertiesOf(plural: string, version: string) {
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

function checkEmbedded(
  list: unknown[],
  targets: Readonly<Record<string, string>>,
  path: Array<string | number>,
  check: (value: unknown, target: string, path: Array<string | number>) => void,
): void {
  list.forEach((item, i) => {
    if (!isObject(item)) return;
    for (const [key, target] of Object.entries(targets)) {
      const value = item[key];
      if (Array.isArray(value)) value.forEach((v, j) => check(v, target, [...path, i, key, j]));
      else if (value !== undefined && value !== null) check(value, target, [...path, i, key]);
    }
    for (const [key, operandTargets] of Object.entries(OPERAND_REFERENCES)) {
      const operand = item[key];
      if (isObject(operand))
        for (const [sub, target] of Object.entries(operandTargets))
          if (operand[sub]) check(operand[sub], target, [...path, i, key, sub]);
    }
    for (const nested of NESTED_EMBEDDED[String(path[path.length - 1])] ?? []) {
      const inner = item[nested];
      const innerTargets = EMBEDDED_REFERENCES[nested];
      if (Array.isArray(inner) && innerTargets)
        checkEmbedded(inner, innerTargets, [...path, i, nested], check);
    }
  });
}

function checkSharing(
  object: MetadataObject,
  check: (value: unknown, target: string, path: Array<string | number>) => void,
): void {
  const sharing = object.sharing;
  if (isObject(sharing)) {
    for (const [key, target] of [
      ['userGroups', 'userGroups'],
      ['users', 'users'],
    ] as const) {
      const entries = sharing[key];
      if (isObject(entries))
        for (const [id, entry] of Object.entries(entries))
          check(isObject(entry) && entry.id ? entry : { id }, target, ['sharing', key, id]);
    }
  }
  for (const [key, target] of [
    ['userGroupAccesses', 'userGroups'],
    ['userAccesses', 'users'],
  ] as const) {
    const list = object[key];
    if (Array.isArray(list)) list.forEach((entry, i) => check(entry, target, [key, i]));
  }
}

function checkCollection(
  ctx: PackageCheckContext,
  sink: FindingSink,
  scopeOf: () => FindingScope,
  object: MetadataObject,
  list: unknown[],
  target: string,
  property: string,
): void {
  const seen = new Set<string>();
  list.forEach((entry, i) => {
    const id = isObject(entry) && typeof entry.id === 'string' ? entry.id : undefined;
    if (id && seen.has(id)) {
      const scope = scopeOf();
      sink.add('reference.duplicate', scope, {
        field: pointer(property, i, 'id'),
        value: id,
        message: `${scope.objectType} ${describeObject(object)}: ${property} lists ${id} more than once`,
      });
    }
    if (id) seen.add(id);
    checkOne(ctx, sink, scopeOf, object, entry, target, [property, i]);
  });
}

function checkOne(
  ctx: PackageCheckContext,
  sink: FindingSink,
  scopeOf: () => FindingScope,
  object: MetadataObject,
  value: unknown,
  target: string,
  path: Array<string | number>,
): void {
  if (!isObject(value)) return; // wrong shapes are structure findings
  const id = value.id;
  if (typeof id === 'string') {
    if (ctx.references.has(target, id)) return;
    const scope = scopeOf();
    const owner = `${scope.objectType} ${describeObject(object)}`;
    const association = path.filter((p) => typeof p === 'string').join('.');
    if (PLACEHOLDER.test(id)) {
      sink.add('reference.placeholder', scope, {
        field: pointer(...path, 'id'),
        value: id,
        message: `${owner}: ${association} is the placeholder ${id}, to be replaced before import`,
      });
      return;
    }
    sink.add('reference.missing', scope, {
      field: pointer(...path, 'id'),
      value: id,
      message: `${owner}: ${association} refers to ${target} ${id}, which is not in the package, its dependencies or externalReferences`,
    });
    return;
  }
  if (typeof value.code === 'string' && !ctx.references.hasCode(target, value.code)) {
    const scope = scopeOf();
    sink.add('reference.missing', scope, {
      field: pointer(...path, 'code'),
      value: value.code,
      message: `${scope.objectType} ${describeObject(object)}: ${path.filter((p) => typeof p === 'string').join('.')} refers to ${target} with code ${value.code}, which is not in the package or its dependencies`,
    });
  }
}
