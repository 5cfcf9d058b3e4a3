import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type FaultRule, type Sandbox, type SeedKind } from '../../src/sandbox/index.js';
import { runCli, type CliResult } from '../support/run-cli.js';
import { readServerState, whichState, type ServerState } from '../support/server-state.js';

/** One HTTP request as the client logs it under --debug ("POST /api/metadata -> 200"). */
export interface HttpCall {
  method: string;
  path: string;
  /** 1-based position among the calls with the same method and path (what a fault's `nth` counts). */
  occurrence: number;
}

export type FaultKind = '500' | '503' | 'drop' | 'timeout';
export const FAULT_KINDS: readonly FaultKind[] = ['500', '503', 'drop', 'timeout'];

/** A command run against a server prepared by `setup`, in a sandbox copied from one snapshot per case. */
export interface FaultScenario {
  name: string;
  seed: SeedKind;
  setup: (run: (args: string[]) => Promise<CliResult>) => Promise<void>;
  args: string[];
  /** Client timeout in seconds; latency faults go beyond it. */
  timeoutSeconds: number;
  /** Install is idempotent (a second run finds nothing to do); a second rollback would undo one more version. */
  idempotent: boolean;
}

/** What one clean run of the scenario teaches: its calls and the server before and after. */
export interface ScenarioBaseline {
  snapshotDir: string;
  calls: HttpCall[];
  known: { before: ServerState; after: ServerState };
}

/** The client retries idempotent methods twice after 503s and connection errors (src/dhis2/client.ts). */
const CLIENT_RETRIES = 2;
const IDEMPOTENT = new Set(['GET', 'PUT', 'DELETE']);

export function edupkgAgainst(url: string, args: string[], cwd: string): Promise<CliResult> {
  return runCli(args, {
    cwd,
    env: { EDUPKG_SERVER: url, EDUPKG_USERNAME: 'admin', EDUPKG_PASSWORD: 'district', CI: '1' },
  });
}

/** Reads the request sequence from the client's --debug log. */
export function parseCalls(stderr: string): HttpCall[] {
  const seen = new Map<string, number>();
  const calls: HttpCall[] = [];
  for (const line of stderr.split('\n')) {
    const m = /^(GET|POST|PUT|DELETE) (\/\S+) -> \S+$/.exec(line.trim());
    if (!m) continue;
    const key = `${m[1]} ${m[2]}`;
    const occurrence = (seen.get(key) ?? 0) + 1;
    seen.set(key, occurrence);
    calls.push({ method: m[1]!, path: m[2]!, occurrence });
  }
  return calls;
}

/** Rules that make one call fail, retries included, so the command cannot get past it. */
export function faultRulesFor(call: HttpCall, kind: FaultKind, timeoutSeconds: number): FaultRule[] {
  const retried = IDEMPOTENT.has(call.method) && kind !== '500';
  const attempts = retried ? CLIENT_RETRIES + 1 : 1;
  const base = { path: `^${call.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, method: call.method };
  const effect: Omit<FaultRule, 'path'> =
    kind === '500'
      ? { status: 500 }
      : kind === '503'
        ? { status: 503 }
        : kind === 'drop'
          ? { drop: true }
          : { latencyMs: timeoutSeconds * 1000 + 600 };
  return Array.from({ length: attempts }, (_, i) => ({ ...base, ...effect, nth: call.occurrence + i }));
}

export const describeCall = (call: HttpCall) => `${call.method} ${call.path} #${call.occurrence}`;

export async function withSandbox<T>(
  snapshotDir: string,
  faults: FaultRule[],
  use: (sandbox: Sandbox, cwd: string) => Promise<T>,
): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'edupkg-faults-'));
  cpSync(snapshotDir, join(dir, 'data'), { recursive: true });
  const sandbox = await startSandbox({ dataDir: join(dir, 'data'), faults });
  try {
    return await use(sandbox, dir);
  } finally {
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Prepares the snapshot, then runs the command once cleanly with --debug to learn its calls. */
export async function prepareScenario(scenario: FaultScenario): Promise<ScenarioBaseline> {
  const snapshotDir = mkdtempSync(join(tmpdir(), `edupkg-faults-${scenario.name}-`));
  const seedBox = await startSandbox({ dataDir: snapshotDir, seed: scenario.seed });
  try {
    await scenario.setup((args) => edupkgAgainst(seedBox.url, args, snapshotDir));
  } finally {
    await seedBox.close();
  }
  return withSandbox(snapshotDir, [], async (sandbox, cwd) => {
    const before = await readServerState(sandbox.url);
    const run = await edupkgAgainst(sandbox.url, [...commandArgs(scenario), '--debug'], cwd);
    if (run.code !== 0) throw new Error(`clean run of ${scenario.name} failed (${run.code}): ${run.stderr}`);
    const after = await readServerState(sandbox.url);
    return { snapshotDir, calls: parseCalls(run.stderr), known: { before, after } };
  });
}

const RERUN_TIMEOUT_SECONDS = 60;

export function commandArgs(scenario: FaultScenario): string[] {
  return [...scenario.args, '--yes', '--timeout', String(scenario.timeoutSeconds)];
}

/** The exit code a failure at this call must end with (docs: README exit-code table). */
export function expectedExitCode(call: HttpCall, kind: FaultKind, isLastCall: boolean): number {
  // The work is done and recorded; a lock that cannot be released (the PUT marking our own epoch
  // released) is a warning, and the next run takes it over.
  if (isLastCall && call.method === 'PUT' && /\/lock-\d+$/.test(call.path)) return 0;
  if (kind === '500' && call.method === 'POST' && call.path === '/api/metadata') return 6;
  return 7;
}

export interface FaultOutcome {
  run: CliResult;
  afterFault: ServerState;
  /** Absent when the faulted run finished the job and the command is not idempotent. */
  rerun?: CliResult;
  final: ServerState;
  state: ReturnType<typeof whichState>;
}

/** Runs the command with the fault, lets delayed requests land, then runs it again without faults. */
export async function runWithFault(
  scenario: FaultScenario,
  baseline: ScenarioBaseline,
  call: HttpCall,
  kind: FaultKind,
): Promise<FaultOutcome> {
  const rules = faultRulesFor(call, kind, scenario.timeoutSeconds);
  return withSandbox(baseline.snapshotDir, rules, async (sandbox, cwd) => {
    const run = await edupkgAgainst(sandbox.url, commandArgs(scenario), cwd);
    // A timed-out request is still served later: wait until the server has done what it will do.
    if (kind === 'timeout') await new Promise((r) => setTimeout(r, 1500));
    const afterFault = await readServerState(sandbox.url);
    sandbox.setFaults([]);
    const state = whichState(afterFault, baseline.known);
    const done = state.metadata === 'after' && state.ledger === 'after' && afterFault.otherKeys.length === 0;
    if (done && !scenario.idempotent) return { run, afterFault, final: afterFault, state };
    // The rerun tests recovery, not timeouts: a generous limit keeps a busy machine from failing it.
    const rerun = await edupkgAgainst(
      sandbox.url,
      [...commandArgs({ ...scenario, timeoutSeconds: RERUN_TIMEOUT_SECONDS }), '--json'],
      cwd,
    );
    const final = await readServerState(sandbox.url);
    return { run, afterFault, rerun, final, state };
  });
}
