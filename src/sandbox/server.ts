import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { authenticate, credentialsMatch, storeCredentials } from './auth.js';
import { BodyTooLargeError, DEFAULT_MAX_BODY_BYTES, readBody } from './http/body.js';
import { FaultInjector, faultRulesOf, invalidFaultRules } from './faults.js';
import { json, type ApiRequest, type ApiResponse, type Route, type SandboxContext } from './http/api.js';
import { webMessage } from './http/web-message.js';
import { negotiate, requestedMediaRanges } from './http/content-negotiation.js';
import { SessionStore } from './web/session.js';
import { webResponse, type WebContext } from './web/web-routes.js';
import { analyticsRoutes } from './routes/analytics.js';
import { completeRegistrationRoutes } from './routes/complete-registrations.js';
import { crudReadRoutes } from './routes/crud-read.js';
import { crudWriteRoutes } from './routes/crud-write.js';
import { dataEntryRoutes } from './routes/data-entry.js';
import { orgUnitTreeRoutes } from './routes/org-unit-tree.js';
import { settingsRoutes } from './routes/settings.js';
import { dataStoreRoutes } from './routes/datastore.js';
import { dataValueRoutes } from './routes/data-values.js';
import { geoFeatureRoutes } from './routes/geo-features.js';
import { metadataExportRoutes } from './routes/metadata-export.js';
import { methodNotAllowed } from './routes/http-refusals.js';
import { jobRoutes } from './routes/jobs.js';
import { metadataImportRoutes } from './routes/metadata-import.js';
import { schemaRoutes } from './routes/schemas.js';
import { userSettingRoutes } from './routes/user-settings.js';
import { newSystemId, systemRoutes } from './routes/system.js';
import { validationRoutes } from './routes/validation.js';
import { ADMIN_UID, isSeeded, seedSandbox } from './seed.js';
import { SandboxStore } from './store.js';
import { isLoopbackHost } from '../dhis2/base-url.js';
import { usageError } from '../errors/index.js';
import {
  DEFAULT_PASSWORD,
  INSTANCE_HEADER,
  type Dhis2Version,
  type FaultRule,
  type Sandbox,
  type SandboxOptions,
} from './types.js';

/** Specific routes first: the generic /{plural}/{id} patterns would swallow them. */
const ROUTES: Route[] = [
  ...systemRoutes,
  ...jobRoutes,
  ...metadataImportRoutes,
  ...metadataExportRoutes,
  ...dataStoreRoutes,
  ...dataValueRoutes,
  ...analyticsRoutes,
  ...completeRegistrationRoutes,
  ...validationRoutes,
  ...geoFeatureRoutes,
  ...schemaRoutes,
  ...dataEntryRoutes,
  ...orgUnitTreeRoutes,
  ...settingsRoutes,
  ...userSettingRoutes,
  ...crudWriteRoutes,
  ...crudReadRoutes,
];

function send(res: ServerResponse, response: ApiResponse): void {
  const isText = typeof response.body === 'string' || Buffer.isBuffer(response.body);
  const payload =
    response.body === undefined
      ? ''
      : isText
        ? (response.body as string | Buffer)
        : JSON.stringify(response.body);
  res.writeHead(response.status, {
    'content-type': response.contentType ?? 'application/json;charset=UTF-8',
    'content-length': Buffer.byteLength(payload),
    ...response.headers,
  });
  res.end(payload);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Splits "/api/41/dataElements.json" into the version prefix, "/dataElements" and the extension. */
function apiPath(
  pathname: string,
): { path: string; apiVersion: number | undefined; extension: string | undefined } | undefined {
  const m = /^\/api(?:\/(\d{2}))?(\/.*)?$/.exec(pathname);
  if (!m) return undefined;
  const [, path = '/', extension] = /^(.*?)(?:\.(json|xml))?$/.exec(m[2] ?? '/')!;
  return { path, apiVersion: m[1] ? Number(m[1]) : undefined, extension };
}

/**
 * Starts an in-process DHIS2 Web API on loopback (port 0 = ephemeral). The database is a SQLite
 * file in `dataDir`, or memory; a new database is seeded (default category model, admin user and,
 * with seed=demo, a demo org unit hierarchy).
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const version: Dhis2Version = options.dhis2Version ?? '2.41';
  const username = options.username ?? 'admin';
  assertSafeExposure(options);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  // `stop` and `status` compare this with the state file before trusting a pid (lifecycle.ts).
  const instance = `${process.pid} ${options.instanceToken ?? randomBytes(16).toString('hex')}`;
  const store = new SandboxStore(options.dataDir);
  if (!isSeeded(store))
    seedSandbox(store, version, options.seed ?? 'demo', username, options.password ?? DEFAULT_PASSWORD);
  // Only a password given now replaces the stored one: one changed through the API survives restarts.
  else if (options.password !== undefined && !credentialsMatch(store, username, options.password))
    storeCredentials(store, username, options.password, ADMIN_UID);
  const systemIdRow = store.db
    .prepare<[], { value: string }>("SELECT value FROM settings WHERE key = 'systemId'")
    .get();
  const systemId = systemIdRow?.value ?? newSystemId();
  store.db.prepare("INSERT OR REPLACE INTO settings (key, value) VALUES ('systemId', ?)").run(systemId);

  const faults = new FaultInjector(options.faults);
  const web: WebContext = { store, version, sessions: new SessionStore(), maxBodyBytes };
  let requests = 0;
  let baseUrl = '';
  const ctx: SandboxContext = {
    store,
    version,
    baseUrl: () => baseUrl,
    systemId,
    startedAt: new Date(),
    now: options.now ?? (() => new Date()),
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    requests++;
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const method = (req.method ?? 'GET').toUpperCase();
    const fault = faults.decide(method, url.pathname);
    if (fault?.latencyMs) await sleep(fault.latencyMs);
    if (fault?.drop) {
      req.socket.destroy();
      return;
    }
    if (fault?.status)
      return send(res, json(fault.status, webMessage(fault.status, 'ERROR', { message: 'Injected fault' })));
    const parsed = apiPath(url.pathname);
    if (!parsed)
      return send(
        res,
        (await webResponse(req, url.pathname, url.searchParams, web)) ?? {
          status: 302,
          headers: { location: `${baseUrl}/api/` },
          body: '',
        },
      );
    if (method === 'GET' && parsed.path === '/ping')
      // PingController#ping is void: 200 with no body (the text "pong" is /api/system/ping's).
      return send(res, { status: 200, body: '', headers: { [INSTANCE_HEADER]: instance } });
    // Credentials first: an anonymous client never gets a body read, buffered or inflated.
    // The web page's session cookie stands in for credentials, as DHIS2's JSESSIONID does.
    const user =
      (!req.headers.authorization && web.sessions.userOf(req.headers)) ||
      authenticate(store, version, req.headers, baseUrl);
    if ('status' in user) return refuseUnread(res, user);
    let body: Buffer;
    try {
      body = await readBody(req, maxBodyBytes);
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw error;
      return refuseUnread(res, json(413, webMessage(413, 'ERROR', { message: error.message })));
    }
    if (parsed.path === '/__sandbox/faults' && options.enableFaultEndpoint && method === 'POST') {
      return send(
        res,
        postFaults(body, (rules) => faults.set(rules)),
      );
    }
    const segments = parsed.path
      .split('/')
      .filter((s) => s !== '')
      .map((s) => decodeURIComponent(s));
    const apiRequest: ApiRequest = {
      method,
      path: parsed.path,
      segments,
      apiVersion: parsed.apiVersion,
      query: url.searchParams,
      headers: req.headers,
      body,
      user,
    };
    const accepted = requestedMediaRanges(parsed.extension, req.headers.accept);
    for (const route of ROUTES) {
      if (route.method !== method) continue;
      const match = route.pattern.exec(parsed.path);
      if (!match) continue;
      const params = match.slice(1).map((m) => (m === undefined ? '' : decodeURIComponent(m)));
      return send(res, negotiate(await route.handler(apiRequest, ctx, params), accepted, version));
    }
    const refused = methodNotAllowed(ROUTES, method, parsed.path, version);
    const missing = json(
      404,
      webMessage(404, 'ERROR', { message: `No endpoint ${method} /api${parsed.path}` }),
    );
    send(res, negotiate(refused ?? missing, accepted, version));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent)
        send(
          res,
          json(
            500,
            webMessage(500, 'ERROR', { message: error instanceof Error ? error.message : String(error) }),
          ),
        );
      else res.destroy();
    });
  });
  // Like DHIS2 behind nginx (75 s): a client that reuses a pooled connection after a long
  // synchronous step (sample data generation) must not race Node's 5 s default into ECONNRESET.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  baseUrl = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`;

  return {
    url: baseUrl,
    port: address.port,
    dhis2Version: version,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          store.close();
          resolve();
        });
      }),
    requestCount: () => requests,
    resetRequestCount: () => {
      requests = 0;
    },
    setFaults: (rules: FaultRule[]) => faults.set(rules),
    objectCounts: () => store.objectCounts(),
  };
}

function postFaults(body: Buffer, apply: (rules: FaultRule[]) => void): ApiResponse {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    return json(400, webMessage(400, 'ERROR', { message: 'fault rules must be JSON' }));
  }
  const problem = invalidFaultRules(value);
  if (problem) return json(400, webMessage(400, 'ERROR', { message: problem }));
  apply(faultRulesOf(value));
  return json(200, webMessage(200, 'OK', { message: `${faultRulesOf(value).length} fault rule(s) active` }));
}

/** Answers without reading the rest of the body, and closes the connection so it is never read. */
function refuseUnread(res: ServerResponse, response: ApiResponse): void {
  send(res, { ...response, headers: { ...response.headers, connection: 'close' } });
  res.once('finish', () => res.socket?.destroy());
}

/** The demo password is public: a sandbox reachable from other machines must be given another. */
export function assertSafeExposure(options: Pick<SandboxOptions, 'host' | 'password'>): void {
  const host = options.host ?? '127.0.0.1';
  if (isLoopbackHost(host) || (options.password !== undefined && options.password !== DEFAULT_PASSWORD))
    return;
  throw usageError(
    'SANDBOX_EXPOSED',
    `--host ${host}: the sandbox would accept the public demo password "${DEFAULT_PASSWORD}" from other machines`,
    { fix: 'Give a password with --password-file FILE or EDUPKG_SANDBOX_PASSWORD, or listen on 127.0.0.1' },
  );
}
