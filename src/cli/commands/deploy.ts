import { resolve } from 'node:path';
import {
  createFleetDeployer,
  loadFleetFile,
  renderFleetMarkdown,
  runFleet,
  selectTargets,
  summarizeFleet,
  writeFileAtomic,
  type FleetResult,
  type Stage,
} from '../../core/fleet/index.js';
import type { TrainingUser } from '../../core/training/index.js';
import { abortedError, usageError, type ExitCode } from '../../errors/index.js';
import type { CommandContext, CommandOutcome } from '../context.js';
import { interruptSignal } from '../interrupt.js';
import { createFleetProgress } from '../presenters/fleet-progress.js';
import { renderFleetSummary } from '../presenters/fleet-summary.js';
import { renderTrainingAccounts, shownAccounts } from '../presenters/fleet-accounts.js';
import { readJsonFile } from '../../core/io/read-input.js';
import { confirmOrRequireYes, lockOwner } from './plan.js';

export interface DeployFlags {
  fleet: string;
  dryRun?: boolean;
  allowPrivileged?: boolean;
  concurrency?: string;
  retries?: string;
  stage?: string;
  only?: string[];
  report?: string;
  trainingUsers?: string;
  sampleData?: boolean;
  out?: string;
  showPasswords?: boolean;
  planHash?: string[];
  planHashes?: string;
}

export interface DeployResult extends FleetResult {
  /** Only with --show-passwords. */
  accounts?: Record<string, Array<Pick<TrainingUser, 'username' | 'password'>>>;
}

export function positiveInteger(flag: string, value: string | undefined, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw usageError('BAD_NUMBER', `${flag} ${value}: expected a whole number >= ${min}`);
  return n;
}

/** `edupkg deploy --fleet fleet.yaml`: plan and install on every target, a few at a time; one report. */
export async function handler(
  ctx: CommandContext,
  flags: DeployFlags,
): Promise<CommandOutcome<DeployResult>> {
  const fleet = loadFleetFile(flags.fleet);
  const targets = selectTargets(fleet, {
    ...(flags.stage ? { stage: flags.stage } : {}),
    ...(flags.only?.length ? { names: flags.only } : {}),
  });
  const concurrency = positiveInteger('--concurrency', flags.concurrency, fleet.concurrency ?? 4);
  const retries = positiveInteger('--retries', flags.retries, fleet.retries ?? 2, 0);
  const users = positiveInteger('--training-users', flags.trainingUsers, 0, 0);
  if (users > 0 && !flags.out) {
    throw usageError('NEEDS_OUT', '--training-users needs --out DIR for the accounts CSV files', {
      fix: 'Pass --out to a folder outside version control',
    });
  }
  const planHashes = reviewedPlanHashes(flags);
  if (
    !flags.dryRun &&
    !planHashes &&
    !(await confirmOrRequireYes(
      ctx,
      `Deploy to ${targets.length} target(s): ${targets.map((t) => t.name).join(', ')}?`,
    ))
  ) {
    throw abortedError('Deploy aborted; nothing was sent');
  }
  const config = ctx.config();
  const accounts: Record<string, TrainingUser[]> = {};
  const interrupt = interruptSignal(ctx);
  const deploy = createFleetDeployer({
    signal: interrupt.signal,
    dryRun: flags.dryRun ?? false,
    toolVersion: ctx.version,
    allowPrivileged: flags.allowPrivileged ?? false,
    lockOwner: lockOwner(ctx.command),
    env: process.env,
    searchDirs: [fleet.baseDir, ...(config.packagePaths ?? []).map((p) => resolve(config.baseDir, p))],
    log: (line) => ctx.reporter.debug(line),
    ...(planHashes ? { planHashes } : {}),
    ...(users > 0 || flags.sampleData
      ? {
          training: {
            users,
            sampleData: flags.sampleData ?? false,
            outDir: resolve(flags.out ?? '.'),
            onAccounts: (t: string, a: TrainingUser[]) => (accounts[t] = a),
          },
        }
      : {}),
  });
  const startedAt = new Date().toISOString();
  const progress = createFleetProgress(
    ctx,
    targets.map((t) => t.name),
  );
  let run;
  try {
    run = await runFleet(targets, deploy, {
      concurrency,
      retries,
      onEvent: progress.listener,
      signal: interrupt.signal,
    });
  } finally {
    progress.stop();
    interrupt.dispose();
  }
  const result: DeployResult = {
    fleetFile: fleet.file,
    dryRun: flags.dryRun ?? false,
    ...(flags.stage ? { stage: flags.stage as Stage } : {}),
    concurrency,
    startedAt,
    durationMs: run.durationMs,
    targets: run.targets,
    summary: summarizeFleet(run.targets),
    exitCode: run.exitCode,
    ...(flags.showPasswords ? { accounts: shownAccounts(accounts) } : {}),
  };
  if (flags.report) writeFileAtomic(resolve(flags.report), renderFleetMarkdown(result, ctx.version));
  return {
    result,
    exitCode: result.exitCode as ExitCode,
    render: (c) => {
      renderFleetSummary(c, result);
      if (flags.showPasswords) renderTrainingAccounts(c, accounts);
      if (flags.report) c.reporter.print(`Report written to ${flags.report}`);
    },
  };
}

/**
 * Per-target plan hashes: `--plan-hash gambia=HASH` (repeatable) and `--plan-hashes FILE`, the
 * `deploy --dry-run --json` document of the reviewed run (or a plain { target: hash } object).
 * Undefined when neither is given.
 */
function reviewedPlanHashes(flags: DeployFlags): Record<string, string> | undefined {
  if (!flags.planHash?.length && !flags.planHashes) return undefined;
  const hashes: Record<string, string> = {};
  if (flags.planHashes) {
    const doc = readJsonFile(flags.planHashes) as
      { result?: { targets?: unknown } } | Record<string, unknown>;
    const targets = (doc as { result?: { targets?: unknown } }).result?.targets;
    if (Array.isArray(targets)) {
      for (const t of targets as Array<{ target?: unknown; planHash?: unknown }>)
        if (typeof t.target === 'string' && typeof t.planHash === 'string') hashes[t.target] = t.planHash;
    } else {
      for (const [name, hash] of Object.entries(doc)) if (typeof hash === 'string') hashes[name] = hash;
    }
    if (Object.keys(hashes).length === 0)
      throw usageError('BAD_PLAN_HASHES', `${flags.planHashes}: no target plan hashes in it`, {
        fix: 'Give the output of `edupkg deploy --fleet ... --dry-run --json`, or {"target": "hash"}',
      });
  }
  for (const pair of flags.planHash ?? []) {
    const match = /^([^=]+)=([0-9a-f]{64})$/.exec(pair);
    if (!match)
      throw usageError('BAD_PLAN_HASH', `--plan-hash ${pair}: expected TARGET=HASH (64 hex digits)`, {
        fix: "Take each target's planHash from `edupkg deploy --fleet ... --dry-run --json`",
      });
    hashes[match[1]!] = match[2]!;
  }
  return hashes;
}
