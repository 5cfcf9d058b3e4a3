import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EdupkgError, EXIT } from '../errors/index.js';
import { PROJECT_ROOT } from '../core/project-paths.js';
import { isSeeded, seedSandbox } from './seed.js';
import { startSandbox } from './server.js';
import { SandboxStore } from './store.js';
import {
  INSTANCE_HEADER,
  type Dhis2Version,
  type Sandbox,
  type SandboxOptions,
  type SeedKind,
} from './types.js';

export const DEFAULT_DATA_DIR = join('.edupkg', 'sandbox');
const STATE_FILE = 'sandbox.json';
const LOG_FILE = 'sandbox.log';

/** Written by a running sandbox into its data dir, so stop/status can find it. */
export interface SandboxState {
  pid: number;
  url: string;
  port: number;
  host: string;
  dhis2Version: Dhis2Version;
  startedAt: string;
  /** Random per start; the running sandbox echoes "<pid> <token>" on /api/ping. */
  token: string;
}

export function readState(dataDir: string): SandboxState | undefined {
  const file = join(dataDir, STATE_FILE);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as SandboxState;
  } catch {
    return undefined;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The "<pid> <token>" the server at `url` answers /api/ping with, or undefined. */
async function pingIdentity(url: string): Promise<string | undefined> {
  try {
    const response = await fetch(`${url}/api/ping`, { signal: AbortSignal.timeout(1000) });
    return response.ok ? (response.headers.get(INSTANCE_HEADER) ?? '') : undefined;
  } catch {
    return undefined;
  }
}

/** Where /proc exists (Linux), the pid's command line must be an edupkg sandbox too. */
function commandLineLooksLikeSandbox(pid: number): boolean {
  const file = `/proc/${pid}/cmdline`;
  if (!existsSync('/proc/self/cmdline')) return true;
  try {
    const argv = readFileSync(file, 'utf8').split('\0');
    return argv.some((a) => /edupkg/.test(a)) && argv.includes('sandbox');
  } catch {
    return false;
  }
}

/**
 * True only when the recorded pid is alive, runs edupkg, and the server at the recorded URL says it
 * is that pid with the recorded token: a stale or forged state file never gets another process killed.
 */
async function isOurSandbox(state: SandboxState): Promise<boolean> {
  if (!Number.isInteger(state.pid) || state.pid <= 0 || typeof state.token !== 'string') return false;
  if (!processAlive(state.pid) || !commandLineLooksLikeSandbox(state.pid)) return false;
  return (await pingIdentity(state.url)) === `${state.pid} ${state.token}`;
}

/** The state of a live sandbox in `dataDir`, or undefined (stale state files are ignored). */
export async function runningSandbox(dataDir: string): Promise<SandboxState | undefined> {
  const state = readState(dataDir);
  return state && (await isOurSandbox(state)) ? state : undefined;
}

export function portInUse(port: number, host: string, cause: unknown, flag = '--port'): EdupkgError {
  return new EdupkgError('SANDBOX.PORT_IN_USE', `port ${port} on ${host} is already in use`, EXIT.CONFLICT, {
    fix: `stop whatever listens there, or pick another port with ${flag}`,
    cause,
  });
}

/** Starts in this process and records its state in the data dir; the state file goes when it stops. */
export async function startForeground(
  options: SandboxOptions & { dataDir: string; handleSignals?: boolean; portFlag?: string },
): Promise<{ sandbox: Sandbox; state: SandboxState; stop: () => Promise<void> }> {
  const dataDir = resolve(options.dataDir);
  const live = await runningSandbox(dataDir);
  if (live) {
    throw new EdupkgError(
      'SANDBOX.ALREADY_RUNNING',
      `a sandbox already runs from ${dataDir} at ${live.url} (pid ${live.pid})`,
      EXIT.CONFLICT,
      { fix: 'run `edupkg sandbox stop` first, or use another --data-dir' },
    );
  }
  let sandbox: Sandbox;
  const token = randomBytes(16).toString('hex');
  try {
    sandbox = await startSandbox({ ...options, dataDir, instanceToken: token });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'EADDRINUSE')
      throw portInUse(options.port ?? 0, options.host ?? '127.0.0.1', error, options.portFlag);
    throw error;
  }
  const state: SandboxState = {
    pid: process.pid,
    url: sandbox.url,
    port: sandbox.port,
    host: options.host ?? '127.0.0.1',
    dhis2Version: sandbox.dhis2Version,
    startedAt: new Date().toISOString(),
    token,
  };
  writeFileSync(join(dataDir, STATE_FILE), `${JSON.stringify(state, null, 2)}\n`);
  const stop = () =>
    sandbox.close().finally(() => {
      if (readState(dataDir)?.pid === process.pid) rmSync(join(dataDir, STATE_FILE), { force: true });
    });
  // A fleet serving many sandboxes installs one handler for all of them instead.
  if (options.handleSignals !== false) {
    process.once('SIGINT', () => void stop());
    process.once('SIGTERM', () => void stop());
  }
  return { sandbox, state, stop };
}

/**
 * Spawns `edupkg sandbox start` in the background (output in sandbox.log in the data dir) and
 * returns once its /api/ping answers; the child's own state file tells us its port.
 */
export async function startDetached(
  args: string[],
  dataDir: string,
  extraEnv: Record<string, string> = {},
  timeoutMs = 20_000,
): Promise<SandboxState> {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const live = await runningSandbox(dir);
  if (live) {
    throw new EdupkgError(
      'SANDBOX.ALREADY_RUNNING',
      `a sandbox already runs from ${dir} at ${live.url} (pid ${live.pid})`,
      EXIT.CONFLICT,
      { fix: 'run `edupkg sandbox stop` first' },
    );
  }
  rmSync(join(dir, STATE_FILE), { force: true });
  const log = openSync(join(dir, LOG_FILE), 'a');
  const child = spawn(
    process.execPath,
    [join(PROJECT_ROOT, 'bin', 'edupkg.js'), 'sandbox', 'start', '--data-dir', dir, ...args],
    {
      detached: true,
      stdio: ['ignore', log, log],
      env: { ...process.env, ...extraEnv, NO_COLOR: '1' },
    },
  );
  child.unref();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const state = readState(dir);
    if (state && state.pid === child.pid && (await isOurSandbox(state))) return state;
    if (child.exitCode !== null || (child.pid !== undefined && !processAlive(child.pid))) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const tail = existsSync(join(dir, LOG_FILE))
    ? readFileSync(join(dir, LOG_FILE), 'utf8').trim().split('\n').slice(-3).join(' / ')
    : '';
  throw new EdupkgError(
    'SANDBOX.START_FAILED',
    `the background sandbox did not answer /api/ping${tail ? `: ${tail}` : ''}`,
    EXIT.SERVER,
    { file: join(dir, LOG_FILE) },
  );
}

/**
 * Stops the sandbox running from `dataDir` (SIGTERM, then waits for it to go) — only after
 * checking the recorded pid really is that sandbox; otherwise the stale state file is removed.
 */
export async function stopSandbox(
  dataDir: string,
  timeoutMs = 10_000,
): Promise<{ stopped: boolean; pid?: number; warning?: string }> {
  const dir = resolve(dataDir);
  const state = readState(dir);
  if (!state || !processAlive(state.pid)) {
    rmSync(join(dir, STATE_FILE), { force: true });
    return { stopped: false };
  }
  if (!(await isOurSandbox(state))) {
    rmSync(join(dir, STATE_FILE), { force: true });
    return {
      stopped: false,
      warning: `pid ${state.pid} in ${join(dir, STATE_FILE)} is not a sandbox started from this folder; it was left running and the stale file removed`,
    };
  }
  process.kill(state.pid, 'SIGTERM');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && processAlive(state.pid)) await new Promise((r) => setTimeout(r, 100));
  if (processAlive(state.pid)) process.kill(state.pid, 'SIGKILL');
  rmSync(join(dir, STATE_FILE), { force: true });
  return { stopped: true, pid: state.pid };
}

/** Object counts straight from the database file (works whether or not the sandbox runs). */
export function storedObjectCounts(dataDir: string): Record<string, number> {
  const dir = resolve(dataDir);
  if (!existsSync(join(dir, 'sandbox.sqlite'))) return {};
  const store = new SandboxStore(dir);
  try {
    return store.objectCounts();
  } finally {
    store.close();
  }
}

/** Empties the database and seeds it again; refuses while a sandbox runs from it. */
export async function resetSandbox(
  dataDir: string,
  seed: SeedKind,
  dhis2Version: Dhis2Version,
  username: string,
  password: string,
): Promise<Record<string, number>> {
  const dir = resolve(dataDir);
  const live = await runningSandbox(dir);
  if (live) {
    throw new EdupkgError(
      'SANDBOX.RUNNING',
      `the sandbox in ${dir} is running (pid ${live.pid})`,
      EXIT.CONFLICT,
      { fix: 'run `edupkg sandbox stop` first' },
    );
  }
  const store = new SandboxStore(dir);
  try {
    store.clear();
    if (!isSeeded(store)) seedSandbox(store, dhis2Version, seed, username, password);
    return store.objectCounts();
  } finally {
    store.close();
  }
}
