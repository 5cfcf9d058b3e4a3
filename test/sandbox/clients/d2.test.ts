/**
 * Classic `d2` (npm d2@31), unmodified, against the sandbox in each version mode: init() (which
 * reads schemas, attributes, me, me/authorization, userSettings, system/info and apps), model
 * lists with field filters, filters and paging, schema validation (POST /api/schemas/{type}),
 * model save, data values, dataStore, the current user and user settings. d2 calls the global
 * `fetch`, which Node 20 provides; the test wraps it only to log which URLs init() asked for.
 */
import { createRequire } from 'node:module';
import { jest } from '@jest/globals';
import { startSandbox, type Dhis2Version, type Sandbox } from '../../../src/sandbox/index.js';
import { CLIENT_MODES, clientFixture, DEMO_SCHOOL } from './support.js';

/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return -- d2 ships no type declarations */
const require = createRequire(import.meta.url);

/** d2 is a per-page singleton (its Api binds `fetch` once); each mode gets a fresh load, as a new page would. */
function freshD2(): { init: (config: object) => Promise<any> } {
  jest.resetModules();
  return require('d2') as { init: (config: object) => Promise<any> };
}

describe.each(CLIENT_MODES)('classic d2 against the sandbox in DHIS2 %s mode', (version) => {
  let sandbox: Sandbox;
  let d2: any;
  let api: any;
  const initCalls: Array<{ path: string; status: number }> = [];

  beforeAll(async () => {
    sandbox = await startSandbox({ dhis2Version: version as Dhis2Version });
    const realFetch = globalThis.fetch;
    let recording = true;
    globalThis.fetch = async (input, options) => {
      const response = await realFetch(input, options);
      if (recording)
        initCalls.push({
          path: new URL(typeof input === 'string' ? input : 'url' in input ? input.url : input.href).pathname,
          status: response.status,
        });
      return response;
    };
    try {
      d2 = await freshD2().init({
        baseUrl: `${sandbox.url}/api/${version.slice(2)}`,
        headers: { Authorization: `Basic ${Buffer.from('admin:district').toString('base64')}` },
      });
    } finally {
      recording = false;
      globalThis.fetch = realFetch;
    }
    api = d2.Api.getApi();
    await api.post('metadata', clientFixture());
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('initialises from the endpoints it needs, all answered', () => {
    const prefix = `/api/${version.slice(2)}/`;
    expect(initCalls.map((c) => c.path.replace(prefix, '')).sort()).toEqual([
      'apps',
      'attributes',
      'me',
      'me/authorization',
      'schemas',
      'system/info',
      'userSettings',
    ]);
    expect(initCalls.filter((c) => c.status !== 200)).toEqual([]);
    expect(d2.system.version.minor).toBe(Number(version.slice(2)));
    expect(d2.currentUser.authorities.has('ALL')).toBe(true);
    expect(d2.models.dataElement.name).toBe('dataElement');
    expect(d2.models.dataElement.plural).toBe('dataElements');
  });

  it('lists models with field filters, filters and paging', async () => {
    const first = await d2.models.dataElement.list({
      fields: 'id,name,code',
      filter: ['code:like:CLIENT_'],
      order: 'code:asc',
      pageSize: 2,
    });
    expect(first.toArray().map((m: any) => m.code)).toEqual(['CLIENT_ENROL_F', 'CLIENT_ENROL_M']);
    expect(first.pager.total).toBe(3);
    expect(first.pager.hasNextPage()).toBe(true);
    const second = await first.pager.getNextPage();
    expect(second.toArray().map((m: any) => m.id)).toEqual(['clientDeTch']);

    const filtered = await d2.models.dataElement
      .filter()
      .on('name')
      .ilike('female')
      .list({ fields: 'id,categoryCombo[id,name]', paging: false });
    expect(filtered.toArray().map((m: any) => [m.id, m.categoryCombo.name])).toEqual([
      ['clientDeEn1', 'default'],
    ]);
  });

  it('validates a model against the schema, then saves it', async () => {
    const invalid = d2.models.dataElement.create({ shortName: 'No name', valueType: 'NUMBER' });
    const refused = await invalid.validate();
    expect(refused.status).toBe(false);
    expect(refused.messages.map((m: any) => `${m.errorCode}:${m.errorProperty}`)).toContain('E4000:name');

    // A form's flow: an empty model, properties set one by one (which marks it dirty), save().
    const model = d2.models.dataElement.create();
    Object.assign(model, {
      name: 'Client new element',
      shortName: 'Client new element',
      valueType: 'NUMBER',
      domainType: 'AGGREGATE',
      aggregationType: 'SUM',
    });
    expect((await model.validate()).status).toBe(true);
    await model.save();
    expect(model.id).toMatch(/^[A-Za-z][A-Za-z0-9]{10}$/);
    const stored = await d2.models.dataElement.get(model.id, { fields: 'id,name,valueType' });
    expect([stored.name, stored.valueType]).toEqual(['Client new element', 'NUMBER']);
  });

  it('posts data values and reads them back', async () => {
    const summary = await api.post('dataValueSets', {
      dataSet: 'clientDsAnn',
      period: '2022',
      orgUnit: DEMO_SCHOOL,
      dataValues: [{ dataElement: 'clientDeEn2', value: '95' }],
    });
    expect(JSON.stringify(summary)).toContain('"imported":1');
    const set = await api.get('dataValueSets', {
      dataSet: 'clientDsAnn',
      period: '2022',
      orgUnit: DEMO_SCHOOL,
    });
    expect(set.dataValues.map((dv: any) => [dv.dataElement, dv.value])).toEqual([['clientDeEn2', '95']]);
  });

  it('creates a dataStore namespace, sets and reads a key', async () => {
    const namespace = await d2.dataStore.create('edupkg-d2');
    await namespace.set('levels', { primary: 6 });
    const again = await d2.dataStore.get('edupkg-d2');
    expect(again.keys).toEqual(['levels']);
    expect(await again.get('levels')).toEqual({ primary: 6 });
  });

  it('reads and changes user settings, and asks for single authorities', async () => {
    expect(await d2.currentUser.userSettings.get('keyUiLocale')).toBe('en');
    await d2.currentUser.userSettings.set('keyUiLocale', 'fr');
    expect((await api.get('userSettings')).keyUiLocale).toBe('fr');
    expect((await api.get('me', { fields: 'settings' })).settings.keyUiLocale).toBe('fr');
    expect(await api.get('me/authorization/F_DATAELEMENT_PUBLIC_ADD')).toBe(true);
  });
});
