import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFleetDeployer } from '../../src/core/fleet/index.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import type { Dhis2Version } from '../../src/sandbox/types.js';
import { REPO_ROOT } from '../support/run-cli.js';
import { client, type Client } from './helpers.js';

/** "Today" for every analytics test: THIS_YEAR is 2025, LAST_5_YEARS 2020-2024. */
export const NOW = new Date('2025-06-15T00:00:00Z');
export const SAMPLE_YEARS = [2022, 2023, 2024];

/** A sandbox with the shipped packages installed (library calls) and their sample data loaded. */
export async function sandboxWithSampleData(
  version: Dhis2Version = '2.41',
  /** `sandbox fleet --sample-data` as shipped: the real clock and the default sample years. */
  asShipped = false,
): Promise<{ sandbox: Sandbox; api: Client; dataValues: number }> {
  const sandbox = await startSandbox({ dhis2Version: version, ...(asShipped ? {} : { now: () => NOW }) });
  const deploy = createFleetDeployer({
    dryRun: false,
    toolVersion: '0.0.0-test',
    lockOwner: { owner: 'test', host: 'test', pid: process.pid, command: 'analytics test' },
    env: { ANALYTICS_TEST_PASSWORD: 'district' },
    searchDirs: [REPO_ROOT],
    training: {
      users: 0,
      sampleData: true,
      outDir: mkdtempSync(join(tmpdir(), 'edupkg-analytics-')),
      ...(asShipped ? {} : { years: SAMPLE_YEARS }),
    },
  });
  const result = await deploy(
    {
      name: 'analytics',
      url: sandbox.url,
      username: 'admin',
      passwordEnv: 'ANALYTICS_TEST_PASSWORD',
      packages: ['edu-dashboards'],
    },
    { attempt: 1, progress: () => undefined },
  );
  return { sandbox, api: client(sandbox.url), dataValues: result.training?.dataValues ?? 0 };
}

export interface RawValue {
  dataElement: string;
  period: string;
  orgUnit: string;
  categoryOptionCombo: string;
  value: string;
}

/** Every stored value, read back through GET /api/dataValueSets (one request per data set). */
export async function rawValues(api: Client, root: string): Promise<RawValue[]> {
  const sets = (await api.get('/api/dataSets.json?fields=id&paging=false')).body.dataSets as Array<{
    id: string;
  }>;
  const seen = new Set<string>();
  const out: RawValue[] = [];
  for (const { id } of sets) {
    const answer = await api.get(`/api/dataValueSets.json?dataSet=${id}&orgUnit=${root}&children=true`);
    for (const v of answer.body.dataValues as RawValue[]) {
      const key = `${v.dataElement}|${v.period}|${v.orgUnit}|${v.categoryOptionCombo}`;
      if (!seen.has(key)) out.push(v);
      seen.add(key);
    }
  }
  return out;
}

/** Rows of an analytics answer keyed by their dimension items joined with "|". */
export function rowsByKey(body: Record<string, unknown>): Map<string, string> {
  const rows = body.rows as string[][];
  return new Map(rows.map((r) => [r.slice(0, -1).join('|'), r[r.length - 1]!]));
}
