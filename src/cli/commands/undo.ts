import type { Confirm, WriteOptions } from '../../core/install/index.js';
import type { ProgressListener } from '../../core/progress.js';
import type { Dhis2Client } from '../../dhis2/index.js';
import type { CommandContext, CommandOutcome } from '../context.js';
import { interruptSignal } from '../interrupt.js';
import { createProgress } from '../progress.js';
import { confirmOrRequireYes, lockOptions, openTarget, type TargetOptions } from './plan.js';

export type UndoFlags = TargetOptions & { planHash?: string; wait?: boolean; forceDependants?: boolean };

type UndoOptions<P> = WriteOptions & {
  forceDependants: boolean;
  onProgress: ProgressListener;
  confirm: Confirm<P>;
};

/**
 * `rollback` and `uninstall` share everything around their core call: consent (or a reviewed plan
 * hash), the install lock, progress, and Ctrl-C releasing the lock.
 */
export async function runUndo<P extends { target: { url: string } }, R>(
  ctx: CommandContext,
  flags: UndoFlags,
  undo: {
    run: (client: Dhis2Client, options: UndoOptions<P>) => Promise<{ result: R; warnings: string[] }>;
    showPlan: (ctx: CommandContext, plan: P) => void;
    question: (plan: P) => string;
    render: (ctx: CommandContext, result: R) => void;
  },
): Promise<CommandOutcome<R>> {
  if (!flags.planHash && !ctx.options.yes && !ctx.interactive) await confirmOrRequireYes(ctx, '');
  const { client } = await openTarget(ctx, flags);
  const progress = createProgress(ctx);
  const interrupt = interruptSignal(ctx);
  try {
    const { result, warnings } = await undo.run(client, {
      toolVersion: ctx.version,
      lock: lockOptions(ctx, flags, interrupt.signal),
      forceDependants: flags.forceDependants ?? false,
      ...(flags.planHash ? { expectedPlanHash: flags.planHash } : {}),
      onProgress: progress.listener,
      confirm: async (plan) => {
        if (!ctx.options.yes) undo.showPlan(ctx, plan);
        return confirmOrRequireYes(ctx, undo.question(plan));
      },
    });
    return { result, warnings, render: (c) => undo.render(c, result) };
  } finally {
    interrupt.dispose();
    progress.stop();
  }
}
