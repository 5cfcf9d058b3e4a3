import { commitOrder } from '../../core/dhis2-model/rules.js';
import { storeCredentials } from '../auth.js';
import type { SandboxStore } from '../store.js';
import type { JsonObject } from '../types.js';
import type { Bundle, BundleObject } from './bundle.js';
import { cascadedDeletes, DETACHED_ORDERED, handlerVeto, RESET_TO_DEFAULT } from './deletion-rules.js';
import { errorReport } from './report.js';
import { storedForm, storedIndexes, type StoreContext } from './stored-form.js';
import { resolvedType } from './type-model.js';

/** What the commit phase adds to the report: E4030 refusals (delete) per type. */
export interface CommitOutcome {
  refusedDeletes: Map<string, BundleObject[]>;
}

/**
 * Writes the validated objects in DHIS2's schema order (the same order for DELETE). The caller
 * runs this inside one transaction, so a database error undoes the whole request.
 */
export function commitBundle(store: SandboxStore, bundle: Bundle, userUid: string): CommitOutcome {
  const outcome: CommitOutcome = { refusedDeletes: new Map() };
  const ctx: StoreContext = { store, bundle, userUid, now: timestamp() };
  for (const plural of commitOrder(bundle.types.keys())) {
    const entry = bundle.types.get(plural)!;
    const kept = entry.objects.filter((o) => !o.removed);
    if (bundle.params.importStrategy === 'DELETE') {
      for (const object of kept) {
        if (!deleteObject(store, bundle, plural, object)) {
          outcome.refusedDeletes.set(plural, [...(outcome.refusedDeletes.get(plural) ?? []), object]);
        }
      }
      continue;
    }
    for (const object of kept) {
      if (plural === 'users') storeUserCredentials(store, object);
      const stored = storedForm(ctx, entry.type, object.input, object.uid, object.existing);
      const { uniques, refs } = storedIndexes(entry.type, stored);
      store.putObject(plural, stored, uniques, refs);
    }
    if (plural === 'organisationUnits')
      updateHierarchy(
        store,
        bundle,
        kept.map((o) => o.uid),
      );
  }
  return outcome;
}

/**
 * An imported user with a password can log in, as in DHIS2 (trainer accounts are created this
 * way). Only a salted hash is kept; the stored object never holds the password.
 */
function storeUserCredentials(store: SandboxStore, object: BundleObject): void {
  const input = object.input;
  const nested = (input.userCredentials ?? {}) as JsonObject;
  const username = input.username ?? nested.username;
  const password = input.password ?? nested.password;
  if (typeof username !== 'string' || typeof password !== 'string' || password === '') return;
  storeCredentials(store, username, password, object.uid);
}

/** Object timestamps as DHIS2 renders them: local ISO without zone, milliseconds. */
export function timestamp(date = new Date()): string {
  return date.toISOString().slice(0, 23);
}

/**
 * Deletes one object unless DHIS2 would veto it (DeleteNotAllowedException, reported as E4030):
 * first the deletion handlers' own checks (deletion-rules.ts), then any reference no handler
 * clears. References from sets (group members, data set org units) and embedded lists are
 * detached; a combo reference falls back to the default combo; owned option combos go too.
 */
function deleteObject(store: SandboxStore, bundle: Bundle, plural: string, object: BundleObject): boolean {
  const type = resolvedType(plural, bundle.version)!;
  const cascaded = cascadedDeletes(store, plural, object.uid);
  const gone = new Set([`${plural}:${object.uid}`, ...cascaded.map(([p, uid]) => `${p}:${uid}`)]);
  const incoming = [[plural, object.uid] as [string, string], ...cascaded].flatMap(([p, uid]) =>
    store
      .referencesTo(p, uid)
      .filter((r) => !gone.has(`${r.fromType}:${r.fromUid}`))
      .map((r) => ({ ...r, toType: p, toUid: uid })),
  );
  const blocker = incoming.find(
    (r) => !isDetachable(bundle, r.fromType, r.property) && !RESET_TO_DEFAULT[`${r.fromType}.${r.property}`],
  );
  const veto =
    handlerVeto(store, plural, object.uid) ??
    (blocker ? (resolvedType(blocker.fromType, bundle.version)?.simpleName ?? blocker.fromType) : undefined);
  if (veto !== undefined) {
    object.errors.push(
      errorReport(bundle.version, 'E4030', [veto], { mainKlass: type.klass, mainId: object.uid }),
    );
    return false;
  }
  for (const ref of incoming) {
    const fallback = RESET_TO_DEFAULT[`${ref.fromType}.${ref.property}`];
    if (fallback) resetReference(store, bundle, ref.fromType, ref.fromUid, ref.property, fallback);
    else detach(store, bundle, ref.fromType, ref.fromUid, ref.toUid);
  }
  for (const [p, uid] of cascaded) store.deleteObject(p, uid);
  store.deleteObject(plural, object.uid);
  return true;
}

function isDetachable(bundle: Bundle, fromType: string, property: string): boolean {
  const type = resolvedType(fromType, bundle.version);
  const rule = type?.byName.get(property);
  if (!rule) return true; // embedded reference (dataSetElements.dataElement ...): the element goes
  if (DETACHED_ORDERED.has(`${fromType}.${property}`)) return true;
  return rule.kind === 'collection' && !rule.ordered;
}

function resetReference(
  store: SandboxStore,
  bundle: Bundle,
  fromType: string,
  fromUid: string,
  property: string,
  uid: string,
): void {
  const type = resolvedType(fromType, bundle.version);
  const holder = store.getObject(fromType, fromUid);
  if (!type || !holder) return;
  holder[property] = { id: uid };
  const { uniques, refs } = storedIndexes(type, holder);
  store.putObject(fromType, holder, uniques, refs);
}

function detach(store: SandboxStore, bundle: Bundle, fromType: string, fromUid: string, uid: string): void {
  const type = resolvedType(fromType, bundle.version);
  const holder = store.getObject(fromType, fromUid);
  if (!type || !holder) return;
  const pointsAt = (v: unknown): boolean =>
    typeof v === 'object' &&
    v !== null &&
    ((v as JsonObject).id === uid ||
      Object.values(v as JsonObject).some(
        (inner) => typeof inner === 'object' && inner !== null && (inner as JsonObject).id === uid,
      ));
  for (const [name, value] of Object.entries(holder)) {
    if (Array.isArray(value)) holder[name] = value.filter((v) => !pointsAt(v));
  }
  const { uniques, refs } = storedIndexes(type, holder);
  store.putObject(fromType, holder, uniques, refs);
}

/** DHIS2 derives `path` and `level` from the parent chain; recomputed for every org unit just written. */
function updateHierarchy(store: SandboxStore, bundle: Bundle, uids: string[]): void {
  const type = resolvedType('organisationUnits', bundle.version)!;
  const pathOf = (uid: string, depth = 0): string[] => {
    const unit = store.getObject('organisationUnits', uid);
    const parent = (unit?.parent as JsonObject | undefined)?.id;
    if (typeof parent !== 'string' || depth > 100) return [uid];
    return [...pathOf(parent, depth + 1), uid];
  };
  for (const uid of uids) {
    const unit = store.getObject('organisationUnits', uid);
    if (!unit) continue;
    const chain = pathOf(uid);
    unit.path = `/${chain.join('/')}`;
    unit.level = chain.length;
    const { uniques, refs } = storedIndexes(type, unit);
    store.putObject('organisationUnits', unit, uniques, refs);
  }
}
