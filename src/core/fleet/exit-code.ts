import { EXIT } from '../../errors/index.js';
import type { FleetSummary, TargetOutcome } from './types.js';

/**
 * Most severe first, for failures that are neither all server errors nor include a rejected
 * import: a bug outranks a conflict needing a decision, which outranks bad input.
 */
const SEVERITY: readonly number[] = [
  EXIT.INTERNAL,
  EXIT.CONFLICT,
  EXIT.IMPORT_REJECTED,
  EXIT.VALIDATION,
  EXIT.USAGE,
  EXIT.ABORTED,
  EXIT.SERVER,
];

/**
 * The exit code of a fleet run (documented in docs/ci.md):
 * 0 when every target succeeded; 130 when the run was interrupted; 7 when every failure is a server error (unreachable, auth,
 * HTTP); 6 when any import was rejected; otherwise the most severe code among the failures.
 */
export function fleetExitCode(outcomes: readonly TargetOutcome[]): number {
  const codes = outcomes.flatMap((o) => (o.status === 'failed' ? [o.error?.exitCode ?? EXIT.INTERNAL] : []));
  if (codes.length === 0) return EXIT.OK;
  // Ctrl-C ends the whole run: say so, whatever else failed on the way.
  if (codes.includes(EXIT.INTERRUPTED)) return EXIT.INTERRUPTED;
  if (codes.every((c) => c === EXIT.SERVER)) return EXIT.SERVER;
  if (codes.includes(EXIT.IMPORT_REJECTED)) return EXIT.IMPORT_REJECTED;
  return SEVERITY.find((c) => codes.includes(c)) ?? EXIT.INTERNAL;
}

export function summarizeFleet(outcomes: readonly TargetOutcome[]): FleetSummary {
  const failedTargets = outcomes.filter((o) => o.status === 'failed').map((o) => o.target);
  return {
    targets: outcomes.length,
    succeeded: outcomes.length - failedTargets.length,
    failed: failedTargets.length,
    failedTargets,
  };
}
