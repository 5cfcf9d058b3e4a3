import { EXIT } from '../../errors/index.js';
import { usageError } from '../../errors/index.js';
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
function chosenPassword(options: { password?: string; passwordFile?: string }): string | undefined {
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
}

export async function stop(
  _ctx: CommandContext,
  options: { dataDir?: string },
): Promise<CommandOutcome<SandboxStopResult>> {
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
}

export async function status(
  _ctx: CommandContext,
  options: { dataDir?: string },
): Promise<CommandOutcome<SandboxStatusResult>> {
  const dataDir = resolve(options.dataDir ?? DEFAULT_DATA_DIR);
  const live = await runningSandbox(dataDir);
  const objects = storedObjectCounts(dataDir);
  const totalObjects = Object.values(objects).reduce((a, b) => a + b, 0);
  const result: SandboxStatusResult = {
    dataDir,
    running: live !== undefined,
    objects,
    totalObjects,
    ...(live ? { url: live.url, pid: live.pid, dhis2Version: live.dhis2Version } : {}),
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
    },
  };
}

export interface SandboxResetResult {
  dataDir: string;
  seed: SeedKind;
  dhis2Version: Dhis2Version;
  objects: Record<string, number>;
}

export async function reset(
  _ctx: CommandContext,
  options: {
    dataDir?: string;
    seed: string;
    dhis2Version: string;
    username: string;
    password?: string;
    passwordFile?: string;
  },
): Promise<CommandOutcome<SandboxResetResult>> {
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
