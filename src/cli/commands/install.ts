import { installPackages, type InstallPlan, type InstallResult } from '../../core/install/index.js';
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
}

/** `edupkg install <package...>`: plan under the server lock, confirm, apply, record. `--dry-run` = `plan`. */
export async function handler(
  ctx: CommandContext,
  packages: string[],
  flags: InstallFlags,
): Promise<CommandOutcome<InstallResult | InstallPlan>> {
  // `install --dry-run` is `plan`, by definition.
  if (flags.dryRun) return planHandler(ctx, packages, flags);
  if (!flags.planHash && !ctx.options.yes && !ctx.interactive) {
    await confirmOrRequireYes(ctx, '');
  }
  const { client, parameters, profile } = await openTarget(ctx, flags);
  const progress = createProgress(ctx);
  const interrupt = interruptSignal(ctx);
  try {
    const options = planOptions(ctx, packages, flags, parameters, progress.listener, profile);
    const { prepared, result } = await installPackages(client, {
      ...options,
      toolVersion: ctx.version,
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
