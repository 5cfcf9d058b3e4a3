import { loadProfile } from '../../src/core/content/profiles.js';
import { uidFromCode } from '../../src/core/dhis2-model/uid.js';
import type { MetadataObject } from '../../src/core/package/types.js';
import { indexLiveRegistry } from '../../src/core/registry/live-state.js';
import { compareRegistry } from '../../src/core/registry/plan.js';
import type { SourceTable } from '../../src/core/registry/types.js';

const profile = loadProfile('gm');
const header = ['code', 'name', 'region', 'district', 'closed_date'];
const table = (...rows: string[][]): SourceTable => ({
  file: 'list.csv',
  format: 'csv',
  headers: header,
  rows: rows.map((cells, i) => ({
    line: i + 2,
    values: Object.fromEntries(header.map((h, j) => [h, cells[j] ?? ''])),
  })),
  problems: [],
});
const unit = (
  id: string,
  code: string,
  name: string,
  path: string[],
  extra: MetadataObject = {},
): MetadataObject => ({
  id,
  code,
  name,
  shortName: name,
  openingDate: '2000-01-01T00:00:00.000',
  path: `/${[...path, id].join('/')}`,
  ...(path.length ? { parent: { id: path[path.length - 1]! } } : {}),
  ...extra,
});
const compare = (t: SourceTable, units: MetadataObject[] = []) =>
  compareRegistry(t, indexLiveRegistry({ organisationUnits: units }), { profile, settings: {}, columns: {} });

describe('comparing a school list with the server', () => {
  it('derives every new UID from a code, so two empty servers get the same objects', () => {
    const first = compare(table(['S1', 'One', 'Western', 'Kombo'], ['S2', 'Two', 'Western', 'Kombo']));
    const second = compare(table(['S2', 'Two', 'Western', 'Kombo'], ['S1', 'One', 'Western', 'Kombo']));
    expect(first.payload.organisationUnits).toEqual(second.payload.organisationUnits);
    const ids = first.payload.organisationUnits!.map((o) => o.code);
    expect(ids).toEqual(expect.arrayContaining(['GMB', 'GMB_WESTERN', 'GMB_WESTERN_KOMBO', 'S1', 'S2']));
    expect(first.payload.organisationUnits!.find((o) => o.code === 'S1')!.id).toBe(
      uidFromCode('organisationUnits', 'S1'),
    );
    expect(first.plan.levels.create).toEqual(['National', 'Region', 'District', 'School']);
  });

  it('counts a reopened school and keeps the fields the list does not manage', () => {
    const units = [
      unit('Root0000001', 'GMB', 'The Gambia', []),
      unit('Region00001', 'R1', 'Western', ['Root0000001']),
      unit('District001', 'D1', 'Kombo', ['Root0000001', 'Region00001']),
      unit('School00001', 'S1', 'One', ['Root0000001', 'Region00001', 'District001'], {
        closedDate: '2020-01-01T00:00:00.000',
        address: 'Main road',
      }),
    ];
    const { plan, payload } = compare(table(['S1', 'One', 'Western', 'Kombo', '']), units);
    expect(plan.schools).toEqual([{ code: 'S1', line: 2, name: 'One', changes: ['reopen', 'regroup'] }]);
    const sent = payload.organisationUnits!.find((o) => o.code === 'S1')!;
    expect(sent).toMatchObject({ address: 'Main road', parent: { id: 'District001' } });
    expect(sent).not.toHaveProperty('closedDate');
    expect(sent).not.toHaveProperty('path');
  });

  it('refuses a parent code the server does not know, and a school code taken by a district', () => {
    const units = [
      unit('Root0000001', 'GMB', 'The Gambia', []),
      unit('Region00001', 'R1', 'Western', ['Root0000001']),
      unit('District001', 'D1', 'Kombo', ['Root0000001', 'Region00001']),
    ];
    const t = table(['S1', 'One', 'Western', 'Kombo'], ['D1', 'Two', 'Western', 'Kombo']);
    t.headers.push('district_code');
    t.rows[0]!.values = { code: 'S1', name: 'One', region: 'Western', district: '', district_code: 'NOPE' };
    const { plan, payload } = compare(t, units);
    expect(plan.problems.map((p) => [p.line, p.rule])).toEqual([
      [2, 'registry.unknown-parent'],
      [3, 'registry.code-taken'],
    ]);
    expect(payload).toEqual({});
  });
});
