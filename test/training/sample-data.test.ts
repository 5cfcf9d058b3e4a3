import { join } from 'node:path';
import { loadPackageDirectory, type MetadataBundle } from '../../src/core/package/index.js';
import { buildSampleDataModel } from '../../src/core/training/sample-data-model.js';
import { generateSampleData } from '../../src/core/training/sample-data.js';
import { evaluateExpression } from '../../src/core/expression/index.js';
import { REPO_ROOT } from '../support/run-cli.js';

const LEVELS = {
  '02': { entryAge: 3, duration: 3 },
  '1': { entryAge: 6, duration: 6 },
  '2': { entryAge: 12, duration: 3 },
  '3': { entryAge: 15, duration: 3 },
};

function mergedBundle(names: string[]): MetadataBundle {
  const bundle: MetadataBundle = {};
  for (const name of names) {
    const pkg = loadPackageDirectory(join(REPO_ROOT, 'packages-metadata', name));
    for (const [type, objects] of Object.entries(pkg.metadata)) (bundle[type] ??= []).push(...objects);
  }
  return bundle;
}

/** A tiny census: enrolment by sex, repeaters by sex, and "repeaters <= enrolment" per sex. */
function tinyBundle(): MetadataBundle {
  const ref = (id: string) => ({ id });
  return {
    categoryOptions: [
      { id: 'OptFemale01', code: 'T_SEX_FEMALE', name: 'Female' },
      { id: 'OptMale0001', code: 'T_SEX_MALE', name: 'Male' },
    ],
    categoryOptionCombos: [
      { id: 'CocFemale01', categoryCombo: ref('ComboSex001'), categoryOptions: [ref('OptFemale01')] },
      { id: 'CocMale0001', categoryCombo: ref('ComboSex001'), categoryOptions: [ref('OptMale0001')] },
    ],
    dataElements: [
      {
        id: 'DeEnrol0001',
        code: 'T_ENROLMENT',
        name: 'Enrolment',
        valueType: 'INTEGER_ZERO_OR_POSITIVE',
        categoryCombo: ref('ComboSex001'),
      },
      {
        id: 'DeRepeat001',
        code: 'T_REPEATERS',
        name: 'Repeaters',
        valueType: 'INTEGER_ZERO_OR_POSITIVE',
        categoryCombo: ref('ComboSex001'),
      },
      { id: 'DeElectric1', code: 'T_ELECTRICITY', name: 'Electricity', valueType: 'BOOLEAN' },
    ],
    dataSets: [
      {
        id: 'DsCensus001',
        code: 'T_CENSUS',
        name: 'Census',
        periodType: 'Yearly',
        dataSetElements: [
          { dataElement: ref('DeEnrol0001') },
          { dataElement: ref('DeRepeat001') },
          { dataElement: ref('DeElectric1') },
        ],
      },
    ],
    validationRules: ['CocFemale01', 'CocMale0001'].map((coc, i) => ({
      id: `VrRepeat00${i}`,
      code: `T_VR_${i}`,
      name: `repeaters <= enrolment ${coc}`,
      operator: 'less_than_or_equal_to',
      // First guesses for both are a few learners each, so about half the cases only hold after repair.
      leftSide: {
        expression: `(#{DeRepeat001.${coc}} + 0)`,
        missingValueStrategy: 'SKIP_IF_ALL_VALUES_MISSING',
      },
      rightSide: { expression: `#{DeEnrol0001.${coc}} - 1`, missingValueStrategy: 'NEVER_SKIP' },
    })),
  };
}

describe('sample data generation', () => {
  it('adjusts generated values until every validation rule of a small package holds', () => {
    const model = buildSampleDataModel(tinyBundle());
    const data = generateSampleData(
      model,
      [{ dataSet: 'T_CENSUS', orgUnits: ['School00001', 'School00002'] }],
      { years: [2024, 2025], levels: LEVELS },
    );
    expect(data.rules.checked).toBe(2 * 2 * 2);
    expect(data.rules.failed).toBe(0);
    expect(data.dataValues.every((v) => ['School00001', 'School00002'].includes(v.orgUnit))).toBe(true);
    expect(new Set(data.dataValues.map((v) => v.period))).toEqual(new Set(['2024', '2025']));
    const electricity = data.dataValues.filter((v) => v.dataElement === 'DeElectric1');
    expect(electricity).toHaveLength(4);
    expect(electricity.every((v) => v.value === 'true' || v.value === 'false')).toBe(true);
  });

  it('gives the same numbers for the same seed and different ones for another seed', () => {
    const model = buildSampleDataModel(tinyBundle());
    const run = (seed: string) =>
      generateSampleData(model, [{ dataSet: 'DsCensus001', orgUnits: ['School00001'] }], {
        years: [2025],
        levels: LEVELS,
        seed,
      }).dataValues;
    expect(run('a')).toEqual(run('a'));
    expect(run('a')).not.toEqual(run('b'));
  });

  it('fills the shipped census with values that pass all its validation rules, proven with evaluateExpression', () => {
    const bundle = mergedBundle(['edu-core', 'edu-census', 'edu-population']);
    const model = buildSampleDataModel(bundle);
    const census = model.dataSets.filter((d) => /CENSUS/.test(d.code)).map((d) => d.code);
    expect(census.length).toBeGreaterThan(0);
    const data = generateSampleData(
      model,
      [
        ...census.map((dataSet) => ({ dataSet, orgUnits: ['SchoolA0001', 'SchoolB0001'] })),
        { dataSet: 'EDU_POPULATION', orgUnits: ['District001'] },
      ],
      { years: [2025], levels: LEVELS },
    );
    expect(data.rules.failures).toEqual([]);
    expect(data.rules.passed).toBeGreaterThan(50);

    // Re-check independently: every rule, every school, on exactly the values that would be sent.
    for (const school of ['SchoolA0001', 'SchoolB0001']) {
      const values: Record<string, number> = {};
      for (const v of data.dataValues.filter((d) => d.orgUnit === school)) {
        values[`${v.dataElement}.${v.categoryOptionCombo}`] =
          v.value === 'true' ? 1 : v.value === 'false' ? 0 : Number(v.value);
      }
      for (const rule of bundle.validationRules ?? []) {
        const left = rule.leftSide as {
          expression: string;
          missingValueStrategy: 'SKIP_IF_ALL_VALUES_MISSING' | 'NEVER_SKIP';
        };
        const right = rule.rightSide as typeof left;
        const l = evaluateExpression(left.expression, values, {
          missingValueStrategy: left.missingValueStrategy,
        });
        const r = evaluateExpression(right.expression, values, {
          missingValueStrategy: right.missingValueStrategy,
        });
        if (l === null || r === null) continue;
        if (rule.operator === 'equal_to') expect(l).toBe(r);
        if (rule.operator === 'less_than_or_equal_to') expect(l).toBeLessThanOrEqual(r);
      }
    }
  });

  it('puts most learners of a grade at its intended age and gives the district a population its schools enrol', () => {
    const bundle = mergedBundle(['edu-core', 'edu-census', 'edu-population']);
    const model = buildSampleDataModel(bundle);
    // Enrolment is a data element per age row (EDU_ISCED1_ENROLMENT_AGE_07...).
    const enrolment = model.dataSets
      .flatMap((d) => d.dataElements)
      .filter((d) => d.code.startsWith('EDU_ISCED1_ENROLMENT_AGE_'));
    const population = model.dataSets.flatMap((d) => d.dataElements).find((d) => d.code === 'EDU_POPULATION');
    expect(enrolment.length > 10 && population).toBeTruthy();
    const data = generateSampleData(
      model,
      [
        { dataSet: 'EDU_ISCED1_CENSUS', orgUnits: ['SchoolA0001', 'SchoolA0002', 'SchoolA0003'] },
        { dataSet: 'EDU_POPULATION', orgUnits: ['District001'] },
      ],
      {
        years: [2025],
        levels: LEVELS,
        parents: new Map([
          ['SchoolA0001', 'District001'],
          ['SchoolA0002', 'District001'],
          ['SchoolA0003', 'District001'],
          ['District001', 'Country0001'],
        ]),
      },
    );
    const cellFacts = new Map(enrolment.flatMap((de) => de.cells.map((c) => [`${de.id}.${c.coc}`, c.facts])));
    let atIntendedAge = 0;
    let otherAges = 0;
    for (const v of data.dataValues.filter((d) => enrolment.some((de) => de.id === d.dataElement))) {
      const facts = cellFacts.get(`${v.dataElement}.${v.categoryOptionCombo}`)!;
      if (facts.age === 6 + (facts.grade ?? 1) - 1 && !facts.ageBand) atIntendedAge += Number(v.value);
      else otherAges += Number(v.value);
    }
    expect(atIntendedAge).toBeGreaterThan(otherAges);

    const populationValues = data.dataValues.filter((d) => d.dataElement === population!.id);
    const popFacts = new Map(population!.cells.map((c) => [c.coc, c.facts]));
    const sexes = new Set(populationValues.map((v) => popFacts.get(v.categoryOptionCombo)?.sex));
    const ages = new Set(populationValues.map((v) => popFacts.get(v.categoryOptionCombo)?.age));
    expect(sexes).toEqual(new Set(['F', 'M']));
    expect(ages.size).toBeGreaterThan(10);
    expect(populationValues.every((v) => Number(v.value) > 0)).toBe(true);
    // The district's children of primary age (6-11) against its three schools' primary learners:
    // a gross enrolment ratio a ministry could have (the schools are the district's only ones).
    const primaryAge = populationValues
      .filter((v) => {
        const facts = popFacts.get(v.categoryOptionCombo)!;
        return !facts.ageBand && facts.age! >= 6 && facts.age! <= 11;
      })
      .reduce((sum, v) => sum + Number(v.value), 0);
    const ger = (100 * (atIntendedAge + otherAges)) / primaryAge;
    expect(ger).toBeGreaterThan(60);
    expect(ger).toBeLessThan(130);
  });
});
