import { EdupkgError, EXIT, usageError } from '../../errors/index.js';
import { listFleets, readFleet, type FleetRecord } from '../../sandbox/fleet-registry.js';
import { hasSnapshot, restoreSnapshot } from '../../sandbox/snapshot.js';
import { registerSecret } from '../../output/redact.js';
import {
  DEFAULT_DATA_DIR,
  resetSandbox,
  runningSandbox,
  startDetached,
  startForeground,
  stopSandbox,
  storedObjectCounts,
} from '../../sandbox/lifecycle.js';
import { assertSafeExposure } from '../../sandbox/server.js';
import {
  DEFAULT_PASSWORD,
  DHIS2_VERSIONS,
  isDhis2Version,
  type Dhis2Version,
  type SeedKind,
} from '../../sandbox/types.js';
import { readTextFile } from '../../core/io/read-input.js';
import type { CommandContext, CommandOutcome } from '../context.js';
import { resolve } from 'node:path';

export interface SandboxStartOptions {
  port: string;
  host: string;
  dataDir?: string;
  dhis2Version: string;
  seed: string;
  username: string;
  password?: string;
  passwordFile?: string;
  detach: boolean;
}

export interface SandboxStartResult {
  url: string;
  port: number;
  dhis2Version: Dhis2Version;
  dataDir: string;
  pid: number;
  detached: boolean;
  username: string;
}

function versionOf(value: string): Dhis2Version {
  if (!isDhis2Version(value))
    throw usageError(
      'BAD_VERSION',
      `--dhis2-version must be one of ${DHIS2_VERSIONS.join(', ')} (got ${value})`,
    );
  return value;
}

function seedOf(value: string): SeedKind {
  if (value !== 'demo' && value !== 'empty')
    throw usageError('BAD_SEED', `--seed must be demo or empty (got ${value})`);
  return value;
}

function portOf(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw usageError('BAD_PORT', `--port must be 0-65535 (got ${value})`);
  return port;
}

const PASSWORD_ENV = 'EDUPKG_SANDBOX_PASSWORD';

/**
 * The admin password the user chose: --password, else the first line of --password-file, else
 * EDUPKG_SANDBOX_PASSWORD (file and variable keep it out of `ps` and shell history). Undefined
 * when none was given: a new sandbox then gets the demo password, an existing one keeps its own.
 */
export function chosenPassword(options: { password?: string; passwordFile?: string }): string | undefined {
  let password = options.password;
  if (password === undefined && options.passwordFile !== undefined) {
    password = readTextFile(options.passwordFile).split(/\r?\n/)[0];
    if (!password)
      throw usageError(
        'EMPTY_PASSWORD_FILE',
        `--password-file ${options.passwordFile}: the first line is empty`,
      );
  }
  password ??= process.env[PASSWORD_ENV] || undefined;
  if (password !== undefined && password !== DEFAULT_PASSWORD) registerSecret(password);
  return password;
}

function credentialsHint(username: string, password: string | undefined): string {
  // The default password is documented; a chosen one is a secret and never printed.
  if (password === undefined) return `${username} / ${DEFAULT_PASSWORD} (unless changed since)`;
  return password === DEFAULT_PASSWORD
    ? `${username} / ${DEFAULT_PASSWORD}`
    : `${username} / (the password you gave)`;
}

/** `sandbox start`: serves in the foreground until Ctrl-C, or with --detach in the background. */
export async function start(
  _ctx: CommandContext,
  options: SandboxStartOptions,
): Promise<CommandOutcome<SandboxStartResult>> {
  const dhis2Version = versionOf(options.dhis2Version);
  const seed = seedOf(options.seed);
  const port = portOf(options.port);
  const password = chosenPassword(options);
  assertSafeExposure({ host: options.host, password });
  const dataDir = resolve(options.dataDir ?? DEFAULT_DATA_DIR);
  const common = { username: options.username, detached: options.detach, dataDir };
  if (options.detach) {
    const args = [
      '--port',
      String(port),
      '--host',
      options.host,
      '--dhis2-version',
      dhis2Version,
      '--seed',
      seed,
      '--username',
      options.username,
    ];
    // A background child gets a chosen password through its environment, never its argv (visible in ps).
    const state = await startDetached(
      args,
      dataDir,
      password !== undefined ? { [PASSWORD_ENV]: password } : {},
    );
    const result = {
      ...common,
      url: state.url,
      port: state.port,
      dhis2Version: state.dhis2Version,
      pid: state.pid,
    };
    return {
      result,
      render: (ctx) =>
        ctx.reporter.print(
          `Sandbox DHIS2 ${dhis2Version} running in the background at ${state.url} (pid ${state.pid}); log in as ${credentialsHint(options.username, password)}. Stop it with: edupkg sandbox stop`,
        ),
    };
  }
  const { sandbox } = await startForeground({
    port,
    host: options.host,
    dataDir,
    dhis2Version,
    seed,
    username: options.username,
    ...(password !== undefined ? { password } : {}),
  });
  const result = { ...common, url: sandbox.url, port: sandbox.port, dhis2Version, pid: process.pid };
  return {
    result,
    render: (ctx) => {
      ctx.reporter.print(`Sandbox DHIS2 ${dhis2Version} at ${sandbox.url}  (data: ${dataDir})`);
      ctx.reporter.print(
        `Log in as ${credentialsHint(options.username, password)}, e.g. curl -u ${options.username}:… ${sandbox.url}/api/system/info`,
      );
      ctx.reporter.print('Press Ctrl-C to stop.');
    },
  };
}

export interface SandboxStopResult {
  dataDir: string;
  stopped: boolean;
  pid?: number;
  /** With --fleet: the fleet and each of its sandboxes. */
  fleet?: string;
  sandboxes?: Array<{ name: string; dataDir: string; stopped: boolean; pid?: number }>;
}

function fleetNamed(name: string): FleetRecord {
  const record = readFleet(name);
  if (record) return record;
  const known = listFleets().map((f) => f.name);
  throw new EdupkgError('SANDBOX.UNKNOWN_FLEET', `no fleet named ${name} is registered`, EXIT.USAGE, {
    fix: known.length ? `registered fleets: ${known.join(', ')}` : 'start one with `edupkg sandbox fleet`',
  });
}

/** `sandbox stop --fleet NAME`: every sandbox of the fleet (a foreground fleet's process goes with its first). */
async function stopFleet(name: string): Promise<CommandOutcome<SandboxStopResult>> {
  const record = fleetNamed(name);
  const sandboxes: NonNullable<SandboxStopResult['sandboxes']> = [];
  const warnings: string[] = [];
  // Which answer before any is stopped: a foreground fleet's members all go with its one process.
  const before = await Promise.all(record.sandboxes.map((m) => runningSandbox(m.dataDir)));
  for (const [i, member] of record.sandboxes.entries()) {
    const live = before[i];
    const { warning, ...outcome } = await stopSandbox(member.dataDir);
    if (warning) warnings.push(warning);
    const stopped =
      outcome.stopped || (live !== undefined && (await runningSandbox(member.dataDir)) === undefined);
    sandboxes.push({
      name: member.name,
      dataDir: member.dataDir,
      stopped,
      ...(live ? { pid: live.pid } : {}),
    });
  }
  const count = sandboxes.filter((s) => s.stopped).length;
  const result: SandboxStopResult = { dataDir: record.out, stopped: count > 0, fleet: name, sandboxes };
  return {
    result,
    ...(warnings.length ? { warnings } : {}),
    render: (ctx) =>
      ctx.reporter.print(
        count
          ? `Stopped ${count} of ${sandboxes.length} sandboxes of fleet ${name}.`
          : `No sandbox of fleet ${name} was running.`,
      ),
  };
}

export async function stop(
  _ctx: CommandContext,
  options: { dataDir?: string; fleet?: string },
): Promise<CommandOutcome<SandboxStopResult>> {
  if (options.fleet !== undefined) return stopFleet(options.fleet);
  const dataDir = resolve(options.dataDir ?? DEFAULT_DATA_DIR);
  const { warning, ...outcome } = await stopSandbox(dataDir);
  const result = { dataDir, ...outcome };
  return {
    result,
    ...(warning ? { warnings: [warning] } : {}),
    render: (ctx) =>
      ctx.reporter.print(
        outcome.stopped
          ? `Stopped the sandbox (pid ${outcome.pid ?? '?'}).`
          : `No sandbox was running from ${dataDir}.`,
      ),
  };
}

export interface SandboxStatusResult {
  dataDir: string;
  running: boolean;
  url?: string;
  pid?: number;
  dhis2Version?: Dhis2Version;
  objects: Record<string, number>;
  totalObjects: number;
  /** Every registered fleet (`sandbox fleet`), foreground or detached, with which sandboxes answer. */
  fleets: FleetStatus[];
}

export interface FleetStatus {
  name: string;
  out: string;
  detached: boolean;
  host: string;
  sandboxes: Array<{
    name: string;
    dataDir: string;
    url: string;
    lanUrls: string[];
    running: boolean;
    pid?: number;
  }>;
}

async function fleetStatuses(): Promise<FleetStatus[]> {
  return Promise.all(
    listFleets().map(async (f) => ({
      name: f.name,
      out: f.out,
      detached: f.detached,
      host: f.host,
      sandboxes: await Promise.all(
        f.sandboxes.map(async (m) => {
          const live = await runningSandbox(m.dataDir);
          return { ...m, running: live !== undefined, ...(live ? { pid: live.pid } : {}) };
        }),
      ),
    })),
  );
}

export async function status(
  _ctx: CommandContext,
  options: { dataDir?: string },
): Promise<CommandOutcome<SandboxStatusResult>> {
  const dataDir = resolve(options.dataDir ?? DEFAULT_DATA_DIR);
  const live = await runningSandbox(dataDir);
  const objects = storedObjectCounts(dataDir);
  const totalObjects = Object.values(objects).reduce((a, b) => a + b, 0);
  const fleets = await fleetStatuses();
  const result: SandboxStatusResult = {
    dataDir,
    running: live !== undefined,
    objects,
    totalObjects,
    ...(live ? { url: live.url, pid: live.pid, dhis2Version: live.dhis2Version } : {}),
    fleets,
  };
  return {
    result,
    exitCode: EXIT.OK,
    render: (ctx) => {
      ctx.reporter.print(
        live
          ? `Running: DHIS2 ${live.dhis2Version} at ${live.url} (pid ${live.pid})`
          : `Not running (data: ${dataDir})`,
      );
      for (const [type, count] of Object.entries(objects))
        ctx.reporter.print(`  ${type.padEnd(28)} ${String(count).padStart(7)}`);
      for (const fleet of fleets) {
        const up = fleet.sandboxes.filter((m) => m.running).length;
        ctx.reporter.print(
          `Fleet ${fleet.name}: ${up}/${fleet.sandboxes.length} running${fleet.detached ? ' (detached)' : ''} (${fleet.out})`,
        );
        for (const m of fleet.sandboxes)
          ctx.reporter.print(
            `  ${m.name.padEnd(14)} ${m.running ? 'running' : 'stopped'}  ${m.lanUrls[0] ?? m.url}`,
          );
      }
    },
  };
}

export interface SandboxResetResult {
  dataDir: string;
  seed?: SeedKind;
  dhis2Version?: Dhis2Version;
  objects: Record<string, number>;
  /** `reset NAME`: the sandbox went back to the snapshot taken after provisioning. */
  sandbox?: string;
  fleet?: string;
  restored?: 'prepared';
}

/** The data dir of sandbox NAME: in --fleet, else in the one registered fleet that has it. */
function fleetMember(name: string, fleet: string | undefined): { fleet: string; dataDir: string } {
  const candidates = fleet ? [fleetNamed(fleet)] : listFleets();
  const found = candidates.flatMap((f) =>
    f.sandboxes.filter((m) => m.name === name).map((m) => ({ fleet: f.name, dataDir: m.dataDir })),
  );
  if (found.length === 1) return found[0]!;
  if (found.length > 1)
    throw usageError(
      'AMBIGUOUS_SANDBOX',
      `sandbox ${name} is in fleets ${found.map((f) => f.fleet).join(', ')}: say which with --fleet`,
    );
  throw new EdupkgError(
    'SANDBOX.UNKNOWN_SANDBOX',
    `no registered fleet has a sandbox named ${name}`,
    EXIT.USAGE,
    {
      fix: 'see `edupkg sandbox status` for the fleets and their sandboxes',
    },
  );
}

/**
 * `sandbox reset NAME`: back to the prepared snapshot. A running sandbox is refused unless
 * --force, which restores under it in one transaction (its users see the prepared data at once).
 */
async function resetToSnapshot(
  name: string,
  options: { fleet?: string; force?: boolean },
): Promise<CommandOutcome<SandboxResetResult>> {
  const { fleet, dataDir } = fleetMember(name, options.fleet);
  if (!hasSnapshot(dataDir))
    throw new EdupkgError(
      'SANDBOX.NO_SNAPSHOT',
      `${name} has no prepared snapshot in ${dataDir}`,
      EXIT.USAGE,
      {
        fix: 'run `edupkg sandbox fleet` again for this folder to prepare it',
      },
    );
  const live = await runningSandbox(dataDir);
  if (live && !options.force)
    throw new EdupkgError(
      'SANDBOX.RUNNING',
      `${name} of fleet ${fleet} is running at ${live.url} (pid ${live.pid}); a live classroom sandbox is not reset`,
      EXIT.CONFLICT,
      {
        fix: `stop it first (edupkg sandbox stop --fleet ${fleet}), or add --force to reset it while it serves`,
      },
    );
  restoreSnapshot(dataDir);
  const objects = storedObjectCounts(dataDir);
  return {
    result: { dataDir, objects, sandbox: name, fleet, restored: 'prepared' },
    render: (ctx) =>
      ctx.reporter.print(
        `Reset ${name} (fleet ${fleet}) to its prepared snapshot: ${Object.values(objects).reduce((a, b) => a + b, 0)} objects.`,
      ),
  };
}

export async function reset(
  _ctx: CommandContext,
  name: string | undefined,
  options: {
    dataDir?: string;
    seed: string;
    dhis2Version: string;
    username: string;
    password?: string;
    passwordFile?: string;
    fleet?: string;
    force?: boolean;
  },
): Promise<CommandOutcome<SandboxResetResult>> {
  if (name !== undefined) return resetToSnapshot(name, options);
  const dataDir = resolve(options.dataDir ?? DEFAULT_DATA_DIR);
  const seed = seedOf(options.seed);
  const dhis2Version = versionOf(options.dhis2Version);
  const password = chosenPassword(options) ?? DEFAULT_PASSWORD;
  const objects = await resetSandbox(dataDir, seed, dhis2Version, options.username, password);
  return {
    result: { dataDir, seed, dhis2Version, objects },
    render: (ctx) =>
      ctx.reporter.print(
        `Reset ${dataDir} (seed ${seed}): ${Object.values(objects).reduce((a, b) => a + b, 0)} objects.`,
      ),
  };
}
