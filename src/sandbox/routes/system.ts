import { randomUUID } from 'node:crypto';
import { arch, availableParallelism, release as osRelease, totalmem, type as osType } from 'node:os';
import { generateUid } from '../../core/dhis2-model/uid.js';
import { credentialsMatch, generateApiToken, storeApiToken, storeCredentials } from '../auth.js';
import { timestamp } from '../metadata/commit.js';
import {
  jacksonTreeAnswer,
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
import { renderPlain } from '../query/fields.js';
import { renderContext } from './crud-read.js';
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

const EPOCH = '1970-01-01T00:00:00.000';

/** DateUtils.getPrettyInterval (joda DAY_SECOND_FORMAT): "489492 h, 29 m, 45 s", zero fields left out. */
function prettyInterval(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  const parts: Array<[number, string]> = [
    [Math.floor(seconds / 3600), 'h'],
    [Math.floor((seconds % 3600) / 60), 'm'],
    [seconds % 60, 's'],
  ];
  return parts
    .filter(([n]) => n > 0)
    .map(([n, unit]) => `${n} ${unit}`)
    .join(', ');
}

/** The user holds a role with authority ALL (DHIS2's isSuper()). */
function isSuperuser(ctx: SandboxContext, uid: string): boolean {
  const user = ctx.store.getObject('users', uid);
  return ((user?.userRoles as JsonObject[] | undefined) ?? []).some((r) =>
    ((ctx.store.getObject('userRoles', textOf(r.id))?.authorities as string[] | undefined) ?? []).includes(
      'ALL',
    ),
  );
}

/**
 * SystemInfo's server facts a superuser sees (SystemController#getSystemInfo strips them, and the
 * database's name/user/url/version, for anyone else via clearSensitiveInfo / withoutSensitiveInfo).
 */
function serverFacts(): JsonObject {
  const memory = process.memoryUsage();
  const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
  return {
    // build.properties' jasperreports.version, the same 6.20.0 in dhis-2/pom.xml of 2.38 to 2.43 and master.
    jasperReportsVersion: '6.20.0',
    environmentVariable: 'DHIS2_HOME',
    fileStoreProvider: 'filesystem',
    readOnlyMode: 'off',
    nodeId: 'edupkg-sandbox',
    javaVersion: '17.0.13',
    javaVendor: 'Eclipse Adoptium',
    osName: osType(),
    osArchitecture: arch() === 'x64' ? 'amd64' : arch(),
    osVersion: osRelease(),
    externalDirectory: '/opt/dhis2',
    readReplicaCount: 0,
    memoryInfo: `Mem Total in JVM: ${mb(memory.heapTotal)} Free in JVM: ${mb(memory.heapTotal - memory.heapUsed)} Max Limit: ${mb(totalmem())}`,
    cpuCores: availableParallelism(),
  };
}

/** GET /api/system/info in SystemInfo's field order for the version; nulls dropped (NON_NULL). */
function systemInfo(req: ApiRequest, ctx: SandboxContext): JsonObject {
  const now = timestamp();
  const release = RELEASES[ctx.version];
  const minor = minorOf(ctx.version);
  const superuser = isSuperuser(ctx, req.user.uid);
  const facts = superuser ? serverFacts() : {};
  const { readReplicaCount, memoryInfo, cpuCores, ...beforeDatabase } = facts;
  const database: JsonObject = {
    ...(superuser
      ? {
          name: 'edupkg',
          user: 'dhis',
          url: 'jdbc:sqlite:edupkg',
          databaseVersion: 'SQLite 3 (edupkg sandbox)',
        }
      : {}),
    spatialSupport: false,
    ...(minor >= 41 ? { time: now } : {}),
  };
  const info: JsonObject = {
    contextPath: ctx.baseUrl(),
    userAgent: req.headers['user-agent'] ?? '',
    calendar: 'iso8601',
    dateFormat: 'yyyy-mm-dd',
    serverDate: now,
    serverTimeZoneId: 'Etc/UTC',
    // 2.44 (and the 2.43.0 release, after the recorded 2.43-SNAPSHOT): system.session.timeout, 3600 s
    // by default (ConfigurationKey), and SystemCapability, analyticsTotalCounts only on Doris/ClickHouse.
    ...(minor >= 44 ? { sessionTimeout: 3600 } : {}),
    serverTimeZoneDisplayName: 'Coordinated Universal Time',
    lastAnalyticsTableSuccess: undefined,
    intervalSinceLastAnalyticsTableSuccess: undefined,
    lastAnalyticsTableRuntime: undefined,
    lastSystemMonitoringSuccess: undefined,
  };
  if (minor >= 42) {
    // 2.42's SystemSettings default these dates to new Date(0) and runtimes to "" (before: null, omitted).
    const interval = prettyInterval(Date.now());
    Object.assign(info, {
      lastAnalyticsTableSuccess: EPOCH,
      intervalSinceLastAnalyticsTableSuccess: interval,
      lastAnalyticsTableRuntime: '',
      lastSystemMonitoringSuccess: EPOCH,
      lastAnalyticsTablePartitionSuccess: EPOCH,
      intervalSinceLastAnalyticsTablePartitionSuccess: interval,
      lastAnalyticsTablePartitionRuntime: '',
    });
  }
  // 2.41 moved databaseInfo up, before the release facts.
  if (minor >= 41) info.databaseInfo = database;
  if (minor >= 44) info.capability = { analyticsTotalCounts: false };
  Object.assign(info, { version: release.version, revision: release.revision, buildTime: release.buildTime });
  Object.assign(info, beforeDatabase);
  if (minor < 41) info.databaseInfo = database;
  Object.assign(info, { readReplicaCount, memoryInfo, cpuCores });
  Object.assign(info, {
    encryption: false,
    emailConfigured: false,
    redisEnabled: false,
    systemId: ctx.systemId,
    systemName: 'edupkg sandbox',
  });
  if (minor >= 42) info.systemMetadataVersion = '';
  info.instanceBaseUrl = ctx.baseUrl();
  if (superuser) info.clusterHostname = '';
  info.isMetadataVersionEnabled = true;
  if (minor >= 42) info.lastMetadataVersionSyncAttempt = EPOCH;
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
  return renderPlain(renderContext(ctx), body, fieldsOf(req), ME_REFERENCES);
}

/** References in MeDto that nested field specs (`organisationUnits[id,level,path]`) resolve. */
const ME_REFERENCES = {
  organisationUnits: 'organisationUnits',
  dataViewOrganisationUnits: 'organisationUnits',
  teiSearchOrganisationUnits: 'organisationUnits',
  userRoles: 'userRoles',
  userGroups: 'userGroups',
};

const fieldsOf = (req: ApiRequest) => req.query.getAll('fields').join(',') || null;

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
    handler: (req, ctx) => json(200, renderPlain(renderContext(ctx), systemInfo(req, ctx), fieldsOf(req))),
  },
  { method: 'GET', pattern: /^\/me$/, handler: (req, ctx) => jacksonTreeAnswer('ObjectNode', me(req, ctx)) },
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
