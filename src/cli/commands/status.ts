import { loadFleetFile, statusFleet, type FleetStatusResult } from '../../core/fleet/index.js';
import { readStatus, type StatusResult } from '../../core/install/index.js';
import { EXIT, type ExitCode } from '../../errors/index.js';
import type { ConnectionFlags } from '../../dhis2/index.js';
import type { CommandContext, CommandOutcome } from '../context.js';
import { renderFleetStatus, renderStatus } from '../presenters/status.js';
import { openTarget } from './plan.js';

export interface StatusFlags extends ConnectionFlags {
  fleet?: string;
  stage?: string;
  exitCode?: boolean;
}

/**
 * `edupkg status [package...]`: installed packages from the ledger, and drift since install —
 * for one server, or with `--fleet` for every target of a fleet file. With `--exit-code`, drift
 * exits 5 like `diff --exit-code` (for a fleet, when no target failed).
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
    const drifted = flags.exitCode && fleet.exitCode === EXIT.OK && fleet.summary.drifted > 0;
    return {
      result: fleet,
      exitCode: drifted ? EXIT.DIFFERENCES : (fleet.exitCode as ExitCode),
      render: (c) => renderFleetStatus(c, fleet),
    };
  }
  const { client } = await openTarget(ctx, flags);
  const { version } = await client.systemInfo();
  const status = await readStatus(client, version, packages);
  return {
    result: status,
    exitCode: flags.exitCode && status.drifted ? EXIT.DIFFERENCES : EXIT.OK,
    render: (c) => renderStatus(c, status),
  };
}
