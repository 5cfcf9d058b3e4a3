import { uidFromCode } from '../dhis2-model/uid.js';
import type { MetadataBundle, MetadataObject } from '../package/types.js';
import { generatePassword } from './passwords.js';

export interface TrainingUser {
  id: string;
  username: string;
  password: string;
  firstName: string;
  surname: string;
  /** The server already has this user with this password (or one they chose since): not sent again. */
  passwordKept?: boolean;
}

export interface TrainingAccess {
  /** User groups the trainees join (the package's data-capture group). */
  userGroupIds: string[];
  /** Data view org units (usually the hierarchy root), and capture ones when `schools` is empty. */
  orgUnitIds: string[];
  /** Trainee i enters data for schools[i mod n] only (their data capture org unit). */
  schools?: string[];
  /** "2.41"-style version of the server: 2.38-2.41 still read userCredentials. */
  dhis2Version: string;
}

export const TRAINEE_ROLE_CODE = 'EDUPKG_TRAINEE';
export const TRAINEE_ROLE_ID = uidFromCode('userRoles', TRAINEE_ROLE_CODE);

export const TRAINER_ROLE_CODE = 'EDUPKG_TRAINER';
export const VIEWER_ROLE_CODE = 'EDUPKG_VIEWER';

/** A read-only viewer: dashboards and analytics, no data entry, no metadata. */
const VIEWER_AUTHORITIES = [
  'F_VIEW_UNAPPROVED_DATA',
  'M_dhis-web-dashboard',
  'M_dhis-web-data-visualizer',
  'M_dhis-web-maps',
];

/** What a trainee needs: enter and see aggregate data, use the dashboards. */
const TRAINEE_AUTHORITIES = [
  'F_DATAVALUE_ADD',
  'F_DATAVALUE_DELETE',
  'F_VIEW_UNAPPROVED_DATA',
  'F_RUN_VALIDATION',
  'M_dhis-web-dataentry',
  'M_dhis-web-aggregate-data-entry',
  'M_dhis-web-dashboard',
  'M_dhis-web-data-visualizer',
];

/** A trainer: everything a trainee does, plus managing and viewing users; still no metadata authorities. */
const TRAINER_AUTHORITIES = [...TRAINEE_AUTHORITIES, 'F_USER_ADD', 'F_USER_VIEW', 'M_dhis-web-user'];

/** The classroom's roles (admin is the sandbox's own Superuser), keyed by what they are for. */
export function classroomRoles(): Record<'trainer' | 'trainee' | 'viewer', MetadataObject> {
  const role = (code: string, name: string, authorities: string[]): MetadataObject => ({
    id: uidFromCode('userRoles', code),
    code,
    name,
    description: 'Created by edupkg for training sessions',
    authorities,
  });
  return {
    trainer: role(TRAINER_ROLE_CODE, 'Trainer', TRAINER_AUTHORITIES),
    trainee: role(TRAINEE_ROLE_CODE, 'Trainee (data entry)', TRAINEE_AUTHORITIES),
    viewer: role(VIEWER_ROLE_CODE, 'Viewer (read only)', VIEWER_AUTHORITIES),
  };
}

/**
 * trainee01..traineeNN with fresh random passwords. UIDs follow from the username, so provisioning
 * the same server again updates the same users (new passwords) instead of colliding on usernames.
 */
export function createTrainingUsers(count: number, prefix = 'trainee'): TrainingUser[] {
  const width = Math.max(2, String(count).length);
  return Array.from({ length: count }, (_, i) => {
    const number = String(i + 1).padStart(width, '0');
    const username = `${prefix}${number}`;
    return {
      id: uidFromCode('users', `EDUPKG_TRAINING_${username.toUpperCase()}`),
      username,
      password: generatePassword(),
      firstName: 'Trainee',
      surname: number,
    };
  });
}

/** The data-capture group of a package: code ending in DATA_CAPTURE (EDU_DATA_CAPTURE), else by name. */
export function findDataCaptureGroups(bundle: MetadataBundle): string[] {
  const groups = bundle.userGroups ?? [];
  const byCode = groups.filter((g) => /DATA_?CAPTURE$/i.test(g.code ?? ''));
  const chosen = byCode.length ? byCode : groups.filter((g) => /data (capture|entry)/i.test(g.name ?? ''));
  return chosen.flatMap((g) => (g.id ? [g.id] : []));
}

/** The /api/metadata payload creating (or updating) the trainee role and users. */
export function trainingUsersPayload(users: readonly TrainingUser[], access: TrainingAccess): MetadataBundle {
  const ref = (id: string) => ({ id });
  const units = access.orgUnitIds.map(ref);
  const roles = [ref(TRAINEE_ROLE_ID)];
  // 2.42 merged userCredentials into the user; older versions still read it for username/password/roles.
  const legacyCredentials = Number(access.dhis2Version.split('.')[1] ?? '42') < 42;
  const schools = access.schools ?? [];
  const userObjects: MetadataObject[] = users.map((u, i) => ({
    id: u.id,
    username: u.username,
    ...(u.passwordKept ? {} : { password: u.password }),
    firstName: u.firstName,
    surname: u.surname,
    userRoles: roles,
    userGroups: access.userGroupIds.map(ref),
    // Own school only for data entry; the whole country for dashboards.
    organisationUnits: schools.length ? [ref(schools[i % schools.length]!)] : units,
    dataViewOrganisationUnits: units,
    ...(legacyCredentials
      ? {
          userCredentials: {
            username: u.username,
            ...(u.passwordKept ? {} : { password: u.password }),
            userRoles: roles,
          },
        }
      : {}),
  }));
  return {
    userRoles: [classroomRoles().trainee],
    users: userObjects,
  };
}

/** RFC 4180 CSV of the accounts: the only place the passwords are written. */
export function trainingUsersCsv(users: readonly TrainingUser[], serverUrl: string): string {
  const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const rows = [
    ['username', 'password', 'server', 'firstName', 'surname'],
    ...users.map((u) => [u.username, u.password, serverUrl, u.firstName, u.surname]),
  ];
  return rows.map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n';
}

/** username -> password from an accounts CSV written by trainingUsersCsv (its alphabet needs no quoting). */
export function passwordsFromCsv(text: string): Map<string, string> {
  const rows = text.split(/\r?\n/).filter((line) => line !== '');
  const header = rows.shift()?.split(',') ?? [];
  const [user, pass] = [header.indexOf('username'), header.indexOf('password')];
  const passwords = new Map<string, string>();
  if (user < 0 || pass < 0) return passwords;
  for (const row of rows) {
    const cells = row.split(',');
    if (cells[user] && cells[pass]) passwords.set(cells[user], cells[pass]);
  }
  return passwords;
}

/**
 * Re-running a course keeps trainees' passwords: accounts already on the server keep theirs (not
 * sent, so one changed through the API survives too) and the CSV keeps the one handed out.
 */
export function keepKnownPasswords(
  users: TrainingUser[],
  known: ReadonlyMap<string, string>,
  onServer: ReadonlySet<string>,
): TrainingUser[] {
  return users.map((u) => {
    const password = known.get(u.username);
    if (password === undefined) return u;
    return { ...u, password, ...(onServer.has(u.id) ? { passwordKept: true } : {}) };
  });
}
