import { existsSync, openSync, readSync, closeSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { conflictError, inputError } from '../../errors/index.js';
import { writeFileAtomic } from '../fleet/write-file-atomic.js';
import { readJsonFile } from '../io/read-input.js';
import { describeAjvError, schemaValidator } from '../schema/ajv.js';
import { planHash } from './plan.js';
import type { InstallPlan } from './types.js';

/** What was asked for: enough to compute the same plan again (schemas/plan-file.schema.json). */
export interface PlanRequestRecord {
  packages: string[];
  profile?: string;
  /** `key=value`, as given to --param. */
  parameters: string[];
  overwriteLocal: boolean;
  prune: boolean;
  force: boolean;
}

export interface PlanFile {
  edupkgPlan: 1;
  createdAt: string;
  toolVersion: string;
  target: { url: string; name?: string };
  request: PlanRequestRecord;
  plan: InstallPlan;
}

/**
 * Saves a plan (`plan --out`). Package paths are stored relative to the plan file, so a plan made
 * in one checkout (a pull-request job) applies in another (the deploy job).
 */
export function writePlanFile(path: string, file: Omit<PlanFile, 'edupkgPlan'>): void {
  const base = dirname(resolve(path));
  const portable = (ref: string) =>
    existsSync(ref) ? relative(base, resolve(ref)).split(sep).join('/') || '.' : ref;
  const request: PlanRequestRecord = {
    ...file.request,
    packages: file.request.packages.map(portable),
    ...(file.request.profile ? { profile: portable(file.request.profile) } : {}),
  };
  // The marker goes first: isPlanFile() reads only the start of a .json file.
  const content: PlanFile = { edupkgPlan: 1, ...file, request };
  writeFileAtomic(resolve(path), `${JSON.stringify(content, null, 2)}\n`);
}

/** Whether a path names a saved plan rather than a package (a DHIS2 metadata .json is a package too). */
export function isPlanFile(path: string): boolean {
  if (!path.endsWith('.json') || !existsSync(path)) return false;
  const head = Buffer.alloc(64);
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const n = readSync(fd, head, 0, head.length, 0);
    return /^\s*\{\s*"edupkgPlan"\s*:/.test(head.subarray(0, n).toString('utf8'));
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Reads and checks a plan file; package paths come back resolved against its folder. */
export function readPlanFile(path: string): PlanFile {
  const value = readJsonFile(path);
  const validate = schemaValidator('plan-file.schema.json');
  if (!validate(value)) {
    const first = validate.errors?.[0];
    throw inputError(
      'BAD_PLAN_FILE',
      `${path}: not an edupkg plan file: ${first ? describeAjvError(first) : 'invalid'}`,
      {
        file: path,
        fix: 'Write it again with `edupkg plan <packages> --out plan.json`',
      },
    );
  }
  const file = value as PlanFile;
  if (planHash(file.plan) !== file.plan.hash) {
    throw conflictError(
      'PLAN_FILE_EDITED',
      `${path}: the plan was edited after it was saved (its hash no longer matches)`,
      {
        file: path,
        fix: 'Plan again with `edupkg plan ... --out`; a saved plan is applied exactly or not at all',
      },
    );
  }
  const base = dirname(resolve(path));
  const local = (ref: string) => {
    const candidate = isAbsolute(ref) ? ref : resolve(base, ref);
    return existsSync(candidate) ? candidate : ref;
  };
  return {
    ...file,
    request: {
      ...file.request,
      packages: file.request.packages.map(local),
      ...(file.request.profile ? { profile: local(file.request.profile) } : {}),
    },
  };
}
