import { rollbackPackage, type RollbackResult } from '../../core/install/index.js';
import type { CommandContext, CommandOutcome } from '../context.js';
import { renderRollback, renderRollbackPlan } from '../presenters/install.js';
import { runUndo, type UndoFlags } from './undo.js';

/** `edupkg rollback <package>`: undo the last install of a package from its ledger snapshot. */
export async function handler(
  ctx: CommandContext,
  name: string,
  flags: UndoFlags,
): Promise<CommandOutcome<RollbackResult>> {
  return runUndo(ctx, flags, {
    run: (client, options) => rollbackPackage(client, name, options),
    showPlan: renderRollbackPlan,
    question: (plan) => `Roll back ${plan.package} on ${plan.target.url}?`,
    render: renderRollback,
  });
}
