/**
 * What long-running core operations report while they work. Core emits, the CLI draws (a bar on a
 * TTY, lines under --verbose, nothing under --json); core never writes to a stream itself.
 */
export type ProgressPhase =
  'connect' | 'lock' | 'read' | 'plan' | 'validate' | 'commit' | 'delete' | 'restore' | 'ledger' | 'done';

export type ProgressEvent =
  | { kind: 'phase'; phase: ProgressPhase; message: string }
  /** `done` of `total` units (objects sent, requests made) within the current phase. */
  | { kind: 'step'; phase: ProgressPhase; done: number; total: number };

export type ProgressListener = (event: ProgressEvent) => void;

export const ignoreProgress: ProgressListener = () => {};
