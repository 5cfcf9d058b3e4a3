import { uidFromCode } from '../../src/core/dhis2-model/uid.js';
import { createTrainingUsers, trainingUsersPayload } from '../../src/core/training/index.js';
import { DEMO_ROOT_UID, startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { NOW, rowsByKey } from './analytics-support.js';
import { basic, client, type Client } from './helpers.js';

const ou = (code: string) => uidFromCode('organisationUnits', code);
const id = (code: string) => uidFromCode('objects', code);
const A1 = ou('DEMO_S_HIGHLANDS_1');
const A2 = ou('DEMO_S_HIGHLANDS_2');
const B1 = ou('DEMO_S_LAKESIDE_1');
const DISTRICT_A = ou('DEMO_D_HIGHLANDS');
const DEFAULT_COMBO = 'bjDvmb4bfuf';
const [SEX, FEMALE, MALE, SEX_COMBO, COC_F, COC_M] = ['SEX', 'F', 'M', 'SEXCOMBO', 'COCF', 'COCM'].map(
  id,
) as [string, string, string, string, string, string];
const DE = Object.fromEntries(
  ['SUM', 'AVERAGE', 'AVERAGE_SUM_ORG_UNIT', 'LAST', 'BOOL', 'MAX'].map((k) => [k, id(`DE_${k}`)]),
) as Record<string, string>;
const INDICATOR = id('IND');
const GROUP = id('OUG');

const element = (key: string, aggregationType: string, valueType = 'INTEGER', combo = DEFAULT_COMBO) => ({
  id: DE[key],
  name: `Test ${key}`,
  shortName: `T ${key}`,
  valueType,
  aggregationType,
  domainType: 'AGGREGATE',
  categoryCombo: { id: combo },
});

const METADATA = {
  categoryOptions: [
    { id: FEMALE, name: 'Female', shortName: 'F' },
    { id: MALE, name: 'Male', shortName: 'M' },
  ],
  categories: [
    {
      id: SEX,
      name: 'Sex',
      shortName: 'Sex',
      dataDimensionType: 'DISAGGREGATION',
      categoryOptions: [{ id: FEMALE }, { id: MALE }],
    },
  ],
  categoryCombos: [
    { id: SEX_COMBO, name: 'Sex', dataDimensionType: 'DISAGGREGATION', categories: [{ id: SEX }] },
  ],
  categoryOptionCombos: [
    { id: COC_F, name: 'Female', categoryCombo: { id: SEX_COMBO }, categoryOptions: [{ id: FEMALE }] },
    { id: COC_M, name: 'Male', categoryCombo: { id: SEX_COMBO }, categoryOptions: [{ id: MALE }] },
  ],
  dataElements: [
    element('SUM', 'SUM', 'INTEGER', SEX_COMBO),
    element('AVERAGE', 'AVERAGE', 'NUMBER'),
    element('AVERAGE_SUM_ORG_UNIT', 'AVERAGE_SUM_ORG_UNIT'),
    element('LAST', 'LAST'),
    element('BOOL', 'SUM', 'BOOLEAN'),
    element('MAX', 'MAX'),
  ],
  indicatorTypes: [{ id: id('PERCENT'), name: 'Percent', factor: 100 }],
  indicators: [
    {
      id: INDICATOR,
      name: 'Test share',
      shortName: 'Test share',
      indicatorType: { id: id('PERCENT') },
      numerator: `#{${DE.SUM}.${COC_F}}`,
      denominator: `#{${DE.SUM}}`,
    },
  ],
  dataElementGroups: [
    { id: id('DEG'), name: 'Test averages', shortName: 'Test averages', dataElements: [{ id: DE.AVERAGE }] },
  ],
  organisationUnitGroups: [
    { id: GROUP, name: 'Test group', shortName: 'TG', organisationUnits: [{ id: A1 }, { id: B1 }] },
  ],
};

const value = (de: string, period: string, orgUnit: string, v: string, categoryOptionCombo?: string) => ({
  dataElement: de,
  period,
  orgUnit,
  value: v,
  ...(categoryOptionCombo ? { categoryOptionCombo } : {}),
});

const VALUES = [
  value(DE.SUM!, '2024', A1, '10', COC_F),
  value(DE.SUM!, '2024', A1, '30', COC_M),
  value(DE.SUM!, '2024', A2, '5', COC_F),
  value(DE.SUM!, '2024', B1, '7', COC_M),
  value(DE.SUM!, '2023', A1, '8', COC_F),
  value(DE.AVERAGE!, '2024', A1, '2'),
  value(DE.AVERAGE!, '2024', A2, '4'),
  value(DE.AVERAGE!, '2024', B1, '9'),
  value(DE.AVERAGE_SUM_ORG_UNIT!, '2023', A1, '100'),
  value(DE.AVERAGE_SUM_ORG_UNIT!, '2024', A1, '200'),
  value(DE.AVERAGE_SUM_ORG_UNIT!, '2024', A2, '50'),
  value(DE.LAST!, '2023', A2, '6'),
  value(DE.LAST!, '2024', A1, '3'),
  value(DE.BOOL!, '2024', A1, 'true'),
  value(DE.BOOL!, '2024', A2, 'false'),
  value(DE.BOOL!, '2024', B1, 'true'),
  value(DE.MAX!, '2024', A1, '11'),
  value(DE.MAX!, '2024', A2, '17'),
];

describe('GET /api/analytics follows DHIS2 aggregation rules (hand-built data)', () => {
  let sandbox: Sandbox;
  let api: Client;
  const get = async (query: string, viaApi = api) => {
    const answer = await viaApi.get(`/api/analytics.json?${query}`);
    return { ...answer, rows: rowsByKey(answer.body) };
  };

  beforeAll(async () => {
    sandbox = await startSandbox({ now: () => NOW });
    api = client(sandbox.url);
    expect((await api.post('/api/metadata', METADATA)).status).toBe(200);
    expect((await api.post('/api/dataValueSets', { dataValues: VALUES })).status).toBe(200);
  });
  afterAll(async () => sandbox?.close());

  it('SUM adds over org units; co and the Sex category split the total', async () => {
    const total = await get(
      `dimension=dx:${DE.SUM}&dimension=ou:${DISTRICT_A};${DEMO_ROOT_UID}&filter=pe:2024`,
    );
    expect(Object.fromEntries(total.rows)).toEqual({
      [`${DE.SUM}|${DISTRICT_A}`]: '45',
      [`${DE.SUM}|${DEMO_ROOT_UID}`]: '52',
    });
    const byCombo = await get(
      `dimension=dx:${DE.SUM}&dimension=co&filter=ou:${DEMO_ROOT_UID}&filter=pe:2024`,
    );
    expect(Object.fromEntries(byCombo.rows)).toEqual({
      [`${DE.SUM}|${COC_F}`]: '15',
      [`${DE.SUM}|${COC_M}`]: '37',
    });
    const bySex = await get(`dimension=dx:${DE.SUM}&dimension=${SEX}:${FEMALE};${MALE}&filter=pe:2024`);
    expect(Object.fromEntries(bySex.rows)).toEqual({
      [`${DE.SUM}|${FEMALE}`]: '15',
      [`${DE.SUM}|${MALE}`]: '37',
    });
    expect(bySex.body.headers).toContainEqual(
      expect.objectContaining({ name: SEX, column: 'Sex', meta: true }),
    );
    const operand = await get(`dimension=dx:${DE.SUM}.${COC_F}&filter=pe:2024&filter=ou:${DISTRICT_A}`);
    expect([...operand.rows.values()]).toEqual(['15']);
  });

  it('AVERAGE averages every value; AVERAGE_SUM_ORG_UNIT sums org units and averages over days', async () => {
    const avg = await get(`dimension=dx:${DE.AVERAGE}&filter=ou:${DEMO_ROOT_UID}&dimension=pe:2024`);
    expect(avg.rows.get(`${DE.AVERAGE}|2024`)).toBe('5');
    const avgSum = await get(
      `dimension=dx:${DE.AVERAGE_SUM_ORG_UNIT}&filter=ou:${DISTRICT_A}&filter=pe:2023;2024`,
    );
    // (100 x 365 + 250 x 366) / (365 + 366) days
    expect(Number([...avgSum.rows.values()][0])).toBeCloseTo((100 * 365 + 250 * 366) / 731, 2);
  });

  it('LAST takes each org unit latest value up to the period end; MAX the largest; booleans count as 1/0', async () => {
    const last = await get(
      `dimension=dx:${DE.LAST};${DE.MAX};${DE.BOOL}&filter=ou:${DISTRICT_A}&dimension=pe:2023;2024`,
    );
    expect(Object.fromEntries(last.rows)).toEqual({
      [`${DE.LAST}|2023`]: '6',
      [`${DE.LAST}|2024`]: '9',
      [`${DE.MAX}|2024`]: '17',
      [`${DE.BOOL}|2024`]: '1',
    });
  });

  it('computes indicators from the aggregated items, rounded, with numerator and denominator on request', async () => {
    const answer = await get(
      `dimension=dx:${INDICATOR}&dimension=ou:${A1};${DISTRICT_A}&filter=pe:2024&includeNumDen=true`,
    );
    expect(answer.body.headers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'numerator' }),
        expect.objectContaining({ name: 'divisor' }),
      ]),
    );
    const rows = answer.body.rows as string[][];
    expect(rows.find((r) => r[1] === A1)!.slice(2)).toEqual([
      '25.0',
      '10.0',
      '40.0',
      '100.0',
      '100.0',
      '1.0',
    ]);
    expect(rows.find((r) => r[1] === DISTRICT_A)![2]).toBe('33.33');
  });

  it('resolves relative periods from the injected clock or relativePeriodDate', async () => {
    const lastYear = await get(
      `dimension=dx:${DE.SUM}&dimension=pe:LAST_YEAR;THIS_YEAR&filter=ou:${DEMO_ROOT_UID}`,
    );
    expect((lastYear.body.metaData as { dimensions: { pe: string[] } }).dimensions.pe).toEqual([
      '2024',
      '2025',
    ]);
    expect([...lastYear.rows.keys()]).toEqual([`${DE.SUM}|2024`]);
    const shifted = await get(
      `dimension=dx:${DE.SUM}&dimension=pe:THIS_YEAR&filter=ou:${DEMO_ROOT_UID}&relativePeriodDate=2023-03-01`,
    );
    expect(Object.fromEntries(shifted.rows)).toEqual({ [`${DE.SUM}|2023`]: '8' });
    const financial = await get(`dimension=dx:${DE.SUM}&dimension=pe:2023Oct&filter=ou:${DEMO_ROOT_UID}`);
    expect((financial.body.metaData as { items: Record<string, unknown> }).items['2023Oct']).toEqual({
      name: 'October 2023 - September 2024',
    });
    expect(Object.fromEntries(financial.rows)).toEqual({ [`${DE.SUM}|2023Oct`]: '52' });
  });

  it('expands USER_ORGUNIT_CHILDREN, LEVEL-n and OU_GROUP-<id> inside the named units', async () => {
    const answer = await get(
      `dimension=dx:${DE.SUM}&dimension=ou:${DISTRICT_A};LEVEL-4&filter=pe:2024&displayProperty=SHORTNAME`,
    );
    expect(Object.fromEntries(answer.rows)).toEqual({ [`${DE.SUM}|${A1}`]: '40', [`${DE.SUM}|${A2}`]: '5' });
    const groups = await get(`dimension=dx:${DE.SUM}&dimension=ou:OU_GROUP-${GROUP}&filter=pe:2024`);
    expect(Object.fromEntries(groups.rows)).toEqual({ [`${DE.SUM}|${A1}`]: '40', [`${DE.SUM}|${B1}`]: '7' });
    const children = await get(
      `dimension=dx:${DE.SUM}&dimension=ou:USER_ORGUNIT_CHILDREN&filter=pe:2024&skipData=true`,
    );
    expect(children.body.rows).toEqual([]);
    expect((children.body.metaData as { dimensions: { ou: string[] } }).dimensions.ou.length).toBe(3);
  });

  it('answers /api/analytics/dataValueSet with the same numbers', async () => {
    const answer = await api.get(
      `/api/analytics/dataValueSet.json?dimension=dx:${DE.SUM}&dimension=pe:2024&dimension=ou:${DISTRICT_A}&dimension=co`,
    );
    expect(answer.status).toBe(200);
    const values = answer.body.dataValues as Array<{ categoryOptionCombo: string }>;
    expect(
      values.sort((a, b) => (a.categoryOptionCombo === COC_F ? -1 : b.categoryOptionCombo === COC_F ? 1 : 0)),
    ).toEqual([
      { dataElement: DE.SUM, period: '2024', orgUnit: DISTRICT_A, categoryOptionCombo: COC_F, value: '15' },
      { dataElement: DE.SUM, period: '2024', orgUnit: DISTRICT_A, categoryOptionCombo: COC_M, value: '30' },
    ]);
    const missing = await api.get(
      `/api/analytics/dataValueSet.json?dimension=dx:${DE.SUM}&dimension=pe:2024`,
    );
    expect([missing.status, missing.body.errorCode]).toEqual([409, 'E7119']);
  });

  it('reads raw values back through /api/dataValueSets by data element group and date range', async () => {
    const byRange = await api.get(
      `/api/dataValueSets.json?dataElement=${DE.SUM}&orgUnit=${DISTRICT_A}&children=true&startDate=2024-01-01&endDate=2024-12-31`,
    );
    const values = byRange.body.dataValues as Array<{ orgUnit: string; value: string }>;
    expect(values.map((v) => [v.orgUnit, v.value]).sort()).toEqual(
      [
        [A1, '10'],
        [A1, '30'],
        [A2, '5'],
      ].sort(),
    );
    const byGroup = await api.get(
      `/api/dataValueSets.json?dataElementGroup=${id('DEG')}&orgUnit=${DEMO_ROOT_UID}&children=true`,
    );
    expect((byGroup.body.dataValues as unknown[]).length).toBe(3);
  });

  it('refuses queries DHIS2 refuses, and anonymous callers', async () => {
    const noPeriod = await api.get(`/api/analytics.json?dimension=dx:${DE.SUM}`);
    expect([noPeriod.status, noPeriod.body.errorCode]).toEqual([409, 'E7104']);
    const twice = await api.get(
      `/api/analytics.json?dimension=dx:${DE.SUM}&dimension=pe:2024&filter=pe:2023`,
    );
    expect([twice.status, twice.body.errorCode]).toEqual([409, 'E7103']);
    const anonymous = await client(sandbox.url, null).get(
      `/api/analytics.json?dimension=dx:${DE.SUM}&dimension=pe:2024`,
      {
        'x-requested-with': 'XMLHttpRequest',
      },
    );
    expect(anonymous.status).toBe(401);
  });

  it('binds USER_ORGUNIT to a user data-view org units and refuses org units outside them', async () => {
    const [user] = createTrainingUsers(1, 'viewer');
    const payload = trainingUsersPayload([user!], {
      userGroupIds: [],
      orgUnitIds: [DISTRICT_A],
      dhis2Version: '2.41',
    });
    expect((await api.post('/api/metadata', payload)).status).toBe(200);
    const viewer = client(sandbox.url, basic(user!.username, user!.password));
    const mine = await get(`dimension=dx:${DE.SUM}&dimension=ou:USER_ORGUNIT&filter=pe:2024`, viewer);
    expect(Object.fromEntries(mine.rows)).toEqual({ [`${DE.SUM}|${DISTRICT_A}`]: '45' });
    const national = await viewer.get(
      `/api/analytics.json?dimension=dx:${DE.SUM}&dimension=ou:${DEMO_ROOT_UID}&filter=pe:2024`,
    );
    expect([national.status, national.body.errorCode]).toEqual([409, 'E7120']);
  });
});
