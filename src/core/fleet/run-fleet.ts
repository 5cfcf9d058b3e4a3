import pLimit from 'p-limit';
import { EdupkgError, EXIT, interruptedError } from '../../errors/index.js';
import { redact } from '../../output/redact.js';
import type { FleetTarget } from './fleet-file.js';
import { fleetExitCode } from './exit-code.js';
import type { FleetListener, TargetFailure, TargetOutcome, TargetSuccess } from './types.js';

export interface DeployContext {
  attempt: number;
  /** Progress lines for the live view ("planning", "importing 120/400"). */
  progress: (message: string, step?: { done: number; total: number }) => void;
}

/** Deploys one target; throws an EdupkgError when it fails. Injected, so tests and trainer mode can pass their own. */
export type DeployTarget = (target: FleetTarget, context: DeployContext) => Promise<TargetSuccess>;

export interface RunFleetOptions {
  concurrency: number;
  /** Extra attempts per target after a connection error (never after a rejected import or bad credentials). */
  retries: number;
  retryDelayMs?: number;
  onEvent?: FleetListener;
  /** Defaults to connection errors only: SERVER.UNREACHABLE (refused, reset, timed out). */
  isRetryable?: (error: unknown) => boolean;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Once aborted, targets not yet started (and retries) are reported interrupted, never begun. */
  signal?: AbortSignal;
}

export interface FleetRun {
  targets: TargetOutcome[];
  durationMs: number;
  exitCode: number;
}

const RETRYABLE_CODES = new Set(['SERVER.UNREACHABLE']);

export function isConnectionError(error: unknown): boolean {
  return error instanceof EdupkgError && RETRYABLE_CODES.has(error.code);
}

/**
 * Runs `deploy` on every target with at most `concurrency` at once. A failing target never stops
 * the others; outcomes come back in fleet-file order whatever order they finished in.
 */
export async function runFleet(
  targets: FleetTarget[],
  deploy: DeployTarget,
  options: RunFleetOptions,
): Promise<FleetRun> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const isRetryable = options.isRetryable ?? isConnectionError;
  const emit = options.onEvent ?? (() => {});
  const limit = pLimit(Math.max(1, options.concurrency));
  const started = now();
  for (const target of targets) emit({ kind: 'queued', target: target.name });

  const runOne = async (target: FleetTarget): Promise<TargetOutcome> => {
    const targetStarted = now();
    const base = { target: target.name, url: target.url, ...(target.stage ? { stage: target.stage } : {}) };
    for (let attempt = 1; ; attempt++) {
      if (options.signal?.aborted) {
        return {
          ...base,
          status: 'failed',
          packages: [],
          attempts: attempt - 1,
          durationMs: now() - targetStarted,
          error: failureOf(
            interruptedError(`${target.name}: interrupted before it started; nothing was sent`),
          ),
        };
      }
      emit({ kind: 'started', target: target.name, attempt });
      try {
        const success = await deploy(target, {
          attempt,
          progress: (message, step) => emit({ kind: 'progress', target: target.name, message, ...step }),
        });
        return { ...base, ...success, attempts: attempt, durationMs: now() - targetStarted };
      } catch (error) {
        if (attempt <= options.retries && isRetryable(error)) {
          const delayMs = (options.retryDelayMs ?? 500) * 2 ** (attempt - 1);
          emit({ kind: 'retrying', target: target.name, attempt, delayMs, reason: failureOf(error).message });
          await sleep(delayMs);
          continue;
        }
        return {
          ...base,
          status: 'failed',
          packages: [],
          attempts: attempt,
          durationMs: now() - targetStarted,
          error: failureOf(error),
        };
      }
    }
  };

  const outcomes = await Promise.all(
    targets.map((target) =>
      limit(async () => {
        const outcome = await runOne(target);
        emit({ kind: 'finished', target: target.name, outcome });
        return outcome;
      }),
    ),
  );
  return { targets: outcomes, durationMs: now() - started, exitCode: fleetExitCode(outcomes) };
}

/** An error as a report line: EdupkgErrors keep their code and exit code; anything else is a bug (exit 1). */
export function failureOf(error: unknown): TargetFailure {
  if (error instanceof EdupkgError) {
    return {
      code: error.code,
      message: redact(error.message),
      exitCode: error.exitCode,
      ...(error.fix ? { fix: redact(error.fix) } : {}),
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message: redact(message), exitCode: EXIT.INTERNAL };
}
