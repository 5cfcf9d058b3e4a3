import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { authenticate } from '../auth.js';
import type { ApiUser } from '../http/api.js';
import type { SandboxStore } from '../store.js';
import type { Dhis2Version } from '../types.js';

/** DHIS2's servlet session cookie; the web page and the API share it. */
export const SESSION_COOKIE = 'JSESSIONID';
/** Tomcat's default session timeout: 30 minutes without a request. */
const IDLE_MS = 30 * 60 * 1000;

interface Session {
  user: ApiUser;
  lastSeen: number;
}

function cookieValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  for (const part of (headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** In-memory sessions, as DHIS2 keeps them by default: a restart logs everyone out. */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Checks the credentials exactly as the API's Basic auth does; undefined when they are wrong. */
  login(
    store: SandboxStore,
    version: Dhis2Version,
    username: string,
    password: string,
  ): { id: string; user: ApiUser } | undefined {
    const authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
    const user = authenticate(store, version, { authorization }, '');
    if ('status' in user) return undefined;
    const id = randomBytes(24).toString('hex').toUpperCase();
    this.sessions.set(id, { user, lastSeen: this.now() });
    return { id, user };
  }

  /** The signed-in user of a request's session cookie, if it is live (each use extends it). */
  userOf(headers: IncomingHttpHeaders): ApiUser | undefined {
    const id = cookieValue(headers, SESSION_COOKIE);
    const session = id === undefined ? undefined : this.sessions.get(id);
    if (!id || !session) return undefined;
    if (this.now() - session.lastSeen > IDLE_MS) {
      this.sessions.delete(id);
      return undefined;
    }
    session.lastSeen = this.now();
    return session.user;
  }

  logout(headers: IncomingHttpHeaders): void {
    const id = cookieValue(headers, SESSION_COOKIE);
    if (id) this.sessions.delete(id);
  }
}

export const sessionCookie = (id: string): string =>
  `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Lax`;
export const expiredSessionCookie = `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;
