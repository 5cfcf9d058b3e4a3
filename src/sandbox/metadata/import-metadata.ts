import { commitOrder } from '../../core/dhis2-model/rules.js';
import type { SandboxStore } from '../store.js';
import type { Dhis2Version, JsonObject } from '../types.js';
import { preheat, type Bundle, type BundleObject } from './bundle.js';
import { commitBundle } from './commit.js';
import type { ImportParams } from './import-params.js';
import {
  statsOf,
  sumStats,
  type ImportReport,
  type ImportStatus,
  type ObjectReport,
  type Stats,
  type TypeReport,
} from './report.js';
import { checkSecurity } from './security-check.js';
import { validateBundle } from './validate.js';

interface TypeTally {
  created: number;
  updated: number;
  deleted: number;
  ignored: number;
}

/**
 * POST /api/metadata in DHIS2's order: preheat, validation chain, decision, commit in schema order
 * inside ONE transaction (so atomicMode=ALL is real atomicity and a database error undoes
 * everything), then the report clean-up of DefaultMetadataImportService.
 */
export function importMetadata(
  store: SandboxStore,
  version: Dhis2Version,
  payload: JsonObject,
  params: ImportParams,
  userUid: string,
): ImportReport {
  const bundle = preheat(store, payload, params, version);
  checkSecurity(store, bundle, userUid);
  validateBundle(store, bundle);
  const tallies = tallyAfterValidation(bundle);
  const hasErrors = [...bundle.types.values()].some((t) => t.objects.some((o) => o.errors.length > 0));
  let status: ImportStatus;
  if (hasErrors && params.atomicMode === 'ALL') {
    for (const tally of tallies.values())
      Object.assign(tally, {
        created: 0,
        updated: 0,
        deleted: 0,
        ignored: tally.created + tally.updated + tally.deleted + tally.ignored,
      });
    status = 'ERROR';
  } else {
    if (params.importMode === 'COMMIT') {
      const outcome = store.transaction(() => commitBundle(store, bundle, userUid));
      for (const [plural, refused] of outcome.refusedDeletes) {
        const tally = tallies.get(plural)!;
        tally.deleted -= refused.length;
        tally.ignored += refused.length;
      }
    }
    const anyErrors = [...bundle.types.values()].some((t) => t.objects.some((o) => o.errors.length > 0));
    status = anyErrors ? 'WARNING' : 'OK';
  }
  return buildReport(bundle, tallies, status);
}

function tallyAfterValidation(bundle: Bundle): Map<string, TypeTally> {
  const tallies = new Map<string, TypeTally>();
  const deleting = bundle.params.importStrategy === 'DELETE';
  for (const [plural, entry] of bundle.types) {
    const kept = entry.objects.filter((o) => !o.removed);
    const persisted = kept.filter((o) => o.persisted).length;
    tallies.set(plural, {
      created: deleting ? 0 : kept.length - persisted,
      updated: deleting ? 0 : persisted,
      deleted: deleting ? persisted : 0,
      // ReferencesCheck adds one more per type under ALL while its objects stay counted (DHIS2 quirk).
      ignored:
        entry.objects.length -
        kept.length +
        kept.filter((o) => o.flaggedIgnored).length +
        (entry.referenceErrors && bundle.params.atomicMode === 'ALL' ? 1 : 0),
    });
  }
  return tallies;
}

function objectReport(bundle: Bundle, klass: string, object: BundleObject, debug: boolean): ObjectReport {
  const report: ObjectReport = { klass, index: object.index, uid: object.uid, errorReports: object.errors };
  const referenceError = object.errors.some((e) => e.errorCode === 'E5002' || e.errorCode === 'E5007');
  if ((debug || referenceError) && typeof object.input.name === 'string') {
    return {
      klass,
      index: object.index,
      uid: object.uid,
      displayName: object.input.name,
      errorReports: object.errors,
    };
  }
  void bundle;
  return report;
}

function buildReport(bundle: Bundle, tallies: Map<string, TypeTally>, status: ImportStatus): ImportReport {
  const { importMode, importReportMode } = bundle.params;
  const committing = importMode === 'COMMIT';
  const full = importReportMode === 'FULL' || importReportMode === 'DEBUG';
  const typeReports: TypeReport[] = [];
  for (const plural of commitOrder(bundle.types.keys())) {
    const entry = bundle.types.get(plural)!;
    const stats: Stats = statsOf(tallies.get(plural)!);
    // The clean-up (drop empty type reports, error-free object reports, displayName) only runs on COMMIT.
    if (committing && stats.total === 0) continue;
    const objects = entry.objects.filter(
      (o) => o.errors.length > 0 || (full && status !== 'ERROR' && committing && !o.removed),
    );
    const reports = objects
      .map((o) => objectReport(bundle, entry.type.klass, o, importReportMode === 'DEBUG'))
      .map((r) => (committing && importReportMode !== 'DEBUG' ? withoutDisplayName(r) : r));
    typeReports.push({ klass: entry.type.klass, stats, objectReports: reports });
  }
  return {
    responseType: 'ImportReport',
    status,
    stats: sumStats(typeReports.map((t) => t.stats)),
    typeReports,
  };
}

function withoutDisplayName(report: ObjectReport): ObjectReport {
  const { displayName: _displayName, ...rest } = report;
  return rest;
}
