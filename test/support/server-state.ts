import { LEDGER_NAMESPACE, LOCK_KEY, lockEpochOf } from '../../src/core/install/types.js';

/** Fields the server rewrites on every save (or that only describe the reader): never part of "state". */
const VOLATILE = new Set([
  'created',
  'lastUpdated',
  'createdBy',
  'lastUpdatedBy',
  'href',
  'access',
  'displayName',
  'installedAt',
  // A plan's hash covers the target URL, which differs per sandbox port.
  'planHash',
  // A ledger record's digest covers installedAt and planHash.
  'integrity',
]);

/** What "the server" means in these suites: every metadata object plus the edupkg dataStore namespace. */
export interface ServerState {
  metadata: Record<string, unknown[]>;
  /** Ledger records by package name (lock and journal keys kept apart). */
  ledger: Record<string, unknown>;
  /**
   * The lock as a run sees it: the highest epoch `lock-<n>` unless it is released with nothing
   * pending (that one only ends the chain), else 0.1.0's `lock` key.
   */
  lock?: Record<string, unknown>;
  /** Keys of the namespace that are neither a ledger record nor the lock (e.g. a pending-operation journal). */
  otherKeys: string[];
}

const basic = (username: string, password: string) =>
  `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;

/** A plain fetch with the sandbox's default credentials; tests read the server behind the CLI's back. */
export async function callApi(
  url: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: basic('admin', 'district'), 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

function normalise(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(normalise);
    // Sets and server lists come back in any order; sorting makes "same content" compare equal.
    return items.every((i) => i !== null && typeof i === 'object')
      ? items.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))
      : items;
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([k]) => !VOLATILE.has(k))
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, normalise(v)]),
    );
  }
  return value;
}

/** A full `GET /api/metadata` export plus the `edupkg` namespace, normalised for comparison. */
export async function readServerState(url: string): Promise<ServerState> {
  const exported = (await callApi(url, 'GET', '/api/metadata?fields=:owner')).body as Record<string, unknown>;
  const metadata: Record<string, unknown[]> = {};
  for (const [type, list] of Object.entries(exported)) {
    if (type !== 'system' && Array.isArray(list)) metadata[type] = normalise(list) as unknown[];
  }
  const keysAnswer = await callApi(url, 'GET', `/api/dataStore/${LEDGER_NAMESPACE}`);
  const keys = keysAnswer.status === 404 ? [] : (keysAnswer.body as string[]);
  const ledger: Record<string, unknown> = {};
  const otherKeys: string[] = [];
  let lock: Record<string, unknown> | undefined;
  let top: { epoch: number; value: Record<string, unknown> } | undefined;
  for (const key of [...keys].sort()) {
    const value = (await callApi(url, 'GET', `/api/dataStore/${LEDGER_NAMESPACE}/${key}`)).body;
    const epoch = lockEpochOf(key);
    if (key === LOCK_KEY) lock = value as Record<string, unknown>;
    else if (epoch !== undefined) {
      if (!top || epoch > top.epoch) top = { epoch, value: value as Record<string, unknown> };
    } else if (isLedgerRecord(value)) ledger[key] = normalise(value);
    else otherKeys.push(key);
  }
  if (top && !(top.value.released === true && top.value.pending === undefined)) lock = top.value;
  return { metadata, ledger, ...(lock ? { lock } : {}), otherKeys };
}

function isLedgerRecord(value: unknown): boolean {
  const current = (value as { current?: { package?: unknown } } | null)?.current;
  return typeof current?.package === 'string';
}

/** Which known state the server is in, by metadata and by ledger separately. */
export function whichState(
  state: ServerState,
  known: Record<'before' | 'after', ServerState>,
): { metadata: 'before' | 'after' | 'neither'; ledger: 'before' | 'after' | 'neither' } {
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const pick = (part: 'metadata' | 'ledger') =>
    same(state[part], known.after[part])
      ? 'after'
      : same(state[part], known.before[part])
        ? 'before'
        : 'neither';
  return { metadata: pick('metadata'), ledger: pick('ledger') };
}
