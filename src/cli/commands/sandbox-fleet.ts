import { mkdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
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
import { isDhis2Version, DEMO_LEVELS, DHIS2_VERSIONS, type Sandbox } from '../../sandbox/index.js';
import { portInUse, startDetached, startForeground } from '../../sandbox/lifecycle.js';
import { registerFleet, type FleetMember } from '../../sandbox/fleet-registry.js';
import { lanUrls } from '../../sandbox/lan.js';
import { assertSafeExposure } from '../../sandbox/server.js';
import { takeSnapshot } from '../../sandbox/snapshot.js';
import { DEFAULT_PASSWORD } from '../../sandbox/types.js';
import { writeClassSheet, type ClassSheetFiles } from './class-sheet-files.js';
import { chosenPassword } from './sandbox.js';
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
  host: string;
  name?: string;
  resetPasswords?: boolean;
  passwordFile?: string;
}

export interface TrainerSandbox extends TargetOutcome {
  dataDir: string;
  port: number;
  pid: number;
  /** How trainees on the LAN reach it (with --host 0.0.0.0). */
  lanUrls: string[];
  /** A prepared snapshot exists: `sandbox reset NAME` restores it. */
  snapshot: boolean;
}

export interface SandboxFleetResult {
  /** The registered fleet name (`sandbox status`, `stop --fleet`, `reset --fleet`). */
  fleet: string;
  host: string;
  out: string;
  detached: boolean;
  /** Whether the admin signs in with the sandbox default password or the one given (never the password itself). */
  adminPassword: 'default' | 'given';
  dhis2Version: string;
  packages: string[];
  profile?: string;
  sandboxes: TrainerSandbox[];
  summary: FleetSummary;
  durationMs: number;
  exitCode: number;
  accounts?: Record<string, Array<Pick<TrainingUser, 'username' | 'password'>>>;
  /** The printable class sheet (0600): trainees' URLs, usernames and passwords. */
  classSheet?: ClassSheetFiles;
}

const ADMIN_USERNAME = 'admin';
const PASSWORD_ENV = 'EDUPKG_TRAINER_SANDBOX_PASSWORD';
const SANDBOX_PASSWORD_ENV = 'EDUPKG_SANDBOX_PASSWORD';

interface Started {
  name: string;
  url: string;
  port: number;
  pid: number;
  dataDir: string;
  /** Foreground only: closes the sandbox and removes its state file. */
  stop?: () => Promise<void>;
}

async function startAll(
  flags: SandboxFleetFlags,
  count: number,
  out: string,
  basePort: number | undefined,
  password: string,
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
          '--host',
          flags.host,
          '--dhis2-version',
          flags.dhis2Version,
          '--seed',
          'demo',
          '--username',
          ADMIN_USERNAME,
        ];
        // The admin password reaches the child through its environment, never its argv (visible in ps).
        const state = await startDetached(args, dataDir, { [SANDBOX_PASSWORD_ENV]: password });
        started.push({ name, url: state.url, port: state.port, pid: state.pid, dataDir });
      } else {
        // Each sandbox writes its state file, so `sandbox status`/`stop`/`reset` see a foreground fleet too.
        const { sandbox, stop } = await startForeground({
          handleSignals: false,
          portFlag: '--base-port',
          port,
          host: flags.host,
          dataDir,
          dhis2Version: flags.dhis2Version as Sandbox['dhis2Version'],
          seed: 'demo',
          username: ADMIN_USERNAME,
          password,
        });
        started.push({ name, url: sandbox.url, port: sandbox.port, pid: process.pid, dataDir, stop });
      }
    }
  } catch (error) {
    // Half a fleet is no use to a trainer: close what started before reporting the failure.
    await Promise.all(started.flatMap((s) => (s.stop ? [s.stop()] : [])));
    if ((error as { code?: unknown }).code === 'EADDRINUSE' && basePort !== undefined)
      throw portInUse(basePort + started.length, flags.host, error, '--base-port');
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
  // A sandbox other machines can reach must not accept the public demo password.
  const password = chosenPassword({ ...(flags.passwordFile ? { passwordFile: flags.passwordFile } : {}) });
  assertSafeExposure({ host: flags.host, password });
  const adminPassword = password ?? DEFAULT_PASSWORD;
  const out = resolve(flags.out);
  const fleet = flags.name ?? basename(out);
  const begun = Date.now();
  const started = await startAll(flags, count, out, basePort, adminPassword);
  const targets: FleetTarget[] = started.map((s) => ({
    name: s.name,
    url: s.url,
    username: ADMIN_USERNAME,
    passwordEnv: PASSWORD_ENV,
    packages: flags.packages,
    ...(profile ? { profile } : {}),
    // The sandboxes hold the demo world: its levels, not the profile's level names (Togo's
    // "Préfecture" is the demo world's level 3).
    parameters: {
      'orgUnitLevel.district': DEMO_LEVELS.district,
      'orgUnitLevel.school': DEMO_LEVELS.school,
    },
  }));
  const accounts: Record<string, TrainingUser[]> = {};
  const deploy = createFleetDeployer({
    dryRun: false,
    toolVersion: ctx.version,
    lockOwner: lockOwner(ctx.command),
    env: { ...process.env, [PASSWORD_ENV]: adminPassword },
    searchDirs: [process.cwd()],
    training: {
      users,
      sampleData: flags.sampleData ?? false,
      outDir: out,
      ...(flags.resetPasswords ? { resetPasswords: true } : {}),
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
  const sandboxes: TrainerSandbox[] = run.targets.map((o, i) => {
    const s = started[i]!;
    // The prepared state `sandbox reset NAME` goes back to: packages, trainees, sample data.
    const snapshot = o.status !== 'failed';
    if (snapshot) takeSnapshot(s.dataDir);
    return {
      ...o,
      dataDir: s.dataDir,
      port: s.port,
      pid: s.pid,
      lanUrls: lanUrls(flags.host, s.port),
      snapshot,
    };
  });
  const members: FleetMember[] = sandboxes.map((s) => ({
    name: s.target,
    dataDir: s.dataDir,
    url: s.url,
    lanUrls: s.lanUrls,
  }));
  registerFleet({
    name: fleet,
    out,
    pid: process.pid,
    detached: flags.detach ?? false,
    host: flags.host,
    startedAt: new Date(begun).toISOString(),
    sandboxes: members,
  });
  if (!flags.detach) stopOnSignal(started.flatMap((s) => (s.stop ? [s.stop] : [])));
  const classSheet = await writeClassSheet(out, fleet, members, accounts);
  const result: SandboxFleetResult = {
    fleet,
    host: flags.host,
    out,
    detached: flags.detach ?? false,
    adminPassword: password === undefined ? 'default' : 'given',
    dhis2Version: flags.dhis2Version,
    packages: flags.packages,
    ...(flags.profile ? { profile: flags.profile } : {}),
    sandboxes,
    summary: summarizeFleet(run.targets),
    durationMs: Date.now() - begun,
    exitCode: run.exitCode,
    ...(flags.showPasswords ? { accounts: shownAccounts(accounts) } : {}),
    ...(classSheet ? { classSheet } : {}),
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

/** Foreground fleets serve until SIGINT/SIGTERM, then close every sandbox (databases flushed, state files removed). */
function stopOnSignal(stops: Array<() => Promise<void>>): void {
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void Promise.allSettled(stops.map((s) => s()));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
