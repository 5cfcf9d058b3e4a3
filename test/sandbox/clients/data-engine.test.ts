/**
 * The data engine under @dhis2/app-runtime (npm @dhis2/data-engine, the code behind useDataQuery
 * and useDataMutation), unmodified, with its RestAPILink against the sandbox in each version mode.
 * The only shim: in a browser the engine's `fetch(..., { credentials: 'include' })` carries the
 * session cookie; under Node there is none, so the test's global `fetch` adds Basic auth instead.
 * The React hooks themselves need a React tree and are not exercised here.
 */
import { DataEngine, RestAPILink } from '@dhis2/data-engine';
import { startSandbox, type Dhis2Version, type Sandbox } from '../../../src/sandbox/index.js';
import { CLIENT_MODES, clientFixture, DEMO_SCHOOL } from './support.js';

const realFetch = globalThis.fetch;
const withSessionStandIn: typeof fetch = (input, init = {}) => {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Basic ${Buffer.from('admin:district').toString('base64')}`);
  return realFetch(input, { ...init, headers });
};

describe.each(CLIENT_MODES)('@dhis2/data-engine against the sandbox in DHIS2 %s mode', (version) => {
  let sandbox: Sandbox;
  let engine: DataEngine;
  beforeAll(async () => {
    globalThis.fetch = withSessionStandIn;
    sandbox = await startSandbox({ dhis2Version: version as Dhis2Version });
    const [major, minor] = version.split('.').map(Number) as [number, number];
    engine = new DataEngine(
      new RestAPILink({
        baseUrl: sandbox.url,
        apiVersion: minor,
        serverVersion: { major, minor, full: version },
      }),
    );
  });
  afterAll(async () => {
    globalThis.fetch = realFetch;
    await sandbox.close();
  });

  it('runs a multi-resource query with fields, filters and paging', async () => {
    await engine.mutate({ resource: 'metadata', type: 'create', data: clientFixture() });
    const result = await engine.query({
      me: { resource: 'me', params: { fields: ['id', 'username'] } },
      page: {
        resource: 'dataElements',
        params: {
          fields: ['id', 'code'],
          filter: 'code:like:CLIENT_',
          order: 'code:asc',
          pageSize: 2,
          page: 2,
        },
      },
      one: {
        resource: 'dataSets',
        id: 'clientDsAnn',
        params: { fields: 'id,periodType,dataSetElements[dataElement[id]]' },
      },
    });
    expect(result.me).toEqual({ id: expect.any(String), username: 'admin' });
    expect(result.page).toMatchObject({
      pager: { page: 2, pageSize: 2, total: 3, pageCount: 2 },
      dataElements: [{ id: 'clientDeTch', code: 'CLIENT_TEACHERS' }],
    });
    expect(result.one).toMatchObject({ id: 'clientDsAnn', periodType: 'Yearly' });
  });

  it('creates, updates and deletes through mutations, and writes data values and dataStore keys', async () => {
    const created = (await engine.mutate({
      resource: 'dataElementGroups',
      type: 'create',
      data: { name: 'Engine group', shortName: 'Engine group' },
    })) as { response: { uid: string } };
    const uid = created.response.uid;
    await engine.mutate({
      resource: 'dataElementGroups',
      id: uid,
      type: 'update',
      partial: false,
      data: { name: 'Engine group renamed', shortName: 'Engine group' },
    });
    const read = await engine.query({
      g: { resource: 'dataElementGroups', id: uid, params: { fields: 'name' } },
    });
    expect(read.g).toEqual({ name: 'Engine group renamed' });
    await engine.mutate({ resource: 'dataElementGroups', id: uid, type: 'delete' });
    await expect(engine.query({ g: { resource: 'dataElementGroups', id: uid } })).rejects.toThrow();

    await engine.mutate({
      resource: 'dataValueSets',
      type: 'create',
      data: {
        dataSet: 'clientDsAnn',
        period: '2021',
        orgUnit: DEMO_SCHOOL,
        dataValues: [{ dataElement: 'clientDeEn1', value: '3' }],
      },
    });
    const values = await engine.query({
      v: {
        resource: 'dataValueSets',
        params: { dataSet: 'clientDsAnn', period: '2021', orgUnit: DEMO_SCHOOL },
      },
    });
    expect((values.v as { dataValues: Array<{ value: string }> }).dataValues.map((d) => d.value)).toEqual([
      '3',
    ]);

    await engine.mutate({ resource: 'dataStore/edupkg-engine/k', type: 'create', data: { ok: true } });
    expect((await engine.query({ k: { resource: 'dataStore/edupkg-engine/k' } })).k).toEqual({ ok: true });
  });
});
