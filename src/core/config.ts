import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { assertNoUrlCredentials } from '../dhis2/base-url.js';
import { EdupkgError, EXIT, inputError } from '../errors/index.js';
import { readYamlFile } from './io/read-input.js';
import { describeAjvError, schemaValidator } from './schema/ajv.js';

export const DEFAULT_CONFIG_FILE = 'edupkg.config.yaml';

export type Severity = 'error' | 'warning' | 'info' | 'off';

/** A named DHIS2 server. Secrets are referenced by environment-variable name, never stored. */
export interface TargetConfig {
  url: string;
  username?: string;
  usernameEnv?: string;
  passwordEnv?: string;
  tokenEnv?: string;
  profile?: string;
  parameters?: Record<string, string | number>;
  allowInsecureHttp?: boolean;
  timeoutSeconds?: number;
}

export interface EdupkgConfig {
  targets?: Record<string, TargetConfig>;
  severity?: Record<string, Severity>;
  diff?: { ignore?: string[] };
  packagePaths?: string[];
  /** Folder of the config file: relative paths in it are relative to here. */
  baseDir: string;
  file?: string;
}

/**
 * Where the config comes from when --config is not given, as git finds its repository: the nearest
 * edupkg.config.yaml in the working folder or above it, else the user's
 * `$XDG_CONFIG_HOME/edupkg/config.yaml` (XDG_CONFIG_HOME defaults to ~/.config).
 */
export function findConfigFile(cwd: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const candidate = join(dir, DEFAULT_CONFIG_FILE);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) break;
  }
  const xdg = env.XDG_CONFIG_HOME || (env.HOME ? join(env.HOME, '.config') : undefined);
  const user = xdg ? join(xdg, 'edupkg', 'config.yaml') : undefined;
  return user && existsSync(user) ? user : undefined;
}

/**
 * Reads the config: an explicitly named file must exist; otherwise the one findConfigFile finds, if any.
 */
export function loadConfig(file: string | undefined, cwd = process.cwd()): EdupkgConfig {
  const path = file ? resolve(cwd, file) : findConfigFile(cwd);
  if (!path || !existsSync(path)) {
    if (file) throw inputError('CONFIG_NOT_FOUND', `${file}: config file not found`, { file });
    return { baseDir: cwd };
  }
  const value = readYamlFile(path) ?? {};
  const validate = schemaValidator('config.schema.json');
  if (!validate(value)) {
    const first = validate.errors?.[0];
    throw new EdupkgError(
      'CONFIG.INVALID',
      `${path}: ${first ? describeAjvError(first) : 'invalid'}`,
      EXIT.USAGE,
      {
        file: path,
        field: first?.instancePath,
      },
    );
  }
  const config = value as Omit<EdupkgConfig, 'baseDir'>;
  for (const [name, target] of Object.entries(config.targets ?? {}))
    assertNoUrlCredentials(target.url, `${path}: /targets/${name}/url`);
  return { ...config, baseDir: dirname(path), file: path };
}
