/**
 * The one redaction function: every path that prints, logs or writes goes through it.
 * Secrets are registered as they are read (flags, environment, prompts) and scrubbed verbatim,
 * URL-encoded and base64-encoded (as they would appear inside a Basic header).
 */
const secrets = new Set<string>();

export function registerSecret(secret: string | undefined): void {
  if (secret && secret.length >= 3) secrets.add(secret);
}

/** Registers user:password the way it travels in an Authorization: Basic header. */
export function registerBasicCredentials(username: string, password: string): void {
  registerSecret(password);
  registerSecret(Buffer.from(`${username}:${password}`).toString('base64'));
}

const AUTH_HEADER = /(authorization["']?\s*[:=]\s*["']?)(basic|bearer|apitoken)\s+[^\s"',}]+/gi;
const URL_USERINFO = /(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+:[^/\s@]+@/gi;

export function redact(text: string): string {
  let out = text.replace(AUTH_HEADER, '$1$2 [REDACTED]').replace(URL_USERINFO, '$1[REDACTED]@');
  for (const secret of secrets) {
    for (const form of [secret, encodeURIComponent(secret)]) {
      if (out.includes(form)) out = out.split(form).join('[REDACTED]');
    }
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
