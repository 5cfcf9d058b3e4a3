import { startSandbox } from '../server.js';
import { DHIS2_VERSIONS, type Dhis2Version } from '../types.js';
import { areaOf, type CapturedCall } from './captures.js';
import { compareShapes, compareValues, shapeOf, type Difference, type Shape } from './shape.js';
import type { CaptureWorld } from './world.js';

/** What one replayed request should answer: from a live capture, or distilled to its shape. */
export interface Expectation {
  method: string;
  path: string;
  status: number;
  contentType: string;
  shape: Shape;
  /** The real body, when values are to be compared too. */
  body?: unknown;
  /** What the request sends (JSON), for recorded writes. */
  requestBody?: unknown;
}

export interface ReplayResult {
  capture: string;
  mode: Dhis2Version;
  area: string;
  method: string;
  path: string;
  differences: Difference[];
}

/** The sandbox mode a capture of API version NN replays in: 2.NN, else the newest older mode. */
export function modeFor(capture: string): Dhis2Version {
  const wanted = Number(capture);
  const modes = DHIS2_VERSIONS.filter((v) => Number(v.slice(2)) <= wanted);
  return modes[modes.length - 1] ?? DHIS2_VERSIONS[0]!;
}

/** Answers that are about the live server, never about the metadata: shapes only. */
const VALUES_NOT_COMPARED = /^\/api\/(\d{2}\/)?(system\/info|me\b|userSettings|me\/dashboard)/;

export function expectationOf(call: CapturedCall, withValues: boolean): Expectation {
  return {
    method: call.method,
    path: call.path,
    status: call.status,
    contentType: call.contentType,
    shape: shapeOf(call.body),
    ...(withValues && !call.nonDeterministic && !VALUES_NOT_COMPARED.test(call.path)
      ? { body: call.body }
      : {}),
  };
}

const mediaType = (contentType: string) => contentType.split(';')[0]!.trim().toLowerCase();

/**
 * Starts a fresh sandbox in `mode`, seeds it with the capture's world through the Web API (the real
 * import path), replays every expectation and reports how each answer departs from the real one.
 */
export async function replay(
  capture: string,
  world: CaptureWorld,
  expectations: Expectation[],
  mode: Dhis2Version = modeFor(capture),
): Promise<ReplayResult[]> {
  const sandbox = await startSandbox({ seed: 'empty', dhis2Version: mode, password: 'district' });
  const authorization = `Basic ${Buffer.from('admin:district').toString('base64')}`;
  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${sandbox.url}${path}`, {
      method,
      redirect: 'manual',
      headers: { authorization, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  try {
    await seed(call, world);
    const results: ReplayResult[] = [];
    for (const expected of expectations) {
      const response = await call(expected.method, expected.path, expected.requestBody);
      const text = await response.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text) as unknown;
      } catch {
        // a text answer stays text
      }
      const differences: Difference[] = [];
      if (response.status !== expected.status)
        differences.push({ at: 'status', what: `${response.status}, real ${expected.status}` });
      const ours = mediaType(response.headers.get('content-type') ?? '');
      if (ours !== mediaType(expected.contentType))
        differences.push({ at: 'content-type', what: `${ours}, real ${mediaType(expected.contentType)}` });
      compareShapes(expected.shape, shapeOf(body), '', differences);
      if (expected.body !== undefined && differences.length === 0)
        compareValues(expected.body, body, '', differences);
      results.push({
        capture,
        mode,
        area: areaOf(expected.path, expected.method),
        method: expected.method,
        path: expected.path,
        differences,
      });
    }
    return results;
  } finally {
    await sandbox.close();
  }
}

type Call = (method: string, path: string, body?: unknown) => Promise<Response>;

async function seed(call: Call, world: CaptureWorld): Promise<void> {
  if (Object.keys(world.metadata).length === 0) return;
  const imported = await call('POST', '/api/metadata', world.metadata);
  const report = (await imported.json()) as { status?: string; response?: { status?: string } };
  const status = report.response?.status ?? report.status;
  if (status !== 'OK')
    throw new Error(`replay world import failed: ${JSON.stringify(report).slice(0, 2000)}`);
  for (const [key, value] of Object.entries(world.settings)) {
    const response = await call('POST', `/api/systemSettings/${key}`, value);
    if (!response.ok) throw new Error(`replay setting ${key} refused: ${response.status}`);
  }
  if (world.offlineLevel) {
    const response = await call(
      'POST',
      '/api/configuration/offlineOrganisationUnitLevel',
      world.offlineLevel,
    );
    if (!response.ok) throw new Error(`replay offline level refused: ${response.status}`);
  }
  if (world.userOrgUnits.length > 0) {
    const me = (await (await call('GET', '/api/me?fields=id')).json()) as { id: string };
    const user = (await (await call('GET', `/api/users/${me.id}?fields=:owner`)).json()) as Record<
      string,
      unknown
    >;
    const units = world.userOrgUnits.map((id) => ({ id }));
    const updated = { ...user, organisationUnits: units, dataViewOrganisationUnits: units };
    const response = await call('POST', '/api/metadata', { users: [updated] });
    if (!response.ok) throw new Error(`replay user update refused: ${response.status}`);
  }
}
