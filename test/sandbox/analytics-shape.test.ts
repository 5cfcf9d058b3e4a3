import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { uidFromCode } from '../../src/core/dhis2-model/uid.js';
import { DEMO_ROOT_UID, startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import type { Dhis2Version } from '../../src/sandbox/types.js';
import { REPO_ROOT } from '../support/run-cli.js';
import { NOW } from './analytics-support.js';
import { client } from './helpers.js';

type Json = Record<string, unknown>;
type Items = Record<string, Json>;
const fixture = (name: string) =>
  JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'analytics', name), 'utf8')) as Json;
const E2E_241 = fixture('e2e-2.41.0-AnalyticsQueryDv1AutoTest-query1And3CoverageYearly.json');
const REAL_DETAILS = fixture('real-analytics-ou-pe-filter-dx-details.json');

const id = (code: string) => uidFromCode('objects', code);
const DE = id('SHAPE_DE');
const [IND_A, IND_B] = [id('SHAPE_IND_A'), id('SHAPE_IND_B')];
const schools = ['DEMO_S_HIGHLANDS_1', 'DEMO_S_COASTAL_2', 'DEMO_S_CAPITAL_3'].map((c) =>
  uidFromCode('organisationUnits', c),
);
const METADATA = {
  dataElements: [
    {
      id: DE,
      name: 'Shape enrolment',
      shortName: 'Shape enrolment',
      valueType: 'INTEGER',
      aggregationType: 'SUM',
      domainType: 'AGGREGATE',
      categoryCombo: { id: 'bjDvmb4bfuf' },
    },
  ],
  indicatorTypes: [{ id: id('SHAPE_PERCENT'), name: 'Per cent', factor: 100 }],
  indicators: [IND_A, IND_B].map((uid, i) => ({
    id: uid,
    name: `Shape share ${i}`,
    shortName: `Shape share ${i}`,
    description: 'Enrolment of the year against three years before.',
    indicatorType: { id: id('SHAPE_PERCENT') },
    numerator: `#{${DE}}`,
    denominator: `#{${DE}}.periodOffset(-1) + ${i}`,
  })),
};
const VALUES = schools.flatMap((orgUnit, s) =>
  ['2021', '2022', '2023', '2024'].map((period, y) => ({
    dataElement: DE,
    period,
    orgUnit,
    value: String(40 + 7 * s + 3 * y),
  })),
);

/** What kind of item a metaData entry is, to compare like with like. */
function kindOf(key: string, item: Json): string {
  if (typeof item.dimensionItemType === 'string') return item.dimensionItemType;
  if (typeof item.dimensionType === 'string' || ['dx', 'pe', 'ou', 'co'].includes(key))
    return `dimension ${key}`;
  if (Array.isArray(item.organisationUnits)) return key;
  if (item.uid) return 'level';
  return /^(THIS|LAST)_/.test(key) ? 'relative period' : 'named item';
}
const OPTIONAL = new Set(['code', 'description', 'legendSet']);
/** Kind -> the key sets its items have (optional keys left out). */
function shapesByKind(items: Items): Record<string, string[]> {
  const out: Record<string, Set<string>> = {};
  for (const [key, item] of Object.entries(items))
    (out[kindOf(key, item)] ??= new Set()).add(
      Object.keys(item)
        .filter((k) => !OPTIONAL.has(k))
        .sort()
        .join(','),
    );
  return Object.fromEntries(Object.entries(out).map(([kind, shapes]) => [kind, [...shapes].sort()]));
}

async function sandboxAt(version: Dhis2Version): Promise<Sandbox> {
  const sandbox = await startSandbox({ dhis2Version: version, now: () => NOW });
  const api = client(sandbox.url);
  expect((await api.post('/api/metadata', METADATA)).status).toBe(200);
  expect((await api.post('/api/dataValueSets', { dataValues: VALUES })).status).toBe(200);
  return sandbox;
}

describe('/api/analytics answers in the shape of real DHIS2 responses', () => {
  const started: Sandbox[] = [];
  afterAll(async () => Promise.all(started.map((s) => s.close())));

  it('matches DHIS2 2.41 (its own e2e test): headers, metaData items and dimensions, rowContext, sizes', async () => {
    const sandbox = await sandboxAt('2.41');
    started.push(sandbox);
    const request = (E2E_241.request as string)
      .replace('Uvn6LCg7dVU;sB79w2hiLp8', `${IND_A};${IND_B}`)
      .replace('2022-01-01', '2024-01-01');
    const answer = await client(sandbox.url).get(`/api/analytics.json?${request}`);
    expect(answer.status).toBe(200);
    const body = answer.body;
    expect(Object.keys(body).sort()).toEqual([
      'headerWidth',
      'headers',
      'height',
      'metaData',
      'rowContext',
      'rows',
      'width',
    ]);
    expect(body.rowContext).toEqual({});
    expect(body.headers).toEqual(E2E_241.headers);
    const meta = body.metaData as { items: Items; dimensions: Record<string, string[]> };
    const expected = E2E_241.metaData as { items: Items; dimensions: Record<string, string[]> };
    expect(Object.keys(meta.dimensions).sort()).toEqual(Object.keys(expected.dimensions).sort());
    expect(meta.dimensions.co).toEqual([]);
    expect(meta.dimensions.pe).toEqual(['2024']);
    expect(shapesByKind(meta.items)).toEqual(shapesByKind(expected.items));
    // The user's unit first, then its children (by name), as in the recorded answer.
    const children = meta.items.USER_ORGUNIT_CHILDREN!.organisationUnits as string[];
    expect(meta.dimensions.ou![0]).toBe(DEMO_ROOT_UID);
    expect(new Set(meta.dimensions.ou!.slice(1))).toEqual(new Set(children));
    const rows = body.rows as string[][];
    expect([body.height, body.width, body.headerWidth]).toEqual([rows.length, 3, 3]);
    expect(rows.length).toBe(2 * (1 + children.length));
    for (const row of [...rows, ...(E2E_241.rowsIncluded as string[][])])
      expect(row[2]).toMatch(/^\d+(\.\d{1,2})?$/);
  });

  it('matches a recorded 2.40 answer with metadata details: item details per kind, one-decimal values', async () => {
    const sandbox = await sandboxAt('2.40');
    started.push(sandbox);
    const answer = await client(sandbox.url).get(
      `/api/analytics.json?dimension=ou:${DEMO_ROOT_UID};LEVEL-2&dimension=pe:LAST_5_YEARS&filter=dx:${IND_B}&includeMetadataDetails=true`,
    );
    expect(answer.status).toBe(200);
    const body = answer.body;
    expect(Object.keys(body).sort()).toEqual(Object.keys(REAL_DETAILS).sort());
    expect(body.headers).toEqual(REAL_DETAILS.headers);
    const meta = body.metaData as { items: Items; dimensions: Record<string, string[]> };
    const real = REAL_DETAILS.metaData as { items: Items; dimensions: Record<string, string[]> };
    expect(shapesByKind(meta.items)).toEqual(shapesByKind(real.items));
    expect(meta.items[IND_B]).toMatchObject({
      indicatorType: { name: 'Per cent', displayName: 'Per cent', factor: 100, number: false },
    });
    expect(meta.items['2023']).toEqual({
      uid: '2023',
      code: '2023',
      name: '2023',
      dimensionItemType: 'PERIOD',
      valueType: 'NUMBER',
      totalAggregationType: 'SUM',
      startDate: '2023-01-01T00:00:00.000',
      endDate: '2023-12-31T00:00:00.000',
    });
    expect(meta.dimensions.ou).toHaveLength(3);
    const rows = body.rows as string[][];
    expect(rows.length).toBe(3 * 3);
    for (const row of [...rows, ...(REAL_DETAILS.rows as string[][])])
      expect(row[2]).toMatch(/^\d+\.\d{1,2}$/);
    expect(rows.every((r) => /^\d+\.\d$/.test(r[2]!) || Number(r[2]) < 1)).toBe(true);
  });
});
