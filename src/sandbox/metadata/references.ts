import type { JsonObject } from '../types.js';
import { EMBEDDED_REFERENCES, UNCHECKED_REFERENCES, type ResolvedType } from './type-model.js';

/** One place in an object that points at another object. */
export interface ReferenceSite {
  /** The association DHIS2 names in E5002 (the property holding the reference). */
  property: string;
  target: string;
  stub: JsonObject;
  collection: boolean;
  /** Sharing entries are always matched by UID and skipped with skipSharing=true. */
  sharing: boolean;
  /** Where the stub sits, so it can be normalised to {id} or stripped. */
  holder: JsonObject | unknown[];
  key: string | number;
}

/** Embedded classes /api/schemas leaves unnamed, by the property that holds them. */
const EMBEDDED_KLASS_BY_PROPERTY: Readonly<Record<string, string>> = {
  dashboardItems: 'org.hisp.dhis.dashboard.DashboardItem',
  compulsoryDataElementOperands: 'org.hisp.dhis.dataelement.DataElementOperand',
  greyedFields: 'org.hisp.dhis.dataelement.DataElementOperand',
};

const OPERAND_REFERENCES = { dataElement: 'dataElements', categoryOptionCombo: 'categoryOptionCombos' };

function embeddedReferences(klass: string | undefined): Readonly<Record<string, string>> | undefined {
  if (klass === 'org.hisp.dhis.dataelement.DataElementOperand') return OPERAND_REFERENCES;
  return klass ? EMBEDDED_REFERENCES[klass] : undefined;
}

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every owner reference of `object` (single, collection, embedded, attribute values, sharing). */
export function referenceSites(object: JsonObject, type: ResolvedType): ReferenceSite[] {
  const sites: ReferenceSite[] = [];
  for (const property of type.owned) {
    const value = object[property.name];
    if (value === undefined || value === null || UNCHECKED_REFERENCES.has(property.name)) continue;
    if (property.name === 'sharing') {
      if (isObject(value)) collectSharing(value, sites);
      continue;
    }
    if (property.kind === 'reference' && property.target && isObject(value)) {
      sites.push({
        property: property.name,
        target: property.target,
        stub: value,
        collection: false,
        sharing: false,
        holder: object,
        key: property.name,
      });
      continue;
    }
    if (property.kind !== 'collection' || !Array.isArray(value)) continue;
    if (property.item === 'reference' && property.target && !property.embedded) {
      value.forEach((stub, i) => {
        if (isObject(stub))
          sites.push({
            property: property.name,
            target: property.target!,
            stub,
            collection: true,
            sharing: false,
            holder: value,
            key: i,
          });
      });
      continue;
    }
    const inner = embeddedReferences(property.klass ?? EMBEDDED_KLASS_BY_PROPERTY[property.name]);
    if (!inner) continue;
    for (const element of value) {
      if (!isObject(element)) continue;
      for (const [innerName, target] of Object.entries(inner)) {
        const stub = element[innerName];
        if (isObject(stub))
          sites.push({
            property: innerName,
            target,
            stub,
            collection: false,
            sharing: false,
            holder: element,
            key: innerName,
          });
      }
      // Dashboard items hold collections too (reports, resources, users).
      if (Array.isArray(element.users)) {
        element.users.forEach((stub, i) => {
          if (isObject(stub))
            sites.push({
              property: 'users',
              target: 'users',
              stub,
              collection: true,
              sharing: false,
              holder: element.users as unknown[],
              key: i,
            });
        });
      }
    }
  }
  return sites;
}

function collectSharing(sharing: JsonObject, sites: ReferenceSite[]): void {
  for (const [key, target] of [
    ['userGroups', 'userGroups'],
    ['users', 'users'],
  ] as const) {
    const entries = sharing[key];
    if (!isObject(entries)) continue;
    for (const [uid, entry] of Object.entries(entries)) {
      const stub = isObject(entry) ? entry : { id: uid };
      sites.push({
        property: key,
        target,
        stub: { id: stub.id ?? uid },
        collection: true,
        sharing: true,
        holder: entries,
        key: uid,
      });
    }
  }
}
