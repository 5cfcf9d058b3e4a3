import { generateUid } from '../../core/dhis2-model/uid.js';
import type { SandboxStore } from '../store.js';
import type { Dhis2Version, JsonObject } from '../types.js';
import type { ImportParams } from './import-params.js';
import type { ErrorReport } from './report.js';
import { metadataPlurals, resolvedType, type ResolvedType } from './type-model.js';

/** One payload object on its way through validation and commit. */
export interface BundleObject {
  index: number;
  input: JsonObject;
  uid: string;
  persisted: boolean;
  existing: JsonObject | undefined;
  errors: ErrorReport[];
  /** Failed an object check: dropped, counted as ignored. */
  removed: boolean;
  /** Counted as ignored without being removed (the pre-DHIS2-15604 double count). */
  flaggedIgnored?: boolean;
}

export interface BundleType {
  type: ResolvedType;
  objects: BundleObject[];
  /** ReferencesCheck found something (adds one `ignored` under atomicMode=ALL). */
  referenceErrors: boolean;
}

/** The preheated payload: every metadata type present, matched against the database. */
export interface Bundle {
  version: Dhis2Version;
  params: ImportParams;
  types: Map<string, BundleType>;
  /** uids and codes in the payload per type, so references may point into the same request. */
  payloadUids: Map<string, Set<string>>;
  payloadCodes: Map<string, Map<string, string>>;
}

/** User and UserRole are always matched by UID, whatever `identifier` says (Preheat.effectiveIdentifier). */
export const UID_ONLY_TYPES = new Set(['users', 'userRoles']);

export function identifierFor(params: ImportParams, plural: string): 'UID' | 'CODE' {
  return UID_ONLY_TYPES.has(plural) ? 'UID' : params.identifier;
}

/**
 * Preheat: keeps the payload's metadata types (anything else — `system`, `package`, typos — is
 * skipped as DHIS2 does), matches each object by UID or CODE, and gives id-less objects a UID.
 */
export function preheat(
  store: SandboxStore,
  payload: JsonObject,
  params: ImportParams,
  version: Dhis2Version,
): Bundle {
  const known = new Set(metadataPlurals(version));
  const bundle: Bundle = {
    version,
    params,
    types: new Map(),
    payloadUids: new Map(),
    payloadCodes: new Map(),
  };
  for (const [plural, list] of Object.entries(payload)) {
    if (!known.has(plural) || !Array.isArray(list)) continue;
    const type = resolvedType(plural, version)!;
    const uids = new Set<string>();
    const codes = new Map<string, string>();
    const objects: BundleObject[] = [];
    list.forEach((raw, index) => {
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return;
      const input = raw as JsonObject;
      const givenId = typeof input.id === 'string' ? input.id : undefined;
      const code = typeof input.code === 'string' ? input.code : undefined;
      let uid = givenId;
      let existing: JsonObject | undefined;
      if (identifierFor(params, plural) === 'CODE') {
        const match = code !== undefined ? store.uidByCode(plural, code) : undefined;
        if (match !== undefined) {
          uid = match;
          existing = store.getObject(plural, match);
        }
      } else if (givenId !== undefined) {
        existing = store.getObject(plural, givenId);
      }
      uid ??= generateUid();
      uids.add(uid);
      if (code !== undefined && !codes.has(code)) codes.set(code, uid);
      objects.push({
        index,
        input,
        uid,
        persisted: existing !== undefined,
        existing,
        errors: [],
        removed: false,
      });
    });
    const previous = bundle.types.get(plural);
    if (previous) previous.objects.push(...objects);
    else bundle.types.set(plural, { type, objects, referenceErrors: false });
    bundle.payloadUids.set(plural, new Set([...(bundle.payloadUids.get(plural) ?? []), ...uids]));
    bundle.payloadCodes.set(plural, new Map([...codes, ...(bundle.payloadCodes.get(plural) ?? [])]));
  }
  return bundle;
}

/** Resolves a reference stub to a uid, looking in the payload first and then the database. */
export function resolveReference(
  store: SandboxStore,
  bundle: Bundle,
  target: string,
  stub: JsonObject,
  byUid: boolean,
): string | undefined {
  if (byUid || identifierFor(bundle.params, target) === 'UID') {
    const id = stub.id;
    if (typeof id !== 'string') return undefined;
    return bundle.payloadUids.get(target)?.has(id) || store.exists(target, id) ? id : undefined;
  }
  const code = stub.code;
  if (typeof code !== 'string') return undefined;
  return bundle.payloadCodes.get(target)?.get(code) ?? store.uidByCode(target, code);
}

/** "Name [identifier] (Class)" or "[identifier] (Class)", as DHIS2 names objects in messages. */
export function describeObject(object: JsonObject, identifier: string, simpleName: string): string {
  const name =
    typeof object.displayName === 'string'
      ? object.displayName
      : typeof object.name === 'string'
        ? object.name
        : undefined;
  return `${name !== undefined ? `${name} ` : ''}[${identifier}] (${simpleName})`;
}
