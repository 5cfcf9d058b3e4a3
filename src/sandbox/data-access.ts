import {
  accessOf,
  canDataWrite,
  hasAnyAuthority,
  inHierarchy,
  viewRoots,
  type UserAccess,
} from './access.js';
import type { ApiUser } from './http/api.js';
import type { SandboxStore } from './store.js';

/** An ImportConflict as 2.41's DataValueSetImportValidator reports it (objects, errorCode, property, indexes). */
export interface AccessConflict {
  object: string;
  objects: Record<string, string>;
  value: string;
  errorCode: string;
  property: string;
  indexes?: number[];
}

/**
 * The write side of a dataValueSets import for one user: @PreAuthorize F_DATAVALUE_ADD on the
 * controller, data write sharing on the payload's data set (E7601, aborts the import), and the
 * value's org unit inside the user's data capture hierarchy (E7617, that value is ignored).
 */
export class DataWriteAccess {
  private readonly access: UserAccess;
  private readonly hierarchy = new Map<string, boolean>();

  constructor(
    private readonly store: SandboxStore,
    user: ApiUser,
  ) {
    this.access = accessOf(store, user);
  }

  /** False: the request is refused with 403 before anything is read. */
  mayAddValues(): boolean {
    return hasAnyAuthority(this.access, ['F_DATAVALUE_ADD']);
  }

  /** DataValueSetImportConflict.DATASET_NOT_ACCESSIBLE, or undefined. */
  dataSetConflict(dataSet: string | undefined): AccessConflict | undefined {
    const set = dataSet ? this.store.getObject('dataSets', dataSet) : undefined;
    if (!set || canDataWrite(this.access, set)) return undefined;
    return {
      object: dataSet!,
      objects: { dataSet: dataSet! },
      value: `User does not have write access for DataSet: \`${dataSet}\``,
      errorCode: 'E7601',
      property: 'dataSet',
    };
  }

  /** DataValueImportConflict.ORG_UNIT_NOT_IN_USER_HIERARCHY for the value at `index`, or undefined. */
  orgUnitConflict(orgUnit: string, index: number): AccessConflict | undefined {
    if (this.access.superuser) return undefined;
    let inside = this.hierarchy.get(orgUnit);
    if (inside === undefined) {
      inside = inHierarchy(this.store, orgUnit, this.access.captureUnits);
      this.hierarchy.set(orgUnit, inside);
    }
    if (inside) return undefined;
    return {
      object: orgUnit,
      objects: { organisationUnit: orgUnit, user: this.access.uid },
      value: `Organisation unit: \`${orgUnit}\` not in hierarchy of current user: \`${this.access.uid}\``,
      errorCode: 'E7617',
      property: 'orgUnit',
      indexes: [index],
    };
  }
}

/**
 * The first of `units` outside the user's data view hierarchy, if any. Data value reads fall back to
 * the capture org units (isInUserDataViewHierarchy); analytics lets a user without data view org
 * units see everything (AnalyticsSecurityManager.decideAccessDataViewOrganisationUnits).
 */
export function unitOutsideView(
  store: SandboxStore,
  user: ApiUser,
  units: readonly string[],
  fallbackToCapture: boolean,
): string | undefined {
  const access = accessOf(store, user);
  const roots = fallbackToCapture ? viewRoots(access) : access.viewUnits;
  if (access.superuser || roots.length === 0) return undefined;
  return units.find((unit) => !inHierarchy(store, unit, roots));
}
