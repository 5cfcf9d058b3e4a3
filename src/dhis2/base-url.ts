import { usageError } from '../errors/index.js';

export interface NormalisedServerUrl {
  /** Scheme, host, port and context path; no trailing slash, no /api. */
  baseUrl: string;
  /** user:password found in the URL itself; removed from baseUrl. */
  userInfo?: { username: string; password: string };
}

// What people paste: the API root, a versioned API root, or any app page of the web UI.
const API_SUFFIX = /\/api(?:\/\d{2})?(?:\/.*)?$/;
const WEB_APP_SUFFIX = /\/(?:dhis-web-[a-z0-9-]+|api\/apps)(?:\/.*)?$/i;

/**
 * Turns whatever a user gives as the server address into the base URL every request is built on:
 * `play.dhis2.org/40/` -> `https://play.dhis2.org/40`, `.../api/41/` and
 * `.../dhis-web-commons/index.action` -> the context root.
 */
export function normaliseServerUrl(input: string): NormalisedServerUrl {
  const trimmed = input.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw usageError('BAD_SERVER_URL', `${input}: not a valid server URL`, {
      fix: 'Give the DHIS2 address, e.g. https://dhis2.example.org',
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw usageError('BAD_SERVER_URL', `${input}: only http and https servers are supported`);
  }
  const userInfo = url.username
    ? { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) }
    : undefined;
  let path = url.pathname.replace(/\/+$/, '');
  path = path.replace(WEB_APP_SUFFIX, '').replace(API_SUFFIX, '').replace(/\/+$/, '');
  return { baseUrl: `${url.protocol}//${url.host}${path}`, ...(userInfo ? { userInfo } : {}) };
}

/** Loopback hosts are the only ones credentials may reach over plain http without --allow-insecure-http. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

export function assertTransportAllowed(baseUrl: string, allowInsecureHttp: boolean): void {
  const url = new URL(baseUrl);
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname) && !allowInsecureHttp) {
    throw usageError('INSECURE_HTTP', `${baseUrl}: refusing to send credentials over plain http`, {
      fix: 'Use https, or pass --allow-insecure-http if this network is trusted',
    });
  }
}
