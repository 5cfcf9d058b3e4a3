import { DEMO_ROOT_UID, type Sandbox } from '../../src/sandbox/index.js';
import type { Client } from './helpers.js';
import { rawValues, rowsByKey, sandboxWithSampleData, type RawValue } from './analytics-support.js';

interface GroupSet {
  id: string;
  code: string;
  name: string;
  organisationUnitGroups: Array<{ id: string; code: string; organisationUnits: Array<{ id: string }> }>;
}

/**
 * Org unit group sets as an analytics dimension (issue 13 item 2: urban/rural and public/private
 * comparisons). Expected values are summed straight from the stored values of the group's member
 * schools: a value counts for a group when the org unit it was entered for is a member.
 */
describe('GET /api/analytics with an org unit group set dimension', () => {
  let sandbox: Sandbox;
  let api: Client;
  let raw: RawValue[];
  let location: GroupSet;
  let ownership: GroupSet;
  const paths = new Map<string, string>();
  let dataElement: string;

  beforeAll(async () => {
    ({ sandbox, api } = await sandboxWithSampleData());
    raw = await rawValues(api, DEMO_ROOT_UID);
    const sets = (
      await api.get(
        '/api/organisationUnitGroupSets.json?fields=id,code,name,organisationUnitGroups[id,code,organisationUnits[id]]&paging=false',
      )
    ).body.organisationUnitGroupSets as GroupSet[];
    location = sets.find((s) => s.code === 'EDU_LOCATION')!;
    ownership = sets.find((s) => s.code === 'EDU_OWNERSHIP')!;
    const units = (await api.get('/api/organisationUnits.json?fields=id,path&paging=false')).body
      .organisationUnits as Array<{ id: string; path: string }>;
    for (const u of units) paths.set(u.id, u.path);
    // A numeric value entered at schools in 2024 (enrolment, teachers...).
    dataElement = raw.find((v) => v.period === '2024' && /^\d+$/.test(v.value))!.dataElement;
  }, 300_000);
  afterAll(() => sandbox?.close());

  const sumOver = (members: Set<string>, within = DEMO_ROOT_UID) =>
    raw
      .filter(
        (v) =>
          v.dataElement === dataElement &&
          v.period === '2024' &&
          members.has(v.orgUnit) &&
          paths.get(v.orgUnit)!.includes(within),
      )
      .reduce((a, v) => a + Number(v.value), 0);
  const members = (set: GroupSet, groups = set.organisationUnitGroups.map((g) => g.id)) =>
    new Set(
      set.organisationUnitGroups
        .filter((g) => groups.includes(g.id))
        .flatMap((g) => g.organisationUnits.map((u) => u.id)),
    );

  it('splits a value by the groups of the set, and the groups add up to the whole', async () => {
    // The sample data puts every school in one location group, some in each.
    for (const group of location.organisationUnitGroups)
      expect(group.organisationUnits.length).toBeGreaterThan(0);
    const answer = await api.get(
      `/api/41/analytics?dimension=dx:${dataElement}&dimension=${location.id}&filter=pe:2024&filter=ou:${DEMO_ROOT_UID}`,
    );
    expect(answer.status).toBe(200);
    const rows = rowsByKey(answer.body);
    let total = 0;
    for (const group of location.organisationUnitGroups) {
      const expected = sumOver(members(location, [group.id]));
      expect([group.code, Number(rows.get(`${dataElement}|${group.id}`))]).toEqual([group.code, expected]);
      total += expected;
    }
    const whole = await api.get(
      `/api/41/analytics?dimension=dx:${dataElement}&filter=pe:2024&filter=ou:${DEMO_ROOT_UID}`,
    );
    expect(Number((whole.body.rows as string[][])[0]![1])).toBe(total);
  });

  it('narrows every org unit to the filter groups (several groups of one set are a union)', async () => {
    const chosen = ownership.organisationUnitGroups.slice(0, 2).map((g) => g.id);
    const answer = await api.get(
      `/api/41/analytics?dimension=dx:${dataElement}&dimension=ou:LEVEL-3;${DEMO_ROOT_UID}&filter=pe:2024&filter=${ownership.id}:${chosen.join(';')}`,
    );
    expect(answer.status).toBe(200);
    const rows = rowsByKey(answer.body);
    const districts = (answer.body.metaData as { dimensions: { ou: string[] } }).dimensions.ou;
    expect(districts.length).toBeGreaterThan(3);
    for (const ou of districts) {
      const expected = sumOver(members(ownership, chosen), ou);
      expect([ou, Number(rows.get(`${dataElement}|${ou}`) ?? 0)]).toEqual([ou, expected]);
    }
  });

  it('names the group set in the header and lists its groups in metaData', async () => {
    const answer = await api.get(
      `/api/41/analytics?dimension=dx:${dataElement}&dimension=${location.id}&filter=pe:2024&includeMetadataDetails=true`,
    );
    const headers = answer.body.headers as Array<{ name: string; column: string }>;
    expect(headers[1]).toMatchObject({ name: location.id, column: location.name });
    const meta = answer.body.metaData as {
      items: Record<string, Record<string, unknown>>;
      dimensions: Record<string, string[]>;
    };
    expect(meta.dimensions[location.id]).toEqual(location.organisationUnitGroups.map((g) => g.id));
    expect(meta.items[location.id]).toMatchObject({
      name: location.name,
      dimensionType: 'ORGANISATION_UNIT_GROUP_SET',
    });
    for (const g of location.organisationUnitGroups)
      expect(meta.items[g.id]).toMatchObject({ dimensionItemType: 'ORGANISATION_UNIT_GROUP' });
  });

  it('refuses a group set dimension with no group of the set, as DHIS2 does (E7124)', async () => {
    const answer = await api.get(
      `/api/41/analytics?dimension=dx:${dataElement}&dimension=${location.id}:${ownership.organisationUnitGroups[0]!.id}&filter=pe:2024`,
    );
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({ errorCode: 'E7124' });
  });
});
