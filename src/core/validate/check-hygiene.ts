import { VOLATILE_FIELDS } from '../dhis2-model/volatile.js';
import type { MetadataObject } from '../package/types.js';
import { eachObject, type PackageCheckContext } from './check-context.js';
import { describeObject, pointer, type FindingScope, type FindingSink } from './finding-sink.js';
import { isObject } from './package-scope.js';

const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const LOCALE = /^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$/;
const ACCESS = /^[r-][w-][r-][w-]-{4}$/;
const PARAMETER = /\$\{([^}]+)\}/g;

/**
 * One walk over every object for what can hide at any depth: prototype keys, volatile and user
 * fields, external access, favourites, translations, ${parameters}. Sharing is read at the top.
 */
/** A visited node; paths are rebuilt from the parent chain only when a finding needs one. */
interface Frame {
  node: unknown;
  parent: Frame | undefined;
  key: string | number | undefined;
}

function pathOf(frame: Frame | undefined): Array<string | number> {
  const parts: Array<string | number> = [];
  for (let f = frame; f && f.key !== undefined; f = f.parent) parts.unshift(f.key);
  return parts;
}

export function checkHygiene(ctx: PackageCheckContext, sink: FindingSink): void {
  const parameters = new Set(Object.keys(ctx.pkg.manifest.parameters ?? {}));
  const legacySharingIgnored = ctx.versions.filter((v) => Number(v.split('.')[1]) >= 41);
  for (const [plural, object, index] of eachObject(ctx.pkg)) {
    let scope: FindingScope | undefined;
    const scopeOf = () => (scope ??= ctx.scopeOf(plural, object, index));
    const ownerOf = () => `${plural} ${describeObject(object)}`;
    const volatile: string[] = [];
    const stack: Frame[] = [{ node: object, parent: undefined, key: undefined }];
    while (stack.length > 0) {
      const frame = stack.pop()!;
      const node = frame.node;
      if (typeof node === 'string') {
        if (node.includes('${')) checkParameters(node, pathOf(frame), parameters, scopeOf(), ownerOf(), sink);
        continue;
      }
      if (typeof node !== 'object' || node === null) continue;
      if (Array.isArray(node)) {
        for (let i = node.length - 1; i >= 0; i--) {
          const child: unknown = node[i];
          if (child !== null && (typeof child === 'object' || typeof child === 'string'))
            stack.push({ node: child, parent: frame, key: i });
        }
        continue;
      }
      const record = node as Record<string, unknown>;
      const top = frame.parent === undefined;
      for (const key of Object.keys(record)) {
        const value = record[key];
        if (UNSAFE_KEYS.has(key)) {
          const at = pointer(...pathOf(frame), key);
          sink.add('structure.unsafe-key', scopeOf(), {
            field: at,
            message: `${ownerOf()}: key "${key}" at ${at} is not allowed`,
          });
          continue;
        }
        // Nested `access`/`user` keys are sharing entries, not volatile fields, so only the top level counts.
        if (top && VOLATILE_FIELDS.has(key) && key !== 'favorites') volatile.push(pointer(key)); // favourites have their own rule
        if (key === 'externalAccess' && value === true) {
          sink.add('sharing.external-access', scopeOf(), {
            field: pointer(...pathOf(frame), key),
            value,
            message: `${ownerOf()}: externalAccess is true (anyone without login can read it)`,
          });
        } else if (key === 'favorites' && Array.isArray(value) && value.length > 0) {
          sink.add('sharing.favorites', scopeOf(), {
            field: pointer(...pathOf(frame), key),
            value,
            message: `${ownerOf()}: favorites lists ${value.length} user(s) of the source instance`,
          });
        } else if (key === 'translations' && Array.isArray(value)) {
          checkTranslations(value, () => [...pathOf(frame), key], scopeOf, ownerOf, sink);
        }
        // Strings are checked here rather than pushed: most nodes are strings, and frames cost.
        if (typeof value === 'string') {
          if (value.includes('${'))
            checkParameters(value, [...pathOf(frame), key], parameters, scopeOf(), ownerOf(), sink);
        } else if (value !== null && typeof value === 'object')
          stack.push({ node: value, parent: frame, key });
      }
    }
    if (volatile.length > 0) {
      sink.add('volatile.field', scopeOf(), {
        field: volatile[0],
        value: volatile.length > 1 ? volatile : undefined,
        message: `${ownerOf()}: instance-specific field${volatile.length > 1 ? 's' : ''} ${volatile.slice(0, 5).join(', ')}${volatile.length > 5 ? ` and ${volatile.length - 5} more` : ''}`,
      });
    }
    checkSharing(object, scopeOf, ownerOf, legacySharingIgnored, sink);
  }
}

function checkTranslations(
  list: unknown[],
  at: () => Array<string | number>,
  scope: () => FindingScope,
  owner: () => string,
  sink: FindingSink,
): void {
  const seen = new Set<string>();
  list.forEach((t, i) => {
    if (!isObject(t)) return;
    const locale = t.locale;
    if (typeof locale !== 'string' || !/^[A-Za-z_-]+$/.test(locale) || !LOCALE.test(locale)) {
      sink.add('translation.locale', scope(), {
        field: pointer(...at(), i, 'locale'),
        value: locale,
        message: `${owner()}: translation ${i} has ${locale === undefined ? 'no locale' : `the invalid locale ${JSON.stringify(locale)}`}`,
      });
      return;
    }
    const key = `${String(t.property)}\u0000${locale}`;
    if (seen.has(key)) {
      sink.add('translation.duplicate', scope(), {
        field: pointer(...at(), i),
        value: { property: t.property, locale },
        message: `${owner()}: two ${locale} translations of ${String(t.property)}`,
      });
    }
    seen.add(key);
  });
}

function checkSharing(
  object: MetadataObject,
  scopeOf: () => FindingScope,
  ownerOf: () => string,
  legacyIgnored: string[],
  sink: FindingSink,
): void {
  const sharing = object.sharing;
  const hasLegacy =
    object.publicAccess !== undefined ||
    object.userGroupAccesses !== undefined ||
    object.userAccesses !== undefined;
  if (!isObject(sharing) && !hasLegacy) return;
  const scope = scopeOf();
  const owner = ownerOf();
  if (isObject(sharing)) {
    if (sharing.external === true)
      sink.add('sharing.external-access', scope, {
        field: '/sharing/external',
        value: true,
        message: `${owner}: sharing.external is true (anyone without login can read it)`,
      });
    const users = sharing.users;
    if (isObject(users) && Object.keys(users).length > 0) {
      sink.add('sharing.user-access', scope, {
        field: '/sharing/users',
        value: Object.keys(users),
        message: `${owner}: shared with ${Object.keys(users).length} individual user(s)`,
      });
    }
    checkAccess(sharing.public, '/sharing/public', scope, owner, sink);
    if (isObject(sharing.userGroups)) {
      for (const [id, entry] of Object.entries(sharing.userGroups))
        if (isObject(entry))
          checkAccess(entry.access, pointer('sharing', 'userGroups', id, 'access'), scope, owner, sink);
    }
  }
  if (Array.isArray(object.userAccesses) && object.userAccesses.length > 0) {
    sink.add('sharing.user-access', scope, {
      field: '/userAccesses',
      value: object.userAccesses.length,
      message: `${owner}: shared with ${object.userAccesses.length} individual user(s)`,
    });
  }
  const legacy = ['publicAccess', 'userGroupAccesses', 'userAccesses'].filter((k) => object[k] !== undefined);
  if (legacy.length > 0 && legacyIgnored.length > 0) {
    sink.add('sharing.legacy', scope, {
      field: pointer(legacy[0]!),
      message: `${owner}: ${legacy.join(', ')} ${legacy.length > 1 ? 'are' : 'is'} ignored by DHIS2 2.41+; use sharing`,
      dhis2Versions: legacyIgnored,
    });
  }
  if (object.publicAccess !== undefined)
    checkAccess(object.publicAccess, '/publicAccess', scope, owner, sink);
}

function checkAccess(
  value: unknown,
  field: string,
  scope: FindingScope,
  owner: string,
  sink: FindingSink,
): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'string' || !ACCESS.test(value)) {
    sink.add('sharing.access-string', scope, {
      field,
      value,
      message: `${owner}: ${field.slice(1).replace(/\//g, '.')} ${JSON.stringify(value)} is not an access string like "rw------"`,
    });
  }
}

function checkParameters(
  text: string,
  path: Array<string | number>,
  declared: Set<string>,
  scope: FindingScope,
  owner: string,
  sink: FindingSink,
): void {
  for (const match of text.matchAll(PARAMETER)) {
    const name = match[1]!;
    if (!declared.has(name)) {
      sink.add('manifest.parameter-undeclared', scope, {
        field: pointer(...path),
        value: match[0],
        message: `${owner}: uses \${${name}}, which package.yaml does not declare in parameters`,
      });
    }
  }
}
