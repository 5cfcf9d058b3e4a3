import {
  createDhis2Client,
  resolveTarget,
  type Dhis2Client,
  type Dhis2ClientOptions,
} from '../../dhis2/index.js';
import { readStatus } from '../install/index.js';
import { fleetExitCode } from './exit-code.js';
import { selectTargets, type FleetFile, type Stage } from './fleet-file.js';
import { runFleet } from './run-fleet.js';

export interface FleetStatusPackage {
  name: string;
  version: string;
  objects: number;
  /** Owned objects changed or deleted on the server since install. */
  drift: number;
}

export interface FleetStatusTarget {
  target: string;
  url: string;
  stage?: Stage;
  ok: boolean;
  dhis2Version?: string;
  packages: FleetStatusPackage[];
  /** Packages the fleet file lists for the target that the server's ledger does not have. */
  missing: string[];
  drifted: boolean;
  error?: { code: string; message: string; exitCode: number };
}

/** What `edupkg status --fleet` prints: the version each target runs, and its drift. */
export interface FleetStatusResult {
  fleetFile: string;
  targets: FleetStatusTarget[];
  summary: { targets: number; reachable: number; drifted: number; failed: number };
  /** 0; or the deploy rule's code when a target could not be read (7 when all are unreachable). */
  exitCode: number;
}

export interface StatusFleetOptions {
  stage?: string;
  concurrency?: number;
  env?: NodeJS.ProcessEnv;
  createClient?: (options: Dhis2ClientOptions) => Dhis2Client;
}

/**
 * Reads every target's install ledger and drift, a few targets at a time. For the lead: wire it
 * into `edupkg status` as `--fleet <file>` (see docs/ci.md); unreachable targets are reported,
 * never fatal. Only packages the fleet file names (and their ledger entries) are shown.
 */
export async function statusFleet(
  fleet: FleetFile,
  options: StatusFleetOptions = {},
): Promise<FleetStatusResult> {
  const env = options.env ?? process.env;
  const makeClient = options.createClient ?? createDhis2Client;
  const targets = selectTargets(fleet, options.stage === undefined ? {} : { stage: options.stage });
  const details = new Map<string, Omit<FleetStatusTarget, 'target' | 'url' | 'stage' | 'ok' | 'error'>>();
  const run = await runFleet(
    targets,
    async (target) => {
      const { name: _n, packages: _p, stage: _s, ...config } = target;
      const resolved = await resolveTarget(
        { target: target.name },
        { targets: { [target.name]: config }, baseDir: fleet.baseDir },
        env,
      );
      const client = makeClient(resolved.client);
      const { version } = await client.systemInfo();
      const status = await readStatus(client, version);
      const packages = status.packages.map((p) => ({
        name: p.name,
        version: p.version,
        objects: p.objects,
        drift: p.drift.length,
      }));
      const installed = new Set(packages.map((p) => p.name));
      // Bare names only: a path in the fleet file names a package whose name we would have to load.
      const missing = target.packages.filter((p) => /^[a-z0-9][a-z0-9-]*$/.test(p) && !installed.has(p));
      details.set(target.name, { dhis2Version: version, packages, missing, drifted: status.drifted });
      return {
        status: 'unchanged',
        dhis2Version: version,
        packages: packages.map((p) => ({ name: p.name, version: p.version })),
      };
    },
    { concurrency: options.concurrency ?? fleet.concurrency ?? 4, retries: fleet.retries ?? 1 },
  );
  const rows: FleetStatusTarget[] = run.targets.map((o) => ({
    target: o.target,
    url: o.url,
    ...(o.stage ? { stage: o.stage } : {}),
    ok: o.status !== 'failed',
    ...(details.get(o.target) ?? { packages: [], missing: [], drifted: false }),
    ...(o.error
      ? { error: { code: o.error.code, message: o.error.message, exitCode: o.error.exitCode } }
      : {}),
  }));
  const failed = rows.filter((r) => !r.ok).length;
  return {
    fleetFile: fleet.file,
    targets: rows,
    summary: {
      targets: rows.length,
      reachable: rows.length - failed,
      drifted: rows.filter((r) => r.drifted).length,
      failed,
    },
    exitCode: fleetExitCode(run.targets),
  };
}
