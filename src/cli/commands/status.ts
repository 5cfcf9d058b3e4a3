import { loadFleetFile, statusFleet, type FleetStatusResult } from '../../core/fleet/index.js';
import { readStatus, type StatusResult } from '../../core/install/index.js';
import type { ExitCode } from '../../errors/index.js';
import type { ConnectionFlags } from '../../dhis2/index.js';
import type { CommandContext, CommandOutcome } from '../context.js';
import { renderFleetStatus, renderStatus } from '../presenters/status.js';
import { openTarget } from './plan.js';

export interface StatusFlags extends ConnectionFlags {
  fleet?: string;
  stage?: string;
}

/**
 * `edupkg status [package...]`: installed packages from the ledger, and drift since install —
 * for one server, or with `--fleet` for every target of a fleet file.
 */
export async function handler(
  ctx: CommandContext,
  packages: string[],
  flags: StatusFlags,
): Promise<CommandOutcome<StatusResult | FleetStatusResult>> {
  if (flags.fleet) {
    const fleet = await statusFleet(
      loadFleetFile(flags.fleet),
      flags.stage === undefined ? {} : { stage: flags.stage },
    );
    return {
      result: fleet,
      exitCode: fleet.exitCode as ExitCode,
      render: (c) => renderFleetStatus(c, fleet),
    };
  }
  const { client } = await openTarget(ctx, flags);
  const { version } = await client.systemInfo();
  const status = await readStatus(client, version, packages);
  return { result: status, render: (c) => renderStatus(c, status) };
}
