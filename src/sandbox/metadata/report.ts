import type { Dhis2Version } from '../types.js';
import { minorOf } from '../types.js';
import { errorMessage } from './error-messages.js';
import { textOf } from '../json-text.js';

/** DHIS2's ErrorReport, serialised in its own property order; nulls omitted as Jackson NON_NULL does. */
export interface ErrorReport {
  message: string;
  mainKlass: string;
  mainId?: string;
  errorKlass?: string;
  errorProperty?: string;
  errorProperties: unknown[];
  value?: unknown;
  errorCode: string;
  args?: string[];
}

export interface ObjectReport {
  klass: string;
  index: number;
  uid?: string;
  displayName?: string;
  errorReports: ErrorReport[];
}

export interface Stats {
  created: number;
  updated: number;
  deleted: number;
  ignored: number;
  total: number;
}

export interface TypeReport {
  klass: string;
  stats: Stats;
  objectReports: ObjectReport[];
}

export type ImportStatus = 'OK' | 'WARNING' | 'ERROR';

export interface ImportReport {
  responseType: 'ImportReport';
  status: ImportStatus;
  stats: Stats;
  typeReports: TypeReport[];
}

export function emptyStats(): Stats {
  return { created: 0, updated: 0, deleted: 0, ignored: 0, total: 0 };
}

/** Stats with `total` recomputed, in DHIS2's key order. */
export function statsOf(s: Omit<Stats, 'total'>): Stats {
  return {
    created: s.created,
    updated: s.updated,
    deleted: s.deleted,
    ignored: s.ignored,
    total: s.created + s.updated + s.deleted + s.ignored,
  };
}

export function sumStats(all: Stats[]): Stats {
  const sum = emptyStats();
  for (const s of all) {
    sum.created += s.created;
    sum.updated += s.updated;
    sum.deleted += s.deleted;
    sum.ignored += s.ignored;
  }
  return statsOf(sum);
}

export interface ErrorReportInput {
  mainKlass: string;
  mainId?: string | undefined;
  errorKlass?: string | undefined;
  errorProperty?: string | undefined;
  value?: unknown;
}

/** Builds one ErrorReport with the version's message template; `args` (stringified) only exists from 2.41. */
export function errorReport(
  version: Dhis2Version,
  code: string,
  args: unknown[],
  input: ErrorReportInput,
): ErrorReport {
  const report: ErrorReport = {
    message: errorMessage(code, version, args),
    mainKlass: input.mainKlass,
    errorProperties: args,
    errorCode: code,
  };
  const ordered: ErrorReport = { message: report.message, mainKlass: report.mainKlass } as ErrorReport;
  if (input.mainId !== undefined) ordered.mainId = input.mainId;
  if (input.errorKlass !== undefined) ordered.errorKlass = input.errorKlass;
  if (input.errorProperty !== undefined) ordered.errorProperty = input.errorProperty;
  ordered.errorProperties = args;
  if (input.value !== undefined) ordered.value = input.value;
  ordered.errorCode = code;
  if (minorOf(version) >= 41)
    ordered.args = args.map((a) => (a === null || a === undefined ? 'null' : textOf(a)));
  return ordered;
}
