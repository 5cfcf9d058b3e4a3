import { pluralOfKlass } from '../core/dhis2-model/rules.js';
import { arrayOf, isRecord, numberOf, recordOf, stringOf, type JsonRecord } from './json.js';

export type ImportStatus = 'OK' | 'WARNING' | 'ERROR';

/** Which envelope the server answered with (dhis2-api.md §1.4). */
export type ImportReportShape = 'raw' | 'plain' | 'web-message' | 'message-only';

export interface ImportStats {
  created: number;
  updated: number;
  deleted: number;
  ignored: number;
  total: number;
}

export interface ImportErrorReport {
  /** E5003, E4000 ... or HTTP_409 / HTTP_500 when the server sent no import report. */
  code: string;
  message: string;
  /** Schema plural of the object type ("dataElements"), when DHIS2 named a known class. */
  type?: string;
  uid?: string;
  index?: number;
  property?: string;
  value?: string;
  /** For E5003 this is the *other* (existing) object's id. */
  mainId?: string;
}

/** One typed outcome for every import-report shape DHIS2 2.36–2.42+ produces. */
export interface ImportOutcome {
  status: ImportStatus;
  httpStatus: number;
  shape: ImportReportShape;
  stats: ImportStats;
  byType: Array<{ type: string; stats: ImportStats }>;
  errors: ImportErrorReport[];
  message?: string;
}

const EMPTY_STATS: ImportStats = { created: 0, updated: 0, deleted: 0, ignored: 0, total: 0 };

/**
 * Reads a POST /api/metadata answer. Never trusts the root `status` of a WebMessage: it says
 * WARNING for imports that failed completely (trap 1); the import status is `response.status`.
 */
export function parseImportResponse(httpStatus: number, body: unknown): ImportOutcome {
  const root = recordOf(body);
  if (isRecord(root.response) && 'httpStatus' in root) {
    const response = root.response;
    if (isImportReport(response))
      return fromReport(response, httpStatus, 'web-message', stringOf(root.message));
    return messageOnly(httpStatus, root);
  }
  if (isImportReport(root)) return fromReport(root, httpStatus, 'importParams' in root ? 'raw' : 'plain');
  return messageOnly(httpStatus, root);
}

function isImportReport(value: JsonRecord): boolean {
  return (
    value.responseType === 'ImportReport' ||
    (Array.isArray(value.typeReports) && typeof value.status === 'string')
  );
}

function fromReport(
  report: JsonRecord,
  httpStatus: number,
  shape: ImportReportShape,
  message?: string,
): ImportOutcome {
  const byType: ImportOutcome['byType'] = [];
  const errors: ImportErrorReport[] = [];
  for (const typeReport of arrayOf(report.typeReports).map(recordOf)) {
    const klass = stringOf(typeReport.klass) ?? '';
    const type = pluralOfKlass(klass) ?? klass;
    byType.push({ type, stats: statsOf(typeReport.stats) });
    for (const objectReport of arrayOf(typeReport.objectReports).map(recordOf)) {
      const uid = stringOf(objectReport.uid);
      const index = typeof objectReport.index === 'number' ? objectReport.index : undefined;
      for (const error of arrayOf(objectReport.errorReports).map(recordOf)) {
        errors.push(errorOf(error, pluralOfKlass(stringOf(objectReport.klass) ?? klass) ?? type, uid, index));
      }
    }
  }
  // Hash-map order on the server (trap 14): sort so reports compare and print deterministically.
  byType.sort((a, b) => a.type.localeCompare(b.type));
  return {
    status: statusOf(report.status),
    httpStatus,
    shape,
    stats: statsOf(report.stats),
    byType,
    errors,
    ...(message ? { message } : {}),
  };
}

function errorOf(
  error: JsonRecord,
  type: string,
  uid: string | undefined,
  index: number | undefined,
): ImportErrorReport {
  const value = error.value;
  return {
    code: stringOf(error.errorCode) ?? 'UNKNOWN',
    message: stringOf(error.message) ?? '',
    type,
    ...(uid ? { uid } : {}),
    ...(index !== undefined ? { index } : {}),
    ...(stringOf(error.errorProperty) ? { property: stringOf(error.errorProperty) } : {}),
    ...(value !== undefined && value !== null
      ? { value: typeof value === 'string' ? value : JSON.stringify(value) }
      : {}),
    ...(stringOf(error.mainId) ? { mainId: stringOf(error.mainId) } : {}),
  };
}

/** A WebMessage without an import report: JSON parse errors, DB constraint failures (2.40+: 409). */
function messageOnly(httpStatus: number, root: JsonRecord): ImportOutcome {
  const message = stringOf(root.message) ?? `HTTP ${httpStatus} without an import report`;
  const ok = httpStatus < 300 && root.status === 'OK';
  return {
    status: ok ? 'OK' : 'ERROR',
    httpStatus,
    shape: 'message-only',
    stats: { ...EMPTY_STATS },
    byType: [],
    errors: ok ? [] : [{ code: stringOf(root.errorCode) ?? `HTTP_${httpStatus}`, message }],
    message,
  };
}

function statusOf(value: unknown): ImportStatus {
  return value === 'OK' || value === 'WARNING' ? value : 'ERROR';
}

function statsOf(value: unknown): ImportStats {
  const stats = recordOf(value);
  return {
    created: numberOf(stats.created),
    updated: numberOf(stats.updated),
    deleted: numberOf(stats.deleted),
    ignored: numberOf(stats.ignored),
    total: numberOf(stats.total),
  };
}

/** "dataElements abc12345678: code: Property `code` with value `X` ... (E5003)" */
export function describeImportError(error: ImportErrorReport): string {
  const where = [error.type, error.uid].filter(Boolean).join(' ');
  const prefix = [where, error.property].filter(Boolean).join(': ');
  return `${prefix ? `${prefix}: ` : ''}${error.message} (${error.code})`;
}
