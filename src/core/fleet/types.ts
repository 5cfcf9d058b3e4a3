import type { Stage } from './fleet-file.js';

/** What became of one target. `planned`: a dry run that got as far as a plan. */
export type TargetStatus = 'installed' | 'planned' | 'unchanged' | 'failed';

export interface TargetPackage {
  name: string;
  version: string;
  /** install | upgrade | downgrade | reinstall, as the plan decided. */
  mode?: string;
  installedVersion?: string;
}

/** Object counts of one target's plan (or of what was applied). */
export interface TargetCounts {
  create: number;
  update: number;
  unchanged: number;
  conflict: number;
}

/** What training provisioning did on one target (users and sample data). */
export interface TargetTraining {
  users: number;
  usersFile?: string;
  dataValues: number;
  rulesChecked: number;
  rulesFailed: number;
}

export interface TargetFailure {
  code: string;
  message: string;
  exitCode: number;
  fix?: string;
}

/** What a deploy of one target returns when it succeeds (the runner adds name, timing, attempts). */
export interface TargetSuccess {
  status: Exclude<TargetStatus, 'failed'>;
  dhis2Version?: string;
  packages: TargetPackage[];
  counts?: TargetCounts;
  planHash?: string;
  training?: TargetTraining;
  notes?: string[];
}

export interface TargetOutcome extends Partial<Omit<TargetSuccess, 'status'>> {
  target: string;
  url: string;
  stage?: Stage;
  status: TargetStatus;
  attempts: number;
  durationMs: number;
  packages: TargetPackage[];
  error?: TargetFailure;
}

export interface FleetSummary {
  targets: number;
  succeeded: number;
  failed: number;
  failedTargets: string[];
}

/** The --json `result` of `edupkg deploy`, and what the markdown report is rendered from. */
export interface FleetResult {
  fleetFile: string;
  dryRun: boolean;
  stage?: Stage;
  concurrency: number;
  startedAt: string;
  durationMs: number;
  targets: TargetOutcome[];
  summary: FleetSummary;
  /** The exit code the run ends with (see fleetExitCode). */
  exitCode: number;
}

/** Progress of a fleet run, one event at a time; the CLI draws it, core never does. */
export type FleetEvent =
  | { kind: 'queued'; target: string }
  | { kind: 'started'; target: string; attempt: number }
  | { kind: 'progress'; target: string; message: string; done?: number; total?: number }
  | { kind: 'retrying'; target: string; attempt: number; delayMs: number; reason: string }
  | { kind: 'finished'; target: string; outcome: TargetOutcome };

export type FleetListener = (event: FleetEvent) => void;
