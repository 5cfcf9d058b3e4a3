import { createHash } from 'node:crypto';
import type { Dhis2Client } from '../../dhis2/client.js';
import { abortedError, conflictError } from '../../errors/index.js';
import { settleInherited } from '../install/journal.js';
import type { LockOptions, LockOwner } from '../install/lock.js';
import { countObjects, sendAtomically } from '../install/send.js';
import { underLock } from '../install/session.js';
import { ignoreProgress } from '../progress.js';
import { planRegistry, type PreparedRegistry, type RegistryPlanOptions } from './plan.js';
import type { RegistryPlan, SourceTable } from './types.js';

/** The registry's own record next to the install ledger: what each apply changed, newest last. */
export const REGISTRY_NAMESPACE = 'edupkg-registry';
export const REGISTRY_KEY = 'runs';
const RUNS_KEPT = 20;

export interface RegistryRun {
  appliedAt: string;
  file: string;
  fileSha256: string;
  planHash: string;
  summary: RegistryPlan['summary'];
  toolVersion: string;
}

export interface RegistryApplyResult {
  plan: RegistryPlan;
  applied: boolean;
  created: number;
  updated: number;
  requests: number;
}

/**
 * Under the install lock: plan again, refuse when a row is bad (nothing is sent) or when the
 * plan is not the one approved, then ONE atomic import (validated first), then the record.
 */
export async function applyRegistry(
  client: Dhis2Client,
  table: SourceTable,
  fileBytes: Uint8Array,
  options: RegistryPlanOptions & {
    toolVersion: string;
    lock: LockOwner & LockOptions;
    expectedPlanHash?: string;
    confirm?: (prepared: PreparedRegistry) => Promise<boolean>;
  },
): Promise<{ result: RegistryApplyResult; warnings: string[] }> {
  const onProgress = options.onProgress ?? ignoreProgress;
  const warnings: string[] = [];
  onProgress({ kind: 'phase', phase: 'lock', message: 'Taking the install lock' });
  const result = await underLock(client, options.lock, warnings, async (lock) => {
    const settled = await settleInherited(client, lock);
    if (settled) warnings.push(settled);
    const prepared = await planRegistry(client, table, options);
    const { plan, payload } = prepared;
    const none: RegistryApplyResult = { plan, applied: false, created: 0, updated: 0, requests: 0 };
    if (plan.problems.length > 0 || countObjects(payload) === 0) return none;
    if (options.expectedPlanHash && options.expectedPlanHash !== plan.hash)
      throw conflictError('PLAN_CHANGED', 'the server or the list changed since the plan was shown', {
        fix: 'Run `edupkg schools plan` again and approve the new hash',
      });
    if (!options.expectedPlanHash && options.confirm && !(await options.confirm(prepared)))
      throw abortedError('Aborted; nothing was sent');
    // One import, whatever its size: the registry is all or nothing.
    const sent = await sendAtomically(client, payload, {
      maxPayloadBytes: Number.POSITIVE_INFINITY,
      onProgress,
    });
    onProgress({ kind: 'phase', phase: 'ledger', message: 'Recording the run' });
    await recordRun(client, {
      appliedAt: new Date().toISOString(),
      file: table.file,
      fileSha256: createHash('sha256').update(fileBytes).digest('hex'),
      planHash: plan.hash,
      summary: plan.summary,
      toolVersion: options.toolVersion,
    });
    return { plan, applied: true, ...sent };
  });
  return { result, warnings };
}

async function recordRun(client: Dhis2Client, run: RegistryRun): Promise<void> {
  const previous = (await client.dataStore.get(REGISTRY_NAMESPACE, REGISTRY_KEY)) as
    { runs?: RegistryRun[] } | undefined;
  const runs = [...(Array.isArray(previous?.runs) ? previous.runs : []), run].slice(-RUNS_KEPT);
  await client.dataStore.put(REGISTRY_NAMESPACE, REGISTRY_KEY, { runs });
}
