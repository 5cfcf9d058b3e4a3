import { installPackages, type InstallPlan, type InstallResult } from '../../core/install/index.js';
import { isPlanFile, readPlanFile } from '../../core/install/plan-file.js';
import { normaliseServerUrl } from '../../dhis2/base-url.js';
import { conflictError, usageError } from '../../errors/index.js';
import type { CommandContext, CommandOutcome } from '../context.js';
import { renderInstall } from '../presenters/install.js';
import { renderPlan } from '../presenters/plan.js';
import { interruptSignal } from '../interrupt.js';
import { createProgress } from '../progress.js';
import {
  confirmOrRequireYes,
  handler as planHandler,
  lockOptions,
  openTarget,
  planOptions,
  type TargetOptions,
} from './plan.js';

export interface InstallFlags extends TargetOptions {
  dryRun?: boolean;
  planHash?: string;
  wait?: boolean;
  /** Set when installing a saved plan: the server it was made for. */
  planFileTarget?: string;
  allowPrivileged?: boolean;
}

/** `edupkg install <package...>`: plan under the server lock, confirm, apply, record. `--dry-run` = `plan`. */
export async function handler(
  ctx: CommandContext,
  packages: string[],
  flags: InstallFlags,
): Promise<CommandOutcome<InstallResult | InstallPlan>> {
  if (packages.length === 1 && isPlanFile(packages[0]!)) return installPlanFile(ctx, packages[0]!, flags);
  // `install --dry-run` is `plan`, by definition.
  if (flags.dryRun) return planHandler(ctx, packages, flags);
  if (!flags.planHash && !ctx.options.yes && !ctx.interactive) {
    await confirmOrRequireYes(ctx, '');
  }
  const { client, parameters, profile } = await openTarget(ctx, flags);
  if (flags.planFileTarget && client.baseUrl !== flags.planFileTarget) {
    throw usageError(
      'PLAN_OTHER_SERVER',
      `the plan was made for ${flags.planFileTarget}, not ${client.baseUrl}`,
      {
        fix: `Plan against ${client.baseUrl} with \`edupkg plan ... --out\`, or drop --server/--target to use the plan's server`,
      },
    );
  }
  const progress = createProgress(ctx);
  const interrupt = interruptSignal(ctx);
  try {
    const options = planOptions(ctx, packages, flags, parameters, progress.listener, profile);
    const { prepared, result } = await installPackages(client, {
      ...options,
      toolVersion: ctx.version,
      allowPrivileged: flags.allowPrivileged ?? false,
      lock: lockOptions(ctx, flags, interrupt.signal),
      ...(flags.planHash ? { expectedPlanHash: flags.planHash } : {}),
      confirm: async (candidate) => {
        progress.stop();
        if (!ctx.options.yes) renderPlan(ctx, candidate.plan);
        return confirmOrRequireYes(ctx, `Apply this plan to ${candidate.plan.target.url}?`);
      },
    });
    return { result, warnings: prepared.warnings, render: (c) => renderInstall(c, result) };
  } finally {
    interrupt.dispose();
    progress.stop();
  }
}

/**
 * `edupkg install plan.json`: the saved request is planned again under the lock and applied only
 * if the plan hash is the saved one, so what was reviewed is exactly what is applied; a server
 * that changed since (or edited packages) refuse with exit 8.
 */
async function installPlanFile(
  ctx: CommandContext,
  path: string,
  flags: InstallFlags,
): Promise<CommandOutcome<InstallResult | InstallPlan>> {
  const fixed = {
    '--param': Boolean(flags.param?.length),
    '--profile': Boolean(flags.profile),
    '--overwrite-local': Boolean(flags.overwriteLocal),
    '--prune': Boolean(flags.prune),
    '--force': Boolean(flags.force),
    '--dry-run': Boolean(flags.dryRun),
  };
  const given = Object.keys(fixed).filter((flag) => fixed[flag as keyof typeof fixed]);
  if (given.length > 0) {
    throw usageError(
      'PLAN_FILE_FLAGS',
      `${path} is a saved plan: its packages and options are fixed, so ${given.join(', ')} cannot be given`,
      { fix: 'Plan again with those flags and --out, or install the saved plan as it is' },
    );
  }
  const saved = readPlanFile(path);
  if (flags.planHash && flags.planHash !== saved.plan.hash) {
    throw conflictError(
      'PLAN_CHANGED',
      `--plan-hash ${flags.planHash} is not the hash of ${path} (${saved.plan.hash})`,
      {
        fix: 'Pass the hash of the plan that was reviewed, or no --plan-hash',
      },
    );
  }
  // The plan's own server unless told otherwise; by target name when this config knows it (its parameters).
  const name = saved.target.name;
  const connection =
    flags.server || flags.target
      ? {}
      : name && ctx.config().targets?.[name]
        ? { target: name }
        : { server: saved.target.url };
  return handler(ctx, saved.request.packages, {
    ...flags,
    ...connection,
    ...(saved.request.profile ? { profile: saved.request.profile } : {}),
    param: saved.request.parameters,
    overwriteLocal: saved.request.overwriteLocal,
    prune: saved.request.prune,
    force: saved.request.force,
    planHash: saved.plan.hash,
    planFileTarget: normaliseServerUrl(saved.target.url).baseUrl,
  });
}
