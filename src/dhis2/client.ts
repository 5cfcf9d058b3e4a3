import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import type { MetadataBundle } from '../core/package/types.js';
import { EdupkgError, EXIT, importRejectedError, serverError } from '../errors/index.js';
import { registerBasicCredentials, registerSecret } from '../output/redact.js';
import { assertTransportAllowed, isLoopbackHost, normaliseServerUrl } from './base-url.js';
import { parseDataValueImport, type DataValueImportCount } from './data-value-import.js';
import { parseImportResponse, type ImportOutcome } from './import-report.js';
import { probeDhis2Root } from './probe-root.js';
import { recordOf, stringOf } from './json.js';

export type Dhis2Auth =
  { type: 'basic'; username: string; password: string } | { type: 'token'; token: string };

export interface Dhis2ClientOptions {
  baseUrl: string;
  auth: Dhis2Auth;
  timeoutMs?: number;
  /** Extra attempts for idempotent requests after connection errors and 502/503/504. */
  retries?: number;
  retryDelayMs?: number;
  allowInsecureHttp?: boolean;
  http?: AxiosInstance;
  /** Receives "GET /api/system/info -> 200": method, path and status only, never headers or bodies. */
  log?: (line: string) => void;
  /** A larger answer is refused (SERVER.RESPONSE_TOO_LARGE) instead of exhausting memory. */
  maxResponseBytes?: number;
}

/** V8 cannot hold a longer string anyway; a real /api/metadata answer is far below this. */
export const MAX_RESPONSE_BYTES = 512 * 1024 * 1024;

export interface SystemInfo {
  version: string;
  revision?: string;
  systemId?: string;
  systemName?: string;
}

/** Ordered query parameters: DHIS2 repeats keys (`filter=a&filter=b`) and uses `type:fields` keys. */
export type QueryParams = ReadonlyArray<readonly [string, string]>;

export interface ImportOptions {
  importMode: 'VALIDATE' | 'COMMIT';
  importStrategy?: 'CREATE_AND_UPDATE' | 'CREATE' | 'UPDATE' | 'DELETE';
  atomicMode?: 'ALL' | 'NONE';
  skipSharing?: boolean;
}

export interface DataStore {
  /** Keys of a namespace; [] when the namespace does not exist (DHIS2 answers 404). */
  keys(namespace: string): Promise<string[]>;
  get(namespace: string, key: string): Promise<unknown>;
  /** POST: false when the key already exists (409) — the primitive the install lock is built on. */
  create(namespace: string, key: string, value: unknown): Promise<boolean>;
  put(namespace: string, key: string, value: unknown): Promise<void>;
  remove(namespace: string, key: string): Promise<boolean>;
}

export interface Dhis2Client {
  readonly baseUrl: string;
  systemInfo(): Promise<SystemInfo>;
  get(path: string, params?: QueryParams): Promise<unknown>;
  /** GET /api/metadata: one request, the answer split into typed arrays (the `system` block dropped). */
  getMetadata(params: QueryParams): Promise<MetadataBundle>;
  importMetadata(payload: MetadataBundle, options: ImportOptions): Promise<ImportOutcome>;
  /** POST /api/dataValueSets (CREATE_AND_UPDATE); a rejected import throws (exit 6). */
  importDataValues(dataValues: readonly object[]): Promise<DataValueImportCount>;
  /** POST /api/completeDataSetRegistrations: forms marked complete (reporting rates count them); same summary. */
  importCompleteRegistrations(registrations: readonly object[]): Promise<DataValueImportCount>;
  /** POST /api/systemSettings/{key}?value=… (e.g. keyUiLocale, the language users see by default). */
  setSystemSetting(key: string, value: string): Promise<void>;
  readonly dataStore: DataStore;
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

interface RequestSpec {
  method: Method;
  path: string;
  params?: QueryParams;
  data?: unknown;
  /** Statuses the caller interprets itself instead of turning them into errors. */
  handles?: readonly number[];
}

const RETRYABLE_STATUS = new Set([502, 503, 504]);
const RETRYABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ECONNABORTED',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
]);
const IDEMPOTENT: ReadonlySet<Method> = new Set(['GET', 'PUT', 'DELETE']);

/** The one HTTP client for DHIS2: normalised base URL, auth, timeouts, retries, error mapping. */
export function createDhis2Client(options: Dhis2ClientOptions): Dhis2Client {
  const { baseUrl } = normaliseServerUrl(options.baseUrl);
  assertTransportAllowed(baseUrl, options.allowInsecureHttp ?? false);
  const authorization = authorizationHeader(options.auth);
  const retries = options.retries ?? 2;
  const retryDelayMs = options.retryDelayMs ?? 300;
  const log = options.log ?? (() => {});
  const maxResponseBytes = options.maxResponseBytes ?? MAX_RESPONSE_BYTES;
  const { hostname, protocol } = new URL(baseUrl);
  // Credentials never reach an HTTP(S)_PROXY in the clear: loopback and plain-http servers are
  // always contacted directly; https goes through a proxy only as a CONNECT tunnel (TLS end to end).
  const direct = isLoopbackHost(hostname) || protocol === 'http:';
  const http =
    options.http ??
    axios.create({
      timeout: options.timeoutMs ?? 60_000,
      // A redirect means "log in first" (no credentials accepted): report it, don't follow it.
      maxRedirects: 0,
      validateStatus: () => true,
      maxBodyLength: Infinity,
      maxContentLength: maxResponseBytes,
      ...(direct ? { proxy: false as const } : {}),
    });

  async function request(spec: RequestSpec): Promise<AxiosResponse> {
    const url = buildUrl(baseUrl, spec.path, spec.params);
    const idempotent = IDEMPOTENT.has(spec.method);
    const attempts = idempotent ? retries + 1 : 1;
    // After a long synchronous stretch (planning 50,000 schools) the server may have closed our
    // kept-alive socket; one turn of the event loop lets the agent see that and drop it, so a POST
    // never goes out on a dead socket. A POST is never sent twice: the server may have applied it.
    if (!idempotent) await new Promise((resolve) => setImmediate(resolve));
    for (let attempt = 1; ; attempt++) {
      let response: AxiosResponse;
      try {
        response = await http.request({
          method: spec.method,
          url,
          data: spec.data === undefined ? undefined : JSON.stringify(spec.data),
          headers: {
            Authorization: authorization,
            Accept: 'application/json',
            'Content-Type': 'application/json',
            'X-Requested-With': 'XMLHttpRequest',
          },
          responseType: 'json',
        });
      } catch (error) {
        const code = errorCode(error);
        log(`${spec.method} ${spec.path} -> ${code}`);
        if (/maxContentLength/.test(stringOf(recordOf(error).message) ?? '')) {
          throw serverError(
            'RESPONSE_TOO_LARGE',
            `${baseUrl}: ${spec.method} ${spec.path}: the answer is larger than ${maxResponseBytes} bytes`,
            { fix: 'Export or compare fewer objects at once (e.g. a narrower --code-prefix)' },
          );
        }
        // A kept-alive socket the server closed while we were busy: resend at once (idempotent only).
        if (idempotent && attempt === 1 && staleSocket(error, code)) continue;
        if (attempt < attempts && RETRYABLE_CODES.has(code)) {
          await sleep(retryDelayMs * 2 ** (attempt - 1));
          continue;
        }
        throw connectionError(baseUrl, code);
      }
      log(`${spec.method} ${spec.path} -> ${response.status}`);
      if (attempt < attempts && RETRYABLE_STATUS.has(response.status)) {
        await sleep(retryDelayMs * 2 ** (attempt - 1));
        continue;
      }
      if (response.status < 300 || spec.handles?.includes(response.status)) return response;
      throw httpError(baseUrl, spec, response);
    }
  }

  const dataStorePath = (namespace: string, key?: string) =>
    `/api/dataStore/${encodeURIComponent(namespace)}${key === undefined ? '' : `/${encodeURIComponent(key)}`}`;

  const dataStore: DataStore = {
    async keys(namespace) {
      const response = await request({ method: 'GET', path: dataStorePath(namespace), handles: [404] });
      return response.status === 404 || !Array.isArray(response.data)
        ? []
        : response.data.filter((k): k is string => typeof k === 'string');
    },
    async get(namespace, key) {
      const response = await request({ method: 'GET', path: dataStorePath(namespace, key), handles: [404] });
      return response.status === 404 ? undefined : (response.data as unknown);
    },
    async create(namespace, key, value) {
      const response = await request({
        method: 'POST',
        path: dataStorePath(namespace, key),
        data: value,
        handles: [409],
      });
      return response.status !== 409;
    },
    async put(namespace, key, value) {
      await request({ method: 'PUT', path: dataStorePath(namespace, key), data: value });
    },
    async remove(namespace, key) {
      const response = await request({
        method: 'DELETE',
        path: dataStorePath(namespace, key),
        handles: [404],
      });
      return response.status !== 404;
    },
  };

  /** Data imports answer with an ImportSummary; nothing stored is a rejection (exit 6). */
  async function importData(
    path: string,
    data: object,
    code: string,
    what: string,
  ): Promise<DataValueImportCount> {
    const response = await request({
      method: 'POST',
      path,
      params: [['importStrategy', 'CREATE_AND_UPDATE']],
      data,
      handles: [409],
    });
    const result = parseDataValueImport(response.status, response.data);
    // 2.38-2.42 say WARNING even when every value was ignored: that is a rejection too.
    const nothingStored = result.imported + result.updated === 0 && result.ignored > 0;
    if (result.status === 'ERROR' || nothingStored) {
      throw importRejectedError(
        code,
        `${baseUrl}: ${what} rejected: ${result.conflicts[0] ?? 'no details'}`,
        {
          details: { conflicts: result.conflicts },
        },
      );
    }
    const { status: _status, ...counts } = result;
    return counts;
  }

  return {
    baseUrl,
    dataStore,
    async systemInfo() {
      // Redirects, 404s and non-DHIS2 pages usually mean the URL is not DHIS2's root: look for it.
      const misplaced = (what: string) =>
        probeDhis2Root(baseUrl, what, async (url) => {
          const answer = await http.request({
            method: 'GET',
            url,
            headers: { Authorization: authorization, Accept: 'application/json' },
          });
          return { status: answer.status, data: answer.data as unknown };
        });
      let response: AxiosResponse;
      try {
        response = await request({ method: 'GET', path: '/api/system/info' });
      } catch (error) {
        const status = /HTTP (\d{3})/.exec(error instanceof Error ? error.message : '')?.[1];
        const rootless = error instanceof EdupkgError && status && status !== '401' && status !== '403';
        throw (
          (rootless ? await misplaced(`GET /api/system/info answered HTTP ${status}`) : undefined) ?? error
        );
      }
      const info = recordOf(response.data);
      const version = stringOf(info.version);
      if (!version) {
        throw (
          (await misplaced('/api/system/info did not report a DHIS2 version')) ??
          serverError('NOT_DHIS2', `${baseUrl}: /api/system/info did not report a DHIS2 version`, {
            fix: 'Check the server URL points at a DHIS2 instance',
          })
        );
      }
      return {
        version,
        revision: stringOf(info.revision),
        systemId: stringOf(info.systemId),
        systemName: stringOf(info.systemName),
      };
    },
    async get(path, params) {
      return (await request({ method: 'GET', path, params })).data as unknown;
    },
    async getMetadata(params) {
      const response = await request({ method: 'GET', path: '/api/metadata', params });
      const bundle: MetadataBundle = {};
      for (const [key, value] of Object.entries(recordOf(response.data))) {
        if (Array.isArray(value)) bundle[key] = value as MetadataBundle[string];
      }
      return bundle;
    },
    async importMetadata(payload, importOptions) {
      // Exact upper-case values: DHIS2 silently falls back to COMMIT/ALL on anything else (trap 3).
      const params: Array<[string, string]> = [
        ['importMode', importOptions.importMode],
        ['importStrategy', importOptions.importStrategy ?? 'CREATE_AND_UPDATE'],
        ['atomicMode', importOptions.atomicMode ?? 'ALL'],
        ['identifier', 'UID'],
        ['importReportMode', 'ERRORS'],
      ];
      if (importOptions.skipSharing) params.push(['skipSharing', 'true']);
      const response = await request({
        method: 'POST',
        path: '/api/metadata',
        params,
        data: payload,
        handles: [409, 500],
      });
      return parseImportResponse(response.status, response.data);
    },
    async setSystemSetting(key, value) {
      await request({
        method: 'POST',
        path: `/api/systemSettings/${encodeURIComponent(key)}`,
        params: [['value', value]],
      });
    },
    importDataValues: (dataValues) =>
      importData('/api/dataValueSets', { dataValues }, 'DATA_VALUES_REJECTED', 'data values'),
    importCompleteRegistrations: (registrations) =>
      importData(
        '/api/completeDataSetRegistrations',
        { completeDataSetRegistrations: registrations },
        'REGISTRATIONS_REJECTED',
        'complete registrations',
      ),
  };
}

function authorizationHeader(auth: Dhis2Auth): string {
  if (auth.type === 'token') {
    registerSecret(auth.token);
    return `ApiToken ${auth.token}`;
  }
  registerBasicCredentials(auth.username, auth.password);
  return `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
}

function buildUrl(baseUrl: string, path: string, params: QueryParams = []): string {
  const query = params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeQueryValue(v)}`).join('&');
  return `${baseUrl}${path}${query ? `?${query}` : ''}`;
}

// Keep DHIS2's filter syntax readable in URLs (and short: URL length is bounded) — `:[],` are legal.
function encodeQueryValue(value: string): string {
  return encodeURIComponent(value)
    .replace(/%3A/g, ':')
    .replace(/%5B/g, '[')
    .replace(/%5D/g, ']')
    .replace(/%2C/g, ',');
}

function staleSocket(error: unknown, code: string): boolean {
  const request = recordOf(recordOf(error).request);
  return request.reusedSocket === true && (code === 'ECONNRESET' || code === 'EPIPE');
}

function errorCode(error: unknown): string {
  const record = recordOf(error);
  const code = stringOf(record.code);
  if (code === 'ERR_CANCELED') return 'ETIMEDOUT';
  return code ?? 'UNKNOWN';
}

function connectionError(baseUrl: string, code: string): EdupkgError {
  // An https client talking to a plain-http port: OpenSSL reads the HTTP answer as a broken record.
  if (
    baseUrl.startsWith('https:') &&
    /^(EPROTO|ERR_SSL_WRONG_VERSION_NUMBER|ERR_SSL_PACKET_LENGTH_TOO_LONG)$/.test(code)
  ) {
    const plain = baseUrl.replace(/^https:/, 'http:');
    return serverError(
      'HTTPS_TO_HTTP',
      `${baseUrl}: the server speaks plain http on this port, not https (${code})`,
      {
        fix: `Use ${plain}, or the https port of the server; plain http to a non-loopback server also needs --allow-insecure-http`,
      },
    );
  }
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/i.test(code)) {
    return serverError('TLS', `${baseUrl}: TLS certificate not trusted (${code})`, {
      fix: 'Fix the server certificate or add its CA with NODE_EXTRA_CA_CERTS; verification is never turned off',
    });
  }
  const what = code === 'ETIMEDOUT' || code === 'ECONNABORTED' ? 'timed out' : `unreachable (${code})`;
  return serverError('UNREACHABLE', `${baseUrl}: server ${what}`, {
    fix: 'Check the URL, the network, or raise --timeout',
  });
}

function httpError(baseUrl: string, spec: RequestSpec, response: AxiosResponse): EdupkgError {
  const status = response.status;
  const message = stringOf(recordOf(response.data).message);
  const where = `${baseUrl}: ${spec.method} ${spec.path}`;
  if (status === 401 || (status >= 300 && status < 400)) {
    return serverError(
      'AUTH',
      `${where}: authentication failed (HTTP ${status}${message ? ` ${message}` : ''})`,
      {
        fix: 'Check the username and password or token (EDUPKG_USERNAME/EDUPKG_PASSWORD/EDUPKG_TOKEN or the target in edupkg.config.yaml)',
      },
    );
  }
  if (status === 403) {
    return serverError('FORBIDDEN', `${where}: access denied (HTTP 403${message ? ` ${message}` : ''})`, {
      fix: 'The user needs the F_METADATA_IMPORT / F_METADATA_EXPORT authorities (or ALL)',
    });
  }
  if (status === 404)
    return serverError('NOT_FOUND', `${where}: not found (HTTP 404)`, {
      fix: 'Check the server URL points at DHIS2',
    });
  return new EdupkgError(
    'SERVER.HTTP_ERROR',
    `${where}: HTTP ${status}${message ? ` ${message}` : ''}`,
    EXIT.SERVER,
  );
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
