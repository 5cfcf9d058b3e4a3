import { usageError } from '../errors/index.js';

export interface NormalisedServerUrl {
  /** Scheme, host, port and context path; no trailing slash, no /api. */
  baseUrl: string;
}

// What people paste: the API root, a versioned API root, or any app page of the web UI.
const API_SUFFIX = /\/api(?:\/\d{2})?(?:\/.*)?$/;
const WEB_APP_SUFFIX = /\/(?:dhis-web-[a-z0-9-]+|api\/apps)(?:\/.*)?$/i;

/**
 * Turns whatever a user gives as the server address into the base URL every request is built on:
 * `play.dhis2.org/40/` -> `https://play.dhis2.org/40`, `.../api/41/` and
 * `.../dhis-web-commons/index.action` -> the context root.
 */
export function normaliseServerUrl(input: string, source = 'server URL'): NormalisedServerUrl {
  const trimmed = input.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw usageError('BAD_SERVER_URL', `${source} ${withoutUserInfo(input)}: not a valid server URL`, {
      fix: 'Give the DHIS2 address, e.g. https://dhis2.example.org',
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw usageError(
      'BAD_SERVER_URL',
      `${source} ${withoutUserInfo(input)}: only http and https servers are supported`,
    );
  }
  if (url.username || url.password) throw urlCredentialsError(source, url);
  let path = url.pathname.replace(/\/+$/, '');
  path = path.replace(WEB_APP_SUFFIX, '').replace(API_SUFFIX, '').replace(/\/+$/, '');
  return { baseUrl: `${url.protocol}//${url.host}${path}` };
}

/**
 * `user:password@` in a server URL is refused rather than used: such URLs end up in shell history,
 * CI logs, config files and reports. The message shows the URL without them, never with.
 */
export function assertNoUrlCredentials(input: string, source: string): void {
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(input.trim()) ? input.trim() : `https://${input.trim()}`);
  } catch {
    return; // Not a URL at all: normaliseServerUrl says so when it is used.
  }
  if (url.username || url.password) throw urlCredentialsError(source, url);
}

function urlCredentialsError(source: string, url: URL) {
  return usageError(
    'URL_CREDENTIALS',
    `${source} ${url.protocol}//${url.host}${url.pathname.replace(/\/$/, '')}: a user name or password inside the URL is refused`,
    {
      fix: 'Remove "user:password@" from the URL; give the user with --username (or usernameEnv) and the password with --password-env (or passwordEnv, EDUPKG_PASSWORD)',
    },
  );
}

/** The text of an address as given, minus anything that looks like userinfo, for error messages. */
function withoutUserInfo(input: string): string {
  return input.trim().replace(/^((?:[a-z][a-z0-9+.-]*:)?\/\/)?[^/?#]*@/i, '$1');
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

/**
 * Node turns certificate checks off for the whole process when this variable is "0". edupkg never
 * sets it, but an inherited one silently exposes every password sent, so the CLI warns loudly.
 */
export function tlsVerificationWarning(env: NodeJS.ProcessEnv): string | undefined {
  if (env['NODE_TLS_REJECT_UNAUTHORIZED'] !== '0') return undefined;
  return 'TLS CERTIFICATE VERIFICATION IS OFF: the environment sets NODE_TLS_REJECT_UNAUTHORIZED to "0", so anyone on the network path can read and change what is sent to DHIS2, passwords included. Unset it; trust a private CA with NODE_EXTRA_CA_CERTS instead.';
}
