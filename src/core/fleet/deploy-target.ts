import { join } from 'node:path';
import {
  createDhis2Client,
  resolveTarget,
  type Dhis2Client,
  type Dhis2ClientOptions,
} from '../../dhis2/index.js';
import { conflictError } from '../../errors/index.js';
import {
  installPackages,
  preparePlan,
  resolveInstallSet,
  type LockOwner,
  type PlanOptions,
} from '../install/index.js';
import type { MetadataBundle } from '../package/types.js';
import type { ProgressEvent } from '../progress.js';
import { createDataValueSender, type SendDataValues } from '../training/data-value-transport.js';
import { provisionTraining } from '../training/provision.js';
import type { SampleData } from '../training/sample-data.js';
import type { TrainingUser } from '../training/training-users.js';
import { packageLoaderFor, resolveProfile } from '../content/index.js';
import { levelStructureOf } from './package-loader.js';
import type { DeployContext, DeployTarget } from './run-fleet.js';
import type { TargetSuccess } from './types.js';

export interface TrainingOptions {
  users: number;
  sampleData: boolean;
  /** Folder for `<target>-users.csv`. */
  outDir: string;
  years?: number[];
  /** New trainee passwords even where `<target>-users.csv` already has some. */
  resetPasswords?: boolean;
  /** Receives each target's accounts (for --show-passwords); otherwise they only reach the CSV. */
  onAccounts?: (target: string, accounts: TrainingUser[]) => void;
}

export interface FleetDeployOptions {
  dryRun: boolean;
  toolVersion: string;
  lockOwner: LockOwner;
  env: NodeJS.ProcessEnv;
  /** Folders searched for packages named by bare name (fleet-file folder, config packagePaths). */
  searchDirs: string[];
  training?: TrainingOptions;
  /**
   * Reviewed plan hash per target name (`deploy --plan-hash`). When given, every target needs one
   * and installs only if its plan still has that hash (exit 8 otherwise).
   */
  planHashes?: Record<string, string>;
  /** `deploy --allow-privileged`: consent to privileged changes on every target. */
  allowPrivileged?: boolean;
  /** Ctrl-C: each target's install stops after its request in flight and releases its lock. */
  signal?: AbortSignal;
  /** Overrides for tests: how clients and data-value senders are made. */
  createClient?: (options: Dhis2ClientOptions) => Dhis2Client;
  createSender?: (options: Dhis2ClientOptions) => SendDataValues;
  log?: (line: string) => void;
}

/** Phase messages of the install library, shortened for a one-line-per-target view. */
function progressOf(context: DeployContext): (event: ProgressEvent) => void {
  return (event) => {
    if (event.kind === 'phase') context.progress(event.message);
    else context.progress(event.phase, { done: event.done, total: event.total });
  };
}

/**
 * Plans and installs a fleet target's packages with the install library (lock, plan, atomic
 * import, ledger), then provisions trainees and sample data when asked. Credentials come from the
 * environment variables the fleet file names, resolved the same way as a config target.
 */
export function createFleetDeployer(options: FleetDeployOptions): DeployTarget {
  const makeClient = options.createClient ?? createDhis2Client;
  const makeSender =
    options.createSender ?? ((o: Dhis2ClientOptions) => createDataValueSender(makeClient(o)));
  const sampleCache = new Map<string, SampleData>();
  return async (target, context) => {
    const { name: _name, packages, stage: _stage, ...config } = target;
    const resolved = await resolveTarget(
      { target: target.name },
      { targets: { [target.name]: config }, baseDir: '.' },
      options.env,
    );
    const clientOptions: Dhis2ClientOptions = {
      ...resolved.client,
      ...(options.log ? { log: options.log } : {}),
    };
    const client = makeClient(clientOptions);
    const profile = target.profile ? resolveProfile(target.profile) : undefined;
    const load = packageLoaderFor(profile);
    const planOptions: PlanOptions = {
      packages,
      searchDirs: options.searchDirs,
      parameters: { overrides: {}, target: resolved.parameters },
      load,
      ...(profile ? { profile } : {}),
      onProgress: progressOf(context),
    };
    let success: TargetSuccess;
    if (options.dryRun) {
      const prepared = await preparePlan(client, planOptions);
      const { plan } = prepared;
      if (plan.conflicts.length > 0) {
        throw conflictError(
          'UNRESOLVED',
          `${plan.conflicts.length} conflict(s) would stop the install: ${plan.conflicts[0]!.message}`,
          {
            fix: `Run \`edupkg plan\` against ${target.url} to see them all`,
          },
        );
      }
      success = {
        status: 'planned',
        dhis2Version: prepared.serverVersion,
        packages: plan.packages.map((p) => ({
          name: p.name,
          version: p.version,
          mode: p.mode,
          ...(p.installedVersion ? { installedVersion: p.installedVersion } : {}),
        })),
        counts: {
          create: plan.summary.create,
          update: plan.summary.update,
          unchanged: plan.summary.unchanged,
          conflict: plan.summary.conflict,
        },
        planHash: plan.hash,
        ...(prepared.warnings.length ? { notes: prepared.warnings } : {}),
      };
    } else {
      const expectedPlanHash = options.planHashes?.[target.name];
      if (options.planHashes && !expectedPlanHash) {
        throw conflictError(
          'NO_PLAN_HASH',
          `${target.name}: no reviewed plan hash was given for this target`,
          {
            fix: `Add --plan-hash ${target.name}=HASH from the reviewed \`deploy --dry-run\`, or deploy it separately`,
          },
        );
      }
      const { prepared, result } = await installPackages(client, {
        ...planOptions,
        toolVersion: options.toolVersion,
        allowPrivileged: options.allowPrivileged ?? false,
        lock: { ...options.lockOwner, wait: false, ...(options.signal ? { signal: options.signal } : {}) },
        ...(expectedPlanHash ? { expectedPlanHash } : {}),
      });
      const changed = result.counts.created + result.counts.updated + result.counts.deleted > 0;
      success = {
        status: changed ? 'installed' : 'unchanged',
        dhis2Version: result.target.dhis2Version,
        packages: result.packages.map((p) => ({
          name: p.name,
          version: p.version,
          mode: p.mode,
          ...(p.installedVersion ? { installedVersion: p.installedVersion } : {}),
        })),
        counts: {
          create: result.counts.created,
          update: result.counts.updated,
          unchanged: result.counts.unchanged,
          conflict: 0,
        },
        planHash: result.planHash,
        ...(prepared.warnings.length ? { notes: prepared.warnings } : {}),
      };
    }
    const training = options.training;
    if (training && !options.dryRun && (training.users > 0 || training.sampleData)) {
      context.progress('provisioning training');
      // Every package of the closure, also those already on the server: sample data needs their option combos.
      const closure = await resolveInstallSet(packages, { searchDirs: options.searchDirs, load });
      const bundle = mergedBundle(closure.map((s) => s.pkg));
      const { result, accounts } = await provisionTraining(client, makeSender(clientOptions), {
        bundle,
        users: training.users,
        usersFile: join(training.outDir, `${target.name}-users.csv`),
        ...(training.resetPasswords ? { resetPasswords: true } : {}),
        sampleData: training.sampleData,
        ...(profile ? { uiLocale: profile.profile.language } : {}),
        levels: levelStructureOf(profile?.profile),
        sampleCache,
        ...(training.years ? { years: training.years } : {}),
        onProgress: (message, step) => context.progress(message, step),
      });
      training.onAccounts?.(target.name, accounts);
      success.training = {
        users: result.users,
        ...(result.usersFile ? { usersFile: result.usersFile } : {}),
        dataValues: result.dataValues.imported + result.dataValues.updated,
        rulesChecked: result.rules.checked,
        rulesFailed: result.rules.failed,
      };
      if (result.notes.length) success.notes = [...(success.notes ?? []), ...result.notes];
    }
    return success;
  };
}

function mergedBundle(packages: Array<{ metadata: MetadataBundle }>): MetadataBundle {
  const bundle: MetadataBundle = {};
  for (const pkg of packages)
    for (const [type, objects] of Object.entries(pkg.metadata)) (bundle[type] ??= []).push(...objects);
  return bundle;
}
