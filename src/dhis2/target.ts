import type { EdupkgConfig, TargetConfig } from '../core/config.js';
import { usageError } from '../errors/index.js';
import { registerBasicCredentials, registerSecret } from '../output/redact.js';
import { assertTransportAllowed, normaliseServerUrl } from './base-url.js';
import type { Dhis2Auth, Dhis2ClientOptions } from './client.js';

/** Connection flags shared by plan, install, status, rollback and uninstall (docs/targets.md). */
export interface ConnectionFlags {
  target?: string;
  server?: string;
  username?: string;
  passwordEnv?: string;
  tokenEnv?: string;
  allowInsecureHttp?: boolean;
  /** Seconds. */
  timeout?: number;
}

/** Asks for a missing value on a TTY; injected by the CLI (core never prompts). */
export type CredentialPrompt = (question: {
  name: 'username' | 'password';
  message: string;
  secret: boolean;
}) => Promise<string>;

export interface ResolvedTarget {
  name?: string;
  client: Dhis2ClientOptions;
  /** Install parameters the target config fixes (`targets.<name>.parameters`). */
  parameters: Record<string, string | number>;
  profile?: string;
}

export const ENV = {
  server: 'EDUPKG_SERVER',
  username: 'EDUPKG_USERNAME',
  password: 'EDUPKG_PASSWORD',
  token: 'EDUPKG_TOKEN',
} as const;

/**
 * Where the server and credentials come from, first found wins: flags, then the named target in
 * edupkg.config.yaml (secrets referenced by environment-variable name), then EDUPKG_* variables,
 * then a prompt on a TTY. Every secret is registered for redaction the moment it is read.
 */
export async function resolveTarget(
  flags: ConnectionFlags,
  config: EdupkgConfig,
  env: NodeJS.ProcessEnv,
  prompt?: CredentialPrompt,
): Promise<ResolvedTarget> {
  const target = flags.target ? namedTarget(config, flags.target) : undefined;
  const rawUrl = flags.server ?? target?.url ?? env[ENV.server];
  const source = flags.server ? '--server' : target ? `target ${flags.target} url` : ENV.server;
  if (!rawUrl) {
    throw usageError('NO_SERVER', 'no DHIS2 server given', {
      fix: `Pass --server URL or --target NAME (edupkg.config.yaml), or set ${ENV.server}`,
    });
  }
  const { baseUrl } = normaliseServerUrl(rawUrl, source);
  const allowInsecureHttp = flags.allowInsecureHttp ?? target?.allowInsecureHttp ?? false;
  // Checked before any credential is even prompted for.
  assertTransportAllowed(baseUrl, allowInsecureHttp);
  const auth = await resolveAuth(flags, target, env, prompt);
  const timeoutSeconds = flags.timeout ?? target?.timeoutSeconds ?? 60;
  return {
    ...(flags.target ? { name: flags.target } : {}),
    client: { baseUrl, auth, allowInsecureHttp, timeoutMs: timeoutSeconds * 1000 },
    parameters: target?.parameters ?? {},
    ...(target?.profile ? { profile: target.profile } : {}),
  };
}

function namedTarget(config: EdupkgConfig, name: string): TargetConfig {
  const target = config.targets?.[name];
  if (!target) {
    const known = Object.keys(config.targets ?? {});
    throw usageError(
      'UNKNOWN_TARGET',
      `--target ${name}: no such target in ${config.file ?? 'edupkg.config.yaml'}`,
      {
        fix: known.length
          ? `Known targets: ${known.join(', ')}`
          : 'Add it under `targets:` in edupkg.config.yaml',
      },
    );
  }
  return target;
}

async function resolveAuth(
  flags: ConnectionFlags,
  target: TargetConfig | undefined,
  env: NodeJS.ProcessEnv,
  prompt: CredentialPrompt | undefined,
): Promise<Dhis2Auth> {
  const token =
    fromEnv(env, flags.tokenEnv, '--token-env') ??
    fromEnv(env, target?.tokenEnv, 'tokenEnv') ??
    nonEmpty(env[ENV.token]);
  if (token) {
    registerSecret(token);
    return { type: 'token', token };
  }
  let username =
    flags.username ??
    target?.username ??
    fromEnv(env, target?.usernameEnv, 'usernameEnv') ??
    nonEmpty(env[ENV.username]);
  let password =
    fromEnv(env, flags.passwordEnv, '--password-env') ??
    fromEnv(env, target?.passwordEnv, 'passwordEnv') ??
    nonEmpty(env[ENV.password]);
  if (password) registerSecret(password);
  if (!username && prompt)
    username = await prompt({ name: 'username', message: 'DHIS2 username', secret: false });
  if (username && !password && prompt) {
    password = await prompt({ name: 'password', message: `Password for ${username}`, secret: true });
  }
  if (!username || !password) {
    throw usageError('NO_CREDENTIALS', 'no DHIS2 credentials given', {
      fix: `Set ${ENV.username} and ${ENV.password} (or ${ENV.token}), pass --username and --password-env VAR, or run on a terminal to be asked`,
    });
  }
  registerBasicCredentials(username, password);
  return { type: 'basic', username, password };
}

function fromEnv(env: NodeJS.ProcessEnv, variable: string | undefined, source: string): string | undefined {
  if (!variable) return undefined;
  const value = nonEmpty(env[variable]);
  if (value === undefined) {
    throw usageError('MISSING_ENV', `${source} ${variable}: environment variable is not set`, {
      fix: `export ${variable}=...`,
    });
  }
  return value;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
