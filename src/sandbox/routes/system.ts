import { randomUUID } from 'node:crypto';
import { generateUid } from '../../core/dhis2-model/uid.js';
import { credentialsMatch, generateApiToken, storeApiToken, storeCredentials } from '../auth.js';
import { timestamp } from '../metadata/commit.js';
import {
  json,
  parseJsonBody,
  type ApiRequest,
  type ApiResponse,
  type Route,
  type SandboxContext,
} from '../http/api.js';
import { webMessage } from '../http/web-message.js';
import type { Dhis2Version, JsonObject } from '../types.js';
import { minorOf } from '../types.js';
import { textOf } from '../json-text.js';
import { userSettingsOf } from './user-settings.js';

/** The release each mode reports, and its build facts (from real servers of that line). */
const RELEASES: Record<Dhis2Version, { version: string; revision: string; buildTime: string }> = {
  '2.38': { version: '2.38.6', revision: '3a1a2d4', buildTime: '2024-01-25T14:26:28.000' },
  '2.39': { version: '2.39.4.1', revision: '6b6172f', buildTime: '2024-01-12T07:50:46.000' },
  '2.40': { version: '2.40.2.2', revision: 'a21c34f', buildTime: '2024-01-24T20:18:17.000' },
  '2.41': { version: '2.41.3', revision: '26cb1ce', buildTime: '2024-11-22T17:01:01.000' },
  '2.42': { version: '2.42.4', revision: '7d3bdd4', buildTime: '2025-11-03T11:38:28.000' },
  // The only 2.43/2.44 servers on record: captures/43/static_resources.json and the 2.44 import-export
  // app recording (real-responses/SOURCES.md: rev 0c16924, built 2026-05-08; time of day unknown).
  '2.43': { version: '2.43-SNAPSHOT', revision: 'adf6409', buildTime: '2025-10-01T13:08:31.000' },
  '2.44': { version: '2.44-SNAPSHOT', revision: '0c16924', buildTime: '2026-05-08T00:00:00.000' },
};

export function releaseOf(version: Dhis2Version): string {
  return RELEASES[version].version;
}

/** GET /api/system/info with the keys a superuser sees on that version line, in DHIS2's order. */
function systemInfo(req: ApiRequest, ctx: SandboxContext): JsonObject {
  const now = timestamp();
  const release = RELEASES[ctx.version];
  const minor = minorOf(ctx.version);
  const info: JsonObject = {
    contextPath: ctx.baseUrl(),
    userAgent: req.headers['user-agent'] ?? '',
    calendar: 'iso8601',
    dateFormat: 'yyyy-mm-dd',
    serverDate: now,
    serverTimeZoneId: 'Etc/UTC',
    serverTimeZoneDisplayName: 'Coordinated Universal Time',
    lastAnalyticsTableSuccess: undefined,
    intervalSinceLastAnalyticsTableSuccess: undefined,
    lastAnalyticsTableRuntime: undefined,
    lastSystemMonitoringSuccess: undefined,
  };
  if (minor >= 42) {
    Object.assign(info, {
      lastAnalyticsTablePartitionSuccess: undefined,
      intervalSinceLastAnalyticsTablePartitionSuccess: undefined,
      lastAnalyticsTablePartitionRuntime: '',
    });
  }
  info.databaseInfo = minor >= 41 ? { spatialSupport: false, time: now } : { spatialSupport: false };
  Object.assign(info, { version: release.version, revision: release.revision, buildTime: release.buildTime });
  // 2.42.4's recorded body lacks these; 2.41's and 2.43's (captures/43) have them.
  if (minor === 41 || minor >= 43)
    Object.assign(info, {
      jasperReportsVersion: '6.20.0',
      environmentVariable: 'DHIS2_HOME',
      ...(minor >= 43 ? { fileStoreProvider: 'filesystem' } : {}),
      readOnlyMode: 'off',
      nodeId: 'edupkg-sandbox',
    });
  Object.assign(info, {
    encryption: false,
    emailConfigured: false,
    redisEnabled: false,
    systemId: ctx.systemId,
    systemName: 'edupkg sandbox',
  });
  if (minor >= 42) info.systemMetadataVersion = '';
  info.instanceBaseUrl = ctx.baseUrl();
  if (minor === 41 || minor >= 43) info.clusterHostname = '';
  info.isMetadataVersionEnabled = true;
  if (minor >= 42) info.lastMetadataVersionSyncAttempt = '1970-01-01T00:00:00.000';
  for (const key of Object.keys(info)) if (info[key] === undefined) delete info[key];
  return info;
}

function userOf(req: ApiRequest, ctx: SandboxContext): JsonObject {
  return ctx.store.getObject('users', req.user.uid) ?? { id: req.user.uid, username: req.user.username };
}

/** The union of the user's roles' authorities (UserDetails#getAllAuthorities). */
function authoritiesOf(user: JsonObject, ctx: SandboxContext): string[] {
  const roles = ((user.userRoles as JsonObject[] | undefined) ?? []).map((r) =>
    ctx.store.getObject('userRoles', String(r.id)),
  );
  return [...new Set(roles.flatMap((r) => (r?.authorities as string[] | undefined) ?? []))];
}

/** GET /api/me: MeDto's shape for the version (userCredentials until 2.41, patTokens from 2.41). */
function me(req: ApiRequest, ctx: SandboxContext): JsonObject {
  const user = userOf(req, ctx);
  const authorities = authoritiesOf(user, ctx);
  const name = `${textOf(user.firstName)} ${textOf(user.surname)}`.trim();
  const body: JsonObject = {
    id: user.id,
    username: req.user.username,
    surname: user.surname,
    firstName: user.firstName,
    created: user.created,
    lastUpdated: user.lastUpdated,
    dataViewOrganisationUnits: user.dataViewOrganisationUnits ?? [],
    favorites: [],
    userGroups: ctx.store
      .referencesTo('users', String(user.id))
      .filter((r) => r.fromType === 'userGroups')
      .map((r) => ({ id: r.fromUid })),
    translations: [],
    teiSearchOrganisationUnits: user.teiSearchOrganisationUnits ?? [],
    organisationUnits: user.organisationUnits ?? [],
    displayName: name,
    access: { manage: true, externalize: true, write: true, read: true, update: true, delete: true },
    name,
    settings: userSettingsOf(ctx, req.user.uid),
    userRoles: user.userRoles ?? [],
    programs: [],
    dataSets: ctx.store.listObjects('dataSets').map((d) => d.id),
    authorities,
  };
  if (minorOf(ctx.version) <= 41)
    body.userCredentials = { id: user.id, username: req.user.username, userRoles: user.userRoles ?? [] };
  if (minorOf(ctx.version) >= 41)
    Object.assign(body, { patTokens: [], impersonation: '', attributeValues: [] });
  return filterTopLevel(body, req.query.get('fields'));
}

/** `?fields=a,b` on endpoints that only support flat field lists. */
function filterTopLevel(body: JsonObject, fields: string | null): JsonObject {
  if (!fields || fields === '*' || fields === ':all') return body;
  const wanted = fields.split(',').map((f) => f.trim().replace(/\[.*$/, ''));
  return Object.fromEntries(Object.entries(body).filter(([k]) => wanted.includes(k)));
}

/** MeController#changePassword: 202 when the old password matches, ConflictException (409) otherwise. */
function changePassword(req: ApiRequest, ctx: SandboxContext): ApiResponse {
  const parsed = parseJsonBody(req);
  const body =
    parsed.ok && parsed.value && typeof parsed.value === 'object' ? (parsed.value as JsonObject) : {};
  const [oldPassword, newPassword] = [body.oldPassword, body.newPassword];
  const conflict = (message: string) => json(409, webMessage(409, 'ERROR', { message }));
  if (typeof oldPassword !== 'string' || !oldPassword || typeof newPassword !== 'string' || !newPassword)
    return conflict('OldPassword and newPassword must be provided');
  if (!credentialsMatch(ctx.store, req.user.username, oldPassword))
    return conflict('OldPassword is incorrect');
  storeCredentials(ctx.store, req.user.username, newPassword, req.user.uid);
  return { status: 202 };
}

export const systemRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/system\/info$/,
    handler: (req, ctx) => json(200, filterTopLevel(systemInfo(req, ctx), req.query.get('fields'))),
  },
  { method: 'GET', pattern: /^\/me$/, handler: (req, ctx) => json(200, me(req, ctx)) },
  { method: 'PUT', pattern: /^\/me\/changePassword$/, handler: changePassword },
  // MeController#getAuthorities / #hasAuthority (also under /me/authorities); "ALL" grants everything.
  {
    method: 'GET',
    pattern: /^\/me\/(?:authorization|authorities)$/,
    handler: (req, ctx) => json(200, authoritiesOf(userOf(req, ctx), ctx), { 'cache-control': 'no-store' }),
  },
  {
    method: 'GET',
    pattern: /^\/me\/(?:authorization|authorities)\/([A-Za-z0-9_]+)$/,
    handler: (req, ctx, [authority = '']) => {
      const held = authoritiesOf(userOf(req, ctx), ctx);
      return json(200, held.includes('ALL') || held.includes(authority), { 'cache-control': 'no-store' });
    },
  },
  // AppController#getApps: the sandbox installs no apps, so the list is empty.
  { method: 'GET', pattern: /^\/apps$/, handler: () => json(200, []) },
  {
    method: 'GET',
    pattern: /^\/system\/ping$/,
    handler: () => ({ status: 200, body: 'pong', contentType: 'text/plain;charset=UTF-8' }),
  },
  { method: 'GET', pattern: /^\/system\/id$/, handler: () => json(200, { codes: [generateUid()] }) },
  {
    method: 'POST',
    pattern: /^\/apiToken$/,
    handler: (req, ctx) => {
      const parsed = parseJsonBody(req);
      const body =
        parsed.ok && typeof parsed.value === 'object' && parsed.value !== null
          ? (parsed.value as JsonObject)
          : {};
      const uid = generateUid();
      const key = generateApiToken(ctx.version);
      const expire = typeof body.expire === 'number' ? body.expire : Date.now() + 30 * 24 * 3600 * 1000;
      storeApiToken(ctx.store, uid, key, req.user.uid, expire, timestamp());
      return json(
        201,
        webMessage(201, 'OK', {
          response: {
            responseType: 'ApiTokenCreationResponse',
            key,
            uid,
            klass: 'org.hisp.dhis.security.apikey.ApiToken',
            errorReports: [],
          },
        }),
      );
    },
  },
];

export const newSystemId = () => randomUUID();
