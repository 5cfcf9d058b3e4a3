import type { Dhis2Client } from '../../dhis2/client.js';
import {
  abortedError,
  conflictError,
  EdupkgError,
  EXIT,
  interruptedError,
  usageError,
} from '../../errors/index.js';
import { ignoreProgress, type ProgressListener } from '../progress.js';
import { applyInstall, type InstallResult } from './apply.js';
import type { ResolvedProfile } from '../content/profiles.js';
import { requireRecord } from './dependants.js';
import { inspectLedger } from './ledger.js';
import { checkProfileChange, ledgerProfileOf } from './profile-record.js';
import { settleInherited } from './journal.js';
import { interruptible } from './interruptible.js';
import { acquireLock, type HeldLock, type LockOptions, type LockOwner } from './lock.js';
import type { ParameterSources } from './parameters.js';
import { planInstall, type PreparedInstall } from './plan.js';
import { resolveInstallSet, type ResolveOptions } from './resolve-packages.js';
import {
  applyRollback,
  planRollback,
  type RollbackOptions,
  type RollbackPlan,
  type RollbackResult,
} from './rollback.js';
import type { InstallPlan } from './types.js';
import {
  applyUninstall,
  planUninstall,
  type UninstallOptions,
  type UninstallPlan,
  type UninstallResult,
} from './uninstall.js';

export interface PlanOptions {
  /** Package folders, archives, metadata files or shipped package names. */
  packages: string[];
  searchDirs?: string[];
  parameters?: ParameterSources;
  overwriteLocal?: boolean;
  prune?: boolean;
  force?: boolean;
  load?: ResolveOptions['load'];
  /** The run's country profile (`--profile`), recorded in the ledger with its hash. */
  profile?: ResolvedProfile;
  /** Upgrade a package installed with another profile (otherwise a conflict, exit 8). */
  allowProfileChange?: boolean;
  onProgress?: ProgressListener;
}

/** Decides whether to go ahead (a prompt on a TTY, `--yes` in CI); false aborts with exit 3. */
export type Confirm<P> = (plan: P) => Promise<boolean>;

export interface WriteOptions {
  toolVersion: string;
  lock: LockOwner & LockOptions;
  expectedPlanHash?: string;
  maxPayloadBytes?: number;
  /** Consent to the plan's privileged changes (users, roles, SQL views, group sharing). */
  allowPrivileged?: boolean;
}

/** Refuses, naming them, to apply privileged changes nobody explicitly allowed. */
function assertPrivilegedAllowed(plan: InstallPlan, allowed: boolean): void {
  const privileged = plan.privileged ?? [];
  if (allowed || privileged.length === 0) return;
  const listed = privileged.map((p) => `${p.type} ${p.id}${p.name ? ` "${p.name}"` : ''} (${p.reason})`);
  throw usageError(
    'NEEDS_ALLOW_PRIVILEGED',
    `the plan has ${privileged.length} privileged change(s): ${listed.slice(0, 5).join('; ')}${listed.length > 5 ? '; …' : ''}`,
    {
      fix: 'Review the "Privileged changes" section of `edupkg plan`, then pass --allow-privileged',
      details: { privileged },
    },
  );
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
  namespaceKeys?: string[],
): Promise<PreparedInstall> {
  const view = await inspectLedger(client, namespaceKeys);
  const ledger = view.records;
  const installed = Object.fromEntries(
    Object.values(ledger).map((r) => [r.current.package, r.current.version]),
  );
  const selected = await resolveInstallSet(options.packages, {
    ...(options.searchDirs ? { searchDirs: options.searchDirs } : {}),
    installed,
    ...(options.load ? { load: options.load } : {}),
  });
  // An upgrade overwrites and prunes on the strength of the previous record: it must be sound.
  for (const { pkg } of selected)
    if (Object.hasOwn(view.unreadable, pkg.manifest.name)) requireRecord(client, view, pkg.manifest.name);
  const profileWarnings = checkProfileChange(
    selected,
    ledger,
    options.profile,
    options.allowProfileChange ?? false,
  );
  const prepared = await planInstall(client, {
    selected,
    ledger,
    serverVersion,
    parameters: options.parameters ?? { overrides: {}, target: {} },
    ...(options.overwriteLocal !== undefined ? { overwriteLocal: options.overwriteLocal } : {}),
    ...(options.prune !== undefined ? { prune: options.prune } : {}),
    ...(options.force !== undefined ? { force: options.force } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const byName = new Map(selected.map(({ pkg }) => [pkg.manifest.name, pkg]));
  for (const work of prepared.packages) {
    const pkg = byName.get(work.name);
    const profile = pkg && ledgerProfileOf(pkg, options.profile);
    if (profile) work.profile = profile;
  }
  prepared.warnings.push(...profileWarnings);
  return prepared;
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
  const warnings: string[] = [];
  const outcome = await underLock(client, options.lock, warnings, async (lock, client) => {
    const settled = await settleInherited(client, lock);
    // The key list read while taking the lock still holds unless settling wrote records.
    const prepared = await planWithVersion(
      client,
      version,
      options,
      settled ? undefined : lock.namespaceKeys,
    );
    prepared.warnings.unshift(...(settled ? [settled] : []));
    assertPrivilegedAllowed(prepared.plan, options.allowPrivileged ?? false);
    const needsConsent =
      planChangesServer(prepared.plan) && prepared.plan.conflicts.length === 0 && !options.expectedPlanHash;
    if (needsConsent && options.confirm && !(await options.confirm(prepared)))
      throw abortedError('Install aborted; nothing was sent');
    const result = await applyInstall(client, prepared, {
      toolVersion: options.toolVersion,
      ...(options.expectedPlanHash ? { expectedPlanHash: options.expectedPlanHash } : {}),
      ...(options.maxPayloadBytes ? { maxPayloadBytes: options.maxPayloadBytes } : {}),
      onProgress,
      journal: lock,
    });
    return { prepared, result };
  });
  outcome.prepared.warnings.push(...warnings);
  return outcome;
}

/**
 * Runs `work` holding the server lock, through a client that stops at `lock.signal`. A lock that
 * cannot be released afterwards never hides the outcome: after a failure the failure is reported,
 * after success a warning (the next run on this machine takes the dead lock over; elsewhere it
 * expires). An interrupted run releases the lock (journal kept) and fails with exit 130.
 */
export async function underLock<T>(
  client: Dhis2Client,
  lock: LockOwner & LockOptions,
  warnings: string[],
  work: (held: HeldLock, client: Dhis2Client) => Promise<T>,
): Promise<T> {
  const held = await acquireLock(client, lock, lock);
  let result: T;
  try {
    result = await work(held, interruptible(client, lock.signal));
  } catch (error) {
    const released = await held.release().then(
      () => true,
      () => false,
    );
    if (!lock.signal?.aborted) throw error;
    throw interruptedFailure(error, released);
  }
  try {
    await held.release();
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    warnings.push(`the install lock could not be removed (${why}); the next run takes it over`);
  }
  return result;
}

/** What an interrupted run reports: exit 130 whatever was in flight, and the state it left. */
function interruptedFailure(error: unknown, released: boolean): EdupkgError {
  const inFlight =
    error instanceof EdupkgError && error.exitCode !== EXIT.INTERRUPTED ? ` (${error.message})` : '';
  return interruptedError(
    `interrupted${inFlight}; ${released ? 'the install lock was released' : 'the install lock could not be released, the next run takes it over'}`,
    {
      fix: 'Run the same command again: it checks what reached the server and finishes the record',
      cause: error,
    },
  );
}

/** `edupkg rollback`: under the lock, plan from the ledger snapshot, ask, restore. */
export async function rollbackPackage(
  client: Dhis2Client,
  name: string,
  options: WriteOptions &
    RollbackOptions & { confirm?: Confirm<RollbackPlan>; onProgress?: ProgressListener },
): Promise<{ plan: RollbackPlan; result: RollbackResult; warnings: string[] }> {
  const warnings: string[] = [];
  const outcome = await underLock(client, options.lock, warnings, async (lock, client) => {
    await settleInherited(client, lock, { resumingRollbackOf: name });
    const prepared = await planRollback(client, name, options);
    warnings.push(...prepared.warnings);
    if (options.confirm && !options.expectedPlanHash && !(await options.confirm(prepared.plan)))
      throw abortedError('Rollback aborted; nothing was changed');
    const result = await applyRollback(client, prepared, {
      ...(options.expectedPlanHash ? { expectedPlanHash: options.expectedPlanHash } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      journal: lock,
    });
    return { plan: prepared.plan, result };
  });
  return { ...outcome, warnings };
}

/** `edupkg uninstall`: under the lock, plan, ask, remove dependents first. */
export async function uninstallPackages(
  client: Dhis2Client,
  names: string[],
  options: WriteOptions &
    UninstallOptions & { confirm?: Confirm<UninstallPlan>; onProgress?: ProgressListener },
): Promise<{ plan: UninstallPlan; result: UninstallResult; warnings: string[] }> {
  const warnings: string[] = [];
  const outcome = await underLock(client, options.lock, warnings, async (lock, client) => {
    await settleInherited(client, lock);
    const plan = await planUninstall(client, names, options);
    warnings.push(...plan.warnings);
    if (options.expectedPlanHash && options.expectedPlanHash !== plan.hash) {
      throw conflictError('PLAN_CHANGED', 'the uninstall plan changed since it was shown');
    }
    if (options.confirm && !options.expectedPlanHash && !(await options.confirm(plan)))
      throw abortedError('Uninstall aborted; nothing was changed');
    return { plan, result: await applyUninstall(client, plan, options.onProgress) };
  });
  return { ...outcome, warnings };
}
