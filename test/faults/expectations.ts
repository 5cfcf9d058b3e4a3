import type { CliResult } from '../support/run-cli.js';
import type { FaultOutcome, ScenarioBaseline } from './fault-harness.js';

/** One `edupkg: error:` line (plus an optional fix line), the documented exit code, no stack trace. */
export function expectCleanFailure(run: CliResult, exitCode: number): void {
  expect(`exit ${run.code}: ${run.stderr}`).toMatch(new RegExp(`^exit ${exitCode}: `));
  expect(run.stderr).not.toMatch(/^\s+at /m);
  expect(run.stderr).not.toContain('internal error');
  if (exitCode === 0) return;
  const errorLines = run.stderr.split('\n').filter((l) => l.startsWith('edupkg: error: '));
  expect(errorLines).toHaveLength(1);
  expect(
    run.stderr
      .trim()
      .split('\n')
      .filter((l) => !/^(edupkg: error: | {2}fix: |warning: )/.test(l)),
  ).toEqual([]);
}

/**
 * Never half: the metadata is as before or as after. The ledger tells the same story, except when
 * the run could not learn or record the outcome: then the lock carries the pending records.
 */
export function expectWholeState(outcome: FaultOutcome): void {
  const { state, afterFault } = outcome;
  expect(state.metadata).not.toBe('neither');
  const pending = (afterFault.lock?.pending as { kind?: string } | undefined)?.kind;
  if (state.metadata === 'before' || !pending) expect(state.ledger).toBe(state.metadata);
  // A lock left behind is free for the next run: released, or its holder is gone.
  if (afterFault.lock) expect(lockIsFree(afterFault.lock)).toBe(true);
}

const lockIsFree = (lock: Record<string, unknown>) => lock.released === true || !processAlive(lock.pid);

function processAlive(pid: unknown): boolean {
  try {
    process.kill(pid as number, 0);
    return true;
  } catch {
    return false;
  }
}

/** The rerun without faults (when one was needed) ends with the complete job, recorded, unlocked. */
export function expectRecovered(outcome: FaultOutcome, baseline: ScenarioBaseline): void {
  // --json puts a failure's envelope on stdout: show both streams when the rerun fails.
  if (outcome.rerun)
    expect(
      `exit ${outcome.rerun.code}: ${outcome.rerun.stderr}${outcome.rerun.code === 0 ? '' : outcome.rerun.stdout}`,
    ).toBe('exit 0: ');
  expect(outcome.final.metadata).toEqual(baseline.known.after.metadata);
  expect(outcome.final.ledger).toEqual(baseline.known.after.ledger);
  // Without a rerun, a lock whose removal failed may remain, free for the next run.
  if (outcome.rerun || !outcome.final.lock) expect(outcome.final.lock).toBeUndefined();
  else expect(lockIsFree(outcome.final.lock)).toBe(true);
  expect(outcome.final.otherKeys).toEqual([]);
}
