import { serverError, type EdupkgError } from '../errors/index.js';

/** One GET with the client's credentials and no redirects: status and parsed body. */
export type ProbeGet = (url: string) => Promise<{ status: number; data: unknown }>;

/**
 * When `<base>/api/system/info` answers with a login redirect, a 404 or a page that is not DHIS2,
 * the URL is often a path inside DHIS2 or a proxy prefix rather than its root (`…/dhis`,
 * `…/dhis-web-dashboard/`). Tries the shorter paths and the usual context paths, and returns an
 * error naming the one that answers like DHIS2, or undefined when none does.
 */
export async function probeDhis2Root(
  baseUrl: string,
  what: string,
  get: ProbeGet,
): Promise<EdupkgError | undefined> {
  const url = new URL(baseUrl);
  const segments = url.pathname.split('/').filter(Boolean);
  const candidates: string[] = [];
  for (let n = segments.length - 1; n >= 0; n--)
    candidates.push(`${url.origin}${n ? `/${segments.slice(0, n).join('/')}` : ''}`);
  if (segments.length === 0) candidates.push(`${url.origin}/dhis`, `${url.origin}/dhis2`);
  for (const candidate of candidates) {
    let answer: { status: number; data: unknown };
    try {
      answer = await get(`${candidate}/api/system/info`);
    } catch {
      continue;
    }
    const version = (answer.data as { version?: unknown } | null)?.version;
    if (answer.status === 200 && typeof version === 'string') {
      return serverError(
        'NOT_DHIS2_ROOT',
        `${baseUrl}: this URL is not the DHIS2 root (${what}); try ${candidate}`,
        {
          fix: `Use --server ${candidate} (or that url for the target in edupkg.config.yaml)`,
        },
      );
    }
  }
  return undefined;
}
