import { generateUid } from '../../core/dhis2-model/uid.js';
import { timestamp } from '../metadata/commit.js';
import { json, type ApiResponse, type Route, type SandboxContext } from '../http/api.js';
import { webMessage } from '../http/web-message.js';
import type { SandboxStore } from '../store.js';
import type { JsonObject } from '../types.js';
import { minorOf } from '../types.js';

/**
 * `async=true` imports as DHIS2 runs them: the request answers at once with
 * WebMessageUtils.jobConfigurationReport (JobConfigurationWebMessageResponse, Location
 * /api/system/tasks/{type}); the work runs after the answer, leaving Notifications (newest first,
 * SystemController#getTaskJsonByUid) and a summary (#getTaskSummaryJson). Jobs live in memory,
 * as DHIS2's notifier does.
 */

export type JobType = 'METADATA_IMPORT' | 'DATAVALUE_IMPORT';

interface Notification {
  level: 'INFO' | 'ERROR';
  id: string;
  uid: string;
  category: JobType;
  time: string;
  message: string;
  completed: boolean;
}

interface Job {
  type: JobType;
  notifications: Notification[];
  summary?: unknown;
}

/** What a job's work produced: the summary to serve and the line that ends its notifications. */
export interface JobOutcome {
  summary: unknown;
  failed: boolean;
  message: string;
}

const jobsByStore = new WeakMap<SandboxStore, Map<string, Job>>();

function jobsOf(store: SandboxStore): Map<string, Job> {
  let jobs = jobsByStore.get(store);
  if (!jobs) {
    jobs = new Map<string, Job>();
    jobsByStore.set(store, jobs);
  }
  return jobs;
}

function notify(job: Job, message: string, completed: boolean, level: 'INFO' | 'ERROR' = 'INFO') {
  const uid = generateUid();
  job.notifications.unshift({
    level,
    id: uid,
    uid,
    category: job.type,
    time: timestamp(),
    message,
    completed,
  });
}

/** Registers a job, answers with its JobConfiguration and runs `work` once the answer is out. */
export function startJob(
  ctx: SandboxContext,
  type: JobType,
  jobParameters: JsonObject,
  startMessage: string,
  work: () => JobOutcome,
): ApiResponse {
  const id = generateUid();
  const created = new Date();
  // 2.38-2.40 name the in-memory job after the importer; 2.41+ as JobConfiguration(JobType) does.
  const legacy = minorOf(ctx.version) <= 40;
  const name = legacy
    ? type === 'METADATA_IMPORT'
      ? 'metadataImport'
      : 'dataValueImport'
    : `${type} (${created.getTime()})`;
  const job: Job = { type, notifications: [] };
  jobsOf(ctx.store).set(id, job);
  setImmediate(() => {
    notify(job, startMessage, false);
    let outcome: JobOutcome;
    try {
      outcome = work();
    } catch (error) {
      outcome = { summary: undefined, failed: true, message: (error as Error).message };
    }
    job.summary = outcome.summary;
    notify(job, outcome.message, true, outcome.failed ? 'ERROR' : 'INFO');
  });
  const response = {
    name,
    id,
    created: timestamp(created),
    jobType: type,
    jobStatus: legacy ? 'SCHEDULED' : 'NOT_STARTED',
    jobParameters,
    relativeNotifierEndpoint: `/api/system/tasks/${type}/${id}`,
    responseType: 'JobConfiguration',
  };
  return json(200, webMessage(200, 'OK', { message: `Initiated ${name}`, response }), {
    location: `${ctx.baseUrl()}/api/system/tasks/${type}`,
  });
}

const noStore = { 'cache-control': 'no-store' };

export const jobRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/system\/tasks\/([A-Z_]+)\/([A-Za-z0-9]+)$/,
    handler: (_req, ctx, [type, id = '']) => {
      const job = jobsOf(ctx.store).get(id);
      return json(200, job && job.type === type ? job.notifications : [], noStore);
    },
  },
  {
    method: 'GET',
    pattern: /^\/system\/tasks\/([A-Z_]+)$/,
    handler: (_req, ctx, [type]) =>
      json(
        200,
        Object.fromEntries(
          [...jobsOf(ctx.store)].filter(([, j]) => j.type === type).map(([id, j]) => [id, j.notifications]),
        ),
        noStore,
      ),
  },
  {
    method: 'GET',
    pattern: /^\/system\/taskSummaries\/([A-Z_]+)\/([A-Za-z0-9]+)$/,
    handler: (_req, ctx, [type, id = '']) => {
      const job = jobsOf(ctx.store).get(id);
      // No summary (yet): 200 with no body, as ResponseEntity.ok().build().
      if (!job || job.type !== type || job.summary === undefined)
        return { status: 200, body: '', headers: noStore };
      return json(200, job.summary, noStore);
    },
  },
  {
    method: 'GET',
    pattern: /^\/system\/taskSummaries\/([A-Z_]+)$/,
    handler: (_req, ctx, [type]) =>
      json(
        200,
        Object.fromEntries(
          [...jobsOf(ctx.store)]
            .filter(([, j]) => j.type === type && j.summary !== undefined)
            .map(([id, j]) => [id, j.summary]),
        ),
        noStore,
      ),
  },
];
