import { uidFromCode } from '../../src/core/dhis2-model/uid.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import { sandboxWithSampleData } from '../sandbox/analytics-support.js';
import type { Client } from '../sandbox/helpers.js';

const CENSUS = ['02', '1', '2', '3'].map((l) => uidFromCode('dataSets', `EDU_ISCED${l}_CENSUS`));
const PRIMARY = CENSUS[1]!;
const YEAR = '2024';
/** A census year before the sample data's: no form of it is complete yet. */
const UNREPORTED_YEAR = '2021';

describe('sandbox endpoints behind the web page', () => {
  let sandbox: Sandbox;
  let api: Client;
  let school: { id: string; path: string };
  let district: { id: string };

  beforeAll(async () => {
    ({ sandbox, api } = await sandboxWithSampleData());
    const schools = await api.get('/api/organisationUnits?filter=level:eq:4&fields=id,path&paging=false');
    school = (schools.body.organisationUnits as Array<{ id: string; path: string }>)[0]!;
    district = { id: school.path.split('/')[3]! };
  }, 240_000);
  afterAll(() => sandbox?.close());

  const form = (dataSet = PRIMARY, orgUnit = school.id) =>
    `dataSet=${dataSet}&period=${YEAR}&orgUnit=${orgUnit}`;

  describe('login session', () => {
    const login = (password: string) =>
      fetch(`${sandbox.url}/dhis-web-commons-security/login.action`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ j_username: 'admin', j_password: password }),
      });

    it('sets an HttpOnly JSESSIONID that then authenticates /api calls until logout', async () => {
      const ok = await login('district');
      expect(ok.status).toBe(302);
      const cookie = ok.headers.get('set-cookie')!;
      expect(cookie).toMatch(/^JSESSIONID=[0-9A-F]{48}; Path=\/; HttpOnly; SameSite=Lax$/);
      const session = cookie.split(';')[0]!;
      const me = await fetch(`${sandbox.url}/api/me?fields=username`, { headers: { cookie: session } });
      expect(await me.json()).toEqual({ username: 'admin' });
      const page = await fetch(`${sandbox.url}/`, { headers: { cookie: session } });
      expect([page.status, page.headers.get('content-type')]).toEqual([200, 'text/html;charset=UTF-8']);
      expect(await page.text()).toContain('/web/vendor/echarts.min.js');
      await fetch(`${sandbox.url}/dhis-web-commons-security/logout.action`, {
        headers: { cookie: session },
        redirect: 'manual',
      });
      const after = await fetch(`${sandbox.url}/api/me`, {
        headers: { cookie: session },
        redirect: 'manual',
      });
      expect(after.status).toBe(302);
    });

    it('sets no cookie for a wrong password and serves no file outside its list', async () => {
      const wrong = await login('wrong');
      expect([wrong.headers.get('location'), wrong.headers.get('set-cookie')]).toEqual([
        '/login/?failed=true',
        null,
      ]);
      for (const path of [
        '/web/../package.json',
        '/web/%2e%2e%2fpackage.json',
        '/web/vendor/tar.js',
        '/web/secret.js',
      ]) {
        const answer = await fetch(`${sandbox.url}${path}`, { redirect: 'manual' });
        expect({ path, status: answer.status }).toEqual({ path, status: 302 });
        expect(answer.headers.get('location')).toMatch(/\/api\/$/);
      }
      const echarts = await fetch(`${sandbox.url}/web/vendor/echarts.min.js`);
      expect([echarts.status, (await echarts.text()).length > 100_000]).toEqual([200, true]);
    });
  });

  describe('GET /api/validation/dataSet/{ds}', () => {
    it('finds no violation in sample data, which is generated to pass every rule', async () => {
      for (const ds of CENSUS) {
        const answer = await api.get(`/api/validation/dataSet/${ds}?pe=${YEAR}&ou=${school.id}`);
        expect(answer.status).toBe(200);
        expect(answer.body).toEqual({ validationRuleViolations: [], commentRequiredViolations: [] });
      }
    });

    it('reports a broken rule with both sides, in ValidationResult shape', async () => {
      const values = (await api.get(`/api/dataValueSets?${form()}`)).body.dataValues as Array<{
        dataElement: string;
        value: string;
      }>;
      const rules = (await api.get('/api/validationRules?fields=id,leftSide,rightSide,operator&paging=false'))
        .body.validationRules as Array<{
        id: string;
        leftSide: { expression: string };
        rightSide: { expression: string };
        operator: string;
      }>;
      // Any rule of the primary form; break it by zeroing every value on its left side.
      const rule = rules.find(
        (r) => values.some((v) => r.leftSide.expression.includes(v.dataElement)) && r.operator === 'equal_to',
      )!;
      expect(rule).toBeDefined();
      const leftValues = values.filter((v) => rule.leftSide.expression.includes(v.dataElement));
      const right = values.filter((v) => rule.rightSide.expression.includes(v.dataElement));
      expect(right.length).toBeGreaterThan(0);
      await api.post('/api/dataValueSets', { dataValues: leftValues.map((v) => ({ ...v, value: '0' })) });
      const answer = await api.get(`/api/validation/dataSet/${PRIMARY}?pe=${YEAR}&ou=${school.id}`);
      const violation = (answer.body.validationRuleViolations as Array<Record<string, unknown>>).find(
        (v) => (v.validationRule as { id: string }).id === rule.id,
      );
      expect(violation).toMatchObject({
        period: { id: YEAR },
        organisationUnit: { id: school.id },
        attributeOptionCombo: { id: 'HllvX50cXC0' },
        leftsideValue: 0,
        notificationSent: false,
      });
      expect(violation!.rightsideValue).toBeGreaterThan(0);
      await api.post('/api/dataValueSets', { dataValues: leftValues });
    });

    it('answers unknown data sets, periods and org units as DHIS2 does (409 with the error code)', async () => {
      const cases: Array<[string, string]> = [
        [`/api/validation/dataSet/xxxxxxxxxxx?pe=${YEAR}&ou=${school.id}`, 'E1105'],
        [`/api/validation/dataSet/${PRIMARY}?pe=2024X&ou=${school.id}`, 'E1101'],
        [`/api/validation/dataSet/${PRIMARY}?pe=${YEAR}&ou=xxxxxxxxxxx`, 'E1102'],
      ];
      for (const [path, errorCode] of cases) {
        const answer = await api.get(path);
        expect({ path, status: answer.status, errorCode: answer.body.errorCode }).toEqual({
          path,
          status: 409,
          errorCode,
        });
      }
    });
  });

  describe('/api/completeDataSetRegistrations', () => {
    const register = (orgUnit: string, period = UNREPORTED_YEAR) =>
      api.post('/api/completeDataSetRegistrations', {
        completeDataSetRegistrations: [{ dataSet: PRIMARY, period, organisationUnit: orgUnit }],
      });

    it('registers, re-registers, lists and removes a completion', async () => {
      const first = await register(school.id);
      expect([first.status, first.body.status]).toEqual([200, 'OK']);
      expect((first.body.response as Record<string, unknown>).importCount).toEqual({
        imported: 1,
        updated: 0,
        ignored: 0,
        deleted: 0,
      });
      expect(
        ((await register(school.id)).body.response as Record<string, unknown>).importCount,
      ).toMatchObject({ imported: 0, updated: 1 });
      const registrations = (orgUnit: string, children = false) =>
        api.get(
          `/api/completeDataSetRegistrations?dataSet=${PRIMARY}&period=${UNREPORTED_YEAR}&orgUnit=${orgUnit}&children=${children}`,
        );
      const listed = await registrations(district.id, true);
      expect(listed.body.completeDataSetRegistrations).toEqual([
        expect.objectContaining({
          dataSet: PRIMARY,
          period: UNREPORTED_YEAR,
          organisationUnit: school.id,
          storedBy: 'admin',
          completed: true,
        }),
      ]);
      expect((await registrations(district.id)).body.completeDataSetRegistrations).toEqual([]);
      expect(
        (
          await api.del(
            `/api/completeDataSetRegistrations?ds=${PRIMARY}&pe=${UNREPORTED_YEAR}&ou=${school.id}`,
          )
        ).status,
      ).toBe(204);
      expect((await registrations(school.id)).body.completeDataSetRegistrations).toEqual([]);
    });

    it('ignores a form not assigned there or of the wrong period type, and needs an org unit to list', async () => {
      const unassigned = await register(district.id);
      expect(unassigned.status).toBe(409);
      expect((unassigned.body.response as { conflicts: unknown[] }).conflicts).toEqual([
        { object: PRIMARY, value: `Data set ${PRIMARY} is not assigned to organisation unit ${district.id}` },
      ]);
      const monthly = await register(school.id, '202401');
      expect((monthly.body.response as { conflicts: Array<{ value: string }> }).conflicts[0]!.value).toBe(
        'Period type of period: 202401 is not equal to the period type of data set: Yearly',
      );
      const noOrgUnit = await api.get(`/api/completeDataSetRegistrations?dataSet=${PRIMARY}`);
      expect([noOrgUnit.status, noOrgUnit.body.message]).toEqual([
        409,
        'At least one organisation unit or organisation unit group must be specified',
      ]);
    });
  });

  describe('GET /api/geoFeatures', () => {
    it('returns org units with a geometry in the compact GeoFeature shape, and skips the others', async () => {
      const full = (await api.get(`/api/organisationUnits/${district.id}`)).body;
      const ring = [
        [
          [30, -2],
          [31, -2],
          [31, -3],
          [30, -3],
          [30, -2],
        ],
      ];
      expect(
        (
          await api.put(`/api/organisationUnits/${district.id}`, {
            ...full,
            geometry: { type: 'Polygon', coordinates: ring },
          })
        ).status,
      ).toBe(200);
      const answer = await api.get(`/api/geoFeatures?ou=ou:LEVEL-3`);
      const features = answer.body as unknown as Array<Record<string, unknown>>;
      expect(features.find((f) => f.id === district.id)).toEqual({
        id: district.id,
        code: full.code,
        na: full.name,
        hcd: true,
        hcu: true, // the demo world's regions have borders too
        le: 3,
        pg: school.path.split('/').slice(0, 3).join('/'),
        pi: school.path.split('/')[2],
        pn: expect.any(String),
        ty: 2,
        co: JSON.stringify(ring),
        dimensions: {},
      });
      // Every district of the demo world has a polygon; schools are points (ty 1).
      expect(features.every((f) => f.le === 3 && f.ty === 2)).toBe(true);
      const schoolsFeatures = (await api.get(`/api/geoFeatures?ou=ou:LEVEL-4`)).body as unknown as Array<{
        ty: number;
      }>;
      expect(schoolsFeatures.length).toBeGreaterThan(0);
      expect(schoolsFeatures.every((f) => f.ty === 1)).toBe(true);
      // A unit without geometry is left out.
      const { geometry: _dropped, ...withoutGeometry } = full;
      expect((await api.put(`/api/organisationUnits/${district.id}`, withoutGeometry)).status).toBe(200);
      const after = (await api.get(`/api/geoFeatures?ou=ou:LEVEL-3`)).body as unknown as Array<{
        id: string;
      }>;
      expect(after.map((f) => f.id)).not.toContain(district.id);
      expect(after).toHaveLength(features.length - 1);
      expect((await api.get('/api/geoFeatures')).status).toBe(409);
    });
  });
});
