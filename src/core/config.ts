import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
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
 * Reads edupkg.config.yaml. An explicitly named file must exist; the default one is optional.
 */
export function loadConfig(file: string | undefined, cwd = process.cwd()): EdupkgConfig {
  const path = resolve(cwd, file ?? DEFAULT_CONFIG_FILE);
  if (!existsSync(path)) {
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
