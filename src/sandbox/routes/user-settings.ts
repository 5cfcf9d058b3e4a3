import { json, type ApiRequest, type ApiResponse, type Route, type SandboxContext } from '../http/api.js';
import { webMessage } from '../http/web-message.js';
import type { JsonObject } from '../types.js';
import { systemSettingsOf } from './settings.js';

/**
 * /api/userSettings as UserSettingsController serves it (dhis-web-api .../UserSettingsController.java):
 * the keys with defaults (dhis-api .../setting/UserSettings.java) in the order real 2.40/2.43 servers
 * answered the Data Entry app (captures/{40,43}/static_resources.json). Values are stored per user in
 * the settings table as text, and typed back the way the defaults are.
 */
const DEFAULTS: JsonObject = {
  keyMessageSmsNotification: false,
  keyDbLocale: 'en',
  keyCurrentStyle: 'light_blue/light_blue.css',
  keyTrackerDashboardLayout: '',
  keyStyle: 'light_blue/light_blue.css',
  keyUiLocale: 'en',
  keyAnalysisDisplayProperty: 'name',
  keyMessageEmailNotification: false,
};

const storageKey = (userUid: string, key: string) => `userSetting:${userUid}:${key}`;

function typed(key: string, text: string): unknown {
  return typeof DEFAULTS[key] === 'boolean' ? text === 'true' : text;
}

/**
 * The signed-in user's settings (the `useFallback=true` answer): a key the user never set falls back
 * to the system setting of the same name (keyUiLocale, keyDbLocale, keyAnalysisDisplayProperty...),
 * then to the default, as DefaultUserSettingService does.
 */
export function userSettingsOf(ctx: SandboxContext, userUid: string): JsonObject {
  const system = systemSettingsOf(ctx);
  const rows = ctx.store.db
    .prepare<[string], { key: string; value: string }>('SELECT key, value FROM settings WHERE key LIKE ?')
    .all(`${storageKey(userUid, '')}%`);
  const stored = new Map(rows.map((r) => [r.key.slice(storageKey(userUid, '').length), r.value]));
  return Object.fromEntries(
    Object.entries(DEFAULTS).map(([key, fallback]) => {
      const text = stored.get(key);
      return [key, text !== undefined ? typed(key, text) : key in system ? system[key] : fallback];
    }),
  );
}

const unknownKey = (key: string) =>
  json(404, webMessage(404, 'ERROR', { message: `Setting does not exist: ${key}` }));

function getAll(req: ApiRequest, ctx: SandboxContext): ApiResponse {
  const settings = userSettingsOf(ctx, req.user.uid);
  const wanted = req.query.getAll('key').flatMap((k) => k.split(','));
  const body = wanted.length
    ? Object.fromEntries(Object.entries(settings).filter(([k]) => wanted.includes(k)))
    : settings;
  return json(200, body, { 'cache-control': 'no-cache, private' });
}

/** One value as text/plain (Java's toString of the JSON value: strings unquoted). */
function getOne(req: ApiRequest, ctx: SandboxContext, [key = '']: string[]): ApiResponse {
  if (!(key in DEFAULTS)) return unknownKey(key);
  const value = userSettingsOf(ctx, req.user.uid)[key];
  return {
    status: 200,
    body: String(value),
    contentType: 'text/plain;charset=UTF-8',
    headers: { 'cache-control': 'no-cache, private' },
  };
}

/** `?value=` wins over the body, as `firstNonNull(value, valuePayload)` does; empty is a 409. */
function put(req: ApiRequest, ctx: SandboxContext, [key = '']: string[]): ApiResponse {
  if (!(key in DEFAULTS)) return unknownKey(key);
  const value = req.query.get('value') ?? req.body.toString('utf8');
  if (value === '')
    return json(409, webMessage(409, 'ERROR', { message: 'You need to specify a new value' }));
  ctx.store.db
    .prepare('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)')
    .run(storageKey(req.user.uid, key), value);
  return json(200, webMessage(200, 'OK', { message: 'User setting saved' }));
}

function remove(req: ApiRequest, ctx: SandboxContext, [key = '']: string[]): ApiResponse {
  if (!(key in DEFAULTS)) return unknownKey(key);
  ctx.store.db.prepare('DELETE FROM settings WHERE key = ?').run(storageKey(req.user.uid, key));
  return { status: 200 };
}

export const userSettingRoutes: Route[] = [
  { method: 'GET', pattern: /^\/userSettings$/, handler: getAll },
  { method: 'GET', pattern: /^\/userSettings\/([A-Za-z]+)$/, handler: getOne },
  { method: 'POST', pattern: /^\/userSettings\/([A-Za-z]+)$/, handler: put },
  { method: 'DELETE', pattern: /^\/userSettings\/([A-Za-z]+)$/, handler: remove },
];
