import type { SandboxStore, StoredReference, UniqueValue } from '../store.js';
import type { Dhis2Version, JsonObject } from '../types.js';
import { minorOf } from '../types.js';
import { resolveReference, type Bundle } from './bundle.js';
import { referenceSites } from './references.js';
import { DEFAULTED_REFERENCES, type ResolvedType } from './type-model.js';
import { textOf } from '../json-text.js';

/** The indexes kept beside a stored object: its unique values and its outgoing references. */
export function storedIndexes(
  type: ResolvedType,
  stored: JsonObject,
): { uniques: UniqueValue[]; refs: StoredReference[] } {
  const uniques: UniqueValue[] = [];
  for (const property of type.owned) {
    if (!property.unique || property.name === 'id' || property.kind === 'collection') continue;
    const value = stored[property.name];
    if (value !== undefined && value !== null && typeof value !== 'object')
      uniques.push({ property: property.name, value: textOf(value) });
  }
  // A composite DB key that UniquenessCheck does not model (key_sectionnamedataset): a clash is a
  // database error at commit, as on a real server.
  if (type.plural === 'sections' && typeof stored.name === 'string') {
    const dataSet = (stored.dataSet as JsonObject | undefined)?.id;
    if (typeof dataSet === 'string')
      uniques.push({ property: 'name+dataSet', value: `${stored.name}\u0000${dataSet}` });
  }
  const refs: StoredReference[] = [];
  for (const site of referenceSites(stored, type)) {
    if (!site.sharing && typeof site.stub.id === 'string')
      refs.push({ property: site.property, toType: site.target, toUid: site.stub.id });
  }
  return { uniques, refs };
}

const LEGACY_SHARING = ['publicAccess', 'externalAccess', 'userGroupAccesses', 'userAccesses'];

/** ≤2.40 still reads the legacy sharing fields and converts them; 2.41+ ignores them. */
function legacySharing(input: JsonObject): JsonObject | undefined {
  if (!LEGACY_SHARING.some((k) => k in input)) return undefined;
  const toMap = (list: unknown, key: string) => {
    const map: JsonObject = {};
    if (Array.isArray(list)) {
      for (const entry of list as JsonObject[]) {
        const nested = entry[key] as JsonObject | undefined;
        const id = (entry.id as string | undefined) ?? (nested?.id as string | undefined);
        if (id) map[id] = { id, access: entry.access };
      }
    }
    return map;
  };
  return {
    external: input.externalAccess === true,
    public: input.publicAccess,
    userGroups: toMap(input.userGroupAccesses, 'userGroup'),
    users: toMap(input.userAccesses, 'user'),
  };
}

export interface StoreContext {
  store: SandboxStore;
  bundle: Bundle;
  userUid: string;
  now: string;
}

/**
 * What DHIS2 would persist for one payload object: owner properties only, references normalised to
 * {id} (unresolvable ones stripped, as atomicMode=NONE does), missing category combos defaulted,
 * REPLACE (or ≤2.40 MERGE) against the existing object, timestamps and sharing filled in.
 */
export function storedForm(
  ctx: StoreContext,
  type: ResolvedType,
  input: JsonObject,
  uid: string,
  existing: JsonObject | undefined,
): JsonObject {
  const { bundle, version } = { bundle: ctx.bundle, version: ctx.bundle.version };
  const source = structuredClone(input);
  if (type.plural === 'users') foldUserCredentials(source, version);
  let object: JsonObject = {};
  for (const property of type.owned) {
    const value = source[property.name];
    if (value !== undefined && value !== null)
      object[property.name] = property.kind === 'date' ? dhis2Date(value) : value;
  }
  if (minorOf(version) <= 40 && object.sharing === undefined) {
    const converted = legacySharing(source);
    if (converted) object.sharing = converted;
  }
  for (const site of referenceSites(object, type)) {
    if (site.sharing) {
      if (
        ctx.store.exists(site.target, String(site.stub.id)) ||
        bundle.payloadUids.get(site.target)?.has(String(site.stub.id))
      )
        continue;
      delete (site.holder as unknown as JsonObject)[site.key];
      continue;
    }
    const resolved = resolveReference(ctx.store, bundle, site.target, site.stub, false);
    if (Array.isArray(site.holder))
      site.holder[site.key as number] = resolved === undefined ? undefined : { id: resolved };
    else if (resolved === undefined) delete site.holder[site.key];
    else site.holder[site.key] = { id: resolved };
  }
  for (const [name, value] of Object.entries(object)) {
    if (Array.isArray(value)) object[name] = value.filter((v) => v !== undefined);
  }
  for (const [name, uidOfDefault] of Object.entries(DEFAULTED_REFERENCES[type.plural] ?? {})) {
    object[name] ??= { id: uidOfDefault };
  }
  if (existing && bundle.params.mergeMode === 'MERGE') object = { ...existing, ...object };
  if (existing && bundle.params.skipTranslation && existing.translations !== undefined)
    object.translations = existing.translations;
  if (existing && (bundle.params.skipSharing || object.sharing === undefined)) {
    if (existing.sharing !== undefined) object.sharing = existing.sharing;
  }
  if (type.owned.some((p) => p.name === 'sharing')) {
    const sharing = (object.sharing as JsonObject | undefined) ?? {
      external: false,
      public: 'rw------',
      userGroups: {},
      users: {},
    };
    object.sharing = {
      ...sharing,
      owner: sharing.owner ?? ctx.userUid,
      users: sharing.users ?? {},
      userGroups: sharing.userGroups ?? {},
    };
  }
  object.id = uid;
  object.created = existing?.created ?? ctx.now;
  object.lastUpdated = ctx.now;
  if (type.byName.has('createdBy')) object.createdBy = existing?.createdBy ?? { id: ctx.userUid };
  if (type.byName.has('lastUpdatedBy')) object.lastUpdatedBy = { id: ctx.userUid };
  return object;
}

/** 2.38-2.41 payloads carry username & co in userCredentials; DHIS2 folds them into the user. Passwords are never stored. */
function foldUserCredentials(user: JsonObject, version: Dhis2Version): void {
  const credentials = user.userCredentials as JsonObject | undefined;
  if (credentials && typeof credentials === 'object') {
    for (const key of ['username', 'disabled', 'userRoles', 'openId', 'ldapId', 'externalAuth'] as const) {
      if (user[key] === undefined && credentials[key] !== undefined) user[key] = credentials[key];
    }
    delete credentials.password;
  }
  delete user.password;
  if (minorOf(version) >= 42) delete user.userCredentials;
}

/** DHIS2 parses dates and renders them as `yyyy-MM-dd'T'HH:mm:ss.SSS` (openingDate "2017-04-17" comes back so). */
function dhis2Date(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const m = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}(?::\d{2})?)(\.\d{1,3})?)?$/.exec(value);
  if (!m) return value;
  const time = (m[2] ?? '00:00:00').padEnd(8, ':00').slice(0, 8);
  return `${m[1]}T${time}${(m[3] ?? '.000').padEnd(4, '0')}`;
}
