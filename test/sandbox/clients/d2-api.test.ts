/**
 * @eyeseetea/d2-api, unmodified, against the sandbox in each version mode: the flows an
 * implementer's script runs (system info, schemas, metadata post/get with field filters and
 * filters, paging, data values, dataStore, current user). Real HTTP on 127.0.0.1:0, no shim:
 * backend 'xhr' is d2-api's axios client, which runs on Node's http module (its 'fetch' backend
 * reads `options.agent.dispatch` under Node without a check, so it fails unless given an undici
 * Dispatcher). d2-api ships typed models for 2.40 and 2.41 only, so newer modes use its 2.41 build.
 */
import { D2Api as D2Api240 } from '@eyeseetea/d2-api/2.40/index.js';
import { D2Api as D2Api241 } from '@eyeseetea/d2-api/2.41/index.js';
import { startSandbox, type Dhis2Version, type Sandbox } from '../../../src/sandbox/index.js';
import { CLIENT_MODES, clientFixture, DEMO_SCHOOL, ORG_UNIT_SCOPE } from './support.js';

describe.each(CLIENT_MODES)('@eyeseetea/d2-api against the sandbox in DHIS2 %s mode', (version) => {
  let sandbox: Sandbox;
  let api: D2Api241;
  beforeAll(async () => {
    sandbox = await startSandbox({ dhis2Version: version as Dhis2Version });
    const D2Api = version === '2.40' ? D2Api240 : D2Api241;
    api = new D2Api({
      baseUrl: sandbox.url,
      auth: { username: 'admin', password: 'district' },
      backend: 'xhr',
    }) as D2Api241;
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('reads the version and the schema of a type', async () => {
    expect(await api.getVersion()).toMatch(new RegExp(`^${version.replace('.', '\\.')}`));
    const schema = await api
      .get<{ singular: string; collectionName: string; authorities: unknown[] }>('/schemas/dataElement')
      .getData();
    expect(schema.singular).toBe('dataElement');
    expect(schema.collectionName).toBe('dataElements');
    expect(schema.authorities.length).toBeGreaterThan(0);
  });

  it('posts metadata and reads it back with field filters, filters and paging', async () => {
    const posted = await api.metadata.post(clientFixture()).getData();
    expect(posted.status).toBe('OK');
    expect(posted.stats.created).toBe(5);

    const { dataElements } = await api.metadata
      .get({
        dataElements: {
          fields: { id: true, name: true, valueType: true, categoryCombo: { id: true, name: true } },
          filter: { code: { eq: 'CLIENT_ENROL_F' } },
        },
      })
      .getData();
    expect(dataElements).toEqual([
      {
        id: 'clientDeEn1',
        name: 'Client enrolment (female)',
        valueType: 'INTEGER_ZERO_OR_POSITIVE',
        categoryCombo: { id: 'bjDvmb4bfuf', name: 'default' },
      },
    ]);

    const ilike = await api.models.dataElements
      .get({ fields: { id: true }, filter: { name: { ilike: 'client enrolment' } }, paging: false })
      .getData();
    expect(ilike.objects.map((d) => d.id).sort()).toEqual(['clientDeEn1', 'clientDeEn2']);

    const page2 = await api.models.dataElements
      .get({
        fields: { id: true },
        filter: { code: { like: 'CLIENT_' } },
        order: 'code:asc',
        pageSize: 2,
        page: 2,
      })
      .getData();
    expect(page2.pager).toMatchObject({ page: 2, pageSize: 2, total: 3, pageCount: 2 });
    expect(page2.objects.map((d) => d.id)).toEqual(['clientDeTch']);
  });

  it('stores data values and reads the set back', async () => {
    const posted = await api.dataValues
      .postSet(
        {},
        {
          dataSet: 'clientDsAnn',
          period: '2023',
          orgUnit: DEMO_SCHOOL,
          dataValues: [
            { dataElement: 'clientDeEn1', value: '120' },
            { dataElement: 'clientDeTch', value: '7' },
          ],
        },
      )
      .getData();
    expect(posted.status).toBe('SUCCESS');
    expect(posted.importCount).toMatchObject({ imported: 2, ignored: 0 });

    const set = await api.dataValues
      .getSet({ dataSet: ['clientDsAnn'], orgUnit: [DEMO_SCHOOL], period: ['2023'] })
      .getData();
    expect(set.dataValues.map((dv) => [dv.dataElement, dv.value]).sort()).toEqual([
      ['clientDeEn1', '120'],
      ['clientDeTch', '7'],
    ]);
  });

  it('saves, lists and reads dataStore keys', async () => {
    const store = api.dataStore('edupkg-clients');
    await store.save('settings', { level: 'primary', grades: [1, 2, 3] }).getData();
    expect(await store.getKeys().getData()).toEqual(['settings']);
    expect(await store.get('settings').getData()).toEqual({ level: 'primary', grades: [1, 2, 3] });
    expect(await store.get('missing').getData()).toBeUndefined();
  });

  it('reads the current user with selected fields', async () => {
    const me = await api.currentUser
      .get({ fields: { id: true, username: true, authorities: true, organisationUnits: { id: true } } })
      .getData();
    expect(me.username).toBe('admin');
    expect(me.authorities).toContain('ALL');
    expect(me.organisationUnits).toEqual([{ id: ORG_UNIT_SCOPE }]);
  });
});
