import { dirname, resolve } from 'node:path';
import { assertNoUrlCredentials } from '../../dhis2/base-url.js';
import { type EdupkgError, inputError, usageError } from '../../errors/index.js';
import type { TargetConfig } from '../config.js';
import { isProfileFile } from '../content/profiles.js';
import { readYamlFile } from '../io/read-input.js';
import { describeAjvError, schemaValidator } from '../schema/ajv.js';

export type Stage = 'dev' | 'staging' | 'prod';
export const STAGES: readonly Stage[] = ['dev', 'staging', 'prod'];

/** One server of a fleet: a config target plus what to install on it. */
export interface FleetTarget extends TargetConfig {
  name: string;
  packages: string[];
  stage?: Stage;
}

export interface FleetFile {
  file: string;
  /** Folder of the fleet file: relative package paths are resolved from here. */
  baseDir: string;
  concurrency?: number;
  retries?: number;
  targets: FleetTarget[];
}

type RawTarget = Partial<FleetTarget> & Record<string, unknown>;

// Keys people write by habit; naming them gives a better message than "unknown property".
const SECRET_KEYS = ['password', 'token', 'apiToken', 'pat'];

/**
 * Reads and checks a fleet file (schemas/fleet.schema.json). `defaults` are merged into every
 * target; a target without packages after that is an error, as are duplicate names and any
 * secret written into the file itself.
 */
export function loadFleetFile(path: string): FleetFile {
  const file = resolve(path);
  const value = readYamlFile(file) ?? {};
  rejectInlineSecrets(value, file);
  const validate = schemaValidator('fleet.schema.json');
  if (!validate(value)) {
    const first = validate.errors?.[0];
    throw inputError('FLEET_INVALID', `${file}: ${first ? describeAjvError(first) : 'invalid fleet file'}`, {
      file,
      field: first?.instancePath,
      fix: 'See docs/ci.md for the fleet file format',
    });
  }
  const raw = value as { concurrency?: number; retries?: number; defaults?: RawTarget; targets: RawTarget[] };
  const seen = new Set<string>();
  const targets = raw.targets.map((target, index) => {
    const merged: RawTarget = {
      ...raw.defaults,
      ...target,
      parameters: { ...raw.defaults?.parameters, ...target.parameters },
    };
    const name = String(merged.name);
    if (seen.has(name)) throw fleetError(file, `/targets/${index}/name`, `duplicate target name "${name}"`);
    seen.add(name);
    if (typeof merged.url === 'string') assertNoUrlCredentials(merged.url, `${file}: /targets/${index}/url`);
    if (!merged.packages?.length) {
      throw fleetError(
        file,
        `/targets/${index}/packages`,
        `target "${name}" lists no packages (and defaults give none)`,
      );
    }
    // A profile file is relative to the fleet file, like package paths.
    if (typeof merged.profile === 'string' && isProfileFile(merged.profile))
      merged.profile = resolve(dirname(file), merged.profile);
    return merged as FleetTarget;
  });
  return {
    file,
    baseDir: dirname(file),
    ...(raw.concurrency !== undefined ? { concurrency: raw.concurrency } : {}),
    ...(raw.retries !== undefined ? { retries: raw.retries } : {}),
    targets,
  };
}

/** The targets a run covers: all of them, or those of one stage (`--stage`), or those named. */
export function selectTargets(
  fleet: FleetFile,
  selection: { stage?: string; names?: string[] },
): FleetTarget[] {
  let targets = fleet.targets;
  if (selection.stage !== undefined) {
    if (!(STAGES as readonly string[]).includes(selection.stage)) {
      throw usageError('BAD_STAGE', `--stage ${selection.stage}: not a stage`, {
        fix: `Use one of: ${STAGES.join(', ')}`,
      });
    }
    targets = targets.filter((t) => t.stage === selection.stage);
  }
  if (selection.names?.length) {
    const unknown = selection.names.filter((n) => !fleet.targets.some((t) => t.name === n));
    if (unknown.length) {
      throw usageError('UNKNOWN_TARGET', `${fleet.file}: no target named ${unknown.join(', ')}`, {
        fix: `Known targets: ${fleet.targets.map((t) => t.name).join(', ')}`,
      });
    }
    targets = targets.filter((t) => selection.names!.includes(t.name));
  }
  if (targets.length === 0) {
    throw usageError(
      'NO_TARGETS',
      `${fleet.file}: no target matches${selection.stage ? ` --stage ${selection.stage}` : ''}`,
      {
        fix: 'Add `stage:` to the targets or drop --stage',
      },
    );
  }
  return targets;
}

function rejectInlineSecrets(value: unknown, file: string): void {
  if (!value || typeof value !== 'object') return;
  const record = value as { defaults?: unknown; targets?: unknown };
  const holders: Array<[string, unknown]> = [['/defaults', record.defaults]];
  if (Array.isArray(record.targets)) record.targets.forEach((t, i) => holders.push([`/targets/${i}`, t]));
  for (const [pointer, holder] of holders) {
    if (!holder || typeof holder !== 'object') continue;
    const key = SECRET_KEYS.find((k) => k in holder);
    if (key) {
      throw fleetError(
        file,
        `${pointer}/${key}`,
        `secrets are not allowed in a fleet file (found "${key}")`,
        {
          fix: `Name an environment variable instead: ${key === 'password' ? 'passwordEnv: MY_PASSWORD' : 'tokenEnv: MY_TOKEN'}`,
        },
      );
    }
  }
}

function fleetError(file: string, field: string, message: string, extra: { fix?: string } = {}): EdupkgError {
  return inputError('FLEET_INVALID', `${file}: ${field}: ${message}`, { file, field, ...extra });
}
