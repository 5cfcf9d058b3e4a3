import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { withoutImplicitDefaults } from '../../core/dhis2-model/implicit-defaults.js';
import { loadCaptures } from './captures.js';
import { expectationOf, type Expectation, type ReplayResult } from './run.js';
import { captureWorld, type CaptureWorld } from './world.js';
import { shapeOf } from './shape.js';
import { DHIS2_VERSIONS, type Dhis2Version, type JsonObject } from '../types.js';

/** One capture folder ready to replay. */
export interface ReplaySet {
  capture: string;
  /** The sandbox mode, when not derived from the capture's API version. */
  mode?: Dhis2Version;
  world: CaptureWorld;
  expectations: Expectation[];
}

/** A committed, known difference: the call, and why it still differs from real DHIS2. */
export interface KnownDifference {
  capture: string;
  method: string;
  path: string;
  reason: string;
  /** "values": shapes match, only values differ (not checkable on the distilled copy). */
  only?: 'values';
}

/** A known difference no capture shows (the apps never ask for it): which modes, what, and why. */
export interface UncapturedDifference {
  modes: string;
  behaviour: string;
  reason: string;
}

/** The real captures in ../shared when present (values compared), else the distilled copies (shapes). */
export function loadFidelityInputs(
  root: string,
  distilledOnly = false,
): { source: string; valuesCompared: boolean; sets: ReplaySet[] } {
  const shared = join(root, '..', 'shared', 'fixtures', 'dhis2', 'captures');
  if (!distilledOnly && existsSync(shared)) {
    const sets: ReplaySet[] = readdirSync(shared)
      .filter((d) => /^\d{2}$/.test(d))
      .sort()
      .map((capture) => {
        const calls = loadCaptures(join(shared, capture), capture);
        return {
          capture,
          world: captureWorld(calls),
          expectations: calls.map((c) => expectationOf(c, true)),
        };
      });
    sets.push(...recordedSets(join(root, '..', 'shared', 'fixtures', 'dhis2', 'real-responses')));
    sets.push(...recordedImportSets(join(root, '..', 'shared', 'fixtures', 'dhis2', 'real-responses')));
    sets.push(...ownerExportSets(join(root, '..', 'shared', 'fixtures', 'dhis2')));
    return { source: 'real captures, ../shared/fixtures/dhis2/captures', valuesCompared: true, sets };
  }
  return {
    source: 'distilled captures, test/fixtures/replay',
    valuesCompared: false,
    sets: distilledSets(root),
  };
}

/**
 * Unfiltered GET /api/me and /api/system/info recorded from live servers of each release line
 * (../shared/fixtures/dhis2/real-responses, e.g. "2.41-SNAPSHOT-me.json"), replayed in that mode:
 * shapes only, since the values describe the recording server.
 */
function recordedSets(dir: string): ReplaySet[] {
  if (!existsSync(dir)) return [];
  const sets: ReplaySet[] = [];
  for (const file of readdirSync(dir).sort()) {
    const m = /^(2\.\d\d)[^-]*(?:-SNAPSHOT)?-(me|system-info)\.json$/.exec(file);
    const mode = m && DHIS2_VERSIONS.find((v) => v === m[1]);
    if (!m || !mode) continue;
    const path = m[2] === 'me' ? '/api/me' : '/api/system/info';
    const body = JSON.parse(readFileSync(join(dir, file), 'utf8')) as unknown;
    sets.push({
      capture: `recorded ${file.replace(/\.json$/, '')}`,
      mode,
      world: { metadata: {}, settings: {}, userOrgUnits: [] },
      expectations: [
        { method: 'GET', path, status: 200, contentType: 'application/json', shape: shapeOf(body) },
      ],
    });
  }
  return sets;
}

/** The import-export app's request (real-responses/SOURCES.md); its body was not recorded. */
const IMPORT_APP_QUERY =
  'importMode=COMMIT&identifier=UID&importReportMode=ERRORS&importStrategy=CREATE_AND_UPDATE&atomicMode=ALL' +
  '&mergeMode=REPLACE&flushMode=AUTO&skipSharing=false&skipValidation=false';

/**
 * POST /api/metadata answers recorded from a live server (e.g. "2.44-SNAPSHOT-metadata-POST-sync-
 * ImportReport-OK-empty.json"), replayed in that mode with an empty payload: the synchronous
 * ImportReport with values, the async JobConfiguration acknowledgement by shape (ids, timestamps).
 */
function recordedImportSets(dir: string): ReplaySet[] {
  if (!existsSync(dir)) return [];
  const sets: ReplaySet[] = [];
  for (const file of readdirSync(dir).sort()) {
    const m = /^(2\.\d\d)[^-]*(?:-SNAPSHOT)?-metadata-POST-(sync|async)-.*\.json$/.exec(file);
    const mode = m && DHIS2_VERSIONS.find((v) => v === m[1]);
    if (!m || !mode) continue;
    const body = JSON.parse(readFileSync(join(dir, file), 'utf8')) as unknown;
    const expectation: Expectation = {
      method: 'POST',
      path: `/api/metadata?${IMPORT_APP_QUERY}&async=${m[2] === 'async'}`,
      status: 200,
      contentType: 'application/json',
      shape: shapeOf(body),
      requestBody: {},
      ...(m[2] === 'sync' ? { body } : {}),
    };
    sets.push({
      capture: `recorded ${file.replace(/\.json$/, '')}`,
      mode,
      world: { metadata: {}, settings: {}, userOrgUnits: [] },
      expectations: [expectation],
    });
  }
  return sets;
}

/**
 * `:owner` as real DHIS2 writes it, `false` and `[]` of unset fields included: the HEP_AGG package
 * exported from 2.41.3 (a metadata export, which renders `:owner`). The package, users aside and
 * without those implicit defaults (as package files leave them out), is imported into a 2.41
 * sandbox; the first object of each type is read back with `:owner` less the timestamps and user
 * references the package does not carry, and must have the real shape, defaults included.
 */
function ownerExportSets(dir: string): ReplaySet[] {
  const file = join(dir, 'pkg-HEP_AGG-complete-DHIS2.41.3.json');
  if (!existsSync(file)) return [];
  const {
    package: _package,
    users: _users,
    userRoles: _userRoles,
    ...metadata
  } = JSON.parse(readFileSync(file, 'utf8')) as Record<string, JsonObject[]>;
  const world: CaptureWorld = { metadata: {}, settings: {}, userOrgUnits: [] };
  const expectations: Expectation[] = [];
  for (const [type, objects] of Object.entries(metadata)) {
    world.metadata[type] = objects.map((o) => withoutImplicitDefaults(type, o) as JsonObject);
    const first = objects[0];
    if (!first || typeof first.id !== 'string') continue;
    expectations.push({
      method: 'GET',
      path: `/api/${type}/${first.id}?fields=:owner,!created,!lastUpdated,!createdBy,!lastUpdatedBy`,
      status: 200,
      contentType: 'application/json',
      shape: shapeOf(first),
    });
  }
  return [
    {
      capture: 'recorded HEP_AGG 2.41.3 :owner export',
      mode: '2.41',
      world,
      expectations,
    },
  ];
}

export function distilledSets(root: string): ReplaySet[] {
  const dir = join(root, 'test', 'fixtures', 'replay');
  return readdirSync(dir)
    .filter((f) => /^capture-\d{2}\.json$/.test(f))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as ReplaySet);
}

export interface Verdict {
  summary: Array<{ area: string; mode: string; capture: string; matching: number; total: number }>;
  known: Array<KnownDifference & { differences: ReplayResult['differences'] }>;
  unexpected: ReplayResult[];
  /** Listed differences whose call now matches: the list must lose them. */
  stale: KnownDifference[];
}

const keyOf = (x: { capture: string; method: string; path: string }) => `${x.capture} ${x.method} ${x.path}`;

export function judge(results: ReplayResult[], known: KnownDifference[], valuesCompared = true): Verdict {
  const listed = new Map(known.map((k) => [keyOf(k), k]));
  const rows = new Map<string, Verdict['summary'][number]>();
  const verdict: Verdict = { summary: [], known: [], unexpected: [], stale: [] };
  for (const result of results) {
    const rowKey = `${result.area}|${result.mode}|${result.capture}`;
    const row = rows.get(rowKey) ?? {
      area: result.area,
      mode: result.mode,
      capture: result.capture,
      matching: 0,
      total: 0,
    };
    rows.set(rowKey, row);
    row.total++;
    const entry = listed.get(keyOf(result));
    if (result.differences.length === 0) {
      row.matching++;
      if (entry && (valuesCompared || entry.only !== 'values')) verdict.stale.push(entry);
    } else if (entry) verdict.known.push({ ...entry, differences: result.differences });
    else verdict.unexpected.push(result);
  }
  verdict.summary = [...rows.values()].sort(
    (a, b) => a.area.localeCompare(b.area) || a.capture.localeCompare(b.capture),
  );
  return verdict;
}
