/**
 * The one redaction function: every path that prints, logs or writes goes through it.
 * Secrets are registered as they are read (flags, environment, prompts) and scrubbed verbatim,
 * URL-encoded, JSON-escaped and base64-encoded (as they would appear inside a Basic header).
 */
const secrets = new Map<string, RegExp[]>();

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A secret is masked where it stands as a token of its own, not inside a longer word or dotted
 * name: with the sandbox's public password "district", `orgUnitLevel.district` stays readable
 * while `admin:district`, `"district"` or `district.` are still masked.
 */
function tokenPattern(form: string): RegExp {
  return new RegExp(`(?<![A-Za-z0-9_])(?<![A-Za-z0-9_]\\.)${escapeRegExp(form)}(?![A-Za-z0-9_])`, 'g');
}

export function registerSecret(secret: string | undefined): void {
  // Short secrets too: a two-letter password is still a password (a whole-token match keeps words readable).
  if (!secret || secrets.has(secret)) return;
  const forms = new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]);
  secrets.set(secret, [...forms].map(tokenPattern));
}

/** Registers user:password the way it travels in an Authorization: Basic header. */
export function registerBasicCredentials(username: string, password: string): void {
  registerSecret(password);
  registerSecret(Buffer.from(`${username}:${password}`).toString('base64'));
}

const AUTH_HEADER = /(authorization["']?\s*[:=]\s*["']?)(basic|bearer|apitoken)\s+[^\s"',}]+/gi;
// Userinfo never holds a raw quote: without that stop a JSON document's "url" and a later
// "user@host" value were read as one URL with credentials, and the redaction broke the JSON.
const URL_USERINFO = /(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s:@"]+:[^/\s@"]+@/gi;

export function redact(text: string): string {
  let out = text.replace(AUTH_HEADER, '$1$2 [REDACTED]').replace(URL_USERINFO, '$1[REDACTED]@');
  for (const patterns of secrets.values()) {
    for (const pattern of patterns) out = out.replace(pattern, '[REDACTED]');
  }
  return out;
}

/** Deep-redacts a JSON-able value (used on --json documents and files we write). */
export function redactValue<T>(value: T): T {
  if (secrets.size === 0) return value;
  return JSON.parse(redact(JSON.stringify(value))) as T;
}

export function clearSecretsForTests(): void {
  secrets.clear();
}
