/** What a POST /api/dataValueSets did, read from DHIS2's ImportSummary. */
export interface DataValueImportCount {
  imported: number;
  updated: number;
  ignored: number;
  /** The first few conflicts DHIS2 reported ("object: value"). */
  conflicts: string[];
}

type Json = Record<string, unknown>;
const record = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const count = (v: unknown) => (typeof v === 'number' ? v : 0);
const textOf = (v: unknown, fallback: string) =>
  typeof v === 'string' || typeof v === 'number' ? String(v) : fallback;

/** Reads an ImportSummary: wrapped in a WebMessage from 2.38 on, bare before. */
export function parseDataValueImport(
  status: number,
  body: unknown,
): DataValueImportCount & { status: string } {
  const root = record(body);
  const summary = root.responseType === 'ImportSummary' ? root : record(root.response);
  const counts = record(summary.importCount);
  const conflicts = (Array.isArray(summary.conflicts) ? summary.conflicts : []).slice(0, 5).map((c) => {
    const conflict = record(c);
    return `${textOf(conflict.object, '?')}: ${textOf(conflict.value, '')}`;
  });
  const summaryStatus =
    typeof summary.status === 'string' ? summary.status : status < 300 ? 'SUCCESS' : 'ERROR';
  return {
    status: summaryStatus,
    imported: count(counts.imported),
    updated: count(counts.updated),
    ignored: count(counts.ignored),
    conflicts,
  };
}
