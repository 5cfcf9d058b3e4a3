import { canonicalizeObject } from '../package/canonical.js';
import { objectHash } from '../package/checksums.js';
import type { MetadataBundle, MetadataObject } from '../package/types.js';
import { createObjectDiffer, identityOf, type ObjectDiffer } from './diff-bundles.js';
import { matchObjects } from './match.js';
import type {
  DiffOptions,
  FieldChange,
  SideChange,
  ThreeWayClass,
  ThreeWayResult,
  UpgradeBase,
  UpgradeClassification,
  UpgradeItem,
} from './types.js';

/** What is known about one object's three versions; `*EqualsBase` are meaningless when a side is absent. */
interface Relations {
  base: boolean;
  live: boolean;
  next: boolean;
  liveEqualsBase: boolean;
  nextEqualsBase: boolean;
  liveEqualsNext: boolean;
}

function sideChange(base: boolean, side: boolean, equalsBase: boolean): SideChange {
  if (!base) return side ? 'added' : 'none';
  if (!side) return 'removed';
  return equalsBase ? 'none' : 'changed';
}

/**
 * The upgrade decision table. Both sides changed but to the same result is not a conflict: the
 * server already holds what the new version ships.
 */
export function classifyRelations(r: Relations): {
  classification: ThreeWayClass;
  upstream: SideChange;
  local: SideChange;
} {
  const upstream = sideChange(r.base, r.next, r.nextEqualsBase);
  const local = sideChange(r.base, r.live, r.liveEqualsBase);
  let classification: ThreeWayClass;
  if (upstream === 'none' && local === 'none') classification = 'unchanged';
  else if (local === 'none') classification = 'changed-upstream';
  else if (upstream === 'none') classification = 'customised-locally';
  else if ((!r.live && !r.next) || (r.live && r.next && r.liveEqualsNext)) classification = 'unchanged';
  else classification = 'conflict';
  return { classification, upstream, local };
}

const overlaps = (p: string, q: string) => p === q || p.startsWith(`${q}/`) || q.startsWith(`${p}/`);

function conflictingPointers(
  local: FieldChange[],
  upstream: FieldChange[],
  liveToNext: FieldChange[] | undefined,
): string[] {
  if (!liveToNext) return [];
  const pointers = liveToNext
    .map((c) => c.pointer)
    .filter((p) => local.some((c) => overlaps(c.pointer, p)) && upstream.some((c) => overlaps(c.pointer, p)));
  return [...new Set(pointers)].sort();
}

/**
 * Three-way classification of one object (base = what was installed, live = the server now,
 * next = the new package version), with both field diffs. Any of the three may be absent.
 */
export function threeWay(
  type: string,
  base: MetadataObject | undefined,
  live: MetadataObject | undefined,
  next: MetadataObject | undefined,
  options: DiffOptions | ObjectDiffer = {},
): ThreeWayResult {
  const differ = typeof options === 'function' ? options : createObjectDiffer(options);
  const diff = (x: MetadataObject | undefined, y: MetadataObject | undefined) =>
    x && y ? differ(type, x, y) : undefined;
  const localFields = diff(base, live);
  const upstreamFields = diff(base, next);
  const liveToNext = diff(live, next);
  const { classification, upstream, local } = classifyRelations({
    base: base !== undefined,
    live: live !== undefined,
    next: next !== undefined,
    liveEqualsBase: localFields === undefined,
    nextEqualsBase: upstreamFields === undefined,
    liveEqualsNext: liveToNext === undefined,
  });
  const presenceConflict = classification === 'conflict' && (local !== 'changed' || upstream !== 'changed');
  return {
    classification,
    upstream: { kind: upstream, fields: upstreamFields ?? [] },
    local: { kind: local, fields: localFields ?? [] },
    conflictingPointers:
      classification !== 'conflict'
        ? []
        : presenceConflict
          ? ['']
          : conflictingPointers(localFields ?? [], upstreamFields ?? [], liveToNext),
  };
}

/** The ledger's hash of an object: sha256 of its canonical JSON, as in CHECKSUMS.json. */
export function canonicalObjectHash(type: string, object: MetadataObject): string {
  return objectHash(canonicalizeObject(type, object));
}

/** Finds the live counterpart of a package object: by uid, then by code (as DHIS2 matches). */
function createLiveIndex(live: readonly MetadataObject[]) {
  const byId = new Map<string, MetadataObject>();
  const byCode = new Map<string, MetadataObject>();
  for (const object of live) {
    if (typeof object.id === 'string' && !byId.has(object.id)) byId.set(object.id, object);
    if (typeof object.code === 'string' && !byCode.has(object.code)) byCode.set(object.code, object);
  }
  return (object: MetadataObject | undefined): MetadataObject | undefined => {
    if (!object) return undefined;
    return (
      (typeof object.id === 'string' ? byId.get(object.id) : undefined) ??
      (typeof object.code === 'string' ? byCode.get(object.code) : undefined)
    );
  };
}

/**
 * Classifies every object of an upgrade: the objects of the installed version (full objects or
 * only their hashes from the ledger) and of the new version, each looked up on the live server.
 * Objects only on the server are not the package's business and are left out.
 */
export function classifyUpgrade(
  base: UpgradeBase | MetadataBundle,
  live: MetadataBundle,
  next: MetadataBundle,
  options: DiffOptions = {},
): UpgradeClassification {
  const differ = createObjectDiffer(options);
  // A bundle's values are arrays, so a string `kind` can only be an UpgradeBase.
  const normalised: UpgradeBase = typeof base.kind === 'string' ? base : { kind: 'objects', bundle: base };
  const items =
    normalised.kind === 'objects'
      ? classifyWithObjects(normalised.bundle, live, next, differ)
      : classifyWithHashes(normalised.hashes, live, next, differ);
  items.sort((x, y) => (x.type === y.type ? compareIdentity(x, y) : x.type < y.type ? -1 : 1));
  const counts: Record<ThreeWayClass, number> = {
    unchanged: 0,
    'changed-upstream': 0,
    'customised-locally': 0,
    conflict: 0,
  };
  for (const item of items) counts[item.classification]++;
  return { items, counts };
}

function compareIdentity(x: UpgradeItem, y: UpgradeItem): number {
  const kx = `${x.id ?? ''}\u0000${x.code ?? ''}`;
  const ky = `${y.id ?? ''}\u0000${y.code ?? ''}`;
  return kx < ky ? -1 : kx > ky ? 1 : 0;
}

function classifyWithObjects(
  base: MetadataBundle,
  live: MetadataBundle,
  next: MetadataBundle,
  differ: ObjectDiffer,
): UpgradeItem[] {
  const items: UpgradeItem[] = [];
  for (const type of new Set([...Object.keys(base), ...Object.keys(next)])) {
    const findLive = createLiveIndex(live[type] ?? []);
    for (const pair of matchObjects(base[type] ?? [], next[type] ?? [])) {
      const liveObject = findLive(pair.after) ?? findLive(pair.before);
      const result = threeWay(type, pair.before, liveObject, pair.after, differ);
      items.push({ type, ...identityOf((pair.after ?? pair.before)!), ...result });
    }
  }
  return items;
}

/**
 * With only hashes of the installed version, equality with the base is decided by hash; field
 * lists are then diffs against whichever side is known to equal the base (empty for conflicts).
 */
function classifyWithHashes(
  hashes: Record<string, string>,
  live: MetadataBundle,
  next: MetadataBundle,
  differ: ObjectDiffer,
): UpgradeItem[] {
  const items: UpgradeItem[] = [];
  const seen = new Set<string>();
  const baseIdsByType = new Map<string, string[]>();
  for (const key of Object.keys(hashes)) {
    const slash = key.indexOf('/');
    if (slash < 0) continue;
    const type = key.slice(0, slash);
    baseIdsByType.set(type, [...(baseIdsByType.get(type) ?? []), key.slice(slash + 1)]);
  }
  for (const type of new Set([...baseIdsByType.keys(), ...Object.keys(next)])) {
    const findLive = createLiveIndex(live[type] ?? []);
    const entries: Array<{ id?: string; nextObject?: MetadataObject }> = (next[type] ?? []).map((o) => ({
      id: o.id,
      nextObject: o,
    }));
    for (const id of baseIdsByType.get(type) ?? [])
      if (!(next[type] ?? []).some((o) => o.id === id)) entries.push({ id });
    for (const { id, nextObject } of entries) {
      const baseHash = id === undefined ? undefined : hashes[`${type}/${id}`];
      if (id !== undefined) seen.add(`${type}/${id}`);
      const liveObject = findLive(nextObject ?? { id });
      const liveToNext = liveObject && nextObject ? differ(type, liveObject, nextObject) : undefined;
      const liveEqualsBase = liveObject !== undefined && canonicalObjectHash(type, liveObject) === baseHash;
      const nextEqualsBase = nextObject !== undefined && canonicalObjectHash(type, nextObject) === baseHash;
      const { classification, upstream, local } = classifyRelations({
        base: baseHash !== undefined,
        live: liveObject !== undefined,
        next: nextObject !== undefined,
        liveEqualsBase,
        nextEqualsBase,
        liveEqualsNext: liveToNext === undefined,
      });
      const known = liveToNext ?? [];
      items.push({
        type,
        ...identityOf(nextObject ?? liveObject ?? { id }),
        classification,
        upstream: { kind: upstream, fields: upstream === 'changed' && liveEqualsBase ? known : [] },
        local: { kind: local, fields: local === 'changed' && nextEqualsBase ? invert(known) : [] },
        conflictingPointers:
          classification === 'conflict'
            ? upstream === 'changed' && local === 'changed'
              ? known.map((c) => c.pointer)
              : ['']
            : [],
      });
    }
  }
  return items;
}

/** live->next read backwards is base->live when next equals the base. */
function invert(changes: FieldChange[]): FieldChange[] {
  return changes.map((c) => {
    const kind = c.kind === 'added' ? 'removed' : c.kind === 'removed' ? 'added' : 'changed';
    const inverted: FieldChange = { pointer: c.pointer, kind };
    if (c.after !== undefined) inverted.before = c.after;
    if (c.before !== undefined) inverted.after = c.before;
    if (c.key !== undefined) inverted.key = c.key;
    return inverted;
  });
}
