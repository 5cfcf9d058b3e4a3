import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { client, sandboxFixture } from './helpers.js';

describe('GET /api/{type} in the sandbox', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 'empty' });
    await client(sandbox.url).post('/api/metadata', sandboxFixture('small-package.json'));
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('lists id and displayName by default with a pager', async () => {
    const result = await client(sandbox.url).get('/api/dataElements');
    expect(result.body).toEqual({
      pager: { page: 1, total: 2, pageSize: 50, pageCount: 1 },
      dataElements: [
        { id: 'eduDeEnrol1', displayName: 'Enrolment' },
        { id: 'eduDeTeach1', displayName: 'Teachers' },
      ],
    });
  });

  it('filters with eq, !eq, in, ilike, null and dotted paths', async () => {
    const api = client(sandbox.url);
    const ids = async (query: string) =>
      (
        (await api.get(`/api/dataElements?fields=id&paging=false&${query}`)).body.dataElements as Array<{
          id: string;
        }>
      ).map((d) => d.id);
    expect(await ids('filter=code:eq:EDU_ENROL')).toEqual(['eduDeEnrol1']);
    expect(await ids('filter=code:!eq:EDU_ENROL')).toEqual(['eduDeTeach1']);
    expect(await ids('filter=id:in:[eduDeTeach1,nope]')).toEqual(['eduDeTeach1']);
    expect(await ids('filter=name:ilike:enrol')).toEqual(['eduDeEnrol1']);
    expect(await ids('filter=optionSet:null')).toEqual(['eduDeEnrol1', 'eduDeTeach1']);
    expect(await ids('filter=categoryCombo.code:eq:EDU_CC_SEX')).toEqual(['eduDeEnrol1']);
    expect(await ids('filter=dataSetElements.dataSet.id:eq:eduDsAnnual')).toEqual([]);
  });

  it('renders nested fields, exclusions and :owner', async () => {
    const api = client(sandbox.url);
    const nested = await api.get(
      '/api/dataElements/eduDeEnrol1?fields=id,categoryCombo[id,name,categories[code]]',
    );
    expect(nested.body).toEqual({
      id: 'eduDeEnrol1',
      categoryCombo: { id: 'eduCcSex001', name: 'Sex', categories: [{ code: 'EDU_SEX' }] },
    });
    const owner = await api.get(
      '/api/indicatorTypes/eduItPct001?fields=:owner,!created,!lastUpdated,!lastUpdatedBy,!sharing',
    );
    expect(owner.body).toEqual({
      id: 'eduItPct001',
      code: 'EDU_PCT',
      name: 'Percent (EDU)',
      factor: 100,
      number: false,
      translations: [],
    });
    const inverse = await api.get('/api/categoryOptions/eduCoFemale?fields=categories');
    expect(inverse.body).toEqual({ categories: [{ id: 'eduCatSex01' }] });
  });

  it("gives embedded objects (a legend set's legends) their display names, as the Maps app reads them", async () => {
    const api = client(sandbox.url);
    const legendSet = {
      id: 'eduLsParity',
      name: 'Parity',
      legends: [
        {
          id: 'eduLgLow001',
          name: 'Disparity against girls',
          startValue: 0,
          endValue: 0.97,
          color: '#d7191c',
        },
        { id: 'eduLgPar001', name: 'Parity', startValue: 0.97, endValue: 1.03, color: '#1a9641' },
      ],
    };
    expect((await api.post('/api/metadata', { legendSets: [legendSet] })).status).toBe(200);
    const answer = await api.get('/api/legendSets/eduLsParity?fields=legends[startValue,displayName]');
    expect(answer.body).toEqual({
      legends: [
        { startValue: 0, displayName: 'Disparity against girls' },
        { startValue: 0.97, displayName: 'Parity' },
      ],
    });
  });

  it('pages with page and pageSize and links the next page', async () => {
    const result = await client(sandbox.url).get('/api/categoryOptions?pageSize=1&page=2&fields=id');
    expect(result.body.pager).toMatchObject({ page: 2, total: 3, pageSize: 1, pageCount: 3 });
    expect(String((result.body.pager as Record<string, unknown>).nextPage)).toContain('page=3');
  });

  it('answers an unknown id with 404 naming the class (E1005 from 2.40)', async () => {
    const result = await client(sandbox.url).get('/api/dataSets/FAKEDATASET');
    expect(result.status).toBe(404);
    expect(result.body).toEqual({
      httpStatus: 'Not Found',
      httpStatusCode: 404,
      status: 'ERROR',
      message: 'DataSet with id FAKEDATASET could not be found.',
      errorCode: 'E1005',
    });
  });
});

describe('/api/dataStore in the sandbox', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 'empty', dhis2Version: '2.41' });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('creates, reads, updates and deletes keys with DHIS2 status codes and messages', async () => {
    const api = client(sandbox.url);
    const created = await api.post('/api/dataStore/edupkg/installs', { packages: ['edu-core'] });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      httpStatus: 'Created',
      httpStatusCode: 201,
      status: 'OK',
      message: "Key created: 'installs'",
    });
    const duplicate = await api.post('/api/dataStore/edupkg/installs', {});
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toMatchObject({
      status: 'ERROR',
      message: "Key 'installs' already exists in namespace 'edupkg'",
      errorCode: 'E1004',
    });
    expect((await api.get('/api/dataStore/edupkg/installs')).body).toEqual({ packages: ['edu-core'] });
    expect((await api.get('/api/dataStore/edupkg')).body).toEqual(['installs']);
    const updated = await api.put('/api/dataStore/edupkg/installs', { packages: [] });
    expect(updated.status).toBe(200);
    expect(updated.body.message).toBe("Key updated: 'installs'");
    const upserted = await api.put('/api/dataStore/edupkg/other', 1);
    expect(upserted.status).toBe(201);
    const deleted = await api.del('/api/dataStore/edupkg/installs');
    expect(deleted.body).toMatchObject({
      httpStatusCode: 200,
      message: "Key 'installs' deleted from namespace 'edupkg'",
    });
    const missing = await api.get('/api/dataStore/edupkg/installs');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({
      message: "Key 'installs' not found in namespace 'edupkg'",
      errorCode: 'E1005',
    });
    expect((await api.del('/api/dataStore/edupkg')).body.message).toBe("Namespace deleted: 'edupkg'");
    expect((await api.get('/api/dataStore/edupkg')).status).toBe(404);
  });

  it('refuses a value that is not JSON with 400', async () => {
    const result = await client(sandbox.url).post('/api/dataStore/edupkg/bad', '{not json');
    expect(result.status).toBe(400);
    expect(result.body.message).toBe("Invalid JSON value for key 'bad'");
  });

  it('leaves errorCode out of data store errors before 2.41', async () => {
    const old = await startSandbox({ seed: 'empty', dhis2Version: '2.40' });
    try {
      const missing = await client(old.url).get('/api/dataStore/none/key');
      expect(missing.body).toEqual({
        httpStatus: 'Not Found',
        httpStatusCode: 404,
        status: 'ERROR',
        message: "Key 'key' not found in namespace 'none'",
      });
    } finally {
      await old.close();
    }
  });
});
