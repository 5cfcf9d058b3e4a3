import { DEFAULT_CATEGORY_MODEL } from '../../core/dhis2-model/rules.js';
import { parsePeriod } from '../analytics/periods.js';
import {
  json,
  parseJsonBody,
  type ApiRequest,
  type ApiResponse,
  type Route,
  type SandboxContext,
} from '../http/api.js';
import { webMessage } from '../http/web-message.js';
import { textOf } from '../json-text.js';
import { timestamp } from '../metadata/commit.js';
import type { JsonObject } from '../types.js';
import { captureOrgUnits, inHierarchy } from './user-scope.js';

const DEFAULT_AOC = DEFAULT_CATEGORY_MODEL.categoryOptionCombos!;

interface RegistrationRow {
  data_set: string;
  period: string;
  org_unit: string;
  attribute_option_combo: string;
  completed: number;
  stored_by: string;
  date: string;
}

const ids = (value: unknown): string[] =>
  Array.isArray(value) ? value.map((v) => String((v as JsonObject).id)) : [];

/** The first reason DHIS2's registration import would ignore this registration, if any. */
function conflictOf(
  ctx: SandboxContext,
  req: ApiRequest,
  dataSet: string,
  period: string,
  orgUnit: string,
): { object: string; value: string } | undefined {
  const ds = ctx.store.getObject('dataSets', dataSet);
  if (!ds) return { object: dataSet, value: 'Data set not found or not accessible' };
  const pe = parsePeriod(period);
  if (!pe) return { object: period, value: 'Period not valid' };
  if (!ctx.store.exists('organisationUnits', orgUnit))
    return { object: orgUnit, value: 'Organisation unit not found or not accessible' };
  if (!inHierarchy(ctx, orgUnit, captureOrgUnits(ctx, req.user)))
    return { object: orgUnit, value: `Organisation unit is not in hierarchy of user: ${req.user.username}` };
  if (!ids(ds.organisationUnits).includes(orgUnit))
    return { object: dataSet, value: `Data set ${dataSet} is not assigned to organisation unit ${orgUnit}` };
  if (textOf(ds.periodType).toLowerCase() !== pe.type.toLowerCase())
    return {
      object: period,
      value: `Period type of period: ${period} is not equal to the period type of data set: ${textOf(ds.periodType)}`,
    };
  return undefined;
}

/** POST /api/completeDataSetRegistrations: marks forms complete (or not, with completed:false). */
function postRegistrations(req: ApiRequest, ctx: SandboxContext): ApiResponse {
  const parsed = parseJsonBody(req);
  const list = parsed.ok ? (parsed.value as JsonObject).completeDataSetRegistrations : undefined;
  if (!Array.isArray(list))
    return json(
      409,
      webMessage(409, 'ERROR', { message: 'An error occurred, please check import summary.' }),
    );
  const count = { imported: 0, updated: 0, ignored: 0, deleted: 0 };
  const conflicts: Array<{ object: string; value: string }> = [];
  const existing = ctx.store.db.prepare<[string, string, string, string], { one: number }>(
    'SELECT 1 AS one FROM complete_registrations WHERE data_set = ? AND period = ? AND org_unit = ? AND attribute_option_combo = ?',
  );
  const upsert = ctx.store.db.prepare(
    'INSERT OR REPLACE INTO complete_registrations (data_set, period, org_unit, attribute_option_combo, completed, stored_by, date) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  ctx.store.transaction(() => {
    for (const raw of list as JsonObject[]) {
      const key = [
        textOf(raw.dataSet),
        textOf(raw.period),
        textOf(raw.organisationUnit),
        textOf(raw.attributeOptionCombo ?? DEFAULT_AOC),
      ] as const;
      const conflict = conflictOf(ctx, req, key[0], key[1], key[2]);
      if (conflict) {
        conflicts.push(conflict);
        count.ignored++;
        continue;
      }
      if (existing.get(...key)) count.updated++;
      else count.imported++;
      // The importer keeps a given date and storedBy (createCompleteDataSetRegistration): a backlog entered later stays late or on time.
      const date =
        typeof raw.date === 'string' && !Number.isNaN(Date.parse(raw.date)) ? new Date(raw.date) : ctx.now();
      const storedBy =
        typeof raw.storedBy === 'string' && raw.storedBy.trim() ? raw.storedBy : req.user.username;
      upsert.run(...key, raw.completed === false ? 0 : 1, storedBy, timestamp(date));
    }
  });
  const failed = count.ignored === list.length && list.length > 0;
  const summary = {
    responseType: 'ImportSummary',
    status: failed ? 'ERROR' : 'SUCCESS',
    description: 'Import process complete.',
    importCount: count,
    conflicts,
  };
  return failed
    ? json(
        409,
        webMessage(409, 'ERROR', {
          message: 'An error occurred, please check import summary.',
          response: summary,
        }),
      )
    : json(200, webMessage(200, 'OK', { message: 'Import was successful.', response: summary }));
}

/** GET /api/completeDataSetRegistrations?dataSet=&period=&orgUnit=[&children=true] */
function getRegistrations(req: ApiRequest, ctx: SandboxContext): ApiResponse {
  const orgUnits = req.query.getAll('orgUnit');
  if (orgUnits.length === 0)
    return json(
      409,
      webMessage(409, 'ERROR', {
        message: 'At least one organisation unit or organisation unit group must be specified',
      }),
    );
  const dataSets = new Set(req.query.getAll('dataSet'));
  const periods = new Set(req.query.getAll('period'));
  const children = req.query.get('children') === 'true';
  const rows = ctx.store.db
    .prepare<[], RegistrationRow>('SELECT * FROM complete_registrations ORDER BY org_unit, period, data_set')
    .all()
    .filter(
      (r) =>
        (dataSets.size === 0 || dataSets.has(r.data_set)) &&
        (periods.size === 0 || periods.has(r.period)) &&
        (children ? inHierarchy(ctx, r.org_unit, orgUnits) : orgUnits.includes(r.org_unit)),
    );
  return json(200, {
    completeDataSetRegistrations: rows.map((r) => ({
      period: r.period,
      dataSet: r.data_set,
      organisationUnit: r.org_unit,
      attributeOptionCombo: r.attribute_option_combo,
      date: r.date,
      storedBy: r.stored_by,
      completed: r.completed === 1,
    })),
  });
}

/** DELETE /api/completeDataSetRegistrations?ds=&pe=&ou=: un-completes a form (204). */
function deleteRegistration(req: ApiRequest, ctx: SandboxContext): ApiResponse {
  const pe = req.query.get('pe') ?? '';
  const ou = req.query.get('ou') ?? '';
  for (const ds of req.query.getAll('ds')) {
    const conflict = conflictOf(ctx, req, ds, pe, ou);
    if (conflict) return json(409, webMessage(409, 'ERROR', { message: conflict.value }));
    ctx.store.db
      .prepare('DELETE FROM complete_registrations WHERE data_set = ? AND period = ? AND org_unit = ?')
      .run(ds, pe, ou);
  }
  return { status: 204, body: undefined };
}

export const completeRegistrationRoutes: Route[] = [
  { method: 'GET', pattern: /^\/completeDataSetRegistrations$/, handler: getRegistrations },
  { method: 'POST', pattern: /^\/completeDataSetRegistrations$/, handler: postRegistrations },
  { method: 'DELETE', pattern: /^\/completeDataSetRegistrations$/, handler: deleteRegistration },
];
