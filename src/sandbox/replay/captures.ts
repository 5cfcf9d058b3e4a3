import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Real network captures of DHIS2 answering its own Data Entry app (@dhis2/cypress-commands network
 * shim files: a list of {method, path, statusCode, responseBody, responseHeaders, nonDeterministic}).
 * Replay tooling for `npm run fidelity` and test/sandbox/replay; not used by the sandbox itself.
 */
export interface CapturedCall {
  /** The capture folder: the API version the app talked to ("40", "43"). */
  capture: string;
  method: string;
  path: string;
  status: number;
  contentType: string;
  /** The response body parsed as JSON, or the raw text. */
  body: unknown;
  nonDeterministic: boolean;
}

interface ShimEntry {
  method: string;
  path: string;
  statusCode: number;
  responseBody: unknown;
  responseHeaders?: Record<string, string>;
  nonDeterministic?: boolean;
}

function parsedBody(raw: unknown): unknown {
  // The shim stores bodies that changed between calls as a list of strings; [0] is verbatim.
  const text: unknown = Array.isArray(raw) ? (raw as unknown[])[0] : raw;
  if (typeof text !== 'string') return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * Every distinct request (method + path) of one capture folder, first answer kept. 304 answers are
 * the browser revalidating its cache (no body), so the 200 of the same request stands for them.
 */
export function loadCaptures(dir: string, capture: string): CapturedCall[] {
  const calls = new Map<string, CapturedCall>();
  const files = readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'summary.json');
  for (const file of files.sort()) {
    for (const entry of JSON.parse(readFileSync(join(dir, file), 'utf8')) as ShimEntry[]) {
      const key = `${entry.method} ${entry.path}`;
      if (entry.statusCode === 304 || calls.has(key)) continue;
      const headers = Object.fromEntries(
        Object.entries(entry.responseHeaders ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
      );
      calls.set(key, {
        capture,
        method: entry.method,
        path: entry.path,
        status: entry.statusCode,
        contentType: headers['content-type'] ?? '',
        body: parsedBody(entry.responseBody),
        nonDeterministic: entry.nonDeterministic === true,
      });
    }
  }
  return [...calls.values()];
}

/** The report's grouping of a request. */
export function areaOf(path: string, method = 'GET'): string {
  const p = path.replace(/^\/api\/\d{2}\//, '/api/');
  if (method === 'POST' && /^\/api\/metadata\b/.test(p)) return 'metadata import';
  if (p.startsWith('/api/dataEntry/')) return 'data entry';
  if (/^\/api\/(organisationUnits|filledOrganisationUnitLevels|configuration)/.test(p)) return 'org units';
  if (/^\/api\/(systemSettings|userSettings|staticContent)/.test(p)) return 'settings';
  if (/^\/api\/(me|system)\b/.test(p)) return 'user and system';
  if (p.startsWith('/api/')) return 'metadata read';
  return 'legacy web';
}
