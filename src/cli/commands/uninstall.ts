import { uninstallPackages, type UninstallResult } from '../../core/install/index.js';
import type { CommandContext, CommandOutcome } from '../context.js';
import { renderUninstall, renderUninstallPlan } from '../presenters/install.js';
import { interruptSignal } from '../interrupt.js';
import { createProgress } from '../progress.js';
import { confirmOrRequireYes, lockOptions, openTarget, type TargetOptions } from './plan.js';

/** `edupkg uninstall <package...>`: remove what the packages own, dependents first. */
export async function handler(
  ctx: CommandContext,
  names: string[],
  flags: TargetOptions & { planHash?: string; wait?: boolean; forceDependants?: boolean },
): Promise<CommandOutcome<UninstallResult>> {
  if (!flags.planHash && !ctx.options.yes && !ctx.interactive) await confirmOrRequireYes(ctx, '');
  const { client } = await openTarget(ctx, flags);
  const progress = createProgress(ctx);
  const interrupt = interruptSignal(ctx);
  try {
    const { result, warnings } = await uninstallPackages(client, names, {
      toolVersion: ctx.version,
      lock: lockOptions(ctx, flags, interrupt.signal),
      forceDependants: flags.forceDependants ?? false,
      ...(flags.planHash ? { expectedPlanHash: flags.planHash } : {}),
      onProgress: progress.listener,
      confirm: async (plan) => {
        if (!ctx.options.yes) renderUninstallPlan(ctx, plan);
        return confirmOrRequireYes(ctx, `Uninstall ${names.join(', ')} from ${plan.target.url}?`);
      },
    });
    return { result, warnings, render: (c) => renderUninstall(c, result) };
  } finally {
    interrupt.dispose();
    progress.stop();
  }
}
