import { rollbackPackage, type RollbackResult } from '../../core/install/index.js';
import type { CommandContext, CommandOutcome } from '../context.js';
import { renderRollback, renderRollbackPlan } from '../presenters/install.js';
import { interruptSignal } from '../interrupt.js';
import { createProgress } from '../progress.js';
import { confirmOrRequireYes, lockOptions, openTarget, type TargetOptions } from './plan.js';

/** `edupkg rollback <package>`: undo the last install of a package from its ledger snapshot. */
export async function handler(
  ctx: CommandContext,
  name: string,
  flags: TargetOptions & { planHash?: string; wait?: boolean; forceDependants?: boolean },
): Promise<CommandOutcome<RollbackResult>> {
  if (!flags.planHash && !ctx.options.yes && !ctx.interactive) await confirmOrRequireYes(ctx, '');
  const { client } = await openTarget(ctx, flags);
  const progress = createProgress(ctx);
  const interrupt = interruptSignal(ctx);
  try {
    const { result, warnings } = await rollbackPackage(client, name, {
      toolVersion: ctx.version,
      lock: lockOptions(ctx, flags, interrupt.signal),
      forceDependants: flags.forceDependants ?? false,
      ...(flags.planHash ? { expectedPlanHash: flags.planHash } : {}),
      onProgress: progress.listener,
      confirm: async (plan) => {
        if (!ctx.options.yes) renderRollbackPlan(ctx, plan);
        return confirmOrRequireYes(ctx, `Roll back ${plan.package} on ${plan.target.url}?`);
      },
    });
    return { result, warnings, render: (c) => renderRollback(c, result) };
  } finally {
    interrupt.dispose();
    progress.stop();
  }
}
