import { VOLATILE_FIELDS } from '../dhis2-model/volatile.js';
import { uidFromCode } from '../dhis2-model/uid.js';
import type { MetadataObject } from '../package/types.js';
import { parentId } from './live-state.js';
import type { Geometry, SchoolChange, SchoolRecord } from './types.js';

/** Read-only or derived org-unit fields DHIS2 computes itself: never sent back. */
const DERIVED = new Set([
  'path',
  'level',
  'ancestors',
  'children',
  'organisationUnitGroups',
  'dataSets',
  'users',
]);

export const dateOf = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value.slice(0, 10) : undefined;

/** The live object as it is sent back: DHIS2 replaces whole objects, so local fields must travel. */
export function sendable(live: MetadataObject): MetadataObject {
  const out: MetadataObject = {};
  for (const [key, value] of Object.entries(live))
    if (!VOLATILE_FIELDS.has(key) && !DERIVED.has(key)) out[key] = value;
  return out;
}

export const DEFAULT_OPENING_DATE = '1970-01-01';

/**
 * What the list changes on one school's org unit, and the object to send (undefined when the
 * org unit itself is unchanged; group and form changes are counted by the caller).
 */
export function diffSchool(
  record: SchoolRecord,
  parent: string,
  live: MetadataObject | undefined,
  defaultOpening: string,
): { changes: SchoolChange[]; object?: MetadataObject; before?: { name?: string; parent?: string } } {
  if (!live) {
    const object: MetadataObject = {
      id: uidFromCode('organisationUnits', record.code),
      code: record.code,
      name: record.name,
      shortName: record.name.slice(0, 50),
      parent: { id: parent },
      openingDate: record.openingDate ?? defaultOpening,
      ...(record.closedDate ? { closedDate: record.closedDate } : {}),
      ...(record.geometry ? { geometry: record.geometry } : {}),
    };
    return { changes: ['create'], object };
  }
  const changes: SchoolChange[] = [];
  const object = sendable(live);
  const before: { name?: string; parent?: string } = {};
  if (live.name !== record.name) {
    changes.push('rename');
    before.name = String(live.name);
    object.name = record.name;
    object.shortName = record.name.slice(0, 50);
  }
  if (parentId(live) !== parent) {
    changes.push('move');
    before.parent = parentId(live) ?? '';
    object.parent = { id: parent };
  }
  const liveClosed = dateOf(live.closedDate);
  if (record.closedDate !== undefined && record.closedDate !== (liveClosed ?? null)) {
    if (record.closedDate === null) {
      changes.push('reopen');
      delete object.closedDate;
    } else {
      changes.push('close');
      object.closedDate = record.closedDate;
    }
  }
  if (record.openingDate && record.openingDate !== dateOf(live.openingDate)) {
    changes.push('redate');
    object.openingDate = record.openingDate;
  }
  if (
    record.geometry !== undefined &&
    !sameGeometry(record.geometry, live.geometry as Geometry | undefined)
  ) {
    changes.push('relocate');
    if (record.geometry === null) delete object.geometry;
    else object.geometry = record.geometry;
  }
  return changes.length === 0
    ? { changes }
    : { changes, object, ...(Object.keys(before).length ? { before } : {}) };
}

function sameGeometry(a: Geometry | null, b: Geometry | undefined): boolean {
  if (!a || !b) return !a && !b;
  return a.type === b.type && JSON.stringify(a.coordinates) === JSON.stringify(b.coordinates);
}
