import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { client, sandboxFixture, type Client } from '../helpers.js';

/**
 * What DHIS2's Aggregate Data Entry app reads, per dhis2-core (under dhis-2/):
 * dxf2/metadata/DefaultDataSetMetadataExportService (/api/dataEntry/metadata field lists),
 * webapi/controller/dataentry/DataSetValueController (/api/dataEntry/dataValues),
 * organisationunit/FilledOrganisationUnitLevelController, OrganisationUnitController
 * (?includeDescendants, ?includeChildren), gist/GistPipeline#createListQuery, setting/SystemSettings
 * and SystemSettingsController, ConfigurationController. Shapes cross-checked with the real
 * captures in test/fixtures/replay (see capture-replay.test.ts).
 */
describe('Data Entry app endpoints', () => {
  let sandbox: Sandbox;
  let api: Client;
  let school: string;
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 'demo', dhis2Version: '2.41' });
    api = client(sandbox.url);
    const pkg = sandboxFixture('small-package.json') as Record<string, Array<Record<string, unknown>>>;
    const units = (await api.get('/api/organisationUnits?fields=id,level&paging=false')).body
      .organisationUnits as Array<{ id: string; level: number }>;
    school = units.find((u) => u.level === 4)!.id;
    pkg.dataSets![0]!.organisationUnits = [{ id: school }];
    expect((await api.post('/api/metadata', pkg)).status).toBe(200);
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('serves /api/dataEntry/metadata with the field lists of DataSetMetadataExportService', async () => {
    const result = await api.get('/api/dataEntry/metadata');
    expect(result.status).toBe(200);
    expect(Object.keys(result.body)).toEqual([
      'dataSets',
      'dataElements',
      'indicators',
      'categoryCombos',
      'categories',
      'categoryOptions',
      'optionSets',
    ]);
    const dataSet = (result.body.dataSets as Array<Record<string, unknown>>).find(
      (d) => d.id === 'eduDsAnnual',
    )!;
    expect(dataSet).toMatchObject({
      name: 'Annual school census',
      formType: 'SECTION',
      version: 0,
      renderAsTabs: false,
      categoryCombo: { id: 'bjDvmb4bfuf' },
      indicators: ['eduIndPtr01'], // indicators~pluck[id]
      organisationUnits: [school],
      dataSetElements: [{ dataElement: { id: 'eduDeEnrol1' } }, { dataElement: { id: 'eduDeTeach1' } }],
      sections: [
        expect.objectContaining({ id: 'eduSecMain1', dataElements: ['eduDeEnrol1', 'eduDeTeach1'] }),
      ],
    });
    expect(dataSet).not.toHaveProperty('href'); // :simple never carries href
    const enrolment = (result.body.dataElements as Array<Record<string, unknown>>).find(
      (d) => d.id === 'eduDeEnrol1',
    )!;
    expect(enrolment).toMatchObject({
      displayFormName: 'Enrolment',
      zeroIsSignificant: false,
      valueType: 'INTEGER_ZERO_OR_POSITIVE',
      categoryCombo: { id: 'eduCcSex001' },
      lastUpdatedBy: { id: expect.any(String), code: null, username: 'admin', displayName: 'admin admin' },
    });
    const combos = result.body.categoryCombos as Array<Record<string, unknown>>;
    expect(combos.find((c) => c.id === 'eduCcSex001')).toMatchObject({
      isDefault: false,
      categories: ['eduCatSex01'],
    });
    const category = (result.body.categories as Array<Record<string, unknown>>).find(
      (c) => c.id === 'eduCatSex01',
    );
    expect(category).toMatchObject({ categoryOptions: ['eduCoFemale', 'eduCoMale01'] });
    const indicator = (result.body.indicators as Array<Record<string, unknown>>)[0];
    expect(indicator).toMatchObject({ explodedNumerator: '#{eduDeEnrol1}', indicatorType: { factor: 100 } });
  });

  it('serves /api/dataEntry/dataValues with values, lock and completion status', async () => {
    const stored = await api.post('/api/dataValueSets', {
      dataSet: 'eduDsAnnual',
      period: '2024',
      orgUnit: school,
      dataValues: [{ dataElement: 'eduDeTeach1', value: '12' }],
    });
    expect(stored.status).toBe(200);
    const result = await api.get(`/api/dataEntry/dataValues?ds=eduDsAnnual&pe=2024&ou=${school}`);
    expect(result.status).toBe(200);
    expect(result.body).toEqual({
      dataValues: [
        expect.objectContaining({
          dataElement: 'eduDeTeach1',
          period: '2024',
          orgUnit: school,
          categoryOptionCombo: 'HllvX50cXC0',
          attribute: { combo: 'bjDvmb4bfuf', options: ['xYerKDKCefk'] },
          value: '12',
          followUp: false,
        }),
      ],
      minMaxValues: [],
      lockStatus: 'OPEN',
      completeStatus: { complete: false },
    });
    const unknown = await api.get(`/api/dataEntry/dataValues?ds=nope&pe=2024&ou=${school}`);
    expect(unknown.status).toBe(409);
  });

  it('lists filled org unit levels, descendants and children as OrganisationUnitController does', async () => {
    const levels = await api.get('/api/filledOrganisationUnitLevels?fields=level');
    expect(levels.body).toEqual([{ level: 1 }, { level: 2 }, { level: 3 }, { level: 4 }]);
    const me = await api.get('/api/me?fields=organisationUnits[id]');
    const root = (me.body.organisationUnits as Array<{ id: string }>)[0]!.id;
    const descendants = await api.get(
      `/api/organisationUnits/${root}?fields=id,level,children::size&includeDescendants=true&paging=false&filter=level:in:[1,2]`,
    );
    const units = descendants.body.organisationUnits as Array<{
      id: string;
      level: number;
      children: number;
    }>;
    expect(units.map((u) => u.level).sort()).toEqual([1, ...units.slice(1).map(() => 2)]);
    expect(units.find((u) => u.id === root)!.children).toBe(units.length - 1);
    const children = await api.get(
      `/api/organisationUnits/${root}?fields=id&includeChildren=true&paging=false`,
    );
    expect((children.body.organisationUnits as unknown[]).length).toBe(units.length);
  });

  it('serves a gist list with a gist pager (orgUnitsOffline only from 2.43)', async () => {
    const gist = await api.get(
      '/api/organisationUnits/gist?fields=displayName&filter=level:eq:1&orgUnitsOffline=true',
    );
    expect(gist.body).toEqual({
      pager: { page: 1, pageSize: 50 },
      organisationUnits: [{ displayName: expect.any(String) }],
    });
  });

  it('reads, sets and deletes system settings; unknown keys are 404', async () => {
    const link = await api.get('/api/systemSettings/helpPageLink');
    expect(link.body).toEqual({
      helpPageLink: 'https://dhis2.github.io/dhis2-docs/master/en/user/html/dhis2_user_manual_en.html',
    });
    expect(
      (await api.post('/api/systemSettings/applicationTitle', 'Schools', { 'content-type': 'text/plain' }))
        .status,
    ).toBe(200);
    expect((await api.get('/api/systemSettings/applicationTitle')).body).toEqual({
      applicationTitle: 'Schools',
    });
    expect((await api.get('/api/systemSettings?key=applicationTitle')).body).toEqual({
      applicationTitle: 'Schools',
    });
    expect((await api.del('/api/systemSettings/applicationTitle')).status).toBe(204);
    expect((await api.get('/api/systemSettings/applicationTitle')).body).toEqual({
      applicationTitle: 'DHIS 2',
    });
    const missing = await api.get('/api/systemSettings/noSuchSetting');
    expect(missing.status).toBe(404);
    expect(missing.body.message).toBe('Setting does not exist: noSuchSetting');
  });

  it('serves /api/me/dashboard, the offline level configuration and a 404 for absent static content', async () => {
    expect((await api.get('/api/me/dashboard')).body).toEqual({
      unreadInterpretations: 0,
      unreadMessageConversations: 0,
    });
    const levels = (await api.get('/api/organisationUnitLevels?fields=id,level&paging=false')).body
      .organisationUnitLevels as Array<{ id: string; level: number }>;
    const third = levels.find((l) => l.level === 3)!;
    expect(
      (
        await api.post('/api/configuration/offlineOrganisationUnitLevel', third.id, {
          'content-type': 'text/plain',
        })
      ).status,
    ).toBe(204);
    const offline = await api.get('/api/configuration/offlineOrganisationUnitLevel');
    expect(offline.body).toMatchObject({ id: third.id, level: 3, translations: [], attributeValues: [] });
    expect(offline.body).not.toHaveProperty('href');
    const logo = await api.get('/api/staticContent/logo_banner');
    expect(logo.status).toBe(404);
    expect(logo.body.message).toBe('No custom file found.');
  });
});
