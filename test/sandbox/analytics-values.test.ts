import { evaluateIndicator, type ExpressionValues } from '../../src/core/expression/index.js';
import { loadPackageDirectory } from '../../src/core/package/index.js';
import { DEMO_ROOT_UID, type Sandbox } from '../../src/sandbox/index.js';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/run-cli.js';
import type { Client } from './helpers.js';
import { rawValues, rowsByKey, sandboxWithSampleData, type RawValue } from './analytics-support.js';

type Json = Record<string, unknown>;
const packageObjects = (name: string, type: string) =>
  (loadPackageDirectory(join(REPO_ROOT, 'packages-metadata', name)).metadata[type] ?? []) as Json[];
const indicators = packageObjects('edu-sdg4', 'indicators');
const factors = new Map(
  packageObjects('edu-core', 'indicatorTypes').map((t) => [t.id as string, t.factor as number]),
);
const dataElements = [
  ...packageObjects('edu-census', 'dataElements'),
  ...packageObjects('edu-population', 'dataElements'),
];
const PERIODS = ['2023', '2024'];

/**
 * The evaluator's inputs for one org unit and year, built straight from the stored values: every
 * value of the subtree summed per data element and option combo (`de.coc`), the year before under
 * `@-1` for periodOffset(-1). Booleans count as 1/0, as DHIS2's analytics tables store them.
 */
function evaluatorValues(
  raw: RawValue[],
  paths: Map<string, string>,
  groups: Map<string, string[]>,
  orgUnit: string,
  year: number,
): ExpressionValues {
  const values: Record<string, number> = {};
  // OUG{g}: the group's members at or below the org unit.
  for (const [group, members] of groups)
    values[`OUG:${group}`] = members.filter((m) => paths.get(m)!.includes(orgUnit)).length;
  for (const v of raw) {
    if (!paths.get(v.orgUnit)?.includes(orgUnit)) continue;
    const offset = Number(v.period) - year;
    if (offset !== 0 && offset !== -1) continue;
    const number = v.value === 'true' ? 1 : v.value === 'false' ? 0 : Number(v.value);
    const key = `${v.dataElement}.${v.categoryOptionCombo}${offset ? '@-1' : ''}`;
    values[key] = (values[key] ?? 0) + number;
  }
  return values;
}

describe('GET /api/analytics answers what the package evaluator computes on the sample data', () => {
  let sandbox: Sandbox;
  let api: Client;
  let raw: RawValue[];
  const paths = new Map<string, string>();
  const groups = new Map<string, string[]>();
  let orgUnits: string[] = [];
  let exact: Map<string, string>;
  let rounded: Map<string, string>;
  const inputs = new Map<string, ExpressionValues>();

  beforeAll(async () => {
    ({ sandbox, api } = await sandboxWithSampleData());
    raw = await rawValues(api, DEMO_ROOT_UID);
    const units = (await api.get('/api/organisationUnits.json?fields=id,path&paging=false')).body
      .organisationUnits as Array<{ id: string; path: string }>;
    for (const u of units) paths.set(u.id, u.path);
    // The packages ship their school groups empty; a country fills them, here with every school.
    const schools = [...paths].filter(([, path]) => path.split('/').length === 5).map(([id]) => ({ id }));
    const shipped = (await api.get('/api/organisationUnitGroups.json?fields=:owner&paging=false')).body
      .organisationUnitGroups as Json[];
    const filled = await api.post('/api/metadata', {
      organisationUnitGroups: shipped.map((g) => ({ ...g, organisationUnits: schools })),
    });
    expect(filled.status).toBe(200);
    for (const g of shipped)
      groups.set(
        g.id as string,
        schools.map((s) => s.id),
      );
    // The national root, a region, a district and a school that reported.
    const school = raw[0]!.orgUnit;
    const [, , region, district] = paths.get(school)!.split('/');
    orgUnits = [DEMO_ROOT_UID, region!, district!, school];
    for (const ou of orgUnits)
      for (const pe of PERIODS)
        inputs.set(`${ou}|${pe}`, evaluatorValues(raw, paths, groups, ou, Number(pe)));
    const query = (extra: string) =>
      api.get(
        `/api/analytics.json?dimension=dx:${indicators.map((i) => i.id as string).join(';')}` +
          `&dimension=pe:${PERIODS.join(';')}&dimension=ou:${orgUnits.join(';')}${extra}`,
      );
    const [a, b] = await Promise.all([query('&skipRounding=true'), query('')]);
    expect([a.status, b.status]).toEqual([200, 200]);
    exact = rowsByKey(a.body);
    rounded = rowsByKey(b.body);
  }, 240_000);

  afterAll(async () => sandbox?.close());

  it('has sample data for every year and several schools', () => {
    expect(new Set(raw.map((v) => v.period))).toEqual(new Set(['2022', '2023', '2024']));
    expect(new Set(raw.map((v) => v.orgUnit)).size).toBeGreaterThan(5);
  });

  it.each(indicators.map((i) => [i.code as string, i] as const))(
    '%s: same value as evaluateIndicator for 4 org units x 2 years',
    (_code, indicator) => {
      let compared = 0;
      for (const ou of orgUnits)
        for (const pe of PERIODS) {
          const expected = evaluateIndicator(
            { numerator: indicator.numerator as string, denominator: indicator.denominator as string },
            { factor: factors.get((indicator.indicatorType as Json).id as string)! },
            inputs.get(`${ou}|${pe}`)!,
          );
          const key = `${indicator.id as string}|${pe}|${ou}`;
          if (expected === null) {
            expect([key, exact.get(key)]).toEqual([key, undefined]);
            continue;
          }
          compared++;
          expect(Number(exact.get(key))).toBeCloseTo(expected, 8);
          // Without skipRounding DHIS2 rounds to the indicator's decimals (2 by default from 2.40.4 on).
          const decimals = typeof indicator.decimals === 'number' ? indicator.decimals : 2;
          expect(Math.abs(Number(rounded.get(key)) - expected)).toBeLessThanOrEqual(
            0.5 * 10 ** -decimals + 1e-9,
          );
        }
      expect(compared).toBeGreaterThan(0);
    },
  );

  it('sums every data element over the subtree and the year, as DHIS2 SUM does', async () => {
    const ids = dataElements.map((d) => d.id as string);
    const answer = await api.get(
      `/api/analytics.json?dimension=dx:${ids.join(';')}&dimension=ou:${orgUnits.join(';')}&filter=pe:2024`,
    );
    expect(answer.status).toBe(200);
    const rows = rowsByKey(answer.body);
    let compared = 0;
    for (const de of ids)
      for (const ou of orgUnits) {
        const values = raw.filter(
          (v) => v.dataElement === de && v.period === '2024' && paths.get(v.orgUnit)!.includes(ou),
        );
        const sum = values.reduce(
          (a, v) => a + (v.value === 'true' ? 1 : v.value === 'false' ? 0 : Number(v.value)),
          0,
        );
        expect([de, ou, rows.get(`${de}|${ou}`)]).toEqual([de, ou, values.length ? String(sum) : undefined]);
        compared += values.length ? 1 : 0;
      }
    expect(compared).toBeGreaterThan(ids.length);
  });
});
