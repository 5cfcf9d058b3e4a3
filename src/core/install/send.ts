import type { Dhis2Client } from '../../dhis2/client.js';
import {
  describeImportError,
  type ImportErrorReport,
  type ImportOutcome,
} from '../../dhis2/import-report.js';
import { importRejectedError } from '../../errors/index.js';
import { commitOrder } from '../dhis2-model/rules.js';
import type { MetadataBundle } from '../package/types.js';
import { ignoreProgress, type ProgressListener } from '../progress.js';

/** Payloads above this are sent in several imports (each validated, then committed). */
export const DEFAULT_MAX_PAYLOAD_BYTES = 20 * 1024 * 1024;

export interface SendResult {
  created: number;
  updated: number;
  requests: number;
}

/**
 * VALIDATE, then COMMIT with atomicMode=ALL: nothing is written unless DHIS2 accepts everything.
 * One payload for all packages when it fits (DHIS2 orders types itself); otherwise chunks in
 * commit order, each validated against what earlier chunks committed.
 */
export async function sendAtomically(
  client: Dhis2Client,
  payload: MetadataBundle,
  options: { maxPayloadBytes?: number; onProgress?: ProgressListener; onCommitSent?: () => void } = {},
): Promise<SendResult> {
  const onProgress = options.onProgress ?? ignoreProgress;
  const chunks = chunkPayload(payload, options.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES);
  const total = chunks.reduce((n, c) => n + countObjects(c), 0);
  const result: SendResult = { created: 0, updated: 0, requests: 0 };
  let done = 0;
  for (const chunk of chunks) {
    onProgress({
      kind: 'phase',
      phase: 'validate',
      message: `Validating ${countObjects(chunk)} objects (importMode=VALIDATE)`,
    });
    const validation = await client.importMetadata(chunk, { importMode: 'VALIDATE', atomicMode: 'ALL' });
    result.requests++;
    assertAccepted(validation, 'validation', done > 0);
    onProgress({
      kind: 'phase',
      phase: 'commit',
      message: `Importing ${countObjects(chunk)} objects (atomicMode=ALL)`,
    });
    options.onCommitSent?.();
    const commit = await client.importMetadata(chunk, { importMode: 'COMMIT', atomicMode: 'ALL' });
    result.requests++;
    assertAccepted(commit, 'import', done > 0);
    result.created += commit.stats.created;
    result.updated += commit.stats.updated;
    done += countObjects(chunk);
    onProgress({ kind: 'step', phase: 'commit', done, total });
  }
  return result;
}

/**
 * Deletes objects one type per request, dependents first (reverse commit order): in one request
 * DHIS2 deletes in creation order and refuses whatever a later object still uses (trap 18).
 * Objects something else still references stay (E4030) and are returned as kept.
 */
export async function deleteInReverseOrder(
  client: Dhis2Client,
  items: Array<{ type: string; id: string }>,
  onProgress: ProgressListener = ignoreProgress,
): Promise<{ deleted: string[]; kept: Array<{ key: string; reason: string }> }> {
  const byType = new Map<string, string[]>();
  for (const { type, id } of items) byType.set(type, [...(byType.get(type) ?? []), id]);
  const deleted: string[] = [];
  const kept: Array<{ key: string; reason: string }> = [];
  const types = commitOrder(byType.keys()).reverse();
  let done = 0;
  for (const type of types) {
    const ids = [...new Set(byType.get(type) ?? [])].sort();
    const outcome = await client.importMetadata(
      { [type]: ids.map((id) => ({ id })) },
      { importMode: 'COMMIT', importStrategy: 'DELETE', atomicMode: 'NONE' },
    );
    // E3000-E3005: the account lacks the authority. Not an object to keep: the whole command fails (exit 6).
    const denied = outcome.errors.find((e) => /^E300[0-5]$/.test(e.code));
    if (denied)
      assertAccepted({ ...outcome, status: 'ERROR', errors: [denied] }, 'delete', deleted.length > 0);
    const refused = new Map<string, ImportErrorReport>();
    // E5001 "no matching object": already gone (an interrupted run got that far), which is the goal.
    const gone = outcome.errors.filter((e) => e.code === 'E5001' && e.uid);
    for (const error of outcome.errors)
      if (error.uid && error.code !== 'E5001') refused.set(error.uid, error);
    if (outcome.status === 'ERROR' && refused.size === 0 && gone.length === 0)
      assertAccepted(outcome, 'delete', deleted.length > 0);
    for (const id of ids) {
      const error = refused.get(id);
      if (error)
        kept.push({
          key: `${type}/${id}`,
          reason: error.code === 'E4030' ? 'still referenced by other metadata' : describeImportError(error),
        });
      else deleted.push(`${type}/${id}`);
    }
    done += ids.length;
    onProgress({ kind: 'step', phase: 'delete', done, total: items.length });
  }
  return { deleted, kept };
}

function assertAccepted(outcome: ImportOutcome, what: string, partlyApplied: boolean): void {
  if (outcome.status === 'OK') return;
  const first = outcome.errors[0];
  const more = outcome.errors.length > 1 ? ` (+${outcome.errors.length - 1} more)` : '';
  const summary = first ? describeImportError(first) : (outcome.message ?? `status ${outcome.status}`);
  throw importRejectedError(
    what === 'validation' ? 'VALIDATION_FAILED' : 'REJECTED',
    `DHIS2 rejected the ${what}: ${summary}${more}${partlyApplied ? '; earlier chunks were already committed' : '; nothing was changed'}`,
    {
      ...(first?.type ? { objectType: first.type } : {}),
      ...(first?.uid ? { objectId: first.uid } : {}),
      ...(first?.property ? { field: first.property } : {}),
      details: {
        status: outcome.status,
        httpStatus: outcome.httpStatus,
        stats: outcome.stats,
        errors: outcome.errors,
      },
      fix: 'Run `edupkg validate` on the package and `edupkg plan` against this server to see the conflicting objects',
    },
  );
}

export function countObjects(bundle: MetadataBundle): number {
  return Object.values(bundle).reduce((n, list) => n + list.length, 0);
}

/** Splits a payload into pieces under a byte bound, types in commit order so references come first. */
export function chunkPayload(payload: MetadataBundle, maxBytes: number): MetadataBundle[] {
  const chunks: MetadataBundle[] = [];
  let current: MetadataBundle = {};
  let size = 2;
  for (const type of commitOrder(Object.keys(payload))) {
    for (const object of payload[type] ?? []) {
      const bytes = Buffer.byteLength(JSON.stringify(object)) + 1;
      if (size + bytes > maxBytes && countObjects(current) > 0) {
        chunks.push(current);
        current = {};
        size = 2;
      }
      (current[type] ??= []).push(object);
      size += bytes;
    }
  }
  if (countObjects(current) > 0) chunks.push(current);
  return chunks;
}
