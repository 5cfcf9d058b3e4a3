import { VOLATILE_FIELDS } from '../dhis2-model/volatile.js';
import type { ObjectSite, PackageCheck, PackageCheckContext } from './check-context.js';
import { pointer, type FindingSink } from './finding-sink.js';
import { isObject } from './package-scope.js';

const UNSAFE = 1;
const VOLATILE = 2;
const EXTERNAL_ACCESS = 4;
const FAVORITES = 8;
const TRANSLATIONS = 16;
/** Keys the walk looks at, with what they are; favourites are volatile but have their own rule. */
const SPECIAL_KEYS = new Map<string, number>();
for (const key of ['__proto__', 'constructor', 'prototype']) SPECIAL_KEYS.set(key, UNSAFE);
for (const key of VOLATILE_FIELDS) if (key !== 'favorites') SPECIAL_KEYS.set(key, VOLATILE);
for (const [key, kind] of [
  ['externalAccess', EXTERNAL_ACCESS],
  ['favorites', FAVORITES],
  ['translations', TRANSLATIONS],
] as const)
  SPECIAL_KEYS.set(key, (SPECIAL_KEYS.get(key) ?? 0) | kind);
const LOCALE = /^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$/;
const ACCESS = /^[r-][w-][r-][w-]-{4}$/;
const PARAMETER = /\$\{([^}]+)\}/g;

/**
 * One walk over every object for what can hide at any depth: prototype keys, volatile and user
 * fields, external access, favourites, translations, ${parameters}. Sharing is read at the top.
 */
export function createHygieneCheck(ctx: PackageCheckContext, sink: FindingSink): PackageCheck {
  const walker = new HygieneWalker(sink, new Set(Object.keys(ctx.pkg.manifest.parameters ?? {})));
  const legacySharingIgnored = ctx.versions.filter((v) => Number(v.split('.')[1]) >= 41);
  return {
    visit(site) {
      walker.walk(site);
      checkSharing(site, legacySharingIgnored, sink);
    },
  };
}

/**
 * A depth-first walk with explicit stacks, reused from object to object. Each popped node sets its
 * key at its depth in `path`, so the path of any node is rebuilt without a frame per node.
 */
class HygieneWalker {
  private readonly nodes: unknown[] = [];
  private readonly keys: Array<string | number> = [];
  private readonly depths: number[] = [];
  private readonly path: Array<string | number> = [];

  constructor(
    private readonly sink: FindingSink,
    private readonly parameters: Set<string>,
  ) {}

  walk(site: ObjectSite): void {
    const { nodes, keys, depths, path, sink } = this;
    let volatile: string[] | undefined;
    nodes.push(site.object);
    keys.push('');
    depths.push(0);
    while (nodes.length > 0) {
      const node = nodes.pop();
      const key = keys.pop()!;
      const depth = depths.pop()!;
      // pop() rather than `path.length = depth`: setting an array's length is a slow runtime call.
      while (path.length > depth) path.pop();
      if (depth > 0) path[depth - 1] = key;
      if (typeof node === 'string') {
        if (node.includes('${')) this.checkParameters(node, [...path], site);
        continue;
      }
      if (typeof node !== 'object' || node === null) continue;
      if (Array.isArray(node)) {
        for (let i = node.length - 1; i >= 0; i--) {
          const child: unknown = node[i];
          if (child !== null && (typeof child === 'object' || typeof child === 'string')) {
            nodes.push(child);
            keys.push(i);
            depths.push(depth + 1);
          }
        }
        continue;
      }
      const record = node as Record<string, unknown>;
      const top = depth === 0;
      for (const key of Object.keys(record)) {
        const value = record[key];
        // One lookup tells the few keys that matter from the many that do not.
        const special = SPECIAL_KEYS.get(key);
        if (special !== undefined) {
          if (special & UNSAFE) {
            const at = pointer(...path, key);
            sink.add('structure.unsafe-key', site.scope, {
              field: at,
              message: `${site.owner}: key "${key}" at ${at} is not allowed`,
            });
            continue;
          }
          // Nested `access`/`user` keys are sharing entries, not volatile fields, so only the top level counts.
          if (top && special & VOLATILE) (volatile ??= []).push(pointer(key));
          this.checkSpecialValue(special, key, value, site);
        }
        // Strings are checked here rather than pushed: most nodes are strings, and stack entries cost.
        if (typeof value === 'string') {
          if (value.includes('${')) this.checkParameters(value, [...path, key], site);
        } else if (value !== null && typeof value === 'object') {
          nodes.push(value);
          keys.push(key);
          depths.push(depth + 1);
        }
      }
    }
    if (volatile) {
      sink.add('volatile.field', site.scope, {
        field: volatile[0],
        value: volatile.length > 1 ? volatile : undefined,
        message: `${site.owner}: instance-specific field${volatile.length > 1 ? 's' : ''} ${volatile.slice(0, 5).join(', ')}${volatile.length > 5 ? ` and ${volatile.length - 5} more` : ''}`,
      });
    }
  }

  private checkSpecialValue(special: number, key: string, value: unknown, site: ObjectSite): void {
    if (special & EXTERNAL_ACCESS && value === true) {
      this.sink.add('sharing.external-access', site.scope, {
        field: pointer(...this.path, key),
        value,
        message: `${site.owner}: externalAccess is true (anyone without login can read it)`,
      });
    } else if (special & FAVORITES && Array.isArray(value) && value.length > 0) {
      this.sink.add('sharing.favorites', site.scope, {
        field: pointer(...this.path, key),
        value,
        message: `${site.owner}: favorites lists ${value.length} user(s) of the source instance`,
      });
    } else if (special & TRANSLATIONS && Array.isArray(value)) {
      this.checkTranslations(value, key, site);
    }
  }

  /** `list` is the value of `key` in the node at the current path. */
  private checkTranslations(list: unknown[], key: string, site: ObjectSite): void {
    // A Set only once there are two translations to compare.
    let seen: Set<string> | undefined;
    let first: string | undefined;
    for (let i = 0; i < list.length; i++) {
      const t = list[i];
      if (!isObject(t)) continue;
      const locale = t.locale;
      if (typeof locale !== 'string' || !/^[A-Za-z_-]+$/.test(locale) || !LOCALE.test(locale)) {
        this.sink.add('translation.locale', site.scope, {
          field: pointer(...this.path, key, i, 'locale'),
          value: locale,
          message: `${site.owner}: translation ${i} has ${locale === undefined ? 'no locale' : `the invalid locale ${JSON.stringify(locale)}`}`,
        });
        continue;
      }
      const id = `${String(t.property)}\u0000${locale}`;
      if (first === undefined) {
        first = id;
        continue;
      }
      seen ??= new Set([first]);
      if (seen.has(id)) {
        this.sink.add('translation.duplicate', site.scope, {
          field: pointer(...this.path, key, i),
          value: { property: t.property, locale },
          message: `${site.owner}: two ${locale} translations of ${String(t.property)}`,
        });
      }
      seen.add(id);
    }
  }

  private checkParameters(text: string, path: Array<string | number>, site: ObjectSite): void {
    for (const match of text.matchAll(PARAMETER)) {
      const name = match[1]!;
      if (!this.parameters.has(name)) {
        this.sink.add('manifest.parameter-undeclared', site.scope, {
          field: pointer(...path),
          value: match[0],
          message: `${site.owner}: uses \${${name}}, which package.yaml does not declare in parameters`,
        });
      }
    }
  }
}

function checkSharing(site: ObjectSite, legacyIgnored: string[], sink: FindingSink): void {
  const object = site.object;
  const sharing = object.sharing;
  const hasLegacy =
    object.publicAccess !== undefined ||
    object.userGroupAccesses !== undefined ||
    object.userAccesses !== undefined;
  if (!isObject(sharing) && !hasLegacy) return;
  if (isObject(sharing)) {
    if (sharing.external === true)
      sink.add('sharing.external-access', site.scope, {
        field: '/sharing/external',
        value: true,
        message: `${site.owner}: sharing.external is true (anyone without login can read it)`,
      });
    const users = sharing.users;
    if (isObject(users)) {
      const userIds = Object.keys(users);
      if (userIds.length > 0) {
        sink.add('sharing.user-access', site.scope, {
          field: '/sharing/users',
          value: userIds,
          message: `${site.owner}: shared with ${userIds.length} individual user(s)`,
        });
      }
    }
    if (!isAccessString(sharing.public)) reportAccess(sharing.public, '/sharing/public', site, sink);
    const groups = sharing.userGroups;
    if (isObject(groups)) {
      for (const id of Object.keys(groups)) {
        const entry = groups[id];
        if (isObject(entry) && !isAccessString(entry.access))
          reportAccess(entry.access, pointer('sharing', 'userGroups', id, 'access'), site, sink);
      }
    }
  }
  if (Array.isArray(object.userAccesses) && object.userAccesses.length > 0) {
    sink.add('sharing.user-access', site.scope, {
      field: '/userAccesses',
      value: object.userAccesses.length,
      message: `${site.owner}: shared with ${object.userAccesses.length} individual user(s)`,
    });
  }
  if (!hasLegacy) return;
  const legacy = ['publicAccess', 'userGroupAccesses', 'userAccesses'].filter((k) => object[k] !== undefined);
  if (legacyIgnored.length > 0) {
    sink.add('sharing.legacy', site.scope, {
      field: pointer(legacy[0]!),
      message: `${site.owner}: ${legacy.join(', ')} ${legacy.length > 1 ? 'are' : 'is'} ignored by DHIS2 2.41+; use sharing`,
      dhis2Versions: legacyIgnored,
    });
  }
  if (object.publicAccess !== undefined && !isAccessString(object.publicAccess))
    reportAccess(object.publicAccess, '/publicAccess', site, sink);
}

/** Absent, or an access string like "rw------". */
function isAccessString(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && ACCESS.test(value));
}

function reportAccess(value: unknown, field: string, site: ObjectSite, sink: FindingSink): void {
  sink.add('sharing.access-string', site.scope, {
    field,
    value,
    message: `${site.owner}: ${field.slice(1).replace(/\//g, '.')} ${JSON.stringify(value)} is not an access string like "rw------"`,
  });
}
