import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { languageTable, loadProfile } from '../../src/core/content/index.js';
import { INDICATOR_TABLE, indicatorsFromTable } from '../../src/core/content/indicator-table.js';
import { evaluate, expandFormula } from '../../src/core/content/formula-language.js';
import { FormulaContext } from '../../src/core/content/sdg4-context.js';
import { evaluateIndicator } from '../../src/core/expression/index.js';
import { allObjects } from './helpers.js';
import { buildWorld, toValues } from './school-world.js';
import { REPO_ROOT } from '../support/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'edupkg-indicator-table-'));
let files = 0;
/** A table of the given rows in a file of its own (tables are read once per path). */
function tableOf(rows: object[]): string {
  const file = join(dir, `table-${++files}.yaml`);
  writeFileSync(file, stringify(rows));
  return file;
}

const uganda = new FormulaContext(loadProfile('ug'));

/** The entry docs/indicators.md shows: the share of girls in enrolment of each school level. */
const GIRLS_SHARE = (() => {
  const doc = readFileSync(join(REPO_ROOT, 'docs', 'indicators.md'), 'utf8');
  const example = /## Adding an indicator[\s\S]*?```yaml\n([\s\S]*?)```/.exec(doc)![1]!;
  return (parse(example) as Array<Record<string, unknown>>)[0]!;
})();

describe('the indicator table (packages-metadata/tables/indicators.yaml)', () => {
  it('adds an indicator for every level with the entry the docs show, computing what it says on synthetic data', () => {
    const specs = indicatorsFromTable(uganda, { file: tableOf([GIRLS_SHARE]) });
    expect(specs.map((s) => s.code)).toEqual(['EDU_ISCED1_FEP', 'EDU_ISCED2_FEP', 'EDU_ISCED3_FEP']);
    expect(specs[0]!.name.en).toBe('EDU - Female share of enrolment (Primary)');
    expect(specs[0]!.shortName.en).toBe('Girls enrolled PRI (EDU)');
    expect(specs[1]!.denominatorDescription.en).toBe('Enrolment, Lower secondary');

    const world = buildWorld(uganda.profile);
    const values = toValues(world, allObjects('ug'));
    for (const spec of specs) {
      const records = world.enrolment.filter((r) => r.level === spec.level && r.year === 0);
      const girls = records.filter((r) => r.sex === 'F').reduce((n, r) => n + r.n, 0);
      const all = records.reduce((n, r) => n + r.n, 0);
      const value = evaluateIndicator(
        { numerator: spec.numerator, denominator: spec.denominator },
        { factor: 100 },
        values,
      );
      expect(value).toBeCloseTo((100 * girls) / all, 9);
    }
  });

  it('adds the female, male and parity indicators of a by-sex entry', () => {
    const specs = indicatorsFromTable(uganda, {
      file: tableOf([{ ...GIRLS_SHARE, levels: ['1'], bySex: true }]),
    });
    expect(specs.map((s) => s.code)).toEqual([
      'EDU_ISCED1_FEP',
      'EDU_ISCED1_FEP_F',
      'EDU_ISCED1_FEP_M',
      'EDU_ISCED1_GPIA_FEP',
    ]);
    expect(specs[3]!.sdg).toBe('4.5.1');
  });

  it('writes each grade, subject and listed variant of an entry, with its own code and label', () => {
    const [perGrade, perSubject, perVariant] = [
      {
        code: 'FEP_G{pad(grade)}',
        grades: 'allButLast',
        let: { label: 'gradeLabel(level, grade)' },
        name: 'Female share, {label}',
        numerator: 'enrolment(level, grade: grade, sex: F)',
        denominator: 'enrolment(level, grade: grade)',
      },
      {
        code: 'PTBR_{subjectKey(subject)}',
        subjects: 'all',
        name: 'Books, {subjectName(subject)}',
        denominator: 'census(level, TEXTBOOKS, subject: subject)',
      },
      {
        code: 'TCH_{kind}',
        for: [{ kind: 'TRAINED' }, { kind: 'QUALIFIED' }],
        name: 'Teachers {kind}',
        numerator: 'teachers(level, sex: F)',
        denominator: 'teachers(level)',
      },
    ].map((change) =>
      indicatorsFromTable(uganda, { file: tableOf([{ ...GIRLS_SHARE, levels: ['1'], ...change }]) }),
    );
    // Uganda's primary has seven grades: P1..P6 without the last.
    expect(perGrade!.map((s) => s.code)).toEqual([1, 2, 3, 4, 5, 6].map((g) => `EDU_ISCED1_FEP_G0${g}`));
    expect(perGrade![2]!.name.en).toBe('EDU - Female share, P3 (Primary)');
    expect(perGrade![2]!.grade).toBe(3);
    expect(new Set(perGrade!.map((s) => s.numerator)).size).toBe(6);
    expect(perSubject!.map((s) => s.code)).toEqual([
      'EDU_ISCED1_PTBR_LANGUAGE',
      'EDU_ISCED1_PTBR_MATHEMATICS',
    ]);
    expect(perSubject![1]!.name.en).toBe('EDU - Books, Mathematics (Primary)');
    expect(perVariant!.map((s) => s.code)).toEqual(['EDU_ISCED1_TCH_TRAINED', 'EDU_ISCED1_TCH_QUALIFIED']);
  });

  it('ships the census totals with edu-census and the rest with edu-sdg4', () => {
    const census = indicatorsFromTable(uganda, { package: 'edu-census' });
    expect(census.map((s) => s.code)).toEqual(
      expect.arrayContaining(['EDU_ISCED1_ENROLMENT', 'EDU_ISCED3_DQ_COMPLETERS']),
    );
    expect(census.find((s) => s.code === 'EDU_ISCED1_ENROLMENT')).toMatchObject({
      type: 'number',
      decimals: 0,
    });
    const withLegend = tableOf([
      { ...GIRLS_SHARE, package: 'edu-census', group: undefined, legend: 'coverage' },
    ]);
    expect(() => indicatorsFromTable(uganda, { file: withLegend, package: 'edu-census' })).toThrow(
      `${withLegend}: indicator FEP: edu-census indicators have no legend`,
    );
    const sdg4 = new Set(indicatorsFromTable(uganda).map((s) => s.code));
    expect(census.filter((s) => sdg4.has(s.code))).toEqual([]);
  });

  const broken: Array<[string, object, RegExp]> = [
    [
      'a misspelt term argument',
      { numerator: 'enrolment(level, grde: 1)' },
      /numerator: enrolment\(\) takes no grde/,
    ],
    [
      'an unknown function in a text',
      { name: 'Share {levelNme(level)}' },
      /name: unknown function levelNme\(\)/,
    ],
    ['a level that is not ISCED', { levels: ['1', '4'] }, /levels: "4" is not an ISCED level/],
    ['a missing denominator', { denominator: undefined }, /denominator missing/],
    ['an unknown indicator group', { group: 'SDG9' }, /group: "SDG9" is not one of SDG4_4_1/],
    ['an unknown legend set', { legend: 'rainbow' }, /legend: "rainbow" is not one of/],
    ['ages the census does not record', { numerator: 'population(1..99)' }, /numerator: .*ages 1-99/],
    ['a formula left open', { numerator: 'enrolment(level, sex: F' }, /numerator: enrolment\( is not closed/],
    ['an unknown census concept', { denominator: 'census(level, CLASSRUMS)' }, /denominator: .*no CLASSRUMS/],
    [
      'a national data element that does not exist',
      { denominator: 'national(gdpp)' },
      /no data element "gdpp"/,
    ],
    [
      'a grade given a level',
      { numerator: 'enrolment(level, grade: primary)' },
      /grade must be a number, not 1/,
    ],
    ['a field the table does not know', { colour: 'red' }, /unknown field colour/],
  ];
  it.each(broken)('names the file, indicator and field of %s', (_, change, message) => {
    const file = tableOf([{ ...GIRLS_SHARE, ...change }]);
    expect(() => indicatorsFromTable(uganda, { file })).toThrow(message);
    expect(() => indicatorsFromTable(uganda, { file })).toThrow(`${file}: indicator FEP`);
  });

  it('evaluates facts of the profile in arguments and texts', () => {
    const scope = { ctx: uganda, vars: new Map([['level', '2']]) };
    expect(evaluate('entry(level)..end(level)', scope)).toEqual({ lo: 13, hi: 16 });
    expect(evaluate('age(primary, last(primary)) + 2 * 1', scope)).toBe(14);
    expect(evaluate('next(level)', scope)).toBe('3');
    expect(evaluate('levelName(next(level))', scope)).toMatchObject({ en: 'Upper secondary' });
    expect(() => evaluate('next(upperSecondary)', scope)).toThrow(/upper secondary is the last level/);
  });

  it('expands sum() and product() over a range, and leaves DHIS2 functions as they are', () => {
    const scope = { ctx: uganda, vars: new Map([['level', '1']]) };
    const sum = expandFormula('sum(g in 1..3: repeaters(level, grade: g))', scope);
    const grades = [1, 2, 3].map((g) => expandFormula(`repeaters(level, grade: ${g})`, scope));
    expect(new Set(grades).size).toBe(3);
    expect(sum).toBe(grades.join(' + '));
    expect(expandFormula('product(k in 1..0: 2)', scope)).toBe('1');
    const guarded = expandFormula('if(isNull(census(level, CLASSES)), 0, 1)', scope);
    expect(guarded).toMatch(/^if\(isNull\(#\{\w{11}\}\), 0, 1\)$/);
  });

  it('has every text of the shipped table translated whole into French and Portuguese', () => {
    const rows = parse(readFileSync(INDICATOR_TABLE, 'utf8')) as Array<Record<string, unknown>>;
    const fields = ['name', 'shortName', 'description', 'numeratorDescription', 'denominatorDescription'];
    const templates = new Set<string>();
    for (const row of rows)
      for (const field of fields) {
        const value = row[field];
        for (const text of typeof value === 'object' ? Object.values(value as object) : [value])
          templates.add(text as string);
      }
    const placeholders = (s: string) => [...s.matchAll(/\{[^{}]+\}/g)].map((m) => m[0]).sort();
    for (const language of ['fr', 'pt']) {
      const texts = languageTable(language)!.texts;
      const problems = [...templates].flatMap((template) => {
        const translated = texts[template];
        if (translated === undefined) return [`${language}: "${template}" untranslated`];
        const same = placeholders(translated).join() === placeholders(template).join();
        return same ? [] : [`${language}: "${translated}" changes the {...} of "${template}"`];
      });
      expect(problems).toEqual([]);
    }
  });
});
