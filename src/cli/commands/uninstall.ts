import { uninstallPackages, type UninstallResult } from '../../core/install/index.js';
import type { CommandContext, CommandOutcome } from '../context.js';
import { renderUninstall, renderUninstallPlan } from '../presenters/install.js';
import { runUndo, type UndoFlags } from './undo.js';

/** `edupkg uninstall <package...>`: remove what the packages own, dependents first. */
export async function handler(
  ctx: CommandContext,
  names: string[],
  flags: UndoFlags,
): Promise<CommandOutcome<UninstallResult>> {
  return runUndo(ctx, flags, {
    run: (client, options) => uninstallPackages(client, names, options),
    showPlan: renderUninstallPlan,
    question: (plan) => `Uninstall ${names.join(', ')} from ${plan.target.url}?`,
    render: renderUninstall,
  });
}
