import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { outputSchemaErrors } from '../support/output-schema.js';
import { REPO_ROOT, runCli } from '../support/run-cli.js';
import { callApi } from '../support/server-state.js';

const GAMBIA_BBOX = [-16.9, 13.0, -13.7, 13.9];
const work = mkdtempSync(join(tmpdir(), 'edupkg-schools-e2e-'));
const file = (name: string) => join(work, name);
// The Gambia's shipped profile plus a registry section, as a country would write it.
const profile = file('gm-registry.yaml');
writeFileSync(
  profile,
  `${readFileSync(join(REPO_ROOT, 'packages-metadata', 'profiles', 'gm.yaml'), 'utf8')}\nregistry:\n  bbox: [${GAMBIA_BBOX.join(', ')}]\n  ownership: { Government: PUBLIC }\n`,
);

const edupkg = (url: string, args: string[]) =>
  runCli(args, {
    cwd: work,
    timeoutMs: 600_000,
    env: { EDUPKG_SERVER: url, EDUPKG_USERNAME: 'admin', EDUPKG_PASSWORD: 'district', CI: '1' },
  });
const api = async (url: string, path: string) =>
  (await callApi(url, 'GET', path)).body as Record<string, unknown>;
const unitByCode = async (url: string, code: string) =>
  (
    (await api(
      url,
      `/api/organisationUnits?filter=code:eq:${code}&fields=id,name,closedDate,parent[code],dataSets[code],organisationUnitGroups[code]&paging=false`,
    )) as { organisationUnits: Array<Record<string, unknown>> }
  ).organisationUnits[0]!;
const codes = (list: unknown) => ((list as Array<{ code: string }>) ?? []).map((o) => o.code).sort();

interface Plan {
  summary: Record<string, number>;
  summaryText: string;
  schools: Array<{ code: string; changes: string[] }>;
  problems: Array<{ line: number; rule: string; message: string }>;
  groups: { create: string[]; update: string[] };
  dataSets: { update: string[] };
}

describe('edupkg schools: a school list becomes the registry, re-runnable', () => {
  let sandbox: Sandbox;
  afterEach(async () => sandbox?.close());

  it('builds 3,000 schools, installs edu-dashboards with level-aware census forms, applies exactly the changes of a re-run, and round-trips through export', async () => {
    sandbox = await startSandbox({ port: 0, seed: 'empty' });
    const url = sandbox.url;
    const list = file('schools.csv');
    const sample = await edupkg(url, [
      'schools',
      'sample',
      '--count',
      '3000',
      '--seed',
      'e2e',
      '--profile',
      profile,
      '--out',
      list,
      '--json',
    ]);
    expect(sample.code).toBe(0);
    expect(outputSchemaErrors('schools sample', sample.json())).toEqual([]);

    const plan = await edupkg(url, ['schools', 'plan', list, '--profile', profile, '--json']);
    expect(plan.code).toBe(0);
    expect(outputSchemaErrors('schools plan', plan.json())).toEqual([]);
    expect((plan.json().result as Plan).summary).toMatchObject({ schools: 3000, created: 3000 });

    const applied = await edupkg(url, ['schools', 'apply', list, '--profile', profile, '--yes', '--json']);
    expect(applied.code).toBe(0);
    expect(outputSchemaErrors('schools apply', applied.json())).toEqual([]);
    expect(applied.json().result).toMatchObject({ applied: true, requests: 2 });

    const install = await edupkg(url, ['install', 'edu-dashboards', '--profile', 'gm', '--yes']);
    expect(install.code).toBe(0);

    const rows = readFileSync(list, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => l.split(','));
    const header = rows[0]!;
    const col = (name: string) => header.indexOf(name);
    const primaryOnly = rows.slice(1).find((r) => r[col('levels')] === 'ISCED1')!;
    const primary = await unitByCode(url, primaryOnly[col('code')]!);
    expect(codes(primary.dataSets)).toEqual(['EDU_ISCED1_CENSUS']);
    const groupSize = async (code: string) =>
      (
        (await api(
          url,
          `/api/organisationUnitGroups?filter=code:eq:${code}&fields=organisationUnits&paging=false`,
        )) as {
          organisationUnitGroups: Array<{ organisationUnits: unknown[] }>;
        }
      ).organisationUnitGroups[0]!.organisationUnits.length;
    const ownership = await Promise.all(
      ['PUBLIC', 'PRIVATE', 'COMMUNITY', 'FAITH'].map((o) => groupSize(`EDU_OWNERSHIP_${o}`)),
    );
    const location = await Promise.all(['URBAN', 'RURAL'].map((l) => groupSize(`EDU_LOCATION_${l}`)));
    expect(ownership.reduce((a, b) => a + b)).toBe(3000);
    expect(location.reduce((a, b) => a + b)).toBe(3000);
    expect(Math.min(...ownership, ...location)).toBeGreaterThan(0);

    // The ministry's next list: two renamed, one moved, one closed, one now also pre-primary.
    const next = rows.map((r) => [...r, r === header ? 'closed_date' : '']);
    const [a, b, moved, closed] = [next[1]!, next[2]!, next[3]!, next[4]!];
    a[col('name')] += ' Annex';
    b[col('name')] += ' Annex';
    const elsewhere = next.slice(1).find((r) => r[col('district')] !== moved[col('district')])!;
    moved[col('region')] = elsewhere[col('region')]!;
    moved[col('district')] = elsewhere[col('district')]!;
    closed[next[0]!.length - 1] = '2025-12-31';
    const widened = next.slice(5).find((r) => r[col('levels')] === 'ISCED1')!;
    widened[col('levels')] = 'ISCED02;ISCED1';
    const changedList = file('schools-2.csv');
    writeFileSync(changedList, `${next.map((r) => r.join(',')).join('\n')}\n`);

    const replan = await edupkg(url, ['schools', 'plan', changedList, '--profile', profile, '--json']);
    expect(replan.code).toBe(0);
    const second = replan.json().result as Plan;
    expect(second.summaryText).toBe('2 renamed, 1 moved, 1 closed, 1 regrouped, 2,995 unchanged');
    expect(second.schools.map((s) => [s.code, s.changes]).sort()).toEqual(
      [
        [a[0], ['rename']],
        [b[0], ['rename']],
        [moved[0], ['move']],
        [closed[0], ['close']],
        [widened[0], ['regroup']],
      ].sort(),
    );
    const human = await edupkg(url, ['schools', 'plan', changedList, '--profile', profile]);
    expect(human.stderr).toContain('Schools: 2 renamed, 1 moved, 1 closed, 1 regrouped, 2,995 unchanged');

    expect((await edupkg(url, ['schools', 'apply', changedList, '--profile', profile, '--yes'])).code).toBe(
      0,
    );
    expect((await unitByCode(url, a[0]!)).name).toBe(a[col('name')]);
    const parentCode = async (code: string) =>
      ((await unitByCode(url, code)).parent as { code: string }).code;
    expect(await parentCode(moved[0]!)).toBe(await parentCode(elsewhere[0]!));
    expect(String((await unitByCode(url, closed[0]!)).closedDate)).toMatch(/^2025-12-31/);
    expect(codes((await unitByCode(url, widened[0]!)).dataSets)).toEqual([
      'EDU_ISCED02_CENSUS',
      'EDU_ISCED1_CENSUS',
    ]);
    const settled = (
      await edupkg(url, ['schools', 'plan', changedList, '--profile', profile, '--json'])
    ).json().result as Plan;
    expect(settled.summaryText).toBe('3,000 unchanged');

    for (const exported of ['export.csv', 'export.geojson']) {
      const out = await edupkg(url, [
        'schools',
        'export',
        '--profile',
        profile,
        '--out',
        file(exported),
        '--json',
      ]);
      expect(out.code).toBe(0);
      expect(outputSchemaErrors('schools export', out.json())).toEqual([]);
      const back = (
        await edupkg(url, ['schools', 'plan', file(exported), '--profile', profile, '--json'])
      ).json().result as Plan;
      expect({
        exported,
        text: back.summaryText,
        schools: back.schools,
        groups: back.groups,
        dataSets: back.dataSets,
      }).toEqual({
        exported,
        text: '3,000 unchanged',
        schools: [],
        groups: { create: [], update: [] },
        dataSets: { update: [] },
      });
    }
  }, 900_000);

  it('writes nothing for a list with bad rows and names every bad row with its line', async () => {
    sandbox = await startSandbox({ port: 0, seed: 'empty' });
    const url = sandbox.url;
    const bad = file('bad.csv');
    writeFileSync(
      bad,
      Buffer.concat([
        Buffer.from(
          [
            'EMIS;SCHOOL_NAME;Region;District;Ownership;Location;Levels;Lat;Lon',
            'B1;Alpha;Western;Kombo;PUBLIC;RURAL;1;13.3;-16.1',
            'B1;Beta;Western;Kombo;PUBLIC;RURAL;1;13.3;-16.1',
            'B3;Alpha;Western;Kombo;PUBLIC;RURAL;1;13.3;-16.1',
            'B4;Gamma;;Kombo;PUBLIC;RURAL;1;13.3;-16.1',
            'B5;Delta;Western;Kombo;PUBLIC;RURAL;ISCED7;13.3;-16.1',
            'B6;Epsilon;Western;Kombo;PUBLIC;RURAL;1;abc;-16.1',
            'B7;Zeta;Western;Kombo;PUBLIC;RURAL;1;-16.1;13.3',
            'B8;Eta;Western;Kombo;ARMY;RURAL;1;13.3;-16.1',
            'B9;Caf',
          ].join('\n'),
        ),
        Buffer.from([0xe9]),
        Buffer.from(
          ';Western;Kombo;PUBLIC;RURAL;1;13.3;-16.1\nB10;Fine;Western;Kombo;PUBLIC;RURAL;1;13.3;-16.1\n',
        ),
      ]),
    );
    const args = [
      '--profile',
      profile,
      '--map',
      'code=EMIS,name=SCHOOL_NAME',
      '--map',
      'latitude=Lat,longitude=Lon',
    ];
    const before = sandbox.objectCounts().organisationUnits ?? 0;
    const r = await edupkg(url, ['schools', 'apply', bad, ...args, '--yes', '--json']);
    expect(r.code).toBe(4);
    expect(outputSchemaErrors('schools apply', r.json())).toEqual([]);
    const result = r.json().result as { applied: boolean; plan: Plan };
    expect(result.applied).toBe(false);
    expect(result.plan.problems.map((p) => [p.line, p.rule])).toEqual([
      [3, 'registry.duplicate-code'],
      [4, 'registry.duplicate-name'],
      [5, 'registry.unknown-parent'],
      [6, 'registry.level-offered'],
      [7, 'registry.coordinates'],
      [8, 'registry.coordinates'],
      [9, 'registry.ownership'],
      [10, 'registry.encoding'],
    ]);
    expect(sandbox.objectCounts().organisationUnits ?? 0).toBe(before);

    const text = await edupkg(url, ['schools', 'apply', bad, ...args, '--yes']);
    expect(text.code).toBe(4);
    for (const line of [3, 4, 5, 6, 7, 8, 9, 10]) expect(text.stderr).toContain(`${bad}:${line}: `);
    expect(text.stderr).toContain('fall outside the country');
    const sarif = await edupkg(url, ['schools', 'plan', bad, ...args, '--format', 'sarif']);
    expect(sarif.code).toBe(4);
    const results = (JSON.parse(sarif.stdout) as { runs: Array<{ results: unknown[] }> }).runs[0]!.results;
    expect(results).toHaveLength(8);
    expect(results[0]).toMatchObject({
      ruleId: 'registry.duplicate-code',
      locations: [{ physicalLocation: { region: { startLine: 3 } } }],
    });
    expect(sandbox.objectCounts().organisationUnits ?? 0).toBe(before);
  }, 300_000);

  it('imports an Excel workbook with national spellings mapped by the profile', async () => {
    sandbox = await startSandbox({ port: 0, seed: 'empty' });
    const xlsx = join(REPO_ROOT, 'test', 'fixtures', 'registry', 'schools.xlsx');
    const r = await edupkg(sandbox.url, ['schools', 'apply', xlsx, '--profile', profile, '--yes', '--json']);
    expect(r.code).toBe(0);
    expect((r.json().result as { plan: Plan }).plan.summary).toMatchObject({ created: 3 });
    const kanifing = await unitByCode(sandbox.url, 'XL001');
    expect(codes(kanifing.organisationUnitGroups)).toEqual([
      'EDU_LOCATION_URBAN',
      'EDU_MASTER_SCHOOL_LIST',
      'EDU_OWNERSHIP_PUBLIC',
      'EDU_SCHOOLS_ISCED1',
    ]);
  }, 300_000);
});
