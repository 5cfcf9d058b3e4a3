import { json, type ApiRequest, type ApiResponse, type Route, type SandboxContext } from '../http/api.js';
import { webMessage } from '../http/web-message.js';
import type { JsonObject } from '../types.js';

/**
 * /api/systemSettings as dhis2-core webapi SystemSettingsController: GET all (JSON map), GET one as
 * `{"key": value}` (or the bare value for Accept: text/plain), POST one (text or JSON body, or
 * `?value=`), DELETE one (204). Unknown keys are 404 "Setting does not exist: <key>"
 * (checkKeyExists); the defaults are those of dhis2-core setting/SystemSettings.
 */
const DEFAULTS: Readonly<JsonObject> = {
  applicationTitle: 'DHIS 2',
  helpPageLink: 'https://dhis2.github.io/dhis2-docs/master/en/user/html/dhis2_user_manual_en.html',
  keyUiLocale: 'en',
  keyDbLocale: 'en',
  keyCalendar: 'iso8601',
  keyDateFormat: 'yyyy-MM-dd',
  keyAnalysisDisplayProperty: 'name',
  keyCacheStrategy: 'CACHE_1_MINUTE',
  keyRequireAddToView: false,
  keyAllowObjectAssignment: false,
  keyIgnoreAnalyticsApprovalYearThreshold: -1,
  keyDataQualityMaxLimitIntervalPeriods: 0,
  keyOpenIdProvider: '',
  keyHideDailyPeriods: false,
  keyHideWeeklyPeriods: false,
  keyHideBiWeeklyPeriods: false,
  keyHideMonthlyPeriods: false,
  keyHideBiMonthlyPeriods: false,
  keyLockExceptions: false,
  keyApplicationFooter: '',
  keyApplicationIntro: '',
  keyApplicationNotification: '',
  keyApplicationRightFooter: '',
  keyFlag: 'dhis2',
  keyUseCustomLogoFront: false,
  keyUseCustomLogoBanner: false,
  startModule: 'dhis-web-dashboard',
};

const PREFIX = 'systemSetting.';

function storedSettings(ctx: SandboxContext): JsonObject {
  const rows = ctx.store.db
    .prepare<[string], { key: string; value: string }>('SELECT key, value FROM settings WHERE key LIKE ?')
    .all(`${PREFIX}%`);
  return Object.fromEntries(rows.map((r) => [r.key.slice(PREFIX.length), JSON.parse(r.value) as unknown]));
}

/** The system settings, defaults filled in (also the fallback of user settings of the same name). */
export function systemSettingsOf(ctx: SandboxContext): JsonObject {
  return current(ctx);
}

function current(ctx: SandboxContext): JsonObject {
  return { ...DEFAULTS, ...storedSettings(ctx) };
}

const missing = (key: string) =>
  json(404, webMessage(404, 'ERROR', { message: `Setting does not exist: ${key}` }));

function getAll(req: ApiRequest, ctx: SandboxContext): ApiResponse {
  const all = current(ctx);
  const keys = req.query.getAll('key').flatMap((k) => k.split(','));
  if (keys.length === 0) return json(200, all);
  return json(200, Object.fromEntries(keys.filter((k) => k in all).map((k) => [k, all[k]])));
}

function getOne(req: ApiRequest, ctx: SandboxContext, [key = '']: string[]): ApiResponse {
  const all = current(ctx);
  if (!(key in all)) return missing(key);
  if (/text\/plain/.test(req.headers.accept ?? '') && !/json/.test(req.headers.accept ?? ''))
    return { status: 200, body: String(all[key]), contentType: 'text/plain;charset=UTF-8' };
  return json(200, { [key]: all[key] }, { 'cache-control': 'no-cache, no-store, must-revalidate' });
}

/** A setting value: `?value=`, a JSON body (its string or scalar), or the plain text body. */
function valueOf(req: ApiRequest): unknown {
  const param = req.query.get('value');
  if (param !== null) return param;
  const text = req.body.toString('utf8');
  if (/json/.test(String(req.headers['content-type'] ?? ''))) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

function setOne(req: ApiRequest, ctx: SandboxContext, [key = '']: string[]): ApiResponse {
  const value = valueOf(req);
  ctx.store.db
    .prepare('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)')
    .run(`${PREFIX}${key}`, JSON.stringify(value));
  return json(
    200,
    webMessage(200, 'OK', { message: `System setting '${key}' set to value '${String(value)}'.` }),
  );
}

function removeOne(_req: ApiRequest, ctx: SandboxContext, [key = '']: string[]): ApiResponse {
  if (!(key in current(ctx))) return missing(key);
  ctx.store.db.prepare('DELETE FROM settings WHERE key = ?').run(`${PREFIX}${key}`);
  return { status: 204 };
}

export const settingsRoutes: Route[] = [
  { method: 'GET', pattern: /^\/systemSettings$/, handler: getAll },
  { method: 'GET', pattern: /^\/systemSettings\/([A-Za-z0-9_.]+)$/, handler: getOne },
  { method: 'POST', pattern: /^\/systemSettings\/([A-Za-z0-9_.]+)$/, handler: setOne },
  { method: 'DELETE', pattern: /^\/systemSettings\/([A-Za-z0-9_.]+)$/, handler: removeOne },
];
