import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  createFleetDeployer,
  runFleet,
  summarizeFleet,
  type FleetSummary,
  type FleetTarget,
  type TargetOutcome,
} from '../../core/fleet/index.js';
import { resolveProfile } from '../../core/content/index.js';
import type { TrainingUser } from '../../core/training/index.js';
import { usageError, type ExitCode } from '../../errors/index.js';
import { startDetached } from '../../sandbox/lifecycle.js';
import { startSandbox, isDhis2Version, DHIS2_VERSIONS, type Sandbox } from '../../sandbox/index.js';
import { portInUse } from '../../sandbox/lifecycle.js';
import type { CommandContext, CommandOutcome } from '../context.js';
import { renderTrainingAccounts, shownAccounts } from '../presenters/fleet-accounts.js';
import { createFleetProgress } from '../presenters/fleet-progress.js';
import { renderTrainerFleet } from '../presenters/fleet-trainer.js';
import { positiveInteger } from './deploy.js';
import { lockOwner } from './plan.js';

export interface SandboxFleetFlags {
  count: string;
  packages: string[];
  profile?: string;
  trainingUsers?: string;
  sampleData?: boolean;
  out: string;
  basePort?: string;
  detach?: boolean;
  dhis2Version: string;
  concurrency?: string;
  showPasswords?: boolean;
}

export interface TrainerSandbox extends TargetOutcome {
  dataDir: string;
  port: number;
  pid: number;
}

export interface SandboxFleetResult {
  out: string;
  detached: boolean;
  dhis2Version: string;
  packages: string[];
  profile?: string;
  sandboxes: TrainerSandbox[];
  summary: FleetSummary;
  durationMs: number;
  exitCode: number;
  accounts?: Record<string, Array<Pick<TrainingUser, 'username' | 'password'>>>;
}

// The sandbox's documented default admin; trainees get their own accounts.
const ADMIN = { username: 'admin', password: 'district' };
const PASSWORD_ENV = 'EDUPKG_TRAINER_SANDBOX_PASSWORD';

interface Started {
  name: string;
  url: string;
  port: number;
  pid: number;
  dataDir: string;
  sandbox?: Sandbox;
}

async function startAll(
  flags: SandboxFleetFlags,
  count: number,
  out: string,
  basePort: number | undefined,
): Promise<Started[]> {
  const width = Math.max(2, String(count).length);
  const started: Started[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const name = `sandbox-${String(i + 1).padStart(width, '0')}`;
      const dataDir = join(out, name);
      mkdirSync(dataDir, { recursive: true });
      const port = basePort === undefined ? 0 : basePort + i;
      if (flags.detach) {
        const args = [
          '--port',
          String(port),
          '--dhis2-version',
          flags.dhis2Version,
          '--seed',
          'demo',
          '--username',
          ADMIN.username,
        ];
        const state = await startDetached(args, dataDir);
        started.push({ name, url: state.url, port: state.port, pid: state.pid, dataDir });
      } else {
        const sandbox = await startSandbox({
          port,
          dataDir,
          dhis2Version: flags.dhis2Version as Sandbox['dhis2Version'],
          seed: 'demo',
          ...ADMIN,
        });
        started.push({ name, url: sandbox.url, port: sandbox.port, pid: process.pid, dataDir, sandbox });
      }
    }
  } catch (error) {
    // Half a fleet is no use to a trainer: close what started before reporting the failure.
    await Promise.all(started.flatMap((s) => (s.sandbox ? [s.sandbox.close()] : [])));
    if ((error as { code?: unknown }).code === 'EADDRINUSE' && basePort !== undefined)
      throw portInUse(basePort + started.length, '127.0.0.1', error, '--base-port');
    throw error;
  }
  return started;
}

/**
 * `edupkg sandbox fleet`: N sandboxes with the packages installed, trainees and sample data, for a
 * course. Prints the URLs once all are ready and serves until Ctrl-C (or leaves them running with
 * --detach). Passwords go to `<out>/<sandbox>-users.csv` (0600) only, unless --show-passwords.
 */
export async function handler(
  ctx: CommandContext,
  flags: SandboxFleetFlags,
): Promise<CommandOutcome<SandboxFleetResult>> {
  const count = positiveInteger('--count', flags.count, 1);
  const users = positiveInteger('--training-users', flags.trainingUsers, 0, 0);
  const basePort =
    flags.basePort === undefined ? undefined : positiveInteger('--base-port', flags.basePort, 0, 1);
  if (!isDhis2Version(flags.dhis2Version))
    throw usageError(
      'BAD_VERSION',
      `--dhis2-version must be one of ${DHIS2_VERSIONS.join(', ')} (got ${flags.dhis2Version})`,
    );
  if (basePort !== undefined && basePort + count - 1 > 65535)
    throw usageError('BAD_PORT', `--base-port ${basePort} leaves no room for ${count} sandboxes`);
  // Checked before any sandbox starts; a file is passed on by absolute path.
  const profile = flags.profile ? (resolveProfile(flags.profile).file ?? flags.profile) : undefined;
  const out = resolve(flags.out);
  const begun = Date.now();
  const started = await startAll(flags, count, out, basePort);
  const targets: FleetTarget[] = started.map((s) => ({
    name: s.name,
    url: s.url,
    username: ADMIN.username,
    passwordEnv: PASSWORD_ENV,
    packages: flags.packages,
    ...(profile ? { profile } : {}),
  }));
  const accounts: Record<string, TrainingUser[]> = {};
  const deploy = createFleetDeployer({
    dryRun: false,
    toolVersion: ctx.version,
    lockOwner: lockOwner(ctx.command),
    env: { ...process.env, [PASSWORD_ENV]: ADMIN.password },
    searchDirs: [process.cwd()],
    training: {
      users,
      sampleData: flags.sampleData ?? false,
      outDir: out,
      onAccounts: (t, a) => (accounts[t] = a),
    },
    log: (line) => ctx.reporter.debug(line),
  });
  const progress = createFleetProgress(
    ctx,
    targets.map((t) => t.name),
  );
  let run;
  try {
    run = await runFleet(targets, deploy, {
      concurrency: positiveInteger('--concurrency', flags.concurrency, 4),
      retries: 1,
      onEvent: progress.listener,
    });
  } finally {
    progress.stop();
  }
  const sandboxes: TrainerSandbox[] = run.targets.map((o, i) => ({
    ...o,
    dataDir: started[i]!.dataDir,
    port: started[i]!.port,
    pid: started[i]!.pid,
  }));
  if (!flags.detach) closeOnSignal(started.flatMap((s) => (s.sandbox ? [s.sandbox] : [])));
  const result: SandboxFleetResult = {
    out,
    detached: flags.detach ?? false,
    dhis2Version: flags.dhis2Version,
    packages: flags.packages,
    ...(flags.profile ? { profile: flags.profile } : {}),
    sandboxes,
    summary: summarizeFleet(run.targets),
    durationMs: Date.now() - begun,
    exitCode: run.exitCode,
    ...(flags.showPasswords ? { accounts: shownAccounts(accounts) } : {}),
  };
  return {
    result,
    exitCode: run.exitCode as ExitCode,
    render: (c) => {
      renderTrainerFleet(c, result);
      if (flags.showPasswords) renderTrainingAccounts(c, accounts);
    },
  };
}

/** Foreground fleets serve until SIGINT/SIGTERM, then close every sandbox (databases flushed) and let the process end. */
function closeOnSignal(sandboxes: Sandbox[]): void {
  let closing = false;
  const stop = () => {
    if (closing) return;
    closing = true;
    void Promise.allSettled(sandboxes.map((s) => s.close()));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
