import { DEFAULT_CATEGORY_MODEL } from '../../core/dhis2-model/rules.js';
import { timestamp } from '../metadata/commit.js';
import {
  json,
  parseJsonBody,
  type ApiRequest,
  type ApiResponse,
  type Route,
  type SandboxContext,
} from '../http/api.js';
import { webMessage } from '../http/web-message.js';
import type { DataValueRow } from '../store.js';
import type { JsonObject } from '../types.js';
import { textOf } from '../json-text.js';
import { parsePeriod } from '../analytics/periods.js';
import { unsupportedMediaType } from './http-refusals.js';
import { startJob } from './jobs.js';
import {
  addConflict,
  createConflict,
  normalizedValue,
  valueTypeError,
  type ImportConflict,
} from './data-value-conflicts.js';
import { accessDenied } from '../access.js';
import { DataWriteAccess, unitOutsideView } from '../data-access.js';

const DEFAULT_COC = DEFAULT_CATEGORY_MODEL.categoryOptionCombos!;
/** ISO periods DHIS2 accepts for aggregate data (daily, weekly, monthly, quarterly, six-monthly, yearly, financial). */
const PERIOD =
  /^(\d{8}|\d{4}W\d{1,2}|\d{6}|\d{4}-\d{2}|\d{4}Q[1-4]|\d{4}S[12]|\d{4}|\d{4}(April|July|Oct|Nov)|\d{4}BiW\d{1,2})$/;

/** POST /api/dataValueSets: validates and stores values; with async=true as a DATAVALUE_IMPORT job. */
function postDataValueSet(req: ApiRequest, ctx: SandboxContext): ApiResponse {
  const refused = unsupportedMediaType(req, ctx.version, [
    /^(application|text)\/(xml|csv)/i,
    /^application\/(adx\+xml|pdf)/i,
  ]);
  if (refused) return refused;
  // Data write access (authority, data set sharing) is checked before the body is imported.
  if (!new DataWriteAccess(ctx.store, req.user).mayAddValues()) return accessDenied();
  const parsed = parseJsonBody(req);
  if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null) {
    return json(
      409,
      webMessage(409, 'ERROR', {
        message: parsed.ok ? 'Data value set must be a JSON object' : parsed.message,
      }),
    );
  }
  const set = parsed.value as JsonObject;
  if (req.query.get('async') === 'true')
    return startJob(ctx, 'DATAVALUE_IMPORT', { async: true }, 'Data value set import', () => {
      const summary = importValues(req, ctx, set);
      const count = summary.importCount as Record<string, number>;
      return {
        summary,
        failed: false,
        message: `Import complete with status ${String(summary.status)}, ${count.imported} created, ${count.updated} updated, ${count.deleted} deleted, ${count.ignored} ignored`,
      };
    });
  const summary = importValues(req, ctx, set);
  if (summary.status === 'SUCCESS')
    return json(200, webMessage(200, 'OK', { message: 'Import was successful.', response: summary }));
  if (summary.status === 'ERROR')
    return json(
      409,
      webMessage(409, 'ERROR', {
        message: 'An error occurred, please check import summary.',
        response: summary,
      }),
    );
  return json(
    409,
    webMessage(409, 'WARNING', {
      message: 'One more conflicts encountered, please check import summary.',
      response: summary,
    }),
  );
}

/** DefaultDataValueSetService#importDataValueSet: the ImportSummary of one data value set. */
function importValues(req: ApiRequest, ctx: SandboxContext, set: JsonObject): JsonObject {
  const dryRun = req.query.get('dryRun') === 'true';
  const count = { imported: 0, updated: 0, ignored: 0, deleted: 0 };
  const conflicts: ImportConflict[] = [];
  const writeAccess = new DataWriteAccess(ctx.store, req.user);
  const setRefusal = writeAccess.dataSetConflict(set.dataSet === undefined ? undefined : textOf(set.dataSet));
  if (setRefusal) conflicts.push({ ...setRefusal, indexes: setRefusal.indexes ?? [] });
  const now = timestamp();
  const upsert = ctx.store.db.prepare(
    'INSERT OR REPLACE INTO data_values (data_element, period, org_unit, category_option_combo, attribute_option_combo, value, stored_by, created, last_updated, comment, followup, deleted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)',
  );
  const existing = ctx.store.db.prepare<[string, string, string, string, string], DataValueRow>(
    'SELECT * FROM data_values WHERE data_element = ? AND period = ? AND org_unit = ? AND category_option_combo = ? AND attribute_option_combo = ?',
  );
  ctx.store.transaction(() => {
    if (setRefusal) return; // DataValueSetImportValidator.abortDataSetImport: nothing is read
    for (const [index, raw] of ((set.dataValues as JsonObject[] | undefined) ?? []).entries()) {
      const dataElement = textOf(raw.dataElement);
      const period = textOf(raw.period ?? set.period);
      const orgUnit = textOf(raw.orgUnit ?? set.orgUnit);
      const coc = textOf(raw.categoryOptionCombo ?? DEFAULT_COC);
      const aoc = textOf(raw.attributeOptionCombo ?? set.attributeOptionCombo ?? DEFAULT_COC);
      const deleting = raw.deleted === true || req.query.get('importStrategy') === 'DELETE';
      const access = writeAccess.orgUnitConflict(orgUnit, index);
      const conflict =
        valueConflict(ctx, index, raw, { dataElement, period, orgUnit, coc, aoc }, deleting) ??
        (access ? { ...access, indexes: access.indexes ?? [index] } : undefined);
      if (conflict) {
        addConflict(conflicts, conflict);
        count.ignored++;
        continue;
      }
      const key = [dataElement, period, orgUnit, coc, aoc] as const;
      const before = existing.get(...key);
      if (deleting) count.deleted += before ? 1 : 0;
      else if (before && !before.deleted) count.updated++;
      else count.imported++;
      if (!dryRun)
        upsert.run(
          ...key,
          raw.value === undefined || raw.value === null
            ? null
            : normalizedValue(textOf(raw.value), valueTypeOf(ctx, dataElement)),
          req.user.username,
          before?.created ?? now,
          now,
          raw.comment ?? null,
          deleting ? 1 : 0,
        );
    }
  });
  // DefaultDataValueSetService: WARNING whenever there is a conflict, however many values got in;
  // ERROR only when the import was aborted (no write access to the data set).
  const status = setRefusal ? 'ERROR' : conflicts.length === 0 ? 'SUCCESS' : 'WARNING';
  const summary: JsonObject = {
    responseType: 'ImportSummary',
    status,
    importOptions: {
      idSchemes: {},
      dryRun,
      async: req.query.get('async') === 'true',
      importStrategy: req.query.get('importStrategy') ?? 'CREATE_AND_UPDATE',
      mergeMode: 'REPLACE',
      reportMode: 'FULL',
      skipExistingCheck: false,
      sharing: false,
      skipNotifications: false,
      skipAudit: false,
      datasetAllowsPeriods: false,
      strictPeriods: false,
      strictDataElements: false,
      strictCategoryOptionCombos: false,
      strictAttributeOptionCombos: false,
      strictOrganisationUnits: false,
      strictDataSetApproval: false,
      strictDataSetLocking: false,
      strictDataSetInputPeriods: false,
      requireCategoryOptionCombo: false,
      requireAttributeOptionCombo: false,
      skipPatternValidation: false,
      ignoreEmptyCollection: false,
      force: false,
      firstRowIsHeader: true,
      skipLastUpdated: false,
      mergeDataValues: false,
      skipCache: false,
    },
    description: setRefusal ? 'Import process was aborted' : 'Import process completed successfully',
    importCount: count,
    conflicts,
    dataSetComplete: 'false',
  };
  return summary;
}

interface ValueKey {
  dataElement: string;
  period: string;
  orgUnit: string;
  coc: string;
  aoc: string;
}

function valueTypeOf(ctx: SandboxContext, dataElement: string): string {
  return textOf(ctx.store.getObject('dataElements', dataElement)?.valueType ?? 'TEXT');
}

/**
 * The first conflict of one value, in DataValueSetImportValidator's order (2.38-2.42): existence of
 * data element, period, org unit and option combos, then value defined, value type, comment, option.
 */
function valueConflict(
  ctx: SandboxContext,
  index: number,
  raw: JsonObject,
  key: ValueKey,
  deleting: boolean,
): ImportConflict | undefined {
  const conflict = (code: string, ...args: string[]) => createConflict(ctx.version, index, code, args);
  const element = ctx.store.getObject('dataElements', key.dataElement);
  if (!element) return conflict('E7610', key.dataElement);
  // parsePeriod knows no weeks; it catches months and days that do not exist (202413).
  if (!PERIOD.test(key.period) || (!key.period.includes('W') && !parsePeriod(key.period)))
    return conflict('E7611', key.period);
  if (!ctx.store.exists('organisationUnits', key.orgUnit)) return conflict('E7612', key.orgUnit);
  if (!ctx.store.exists('categoryOptionCombos', key.coc)) return conflict('E7613', key.coc);
  if (!ctx.store.exists('categoryOptionCombos', key.aoc)) return conflict('E7615', key.aoc);
  const value = raw.value === undefined || raw.value === null ? undefined : textOf(raw.value);
  const comment = raw.comment === undefined || raw.comment === null ? undefined : textOf(raw.comment);
  if (value === undefined && comment === undefined && !deleting) return conflict('E7618', key.dataElement);
  const valueType = textOf(element.valueType ?? 'TEXT');
  const typeError =
    value === undefined ? undefined : valueTypeError(normalizedValue(value, valueType), valueType);
  if (typeError) return conflict('E7619', key.dataElement, typeError);
  if (comment !== undefined && comment.length > 50000)
    return conflict('E7620', 'comment_length_greater_than_max_length');
  const optionSet = (element.optionSet as JsonObject | undefined)?.id;
  if (value !== undefined && typeof optionSet === 'string' && !optionCodes(ctx, optionSet).has(value))
    return conflict('E7621', key.dataElement);
  return undefined;
}

/** Codes of an option set's options (DataValueSetImportValidator#validateDataValueOptionsExist). */
function optionCodes(ctx: SandboxContext, optionSetUid: string): Set<string> {
  const set = ctx.store.getObject('optionSets', optionSetUid);
  const options = ((set?.options as JsonObject[] | undefined) ?? []).map(
    (o) => ctx.store.getObject('options', textOf(o.id))?.code ?? o.code,
  );
  return new Set(options.map((c) => textOf(c)));
}

/**
 * GET /api/dataValueSets: the values of data sets and/or data element groups for org units (with
 * `children=true` their subtrees) and periods or a date range (`startDate`/`endDate`: periods
 * inside it), filtered in SQL so a read stays cheap on a million values.
 */
function getDataValueSet(req: ApiRequest, ctx: SandboxContext): ApiResponse {
  const q = req.query;
  const dataSets = q.getAll('dataSet');
  const elements = new Set<string>(q.getAll('dataElement'));
  for (const id of dataSets) {
    const set = ctx.store.getObject('dataSets', id);
    for (const e of (set?.dataSetElements as JsonObject[] | undefined) ?? [])
      elements.add(String((e.dataElement as JsonObject | undefined)?.id));
  }
  for (const id of q.getAll('dataElementGroup')) {
    const group = ctx.store.getObject('dataElementGroups', id);
    for (const e of (group?.dataElements as JsonObject[] | undefined) ?? []) elements.add(String(e.id));
  }
  if (elements.size === 0)
    return json(
      409,
      webMessage(409, 'ERROR', {
        message: 'At least one data set or data element group must be specified',
        errorCode: 'E2001',
      }),
    );
  const units = new Set(q.getAll('orgUnit'));
  const hidden = unitOutsideView(ctx.store, req.user, [...units], true);
  if (hidden)
    return json(
      409,
      webMessage(409, 'ERROR', {
        message: `User is not allowed to view org unit: \`${hidden}\``,
        errorCode: 'E2012',
      }),
    );
  if (q.get('children') === 'true') {
    for (const unit of ctx.store.listObjects('organisationUnits')) {
      if ([...units].some((root) => textOf(unit.path).includes(`/${root}`))) units.add(String(unit.id));
    }
  }
  const periods = new Set(q.getAll('period'));
  const [startDate, endDate] = [q.get('startDate'), q.get('endDate')];
  const inRange = (period: string) => {
    if (!startDate && !endDate) return true;
    const p = parsePeriod(period);
    return !!p && (!startDate || p.start >= startDate) && (!endDate || p.end <= endDate);
  };
  const rows = ctx.store.db
    .prepare<[string, string, number, string, number], DataValueRow>(
      `SELECT * FROM data_values WHERE deleted = 0
         AND data_element IN (SELECT value FROM json_each(?))
         AND (org_unit IN (SELECT value FROM json_each(?)) OR ? = 0)
         AND (period IN (SELECT value FROM json_each(?)) OR ? = 0)
       ORDER BY data_element, period, org_unit`,
    )
    .all(
      JSON.stringify([...elements]),
      JSON.stringify([...units]),
      units.size,
      JSON.stringify([...periods]),
      periods.size,
    );
  const dataValues = rows
    .filter((r) => inRange(r.period))
    .map((r) => ({
      dataElement: r.data_element,
      period: r.period,
      orgUnit: r.org_unit,
      categoryOptionCombo: r.category_option_combo,
      attributeOptionCombo: r.attribute_option_combo,
      value: r.value,
      storedBy: r.stored_by,
      created: r.created,
      lastUpdated: r.last_updated,
      ...(r.comment ? { comment: r.comment } : {}),
      followup: false,
    }));
  return json(200, { ...(dataSets.length === 1 ? { dataSet: dataSets[0] } : {}), dataValues });
}

export const dataValueRoutes: Route[] = [
  { method: 'POST', pattern: /^\/dataValueSets$/, handler: postDataValueSet },
  { method: 'GET', pattern: /^\/dataValueSets$/, handler: getDataValueSet },
];
