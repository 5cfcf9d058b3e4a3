import { uidFromCode } from '../dhis2-model/uid.js';
import { typeRule } from '../dhis2-model/rules.js';

export const USER_GROUP_CODES = {
  admin: 'EDU_ADMIN',
  access: 'EDU_ACCESS',
  capture: 'EDU_DATA_CAPTURE',
} as const;

export type UserGroupRole = keyof typeof USER_GROUP_CODES;

export const userGroupUid = (role: UserGroupRole): string =>
  uidFromCode('userGroups', USER_GROUP_CODES[role]);

export interface Sharing {
  public: string;
  external: boolean;
  userGroups: Record<string, { id: string; access: string }>;
}

/**
 * HISP's sharing matrix for metadata packages (as in EMIS_AGG): admins edit metadata, everyone in
 * the groups reads it; data capture writes data, access reads data. Data sets and dashboards are
 * not public, so only group members see them; other metadata is publicly readable.
 */
const MATRIX: Record<'metadata' | 'dataSet' | 'categoryOption' | 'analytics', Sharing['public'][]> = {
  //              public      admin       access      capture
  metadata: ['r-------', 'rw------', 'r-------', 'r-------'],
  dataSet: ['--------', 'rwr-----', 'r-r-----', 'r-rw----'],
  categoryOption: ['r-------', 'rwrw----', 'r-r-----', 'r-rw----'],
  analytics: ['--------', 'rw------', 'r-------', 'r-------'],
};

const KIND_BY_PLURAL: Record<string, keyof typeof MATRIX> = {
  dataSets: 'dataSet',
  categoryOptions: 'categoryOption',
  dashboards: 'analytics',
  visualizations: 'analytics',
  maps: 'analytics',
};

/** The sharing object for a shareable type, or undefined for types DHIS2 does not share. */
export function sharingFor(plural: string): Sharing | undefined {
  if (!typeRule(plural)?.shareable) return undefined;
  const [pub, admin, access, capture] = MATRIX[KIND_BY_PLURAL[plural] ?? 'metadata'];
  const entry = (role: UserGroupRole, value: string): [string, { id: string; access: string }] => [
    userGroupUid(role),
    { id: userGroupUid(role), access: value },
  ];
  return {
    public: pub!,
    external: false,
    userGroups: Object.fromEntries([
      entry('admin', admin!),
      entry('access', access!),
      entry('capture', capture!),
    ]),
  };
}
