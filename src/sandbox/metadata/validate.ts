import { UID_PATTERN } from '../../core/dhis2-model/rules.js';
import type { SandboxStore } from '../store.js';
import type { JsonObject } from '../types.js';
import { minorOf } from '../types.js';
import {
  describeObject,
  identifierFor,
  resolveReference,
  type Bundle,
  type BundleObject,
  type BundleType,
} from './bundle.js';
import { referenceSites } from './references.js';
import { errorReport, type ErrorReportInput } from './report.js';
import { DEFAULTED_REFERENCES, isDefaultObject, isPrimitiveKind, resolvedType } from './type-model.js';
import { textOf } from '../json-text.js';

/**
 * DHIS2's validation chain for one request (ServiceConfig.validatorsByImportStrategy): object
 * checks mark an object removed; ReferencesCheck only reports. Every check sees the full list.
 */
export function validateBundle(store: SandboxStore, bundle: Bundle): void {
  const strategy = bundle.params.importStrategy;
  for (const [plural, entry] of bundle.types) {
    if (strategy === 'DELETE') {
      checkDeletion(bundle, entry);
      continue;
    }
    checkDuplicateIds(bundle, entry);
    if (strategy === 'CREATE') checkCreation(bundle, entry);
    if (strategy === 'UPDATE') checkUpdate(bundle, entry);
    if (!bundle.params.skipValidation) checkSchema(bundle, entry);
    checkUniqueness(store, bundle, entry);
    checkReferences(store, bundle, plural, entry);
    if (strategy !== 'UPDATE') checkUidFormat(bundle, entry);
    if (plural === 'dashboards') checkDashboardLayout(bundle, entry);
    if (plural === 'organisationUnits') checkClosingDates(bundle, entry);
    for (const object of entry.objects) {
      if (
        object.errors.some(
          (e) => !NON_REMOVING.has(e.errorCode) && !(e.errorCode === 'E4070' && flagsWithoutRemoving(bundle)),
        )
      )
        object.removed = true;
    }
  }
}

function identifierOf(bundle: Bundle, plural: string, object: BundleObject): string {
  const code = object.input.code;
  return identifierFor(bundle.params, plural) === 'CODE' && typeof code === 'string' ? code : object.uid;
}

function nameOf(bundle: Bundle, entry: BundleType, object: BundleObject): string {
  return describeObject(object.input, identifierOf(bundle, entry.type.plural, object), entry.type.simpleName);
}

function fail(
  bundle: Bundle,
  entry: BundleType,
  object: BundleObject,
  code: string,
  args: unknown[],
  input: Omit<ErrorReportInput, 'mainKlass'>,
): void {
  object.errors.push(errorReport(bundle.version, code, args, { mainKlass: entry.type.klass, ...input }));
}

/**
 * DuplicateIdsCheck remembers only the last uid seen per class, over the non-persisted list and
 * then the persisted one, so only neighbouring duplicates are caught (later ones meet UniquenessCheck).
 */
function checkDuplicateIds(bundle: Bundle, entry: BundleType): void {
  for (const persisted of [false, true]) {
    let last: string | undefined;
    for (const object of entry.objects.filter((o) => o.persisted === persisted)) {
      if (object.uid === last) {
        fail(bundle, entry, object, 'E5004', [object.uid, entry.type.simpleName], {
          mainId: object.uid,
          errorProperty: 'id',
        });
      }
      last = object.uid;
    }
  }
}

/**
 * CreationCheck refuses objects that already exist (E5000); UpdateCheck and DeletionCheck refuse
 * objects that do not (E5001). A refused delete is also taken out of the commit.
 */
function refuseByExistence(
  bundle: Bundle,
  entry: BundleType,
  existing: boolean,
  code: 'E5000' | 'E5001',
): void {
  for (const object of entry.objects) {
    if (Boolean(object.persisted) !== existing) continue;
    fail(
      bundle,
      entry,
      object,
      code,
      [identifierFor(bundle.params, entry.type.plural), nameOf(bundle, entry, object)],
      { mainId: object.uid, errorProperty: 'id' },
    );
    if (bundle.params.importStrategy === 'DELETE') object.removed = true;
  }
}

const checkCreation = (bundle: Bundle, entry: BundleType) => refuseByExistence(bundle, entry, true, 'E5000');
const checkUpdate = (bundle: Bundle, entry: BundleType) => refuseByExistence(bundle, entry, false, 'E5001');
const checkDeletion = (bundle: Bundle, entry: BundleType) => refuseByExistence(bundle, entry, false, 'E5001');

const STRING_KLASS: Readonly<Record<string, string>> = {
  text: 'java.lang.String',
  identifier: 'java.lang.String',
  date: 'java.util.Date',
  url: 'java.lang.String',
};

/** SchemaCheck: DB not-null columns (E4000) and column lengths (E4001), from our rules file. */
function checkSchema(bundle: Bundle, entry: BundleType): void {
  const defaulted = DEFAULTED_REFERENCES[entry.type.plural] ?? {};
  for (const object of entry.objects) {
    for (const property of entry.type.owned) {
      const value = object.input[property.name];
      if (property.required && (value === undefined || value === null)) {
        if (isPrimitiveKind(property.kind) || property.name in defaulted || property.name === 'id') continue;
        const errorKlass =
          property.kind === 'reference' && property.target
            ? resolvedType(property.target, bundle.version)?.klass
            : (STRING_KLASS[property.kind] ?? property.klass);
        fail(bundle, entry, object, 'E4000', [property.name], { errorKlass, errorProperty: property.name });
      }
      if (
        property.maxLength !== undefined &&
        typeof value === 'string' &&
        value.length > property.maxLength
      ) {
        fail(bundle, entry, object, 'E4001', [property.name, property.maxLength, value.length], {
          errorKlass: STRING_KLASS[property.kind] ?? 'java.lang.String',
          errorProperty: property.name,
        });
      }
    }
  }
}

/** UniquenessCheck: unique columns against the database and against earlier objects in the payload. */
function checkUniqueness(store: SandboxStore, bundle: Bundle, entry: BundleType): void {
  const uniques = entry.type.owned.filter((p) => p.unique && p.kind !== 'collection');
  const seen = new Map<string, string>();
  for (const object of entry.objects) {
    if (isDefaultObject(object.uid) || object.errors.some((e) => e.errorCode === 'E5004')) continue;
    for (const property of uniques) {
      const raw = property.name === 'id' ? object.uid : object.input[property.name];
      if (raw === undefined || raw === null || typeof raw === 'object') continue;
      const value = textOf(raw);
      const key = `${property.name}\u0000${value}`;
      const inPayload = seen.get(key);
      const inDatabase = store.uniqueOwner(entry.type.plural, property.name, value);
      const other =
        inPayload !== undefined && inPayload !== object.uid
          ? inPayload
          : inDatabase !== undefined && inDatabase !== object.uid
            ? inDatabase
            : undefined;
      if (other !== undefined) {
        fail(bundle, entry, object, 'E5003', [property.name, value, nameOf(bundle, entry, object), other], {
          mainId: other,
          errorProperty: property.name,
        });
      } else if (inPayload === undefined) {
        seen.set(key, object.uid);
      }
    }
  }
}

/** ReferencesCheck (E5002 missing, E5007 duplicate in a collection): reports, never removes. */
function checkReferences(store: SandboxStore, bundle: Bundle, plural: string, entry: BundleType): void {
  for (const object of entry.objects) {
    const seenInCollection = new Map<string, Set<string>>();
    for (const site of referenceSites(object.input, entry.type)) {
      if (site.sharing && bundle.params.skipSharing) continue;
      const targetType = resolvedType(site.target, bundle.version);
      const identifier =
        typeof site.stub.id === 'string'
          ? site.stub.id
          : typeof site.stub.code === 'string'
            ? site.stub.code
            : 'null';
      if (isDefaultObject(site.stub.id)) continue;
      const uid = resolveReference(store, bundle, site.target, site.stub, site.sharing);
      const input = {
        mainId: object.uid,
        errorProperty: site.property,
        ...(site.collection && targetType ? { errorKlass: targetType.klass } : {}),
      };
      const args = [
        describeObject(site.stub, identifier, targetType?.simpleName ?? site.target),
        nameOf(bundle, entry, object),
        site.property,
      ];
      if (uid === undefined) {
        fail(bundle, entry, object, 'E5002', args, input);
        entry.referenceErrors = true;
        continue;
      }
      if (!site.collection || site.sharing) continue;
      const seen = seenInCollection.get(site.property) ?? new Set<string>();
      seenInCollection.set(site.property, seen);
      if (seen.has(uid)) {
        fail(bundle, entry, object, 'E5007', args, input);
        entry.referenceErrors = true;
      }
      seen.add(uid);
    }
  }
  void plural;
}

/** ReferencesCheck reports without removing the object. */
const NON_REMOVING = new Set(['E5002', 'E5007']);

/**
 * Before DHIS2-15604 (fixed in 2.39.10, 2.40.8, 2.41.4, 2.42.1) DashboardCheck flagged an object
 * without removing it, so it counted as created and ignored. The releases the sandbox reports
 * (2.41.3 for 2.41) still have the bug; 2.42.4 does not.
 */
function flagsWithoutRemoving(bundle: Bundle): boolean {
  return minorOf(bundle.version) < 42;
}

/** DashboardCheck (2.41+): a layout wider than 60 columns is E4070. */
function checkDashboardLayout(bundle: Bundle, entry: BundleType): void {
  if (Number(bundle.version.slice(2)) < 41) return;
  for (const object of entry.objects) {
    const columns = (object.input.layout as JsonObject | undefined)?.columns;
    if (!Array.isArray(columns) || columns.length <= 60) continue;
    fail(bundle, entry, object, 'E4070', [object.uid, columns.length], {
      mainId: object.uid,
      errorProperty: 'layout',
    });
    if (flagsWithoutRemoving(bundle)) object.flaggedIgnored = true;
  }
}

/** OrganisationUnitObjectBundleHook: a closing date before the opening date is E4013. */
function checkClosingDates(bundle: Bundle, entry: BundleType): void {
  for (const object of entry.objects) {
    const { openingDate, closedDate } = object.input;
    if (typeof openingDate !== 'string' || typeof closedDate !== 'string') continue;
    if (new Date(closedDate).getTime() >= new Date(openingDate).getTime()) continue;
    fail(bundle, entry, object, 'E4013', [closedDate, openingDate], {
      mainId: object.uid,
      errorProperty: 'closedDate',
    });
  }
}

/** UidFormatCheck: only objects being created must carry a valid UID. */
function checkUidFormat(bundle: Bundle, entry: BundleType): void {
  for (const object of entry.objects) {
    if (object.persisted || UID_PATTERN.test(object.uid)) continue;
    fail(bundle, entry, object, 'E4014', [object.uid, entry.type.simpleName], {
      mainId: object.uid,
      errorProperty: 'id',
    });
  }
}
