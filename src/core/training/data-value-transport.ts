import { importRejectedError, serverError } from '../../errors/index.js';
import type { Dhis2Auth } from '../../dhis2/client.js';
import type { DataValue } from './sample-data.js';

export interface DataValueImportCount {
  imported: number;
  updated: number;
  ignored: number;
  /** The first few conflicts DHIS2 reported ("object: value"). */
  conflicts: string[];
}

/** Sends one batch of data values; provisioning takes it injected so it stays free of HTTP. */
export type SendDataValues = (values: readonly DataValue[]) => Promise<DataValueImportCount>;

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

/**
 * POST /api/dataValueSets over fetch, with the target's own base URL and credentials.
 * Belongs beside the metadata import in src/dhis2/client.ts (as Dhis2Client.postDataValueSet);
 * kept here until the client grows that method.
 */
export function createDataValueSender(baseUrl: string, auth: Dhis2Auth, timeoutMs = 120_000): SendDataValues {
  const authorization =
    auth.type === 'token'
      ? `ApiToken ${auth.token}`
      : `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
  return async (values) => {
    let response: Response;
    try {
      response = await fetch(`${baseUrl}/api/dataValueSets?importStrategy=CREATE_AND_UPDATE`, {
        method: 'POST',
        headers: {
          Authorization: authorization,
          'Content-Type': 'application/json',
          Accept: 'application/json',
          'X-Requested-With': 'XMLHttpRequest',
        },
        body: JSON.stringify({ dataValues: values }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (cause) {
      throw serverError('UNREACHABLE', `${baseUrl}: server unreachable while sending data values`, { cause });
    }
    const text = await response.text();
    let body: unknown = undefined;
    try {
      body = text ? (JSON.parse(text) as unknown) : undefined;
    } catch {
      // A non-JSON answer (HTML error page) is reported by status below.
    }
    if (response.status === 401 || response.status === 403) {
      throw serverError('AUTH', `${baseUrl}: POST /api/dataValueSets: not allowed (HTTP ${response.status})`);
    }
    if (response.status >= 300 && response.status !== 409) {
      throw serverError('HTTP_ERROR', `${baseUrl}: POST /api/dataValueSets: HTTP ${response.status}`);
    }
    const result = parseDataValueImport(response.status, body);
    if (result.status === 'ERROR') {
      throw importRejectedError(
        'DATA_VALUES_REJECTED',
        `${baseUrl}: data values rejected: ${result.conflicts[0] ?? 'no details'}`,
        {
          details: { conflicts: result.conflicts },
        },
      );
    }
    return result;
  };
}
