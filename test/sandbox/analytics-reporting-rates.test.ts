import type { Sandbox } from '../../src/sandbox/index.js';
import type { Client } from './helpers.js';
import { sandboxWithSampleData, SAMPLE_YEARS } from './analytics-support.js';

interface DataSet {
  id: string;
  name: string;
  periodType: string;
  timelyDays: number;
  organisationUnits: Array<{ id: string }>;
}
interface Registration {
  dataSet: string;
  period: string;
  organisationUnit: string;
  date: string;
  completed: boolean;
}

const METRICS = [
  'REPORTING_RATE',
  'REPORTING_RATE_ON_TIME',
  'ACTUAL_REPORTS',
  'ACTUAL_REPORTS_ON_TIME',
  'EXPECTED_REPORTS',
] as const;
/** 2021 precedes the sample years and 2025 is "this year": nobody has completed a form for either. */
const YEARS = ['2021', ...SAMPLE_YEARS.map(String), '2025'];
const DISTRICT_LEVEL = 3;

const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Issue 13 item 5: DHIS2's data set reporting metrics (`<dataSet>.REPORTING_RATE` and friends) on
 * the sample data, checked against a count made here from the complete registrations and the
 * data sets' org unit assignments, all read over HTTP.
 */
describe('data set reporting rates on the sample data', () => {
  let sandbox: Sandbox;
  let api: Client;
  let dataSets: DataSet[];
  let paths: Map<string, string>;
  let registrations: Registration[];
  let districts: string[];
  let root: string;
  /** Schools whose 2024 census form was completed on the last timely day, and a day later. */
  let edge: { onTime: string; late: string };
  let census: DataSet;

  const analytics = async (query: string) => {
    const answer = await api.get(`/api/41/analytics?${query}`);
    expect(answer.status).toBe(200);
    return answer.body as {
      headers: Array<{ name: string }>;
      rows: string[][];
      metaData: { items: Record<string, Record<string, unknown>> };
    };
  };

  /** The independent count: one expected report per assigned unit and year, completed ones from the registrations. */
  function expectedMetrics(ds: DataSet, orgUnit: string, years: string[]) {
    const inside = (unit: string) => paths.get(unit)!.split('/').includes(orgUnit);
    const expected = ds.organisationUnits.filter((u) => inside(u.id)).length * years.length;
    const done = registrations.filter(
      (r) => r.dataSet === ds.id && r.completed && years.includes(r.period) && inside(r.organisationUnit),
    );
    const onTime = done.filter((r) => r.date.slice(0, 10) <= addDays(`${r.period}-12-31`, ds.timelyDays));
    const rate = (n: number) => (expected === 0 ? 0 : Math.min((100 * n) / expected, 100));
    return {
      REPORTING_RATE: rate(done.length),
      REPORTING_RATE_ON_TIME: rate(onTime.length),
      ACTUAL_REPORTS: done.length,
      ACTUAL_REPORTS_ON_TIME: onTime.length,
      EXPECTED_REPORTS: expected,
    };
  }

  beforeAll(async () => {
    ({ sandbox, api } = await sandboxWithSampleData('2.41'));
    dataSets = (
      await api.get(
        '/api/dataSets.json?fields=id,name,periodType,timelyDays,organisationUnits[id]&paging=false',
      )
    ).body.dataSets as DataSet[];
    dataSets = dataSets.filter((d) => d.organisationUnits.length > 0);
    const units = (await api.get('/api/organisationUnits.json?fields=id,path,level&paging=false')).body
      .organisationUnits as Array<{ id: string; path: string; level: number }>;
    paths = new Map(units.map((u) => [u.id, u.path]));
    districts = units.filter((u) => u.level === DISTRICT_LEVEL).map((u) => u.id);
    root = units.find((u) => u.level === 1)!.id;

    // Two schools that did not complete their 2024 primary census: one on the last timely day, one a day later.
    census = dataSets.find((d) => /census \(Primary\)/.test(d.name))!;
    const before = await readRegistrations();
    const [onTime, late] = census.organisationUnits
      .map((u) => u.id)
      .filter(
        (id) =>
          !before.some((r) => r.dataSet === census.id && r.period === '2024' && r.organisationUnit === id),
      );
    edge = { onTime: onTime!, late: late! };
    const lastTimelyDay = addDays('2024-12-31', census.timelyDays);
    const posted = await api.post('/api/completeDataSetRegistrations', {
      completeDataSetRegistrations: [
        { dataSet: census.id, period: '2024', organisationUnit: edge.onTime, date: lastTimelyDay },
        { dataSet: census.id, period: '2024', organisationUnit: edge.late, date: addDays(lastTimelyDay, 1) },
      ],
    });
    expect(posted.status).toBe(200);
    registrations = await readRegistrations();
  }, 300_000);
  afterAll(() => sandbox?.close());

  const readRegistrations = async () =>
    (await api.get(`/api/completeDataSetRegistrations.json?orgUnit=${root}&children=true`)).body
      .completeDataSetRegistrations as Registration[];

  it('has sample registrations for most census forms, some late and some missing', () => {
    // Yearly everywhere: the count below takes each period's end as 31 December.
    expect(new Set(dataSets.map((d) => d.periodType))).toEqual(new Set(['Yearly']));
    const censuses = dataSets.filter((d) => /census/i.test(d.name));
    expect(censuses).toHaveLength(4);
    for (const ds of censuses) {
      const national = expectedMetrics(ds, root, SAMPLE_YEARS.map(String));
      expect(national.REPORTING_RATE).toBeGreaterThanOrEqual(85);
      expect(national.REPORTING_RATE).toBeLessThan(99);
      expect(national.REPORTING_RATE_ON_TIME).toBeGreaterThan(50);
      expect(national.ACTUAL_REPORTS_ON_TIME).toBeLessThan(national.ACTUAL_REPORTS);
    }
  });

  it('answers every metric by district and year as counted from the registrations and assignments', async () => {
    const dx = dataSets.flatMap((ds) => METRICS.map((m) => `${ds.id}.${m}`)).join(';');
    const body = await analytics(
      `dimension=dx:${dx}&dimension=pe:${YEARS.join(';')}&dimension=ou:LEVEL-${DISTRICT_LEVEL}&skipRounding=true`,
    );
    expect(body.headers.map((h) => h.name)).toEqual(['dx', 'pe', 'ou', 'value']);
    const answer = new Map(body.rows.map((r) => [r.slice(0, 3).join('|'), Number(r[3])]));
    let compared = 0;
    for (const ds of dataSets)
      for (const district of districts)
        for (const year of YEARS) {
          const expected = expectedMetrics(ds, district, [year]);
          for (const metric of METRICS) {
            const key = `${ds.id}.${metric}|${year}|${district}`;
            // DHIS2 writes no row where no unit of the district is expected to report.
            if (expected.EXPECTED_REPORTS === 0) expect(answer.has(key)).toBe(false);
            else {
              expect([key, answer.get(key)]).toEqual([key, expect.closeTo(expected[metric], 8)]);
              compared++;
            }
          }
        }
    expect(compared).toBeGreaterThan(districts.length * YEARS.length * METRICS.length);
    // The years without registrations are there, at zero, with their expected reports.
    const empty = body.rows.filter((r) => r[1] === '2021' && r[0]!.endsWith('.REPORTING_RATE'));
    expect(empty.length).toBeGreaterThan(0);
    expect(new Set(empty.map((r) => r[3]))).toEqual(new Set(['0.0']));
  });

  it('counts a form completed on the last timely day as on time and one a day later as late', async () => {
    for (const [school, onTime] of [
      [edge.onTime, '1'],
      [edge.late, '0'],
    ] as const) {
      const body = await analytics(
        `dimension=dx:${census.id}.ACTUAL_REPORTS;${census.id}.ACTUAL_REPORTS_ON_TIME&dimension=pe:2024&filter=ou:${school}`,
      );
      expect(body.rows.map((r) => [r[0], r[2]])).toEqual([
        [`${census.id}.ACTUAL_REPORTS`, '1'],
        [`${census.id}.ACTUAL_REPORTS_ON_TIME`, onTime],
      ]);
    }
  });

  it('multiplies expected reports by the years of a period filter and names items after the data set', async () => {
    const ds = dataSets[0]!;
    const years = SAMPLE_YEARS.map(String);
    const body = await analytics(
      `dimension=dx:${ds.id}.EXPECTED_REPORTS;${ds.id}.REPORTING_RATE&filter=pe:${years.join(';')}&filter=ou:${root}&includeNumDen=true&includeMetadataDetails=true`,
    );
    const expected = expectedMetrics(ds, root, years);
    const rate = body.rows.find((r) => r[0] === `${ds.id}.REPORTING_RATE`)!;
    expect(Number(body.rows.find((r) => r[0] === `${ds.id}.EXPECTED_REPORTS`)![1])).toBe(
      expected.EXPECTED_REPORTS,
    );
    // value, numerator (actual), denominator (expected), factor, multiplier, divisor
    expect(rate.slice(1).map((v) => (v === '' ? v : Number(v)))).toEqual([
      expect.closeTo(expected.REPORTING_RATE, 2),
      expected.ACTUAL_REPORTS,
      expected.EXPECTED_REPORTS,
      100,
      '',
      '',
    ]);
    expect(body.metaData.items[`${ds.id}.REPORTING_RATE`]).toMatchObject({
      uid: ds.id,
      name: `${ds.name} - Reporting rate`,
      dimensionItemType: 'REPORTING_RATE',
      totalAggregationType: 'AVERAGE',
    });
  });

  it('reads R{dataSet.METRIC} in indicator expressions with the same numbers', async () => {
    const ds = census;
    const imported = await api.post('/api/metadata', {
      indicatorTypes: [{ id: 'RrTestType1', name: 'RR test percent', factor: 100 }],
      indicators: [
        {
          id: 'RrTestInd01',
          name: 'RR test on-time share of completed forms',
          shortName: 'RR test on time',
          indicatorType: { id: 'RrTestType1' },
          numerator: `R{${ds.id}.ACTUAL_REPORTS_ON_TIME}`,
          denominator: `R{${ds.id}.ACTUAL_REPORTS}`,
        },
      ],
    });
    expect(imported.status).toBe(200);
    const body = await analytics(
      `dimension=dx:RrTestInd01&dimension=ou:LEVEL-${DISTRICT_LEVEL}&filter=pe:2023&skipRounding=true`,
    );
    expect(body.rows).toHaveLength(districts.length);
    for (const [, district, value] of body.rows) {
      const counted = expectedMetrics(ds, district!, ['2023']);
      expect(Number(value)).toBeCloseTo((100 * counted.ACTUAL_REPORTS_ON_TIME) / counted.ACTUAL_REPORTS, 6);
    }
  });
});
