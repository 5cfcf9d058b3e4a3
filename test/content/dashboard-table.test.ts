import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { InternalError } from '../../src/errors/index.js';
import { DASHBOARD_TABLE, expandBraces, readDashboards } from '../../src/core/content/dashboard-table.js';
import { languageCodes, PACKAGES } from '../../src/core/content/index.js';
import { allObjects, byCode, VARIANTS } from './helpers.js';

describe('expandBraces', () => {
  it('expands groups with the leftmost varying slowest, the order of a flatMap over levels', () => {
    expect(expandBraces('EDU_ISCED{02,1}_{PTR,PTTR,PQTR}')).toEqual([
      'EDU_ISCED02_PTR',
      'EDU_ISCED02_PTTR',
      'EDU_ISCED02_PQTR',
      'EDU_ISCED1_PTR',
      'EDU_ISCED1_PTTR',
      'EDU_ISCED1_PQTR',
    ]);
  });

  it('leaves a code without groups alone and reads an empty choice as an optional suffix', () => {
    expect(expandBraces('EDU_ISCED1_GER')).toEqual(['EDU_ISCED1_GER']);
    expect(expandBraces('EDU_ISCED1_PLR{,_F}')).toEqual(['EDU_ISCED1_PLR', 'EDU_ISCED1_PLR_F']);
    expect(expandBraces('EDU_ISCED1_CENSUS.{REPORTING_RATE,EXPECTED_REPORTS}')).toEqual([
      'EDU_ISCED1_CENSUS.REPORTING_RATE',
      'EDU_ISCED1_CENSUS.EXPECTED_REPORTS',
    ]);
  });
});

describe('the shipped dashboard table', () => {
  const dashboards = readDashboards();

  it('is read once', () => {
    expect(readDashboards()).toBe(dashboards);
  });

  it('has every name and text in every shipped language (the English text is the translation key)', () => {
    const texts = dashboards.flatMap((d) => [
      d.name,
      d.description,
      ...d.items.flatMap((i) => (i.text ? [i.text, i.spec.name] : [i.spec.name])),
    ]);
    const untranslated = languageCodes().flatMap((l) =>
      texts.filter((t) => !t[l]).map((t) => `${l}: ${t.en}`),
    );
    expect(untranslated).toEqual([]);
  });

  // The full check needs edu-sdg4 built (a second per profile), too slow for every build.
  it.each(VARIANTS)('names only data that edu-dashboards’ dependencies ship (%s)', (variant) => {
    const scope = allObjects(variant, PACKAGES['edu-dashboards'].dependencies);
    const shipped = {
      indicators: byCode(scope, 'indicators'),
      dataElements: byCode(scope, 'dataElements'),
      reportingRates: byCode(scope, 'dataSets'),
    };
    const unknown = dashboards.flatMap((d) =>
      d.items.flatMap(({ spec }) =>
        (['indicators', 'dataElements', 'reportingRates'] as const).flatMap((field) =>
          (spec[field] ?? [])
            .filter((code) => !shipped[field].has(code.split('.')[0]!))
            .map((code) => `${d.code} ${spec.code} ${field}: ${code}`),
        ),
      ),
    );
    expect(unknown).toEqual([]);
  });
});

describe('a broken dashboard table', () => {
  type Entry = Record<string, unknown> & { items: Array<Record<string, unknown>> };
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'edupkg-dashboards-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** The message of the fault the reader finds in a copy of the shipped table changed by `edit`. */
  function faultOf(edit: (table: Entry[]) => void): { file: string; message: string } {
    const table = parse(readFileSync(DASHBOARD_TABLE, 'utf8')) as Entry[];
    edit(table);
    const file = join(dir, `dashboards-${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(file, stringify(table));
    try {
      readDashboards(file);
    } catch (error) {
      expect(error).toBeInstanceOf(InternalError);
      return { file, message: (error as Error).message };
    }
    throw new Error('the broken table was accepted');
  }

  const school = (table: Entry[], i = 0) => table[0]!.items[i]!;
  const quality = (table: Entry[]) => table[2]!.items[0]!;
  const map = (table: Entry[]) => table[3]!.items.find((i) => i.type === 'MAP')!;
  const SCHOOL = 'EDU_DASH_SCHOOL, item EDU_VIS_SCH_ENROLMENT';
  const QUALITY = 'EDU_DASH_DATA_QUALITY, item EDU_VIS_DQ_REPORTING_DISTRICTS';

  it.each<[string, (table: Entry[]) => void, string]>([
    ['an unknown type', (t) => (school(t).type = 'PIE'), `${SCHOOL}, type: "PIE" is not one of`],
    ['an unknown layout', (t) => (school(t).layout = 'monthly'), `${SCHOOL}, layout:`],
    ['an unknown legend', (t) => (school(t).legend = 'rainbow'), `${SCHOOL}, legend:`],
    ['an unknown group set', (t) => (school(t).groupSet = 'EDU_SIZE'), `${SCHOOL}, groupSet:`],
    [
      'an unknown unit level',
      (t) => (quality(t).unitLevel = 'region'),
      `${QUALITY}, unitLevel: "region" is not one of district, school`,
    ],
    [
      'a byUnit item without a unit level',
      (t) => delete quality(t).unitLevel,
      `${QUALITY}, unitLevel: missing`,
    ],
    ['an item without data', (t) => delete school(t).indicators, `${SCHOOL}, indicators: no`],
    [
      'a malformed indicator code',
      (t) => (school(t).indicators = ['EDU_ISCED{1,2_ENROLMENT']),
      `${SCHOOL}, indicators: "EDU_ISCED{1,2_ENROLMENT" is not an EDU_ code`,
    ],
    [
      'a reporting rate of an unknown data set',
      (t) => (quality(t).reportingRates = ['EDU_ISCED4_CENSUS.REPORTING_RATE']),
      `${QUALITY}, reportingRates: "EDU_ISCED4_CENSUS.REPORTING_RATE" names no data set`,
    ],
    [
      'a reporting rate of an unknown metric',
      (t) => (quality(t).reportingRates = ['EDU_ISCED1_CENSUS.COMPLETENESS']),
      `${QUALITY}, reportingRates: "EDU_ISCED1_CENSUS.COMPLETENESS" has no metric`,
    ],
    [
      'a misspelt field',
      (t) => (school(t).indicator = ['EDU_ISCED1_GER']),
      `${SCHOOL}, indicator: unknown field`,
    ],
    [
      'a code used twice',
      (t) => (school(t, 1).code = 'EDU_VIS_SCH_ENROLMENT'),
      `${SCHOOL}, code: "EDU_VIS_SCH_ENROLMENT" is used twice`,
    ],
    [
      'a map of two indicators',
      (t) => (map(t).indicators = ['EDU_ISCED{1,2}_GER']),
      'EDU_DASH_SDG4, item EDU_MAP_SDG_GER_DISTRICTS, indicators: a map shows exactly one indicator',
    ],
    ['an item without a name', (t) => delete school(t).name, `${SCHOOL}, name: missing`],
  ])('rejects %s, naming the file, dashboard, item and field', (_, edit, expected) => {
    const { file, message } = faultOf(edit);
    expect(message).toContain(`${file}: dashboard ${expected}`);
    expect(message).not.toContain('\n');
  });

  it('rejects a dashboard without items, naming the file, dashboard and field', () => {
    const { file, message } = faultOf((t) => (t[1]!.items = []));
    expect(message).toBe(`${file}: dashboard EDU_DASH_DISTRICT, items: expected a list of items`);
  });
});
