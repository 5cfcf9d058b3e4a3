import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { readBody } from '../http/body.js';
import type { ApiResponse } from '../http/api.js';
import type { SandboxStore } from '../store.js';
import { minorOf, type Dhis2Version } from '../types.js';
import { languageOf, loginPage } from './login-page.js';
import { expiredSessionCookie, sessionCookie, type SessionStore } from './session.js';

const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));
const CONTENT_TYPES: Record<string, string> = {
  html: 'text/html;charset=UTF-8',
  js: 'text/javascript;charset=UTF-8',
  css: 'text/css;charset=UTF-8',
};
/** The page's own files: a fixed list, so no request path ever reaches the file system. */
const ASSETS = [
  'index.html',
  'style.css',
  'app.js',
  'api.js',
  'i18n.js',
  'dashboards.js',
  'charts.js',
  'maps.js',
  'data-entry.js',
  'form-layout.js',
  'trainer.js',
];
const require = createRequire(import.meta.url);
/** Apache ECharts, served from node_modules: charts and GeoJSON maps without a tile server. */
const VENDOR: Record<string, string> = { 'echarts.min.js': 'echarts/dist/echarts.min.js' };

const cache = new Map<string, string>();
function fileText(path: string): string {
  let text = cache.get(path);
  if (text === undefined) cache.set(path, (text = readFileSync(path, 'utf8')));
  return text;
}

const page = (body: string, contentType: string, headers: Record<string, string> = {}): ApiResponse => ({
  status: 200,
  body,
  contentType,
  headers: { 'cache-control': 'no-cache', ...headers },
});
const redirect = (location: string, headers: Record<string, string> = {}): ApiResponse => ({
  status: 302,
  body: '',
  headers: { location, ...headers },
});

export interface WebContext {
  store: SandboxStore;
  version: Dhis2Version;
  sessions: SessionStore;
  maxBodyBytes: number;
}

/** Where DHIS2 of this version sends a browser that is not logged in. */
export const loginPath = (version: Dhis2Version): string =>
  minorOf(version) >= 41 ? '/login/' : '/dhis-web-commons/security/login.action';

/**
 * Everything outside /api: the login form, the session endpoints of DHIS2's Spring Security,
 * and the page (only with a live session). Undefined for any other path.
 */
export async function webResponse(
  req: IncomingMessage,
  pathname: string,
  query: URLSearchParams,
  web: WebContext,
): Promise<ApiResponse | undefined> {
  const method = (req.method ?? 'GET').toUpperCase();
  const login = loginPath(web.version);
  if (method === 'GET' && (pathname === login || pathname === '/dhis-web-commons/security/login.action'))
    return page(
      loginPage(languageOf(req.headers['accept-language']), query.get('failed') === 'true'),
      CONTENT_TYPES.html!,
    );
  if (method === 'POST' && pathname === '/dhis-web-commons-security/login.action') {
    const form = new URLSearchParams((await readBody(req, web.maxBodyBytes)).toString('utf8'));
    const session = web.sessions.login(
      web.store,
      web.version,
      form.get('j_username') ?? '',
      form.get('j_password') ?? '',
    );
    if (!session) return redirect(`${login}?failed=true`);
    return redirect('/', { 'set-cookie': sessionCookie(session.id) });
  }
  if (pathname === '/dhis-web-commons-security/logout.action') {
    web.sessions.logout(req.headers);
    return redirect(login, { 'set-cookie': expiredSessionCookie });
  }
  if (method !== 'GET') return undefined;
  if (pathname === '/' || pathname === '/index.html')
    return web.sessions.userOf(req.headers)
      ? page(fileText(`${PUBLIC_DIR}index.html`), CONTENT_TYPES.html!)
      : redirect(login);
  const asset = /^\/web\/(vendor\/)?([a-z0-9.-]+)$/.exec(pathname);
  if (!asset) return undefined;
  const [, vendor, name = ''] = asset;
  if (vendor) {
    const module = VENDOR[name];
    return module ? page(fileText(require.resolve(module)), CONTENT_TYPES.js!) : undefined;
  }
  if (!ASSETS.includes(name)) return undefined;
  return page(fileText(`${PUBLIC_DIR}${name}`), CONTENT_TYPES[name.split('.').pop()!]!);
}
