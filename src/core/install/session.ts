import type { Dhis2Client } from '../../dhis2/client.js';
import { abortedError, conflictError } from '../../errors/index.js';
import { ignoreProgress, type ProgressListener } from '../progress.js';
import { applyInstall, type InstallResult } from './apply.js';
import { readLedger } from './ledger.js';
import { acquireLock, type LockOptions, type LockOwner } from './lock.js';
import type { ParameterSources } from './parameters.js';
import { planInstall, type PreparedInstall } from './plan.js';
import { resolveInstallSet, type ResolveOptions } from './resolve-packages.js';
import { applyRollback, planRollback, type RollbackPlan, type RollbackResult } from './rollback.js';
import type { InstallPlan } from './types.js';
import { applyUninstall, planUninstall, type UninstallPlan, type UninstallResult } from './uninstall.js';

export interface PlanOptions {
  /** Package folders, archives, metadata files or shipped package names. */
  packages: string[];
  searchDirs?: string[];
  parameters?: ParameterSources;
  overwriteLocal?: boolean;
  prune?: boolean;
  force?: boolean;
  load?: ResolveOptions['load'];
  onProgress?: ProgressListener;
}

/** Decides whether to go ahead (a prompt on a TTY, `--yes` in CI); false aborts with exit 3. */
export type Confirm<P> = (plan: P) => Promise<boolean>;

export interface WriteOptions {
  toolVersion: string;
  lock: LockOwner & LockOptions;
  expectedPlanHash?: string;
  maxPayloadBytes?: number;
}

/** `edupkg plan`: server version, ledger, dependency set, plan. Reads only. */
export async function preparePlan(client: Dhis2Client, options: PlanOptions): Promise<PreparedInstall> {
  const onProgress = options.onProgress ?? ignoreProgress;
  onProgress({ kind: 'phase', phase: 'connect', message: `Connecting to ${client.baseUrl}` });
  const { version } = await client.systemInfo();
  return planWithVersion(client, version, options);
}

async function planWithVersion(
  client: Dhis2Client,
  serverVersion: string,
  options: PlanOptions,
): Promise<PreparedInstall> {
  const ledger = await readLedger(client);
  const installed = Object.fromEntries(
    Object.values(ledger).map((r) => [r.current.package, r.current.version]),
  );
  const selected = await resolveInstallSet(options.packages, {
    ...(options.searchDirs ? { searchDirs: options.searchDirs } : {}),
    installed,
    ...(options.load ? { load: options.load } : {}),
  });
  return planInstall(client, {
    selected,
    ledger,
    serverVersion,
    parameters: options.parameters ?? { overrides: {}, target: {} },
    ...(options.overwriteLocal !== undefined ? { overwriteLocal: options.overwriteLocal } : {}),
    ...(options.prune !== undefined ? { prune: options.prune } : {}),
    ...(options.force !== undefined ? { force: options.force } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
}

/** Whether applying the plan would send anything to the server. */
export function planChangesServer(plan: InstallPlan): boolean {
  const { create, update, delete: deletes } = plan.summary;
  return create + update + deletes > 0;
}

/**
 * `edupkg install`: under the server lock, plan, ask, apply. The plan is computed after the lock
 * is taken, so nothing can change between what is confirmed and what is sent but by hand.
 */
export async function installPackages(
  client: Dhis2Client,
  options: PlanOptions & WriteOptions & { confirm?: Confirm<PreparedInstall> },
): Promise<{ prepared: PreparedInstall; result: InstallResult }> {
  const onProgress = options.onProgress ?? ignoreProgress;
  onProgress({ kind: 'phase', phase: 'connect', message: `Connecting to ${client.baseUrl}` });
  const { version } = await client.systemInfo();
  onProgress({ kind: 'phase', phase: 'lock', message: 'Taking the install lock' });
  const lock = await acquireLock(client, options.lock, options.lock);
  try {
    const prepared = await planWithVersion(client, version, options);
    const needsConsent =
      planChangesServer(prepared.plan) && prepared.plan.conflicts.length === 0 && !options.expectedPlanHash;
    if (needsConsent && options.confirm && !(await options.confirm(prepared)))
      throw abortedError('Install aborted; nothing was sent');
    const result = await applyInstall(client, prepared, {
      toolVersion: options.toolVersion,
      ...(options.expectedPlanHash ? { expectedPlanHash: options.expectedPlanHash } : {}),
      ...(options.maxPayloadBytes ? { maxPayloadBytes: options.maxPayloadBytes } : {}),
      onProgress,
    });
    return { prepared, result };
  } finally {
    await lock.release();
  }
}

/** `edupkg rollback`: under the lock, plan from the ledger snapshot, ask, restore. */
export async function rollbackPackage(
  client: Dhis2Client,
  name: string,
  options: WriteOptions & { confirm?: Confirm<RollbackPlan>; onProgress?: ProgressListener },
): Promise<{ plan: RollbackPlan; result: RollbackResult }> {
  const lock = await acquireLock(client, options.lock, options.lock);
  try {
    const prepared = await planRollback(client, name);
    if (options.confirm && !options.expectedPlanHash && !(await options.confirm(prepared.plan)))
      throw abortedError('Rollback aborted; nothing was changed');
    const result = await applyRollback(client, prepared, {
      ...(options.expectedPlanHash ? { expectedPlanHash: options.expectedPlanHash } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    return { plan: prepared.plan, result };
  } finally {
    await lock.release();
  }
}

/** `edupkg uninstall`: under the lock, plan, ask, remove dependents first. */
export async function uninstallPackages(
  client: Dhis2Client,
  names: string[],
  options: WriteOptions & { confirm?: Confirm<UninstallPlan>; onProgress?: ProgressListener },
): Promise<{ plan: UninstallPlan; result: UninstallResult }> {
  const lock = await acquireLock(client, options.lock, options.lock);
  try {
    const plan = await planUninstall(client, names);
    if (options.expectedPlanHash && options.expectedPlanHash !== plan.hash) {
      throw conflictError('PLAN_CHANGED', 'the uninstall plan changed since it was shown');
    }
    if (options.confirm && !options.expectedPlanHash && !(await options.confirm(plan)))
      throw abortedError('Uninstall aborted; nothing was changed');
    return { plan, result: await applyUninstall(client, plan, options.onProgress) };
  } finally {
    await lock.release();
  }
}
