import { existsSync, readFileSync } from 'node:fs';
import type { Dhis2Client } from '../../dhis2/client.js';
import { importRejectedError } from '../../errors/index.js';
import { writeFileAtomic } from '../fleet/write-file-atomic.js';
import type { MetadataBundle } from '../package/types.js';
import type { SendDataValues } from './data-value-transport.js';
import { buildSampleDataModel } from './sample-data-model.js';
import { sampleGroupMembership } from './sample-groups.js';
import {
  generateSampleData,
  type RuleSummary,
  type SampleAssignment,
  type SampleData,
} from './sample-data.js';
import { sampleRegistrations } from './sample-registrations.js';
import type { LevelStructure } from './sample-values.js';
import {
  createTrainingUsers,
  keepKnownPasswords,
  passwordsFromCsv,
  findDataCaptureGroups,
  trainingUsersCsv,
  trainingUsersPayload,
  type TrainingUser,
} from './training-users.js';

export interface ProvisionRequest {
  /** Metadata of the installed packages, dependencies included (data sets, combos, rules, user groups). */
  bundle: MetadataBundle;
  /** Training users to create (0 = none). */
  users: number;
  /** Where the accounts CSV goes (mode 0600); required when users > 0. */
  usersFile?: string;
  /** New passwords for every trainee; by default those in an existing usersFile are kept. */
  resetPasswords?: boolean;
  sampleData: boolean;
  /** The profile's language: set as the server's default UI language, which users without their own setting see. */
  uiLocale?: string;
  levels: LevelStructure;
  /** Years of sample data; default the five years before the current one. */
  years?: number[];
  seed?: string;
  /** Shared across targets: servers with the same org units get the same values, generated once. */
  sampleCache?: Map<string, SampleData>;
  batchSize?: number;
  onProgress?: (message: string, step?: { done: number; total: number }) => void;
}

interface ImportCounts {
  sent: number;
  imported: number;
  updated: number;
  ignored: number;
}

const addCounts = (total: ImportCounts, sent: number, chunk: Omit<ImportCounts, 'sent'>) => {
  total.sent += sent;
  total.imported += chunk.imported;
  total.updated += chunk.updated;
  total.ignored += chunk.ignored;
};

export interface ProvisionResult {
  users: number;
  usersFile?: string;
  userGroups: string[];
  dataValues: ImportCounts;
  /** Sample forms marked complete: what data-set reporting rates count. */
  completeRegistrations: ImportCounts;
  rules: Omit<RuleSummary, 'failures'> & { failures: RuleSummary['failures'] };
  notes: string[];
}

type Json = Record<string, unknown>;
const idsOf = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.flatMap((v) => (v && typeof (v as Json).id === 'string' ? [(v as Json).id as string] : []))
    : [];

/** The data capture org units of the connected user, or the roots of the hierarchy. */
async function trainingOrgUnits(client: Dhis2Client): Promise<string[]> {
  const me = (await client.get('/api/me', [['fields', 'organisationUnits[id]']])) as Json;
  const mine = idsOf(me.organisationUnits);
  if (mine.length) return mine;
  const roots = (await client.get('/api/organisationUnits', [
    ['filter', 'level:eq:1'],
    ['fields', 'id'],
    ['paging', 'false'],
  ])) as Json;
  return idsOf(roots.organisationUnits);
}

/** Where each data set is reported, as the server has it after post-install assignment. */
async function dataSetAssignments(client: Dhis2Client, dataSetIds: string[]): Promise<SampleAssignment[]> {
  if (dataSetIds.length === 0) return [];
  const answer = (await client.get('/api/dataSets', [
    ['filter', `id:in:[${dataSetIds.join(',')}]`],
    ['fields', 'id,organisationUnits[id]'],
    ['paging', 'false'],
  ])) as Json;
  const list = Array.isArray(answer.dataSets) ? (answer.dataSets as Json[]) : [];
  return list.map((ds) => ({ dataSet: String(ds.id), orgUnits: idsOf(ds.organisationUnits).sort() }));
}

/**
 * The schools trainees enter data for: the deepest org units the packages' data sets are
 * assigned to, in a stable order (trainee01 gets the first).
 */
async function traineeSchools(client: Dhis2Client, bundle: MetadataBundle): Promise<string[]> {
  const dataSetIds = (bundle.dataSets ?? []).flatMap((d) => (typeof d.id === 'string' ? [d.id] : []));
  const assigned = [...new Set((await dataSetAssignments(client, dataSetIds)).flatMap((a) => a.orgUnits))];
  if (assigned.length === 0) return [];
  const answer = (await client.get('/api/organisationUnits', [
    ['filter', `id:in:[${assigned.join(',')}]`],
    ['fields', 'id,level'],
    ['paging', 'false'],
  ])) as Json;
  const units = Array.isArray(answer.organisationUnits) ? (answer.organisationUnits as Json[]) : [];
  const deepest = Math.max(...units.map((u) => Number(u.level) || 0));
  return units
    .filter((u) => (Number(u.level) || 0) === deepest)
    .map((u) => String(u.id))
    .sort();
}

async function withKeptPasswords(
  client: Dhis2Client,
  request: ProvisionRequest,
  users: TrainingUser[],
): Promise<TrainingUser[]> {
  if (request.resetPasswords || !request.usersFile || !existsSync(request.usersFile)) return users;
  const known = passwordsFromCsv(readFileSync(request.usersFile, 'utf8'));
  const answer = (await client.get('/api/users', [
    ['filter', `id:in:[${users.map((u) => u.id).join(',')}]`],
    ['fields', 'id'],
    ['paging', 'false'],
  ])) as Json;
  return keepKnownPasswords(users, known, new Set(idsOf(answer.users)));
}

/** Every org unit's parent: a school's district gives its profile, a district's schools its population. */
async function parentsOf(client: Dhis2Client, assignments: SampleAssignment[]): Promise<Map<string, string>> {
  if (!assignments.some((a) => a.orgUnits.length)) return new Map();
  const answer = (await client.get('/api/organisationUnits', [
    ['fields', 'id,parent[id]'],
    ['paging', 'false'],
  ])) as Json;
  const list = Array.isArray(answer.organisationUnits) ? (answer.organisationUnits as Json[]) : [];
  return new Map(list.flatMap((u) => (u.parent ? [[String(u.id), String((u.parent as Json).id)]] : [])));
}

async function createUsers(
  client: Dhis2Client,
  request: ProvisionRequest,
  notes: string[],
): Promise<{ users: TrainingUser[]; groups: string[] }> {
  const groups = findDataCaptureGroups(request.bundle);
  if (groups.length === 0)
    notes.push('the packages have no data-capture user group; trainees get the trainee role only');
  const { version } = await client.systemInfo();
  const orgUnitIds = await trainingOrgUnits(client);
  const schools = await traineeSchools(client, request.bundle);
  const users = await withKeptPasswords(client, request, createTrainingUsers(request.users));
  request.onProgress?.(`creating ${users.length} training users`);
  const payload = trainingUsersPayload(users, {
    userGroupIds: groups,
    orgUnitIds,
    schools,
    dhis2Version: version,
  });
  // Membership is owned by the group (UserGroup.users), not the user: send the groups as the server has them, plus the trainees.
  payload.userGroups = await Promise.all(
    groups.map(async (id) => {
      const group = (await client.get(`/api/userGroups/${id}`, [['fields', ':owner']])) as Json;
      const members = new Set([...idsOf(group.users), ...users.map((u) => u.id)]);
      return { ...group, id, users: [...members].sort().map((member) => ({ id: member })) };
    }),
  );
  const outcome = await client.importMetadata(payload, { importMode: 'COMMIT' });
  if (outcome.status !== 'OK') {
    const first = outcome.errors[0];
    throw importRejectedError(
      'TRAINING_USERS',
      `${client.baseUrl}: training users rejected: ${first ? `${first.code} ${first.message}` : (outcome.message ?? outcome.status)}`,
      {
        details: { errors: outcome.errors.slice(0, 10) },
      },
    );
  }
  // Passwords go to this file only (0600), never into results, logs or reports.
  writeFileAtomic(request.usersFile!, trainingUsersCsv(users, client.baseUrl), {
    mode: 0o600,
    redact: false,
  });
  return { users, groups };
}

/**
 * Prepares a server for a training session: trainee accounts in the package's data-capture group,
 * and sample data that passes the packages' validation rules so dashboards show numbers.
 * Returns the accounts separately: they are shown only when the user asks (`--show-passwords`).
 */
export async function provisionTraining(
  client: Dhis2Client,
  sendDataValues: SendDataValues,
  request: ProvisionRequest,
): Promise<{ result: ProvisionResult; accounts: TrainingUser[] }> {
  const notes: string[] = [];
  if (request.uiLocale && request.uiLocale !== 'en')
    await client.setSystemSetting('keyUiLocale', request.uiLocale);
  let accounts: TrainingUser[] = [];
  let userGroups: string[] = [];
  if (request.users > 0) {
    if (!request.usersFile) throw new RangeError('provisionTraining: usersFile is required when users > 0');
    ({ users: accounts, groups: userGroups } = await createUsers(client, request, notes));
  }
  const dataValues: ImportCounts = { sent: 0, imported: 0, updated: 0, ignored: 0 };
  const completeRegistrations: ImportCounts = { sent: 0, imported: 0, updated: 0, ignored: 0 };
  let rules: ProvisionResult['rules'] = { checked: 0, passed: 0, skipped: 0, failed: 0, failures: [] };
  if (request.sampleData) {
    const model = buildSampleDataModel(request.bundle);
    const assignments = await dataSetAssignments(
      client,
      model.dataSets.map((d) => d.id),
    );
    for (const a of assignments.filter((x) => x.orgUnits.length === 0))
      notes.push(`data set ${a.dataSet} is assigned to no org unit: no sample data`);
    // School groups (by level, location, ownership) from the reporting schools: school-count indicators need them.
    const groups = sampleGroupMembership(request.bundle, assignments, request.seed);
    if (groups.length) {
      const outcome = await client.importMetadata(
        { organisationUnitGroups: groups },
        { importMode: 'COMMIT' },
      );
      if (outcome.status !== 'OK') notes.push(`sample school groups not saved: ${outcome.status}`);
    }
    // Five census years up to last year's: a 5-year trend, and LAST_YEAR is the latest census.
    const thisYear = new Date().getFullYear();
    const years = request.years ?? [5, 4, 3, 2, 1].map((back) => thisYear - back);
    const parents = await parentsOf(client, assignments);
    const key = JSON.stringify({
      assignments,
      years,
      seed: request.seed,
      sets: model.dataSets.map((d) => d.id),
    });
    request.onProgress?.('generating sample data');
    const sample =
      request.sampleCache?.get(key) ??
      generateSampleData(model, assignments, {
        years,
        levels: request.levels,
        parents,
        ...(request.seed ? { seed: request.seed } : {}),
      });
    request.sampleCache?.set(key, sample);
    notes.push(...sample.notes);
    rules = sample.rules;
    const batch = request.batchSize ?? 5000;
    for (let i = 0; i < sample.dataValues.length; i += batch) {
      request.onProgress?.('loading sample data', { done: i, total: sample.dataValues.length });
      const chunk = sample.dataValues.slice(i, i + batch);
      const counts = await sendDataValues(chunk);
      addCounts(dataValues, chunk.length, counts);
      if (counts.ignored > 0 && counts.conflicts[0])
        notes.push(`${counts.ignored} data values ignored, e.g. ${counts.conflicts[0]}`);
    }
    // Most forms marked complete, some late, a few not at all: reporting rates read like a real census.
    const registrations = sampleRegistrations(model, assignments, {
      years,
      parents,
      today: new Date().toISOString().slice(0, 10),
      ...(request.seed ? { seed: request.seed } : {}),
    });
    for (let i = 0; i < registrations.length; i += batch) {
      request.onProgress?.('completing sample forms', { done: i, total: registrations.length });
      const chunk = registrations.slice(i, i + batch);
      addCounts(completeRegistrations, chunk.length, await client.importCompleteRegistrations(chunk));
    }
  }
  return {
    result: {
      users: accounts.length,
      ...(request.usersFile && accounts.length ? { usersFile: request.usersFile } : {}),
      userGroups,
      dataValues,
      completeRegistrations,
      rules,
      notes,
    },
    accounts,
  };
}
