import { unlockServer, type UnlockResult } from '../../core/install/index.js';
import type { ConnectionFlags } from '../../dhis2/index.js';
import { conflictError } from '../../errors/index.js';
import type { CommandContext, CommandOutcome } from '../context.js';
import { renderUnlock } from '../presenters/unlock.js';
import { lockOwner, openTarget } from './plan.js';

/** `edupkg unlock [--force]`: who holds the server's install lock; `--force` clears it. */
export async function handler(
  ctx: CommandContext,
  flags: ConnectionFlags & { force?: boolean },
): Promise<CommandOutcome<UnlockResult>> {
  const { client } = await openTarget(ctx, flags);
  const result = await unlockServer(client, { force: flags.force ?? false, owner: lockOwner(ctx.command) });
  if (result.state !== 'free' && !result.cleared) {
    const target = flags.target ? `--target ${flags.target}` : `--server ${client.baseUrl}`;
    throw conflictError(
      'LOCK_HELD',
      `${client.baseUrl}: the install lock is ${result.state === 'held' ? 'held' : `unreadable (${result.problem})`} by ${result.holder}`,
      { fix: `Make sure that run has ended, then: edupkg unlock ${target} --force`, details: result },
    );
  }
  return { result, render: (c) => renderUnlock(c, result) };
}
