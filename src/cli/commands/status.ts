import { readStatus, type StatusResult } from '../../core/install/index.js';
import type { ConnectionFlags } from '../../dhis2/index.js';
import type { CommandContext, CommandOutcome } from '../context.js';
import { renderStatus } from '../presenters/status.js';
import { openTarget } from './plan.js';

/** `edupkg status [package...]`: installed packages from the ledger, and drift since install. */
export async function handler(
  ctx: CommandContext,
  packages: string[],
  flags: ConnectionFlags,
): Promise<CommandOutcome<StatusResult>> {
  const { client } = await openTarget(ctx, flags);
  const { version } = await client.systemInfo();
  const status = await readStatus(client, version, packages);
  return { result: status, render: (c) => renderStatus(c, status) };
}
