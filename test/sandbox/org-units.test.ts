import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { client, errorsOf, importReportOf } from './helpers.js';

const point = { type: 'Point', coordinates: [-16.6, 13.4] };
const hierarchy = {
  organisationUnitLevels: [
    { id: 'OuLevel0001', name: 'National', level: 1 },
    { id: 'OuLevel0002', name: 'District', level: 2 },
    { id: 'OuLevel0003', name: 'School', level: 3 },
  ],
  organisationUnits: [
    { id: 'OuNational1', code: 'NAT', name: 'Country', shortName: 'Country', openingDate: '1990-01-01' },
    {
      id: 'OuDistrict1',
      name: 'North',
      shortName: 'North',
      openingDate: '1990-01-01',
      parent: { id: 'OuNational1' },
    },
    {
      id: 'OuDistrict2',
      name: 'South',
      shortName: 'South',
      openingDate: '1990-01-01',
      parent: { id: 'OuNational1' },
    },
    {
      id: 'OuSchool001',
      code: 'S1',
      name: 'School one',
      shortName: 'School one',
      openingDate: '2017-04-17',
      parent: { id: 'OuDistrict1' },
      geometry: point,
    },
  ],
  organisationUnitGroups: [
    { id: 'OuGroup0001', name: 'Public', shortName: 'Public', organisationUnits: [{ id: 'OuSchool001' }] },
  ],
};

describe('organisation units in the sandbox, as DHIS2 stores them', () => {
  let sandbox: Sandbox;
  beforeEach(async () => {
    sandbox = await startSandbox({ seed: 'empty' });
  });
  afterEach(async () => sandbox.close());

  it('derives path and level from the parent chain, keeps geometry and renders dates in DHIS2 form', async () => {
    const api = client(sandbox.url);
    expect((await api.post('/api/metadata', hierarchy)).status).toBe(200);
    const school = (
      await api.get(
        '/api/organisationUnits/OuSchool001?fields=path,level,geometry,openingDate,organisationUnitGroups',
      )
    ).body;
    expect(school).toEqual({
      path: '/OuNational1/OuDistrict1/OuSchool001',
      level: 3,
      geometry: point,
      openingDate: '2017-04-17T00:00:00.000',
      organisationUnitGroups: [{ id: 'OuGroup0001' }],
    });
    const levels = (
      await api.get('/api/organisationUnitLevels?fields=name,level&order=level:asc&paging=false')
    ).body;
    expect(levels).toMatchObject({ organisationUnitLevels: [{ level: 1 }, { level: 2 }, { level: 3 }] });
  });

  it('recomputes the path of a moved org unit and keeps a closed date', async () => {
    const api = client(sandbox.url);
    await api.post('/api/metadata', hierarchy);
    const moved = {
      ...hierarchy.organisationUnits[3]!,
      parent: { id: 'OuDistrict2' },
      closedDate: '2024-12-31',
    };
    expect((await api.post('/api/metadata', { organisationUnits: [moved] })).status).toBe(200);
    const school = (await api.get('/api/organisationUnits/OuSchool001?fields=path,closedDate')).body;
    expect(school).toEqual({
      path: '/OuNational1/OuDistrict2/OuSchool001',
      closedDate: '2024-12-31T00:00:00.000',
    });
  });

  it('refuses a closing date before the opening date with E4013', async () => {
    const api = client(sandbox.url);
    await api.post('/api/metadata', hierarchy);
    const early = { ...hierarchy.organisationUnits[3]!, closedDate: '2010-01-01' };
    const result = await api.post('/api/metadata?atomicMode=ALL', { organisationUnits: [early] });
    expect(result.status).toBe(409);
    expect(errorsOf(importReportOf(result))).toEqual([
      expect.objectContaining({ errorCode: 'E4013', errorProperty: 'closedDate' }),
    ]);
    expect((await api.get('/api/organisationUnits/OuSchool001?fields=closedDate')).body).toEqual({});
  });
});
