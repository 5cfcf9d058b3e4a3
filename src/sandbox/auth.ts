import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { crc32 } from 'node:zlib';
import type { IncomingHttpHeaders } from 'node:http';
import type { ApiResponse, ApiUser } from './http/api.js';
import { webMessage } from './http/web-message.js';
import type { SandboxStore } from './store.js';
import type { Dhis2Version } from './types.js';
import { minorOf } from './types.js';

const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function randomCode(length: number): string {
  const bytes = randomBytes(length);
  let code = '';
  for (const byte of bytes) code += ALPHANUMERIC[byte % 62]!;
  return code;
}

/**
 * 2.41's CRC32Utils hashes the whole ByteBuffer backing array, i.e. the code plus its spare zero
 * bytes (3 for a 32-character code, 4 for 44); ≤2.40 hashes the plain bytes. Verified against the
 * documented V1 example and 2.41's own test tokens.
 */
function checksum(code: string, version: Dhis2Version): number {
  const spare = minorOf(version) >= 41 ? (code.length === 32 ? 3 : 4) : 0;
  return crc32(Buffer.concat([Buffer.from(code, 'utf8'), Buffer.alloc(spare)]));
}

function base62(value: number, width: number): string {
  let out = '';
  for (let v = value; v > 0; v = Math.floor(v / 62)) out = ALPHANUMERIC[v % 62]! + out;
  return out.padStart(width, '0');
}

/** A new Personal Access Token: V1 `d2pat_` up to 2.40, V2 `d2p_` from 2.41. */
export function generateApiToken(version: Dhis2Version): string {
  if (minorOf(version) >= 41) {
    const code = randomCode(44);
    return `d2p_${code}${base62(checksum(code, version), 6)}`;
  }
  const code = randomCode(32);
  return `d2pat_${code}${String(checksum(code, version)).padStart(10, '0')}`;
}

/** 2.41+ checks the token's own checksum before looking it up: a bad one is a 400, not a 401. */
function tokenShapeError(token: string, version: Dhis2Version): string | undefined {
  if (minorOf(version) < 41) return undefined;
  const v1 = /^d2pat_([A-Za-z0-9]{32})(\d{10})$/.exec(token);
  const v2 = /^d2p_([A-Za-z0-9]{44})([A-Za-z0-9]{6})$/.exec(token);
  if (!v1 && !v2) return 'Api token is malformed';
  const expected = v1
    ? String(checksum(v1[1]!, version)).padStart(10, '0')
    : base62(checksum(v2![1]!, version), 6);
  return expected === (v1 ? v1[2] : v2![2]) ? undefined : 'Checksum validation failed';
}

export function storeApiToken(
  store: SandboxStore,
  uid: string,
  token: string,
  userUid: string,
  expire: number | null,
  created: string,
): void {
  store.db
    .prepare('INSERT INTO api_tokens (uid, key_hash, user_uid, expire, created) VALUES (?, ?, ?, ?, ?)')
    .run(uid, sha256(token), userUid, expire, created);
}

export function hashPassword(password: string, salt = randomBytes(8).toString('hex')): string {
  return `${salt}$${sha256(`${salt}:${password}`)}`;
}

/** Sets a user's password (salted hash only); the one place the credentials table is written. */
export function storeCredentials(
  store: SandboxStore,
  username: string,
  password: string,
  userUid: string,
): void {
  store.db
    .prepare('INSERT OR REPLACE INTO credentials (username, password_hash, user_uid) VALUES (?, ?, ?)')
    .run(username, hashPassword(password), userUid);
}

/** True when `username` exists and `password` is theirs. */
export function credentialsMatch(store: SandboxStore, username: string, password: string): boolean {
  const row = store.db
    .prepare<[string], { password_hash: string }>('SELECT password_hash FROM credentials WHERE username = ?')
    .get(username);
  return row !== undefined && passwordMatches(password, row.password_hash);
}

export function passwordMatches(password: string, stored: string): boolean {
  const [salt = '', hash = ''] = stored.split('$');
  const actual = Buffer.from(sha256(`${salt}:${password}`));
  const expected = Buffer.from(hash);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

const unauthorized = (message = 'Unauthorized', headers?: Record<string, string>): ApiResponse => ({
  status: 401,
  body: webMessage(401, 'ERROR', { message }),
  ...(headers ? { headers } : {}),
});

/**
 * DHIS2's authentication entry point: Basic and ApiToken headers are checked (401 JSON when
 * wrong); a browser-style request without credentials is redirected (302) to the login page,
 * while an XHR one gets the 401.
 */
export function authenticate(
  store: SandboxStore,
  version: Dhis2Version,
  headers: IncomingHttpHeaders,
  baseUrl: string,
): ApiUser | ApiResponse {
  const header = headers.authorization;
  if (!header) {
    if (headers['x-requested-with'] === 'XMLHttpRequest') return unauthorized();
    const login =
      minorOf(version) >= 41 ? `${baseUrl}/login/` : `${baseUrl}/dhis-web-commons/security/login.action`;
    return { status: 302, headers: { location: login }, body: '' };
  }
  const basic = /^Basic\s+(.+)$/i.exec(header);
  if (basic) {
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const username = colon < 0 ? decoded : decoded.slice(0, colon);
    const row = store.db
      .prepare<[string], { password_hash: string; user_uid: string }>(
        'SELECT password_hash, user_uid FROM credentials WHERE username = ?',
      )
      .get(username);
    if (!row || colon < 0 || !passwordMatches(decoded.slice(colon + 1), row.password_hash))
      return unauthorized();
    return { uid: row.user_uid, username };
  }
  const apiToken = /^ApiToken (?<token>[a-z0-9-._~+/]+=*)$/i.exec(header);
  if (apiToken?.groups?.token) {
    const token = apiToken.groups.token;
    const shapeError = tokenShapeError(token, version);
    if (shapeError) return { status: 400, body: webMessage(400, 'ERROR', { message: shapeError }) };
    const row = store.db
      .prepare<[string], { user_uid: string; expire: number | null }>(
        'SELECT user_uid, expire FROM api_tokens WHERE key_hash = ?',
      )
      .get(sha256(token));
    const challenge = { 'www-authenticate': 'ApiToken error="invalid_token"' };
    if (!row) return unauthorized('The API token does not exists', challenge);
    if (row.expire !== null && row.expire < Date.now())
      return unauthorized('The API token has expired', challenge);
    const user = store.db
      .prepare<[string], { username: string }>('SELECT username FROM credentials WHERE user_uid = ?')
      .get(row.user_uid);
    return { uid: row.user_uid, username: user?.username ?? 'unknown' };
  }
  return unauthorized();
}
