import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/run-cli.js';

export interface HttpResult {
  status: number;
  headers: Headers;
  text: string;
  body: Record<string, unknown>;
}

export interface Client {
  get(path: string, headers?: Record<string, string>): Promise<HttpResult>;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<HttpResult>;
  put(path: string, body: unknown): Promise<HttpResult>;
  del(path: string): Promise<HttpResult>;
}

export const basic = (username = 'admin', password = 'district') =>
  `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;

/** A tiny real-HTTP client (fetch) with Basic auth by default; never follows redirects. */
export function client(baseUrl: string, authorization: string | null = basic()): Client {
  const call = async (
    method: string,
    path: string,
    body?: unknown,
    extra: Record<string, string> = {},
  ): Promise<HttpResult> => {
    const headers: Record<string, string> = { ...(authorization ? { authorization } : {}), ...extra };
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      redirect: 'manual',
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(text) as Record<string, unknown>;
    } catch {
      parsed = {};
    }
    return { status: response.status, headers: response.headers, text, body: parsed };
  };
  return {
    get: (path, headers) => call('GET', path, undefined, headers),
    post: (path, body, headers) => call('POST', path, body, headers),
    put: (path, body) => call('PUT', path, body),
    del: (path) => call('DELETE', path),
  };
}

export function sandboxFixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'sandbox', name), 'utf8')) as Record<
    string,
    unknown
  >;
}

/** The ImportReport inside whichever envelope the version used. */
export function importReportOf(result: HttpResult): Record<string, unknown> {
  return (result.body.response as Record<string, unknown> | undefined) ?? result.body;
}

export interface ErrorSummary {
  errorCode: string;
  errorProperty?: string;
  index: number;
}

/** Error codes of a report, sorted (DHIS2 guarantees no order of type or object reports). */
export function errorsOf(report: Record<string, unknown>): ErrorSummary[] {
  const out: ErrorSummary[] = [];
  for (const type of (report.typeReports as Array<{
    objectReports: Array<{
      index: number;
      errorReports: Array<{ errorCode: string; errorProperty?: string }>;
    }>;
  }>) ?? []) {
    for (const object of type.objectReports) {
      for (const error of object.errorReports)
        out.push({
          errorCode: error.errorCode,
          ...(error.errorProperty ? { errorProperty: error.errorProperty } : {}),
          index: object.index,
        });
    }
  }
  return out.sort(
    (a, b) =>
      a.index - b.index ||
      a.errorCode.localeCompare(b.errorCode) ||
      (a.errorProperty ?? '').localeCompare(b.errorProperty ?? ''),
  );
}
