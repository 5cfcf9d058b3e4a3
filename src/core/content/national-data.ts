import type { MetadataBundle, MetadataObject } from '../package/types.js';
import { DEFAULT_COMBO, ref, shipped } from './builders.js';
import { comboCellObjects, comboObject, type ComboSpec } from './category-model.js';
import type { Dimensions } from './dimensions.js';
import { languagesOf, type CountryProfile, type IscedLevel } from './profile-types.js';
import { join, LEVEL_NAMES, LEVEL_TAGS, levelCode, t, type Text } from './text.js';

/**
 * The data sets edu-sdg4 adds beside the school census for targets the census cannot measure:
 * tertiary and TVET enrolment (4.3.2, 4.3.3, and enrolment outside schools for out-of-school
 * rates), national examinations (4.1.1 proxy) and government education finance (1.a.2).
 */
export const NATIONAL_DATA_SETS = {
  tertiary: 'EDU_TERTIARY_TVET',
  exams: 'EDU_EXAMINATIONS',
  finance: 'EDU_FINANCE',
} as const;
export type NationalDataSet = keyof typeof NATIONAL_DATA_SETS;

export const EXAM_LEVELS: readonly IscedLevel[] = ['1', '2', '3'];
export type ExamConcept = 'EXAM_CANDIDATES' | 'EXAM_SAT' | 'EXAM_PASSED';
export const examDe = (level: IscedLevel, concept: ExamConcept): string =>
  `EDU_${levelCode(level)}_${concept}`;

export const NATIONAL_DE = {
  tertiaryEnrolment: 'EDU_TERT_ENROLMENT',
  tertiaryAgePopulation: 'EDU_POPULATION_TERT_AGE',
  tvetYouth: 'EDU_TVET_ENROLMENT_15_24',
  youthPopulation: 'EDU_POPULATION_15_24',
  beyondSchool: 'EDU_ENROLMENT_BEYOND_SCHOOL',
  eduExpenditure: 'EDU_FIN_GOV_EXP_EDUCATION',
  eduExpenditureByLevel: 'EDU_FIN_GOV_EXP_EDUCATION_LEVEL',
  tertiaryExpenditure: 'EDU_FIN_GOV_EXP_TERTIARY',
  govExpenditure: 'EDU_FIN_GOV_EXP_TOTAL',
  gdp: 'EDU_FIN_GDP',
  totalPopulation: 'EDU_FIN_POPULATION_TOTAL',
} as const;

/** Learners by subject and sex: the examination results tables. */
export const subjectSexCombo = (dims: Dimensions): ComboSpec => ({
  code: 'EDU_SUBJECT_SEX',
  name: t('EDU - Subject / Sex'),
  categories: [dims.categories.subject, dims.categories.sex],
});

interface NationalDe {
  code: string;
  dataSet: NationalDataSet;
  name: Text;
  shortName: Text;
  description: Text;
  combo?: ComboSpec;
  valueType?: 'INTEGER_ZERO_OR_POSITIVE' | 'NUMBER';
}

/** Tertiary age group: the five years after the official end of upper secondary (UIS GER.5T8). */
export function tertiaryAges(profile: CountryProfile): { lo: number; hi: number } {
  const l = profile.levels['3'];
  const lo = l.entryAge + l.duration;
  return { lo, hi: lo + 4 };
}

export function nationalDataElements(profile: CountryProfile, dims: Dimensions): NationalDe[] {
  const { lo, hi } = tertiaryAges(profile);
  const sex = dims.combos.sex;
  const money = { valueType: 'NUMBER' as const };
  const exams = EXAM_LEVELS.flatMap((level): NationalDe[] => {
    const exam = profile.levels[level].leavingExam;
    const of = join(t(', end-of-level examination ('), LEVEL_NAMES[level], ')');
    const what: Array<[ExamConcept, Text, Text, Text]> = [
      [
        'EXAM_CANDIDATES',
        t('Examination candidates'),
        t('Exam candidates'),
        t('Candidates registered for the examination, by subject and sex'),
      ],
      [
        'EXAM_SAT',
        t('Examination sat'),
        t('Exam sat'),
        t('Candidates who sat the examination, by subject and sex'),
      ],
      [
        'EXAM_PASSED',
        t('Examination passed'),
        t('Exam passed'),
        t('Candidates who passed the examination (national pass mark), by subject and sex'),
      ],
    ];
    return what.map(([concept, name, short, description]) => ({
      code: examDe(level, concept),
      dataSet: 'exams',
      name: join('EDU - ', name, of),
      shortName: join(short, ' ', LEVEL_TAGS[level], ' (EDU)'),
      description: exam ? join(description, ` (${exam}).`) : join(description, '.'),
      combo: subjectSexCombo(dims),
    }));
  });
  return [
    {
      code: NATIONAL_DE.tertiaryEnrolment,
      dataSet: 'tertiary',
      name: t('EDU - Enrolment in tertiary education (ISCED 5-8)'),
      shortName: t('Tertiary enrolment (EDU)'),
      description: t('Students enrolled in tertiary programmes (ISCED 5 to 8), all ages, by sex'),
      combo: sex,
    },
    {
      code: NATIONAL_DE.tertiaryAgePopulation,
      dataSet: 'tertiary',
      name: t('EDU - Population of the tertiary age group'),
      shortName: t('Population tertiary age (EDU)'),
      description: t(
        'Population aged {lo}-{hi}, the five years after the official end of upper secondary, by sex',
        { lo, hi },
      ),
      combo: sex,
    },
    {
      code: NATIONAL_DE.tvetYouth,
      dataSet: 'tertiary',
      name: t('EDU - Youth aged 15-24 in technical and vocational programmes'),
      shortName: t('TVET enrolment 15-24 (EDU)'),
      description: t(
        'Young people aged 15-24 enrolled in technical and vocational programmes at any level (secondary, post-secondary or tertiary), by sex',
      ),
      combo: sex,
    },
    {
      code: NATIONAL_DE.youthPopulation,
      dataSet: 'tertiary',
      name: t('EDU - Population aged 15-24'),
      shortName: t('Population 15-24 (EDU)'),
      description: t('Population aged 15-24, by sex'),
      combo: sex,
    },
    {
      code: NATIONAL_DE.beyondSchool,
      dataSet: 'tertiary',
      name: t('EDU - Enrolment outside the school census by age'),
      shortName: t('Enrolment outside schools (EDU)'),
      description: t(
        'Learners enrolled in TVET institutions, post-secondary non-tertiary or tertiary programmes (not counted by the school census), by age and sex: they are in school for the out-of-school rates',
      ),
      combo: dims.combos.ageSex,
    },
    ...exams,
    {
      code: NATIONAL_DE.eduExpenditure,
      dataSet: 'finance',
      name: t('EDU - Government expenditure on education'),
      shortName: t('Gov. expenditure education (EDU)'),
      description: t(
        'Total general (local, regional and central) government expenditure on education, current, capital and transfers, all levels (national currency)',
      ),
      ...money,
    },
    {
      code: NATIONAL_DE.eduExpenditureByLevel,
      dataSet: 'finance',
      name: t('EDU - Government expenditure on education by level'),
      shortName: t('Gov. expenditure by level (EDU)'),
      description: t('Government expenditure on education, by ISCED level (national currency)'),
      combo: dims.combos.isced,
      ...money,
    },
    {
      code: NATIONAL_DE.tertiaryExpenditure,
      dataSet: 'finance',
      name: t('EDU - Government expenditure on tertiary education'),
      shortName: t('Gov. expenditure tertiary (EDU)'),
      description: t('Government expenditure on tertiary education, ISCED 5-8 (national currency)'),
      ...money,
    },
    {
      code: NATIONAL_DE.govExpenditure,
      dataSet: 'finance',
      name: t('EDU - Total general government expenditure'),
      shortName: t('Gov. expenditure total (EDU)'),
      description: t('Total general government expenditure on all sectors (national currency)'),
      ...money,
    },
    {
      code: NATIONAL_DE.gdp,
      dataSet: 'finance',
      name: t('EDU - Gross domestic product'),
      shortName: t('GDP (EDU)'),
      description: t('Gross domestic product at current prices (national currency)'),
      ...money,
    },
    {
      code: NATIONAL_DE.totalPopulation,
      dataSet: 'finance',
      name: t('EDU - Total population'),
      shortName: t('Total population (EDU)'),
      description: t('Total population, all ages (for GDP per capita)'),
    },
  ];
}

const DATA_SET_NAMES: Record<NationalDataSet, { name: Text; shortName: Text; description: Text }> = {
  tertiary: {
    name: t('EDU - Tertiary and TVET enrolment (yearly)'),
    shortName: t('Tertiary and TVET (EDU)'),
    description: t(
      'Yearly enrolment in tertiary and TVET programmes and the matching population, entered by district: SDG 4.3.2, 4.3.3 and the out-of-school rates.',
    ),
  },
  exams: {
    name: t('EDU - National examinations (yearly)'),
    shortName: t('National examinations (EDU)'),
    description: t(
      'Yearly results of the end-of-level national examinations by subject and sex, entered by district.',
    ),
  },
  finance: {
    name: t('EDU - Education finance (yearly)'),
    shortName: t('Education finance (EDU)'),
    description: t(
      'Yearly government expenditure, GDP and population, entered at national level: SDG 1.a.2.',
    ),
  },
};

/** The three national data sets with their data elements and the subject x sex combo. */
export function buildNationalData(profile: CountryProfile, dims: Dimensions): MetadataBundle {
  const lang = languagesOf(profile);
  const specs = nationalDataElements(profile, dims);
  const dataElements: MetadataObject[] = specs.map((s) =>
    shipped(
      'dataElements',
      s.code,
      lang,
      { name: s.name, shortName: s.shortName, formName: s.shortName, description: s.description },
      {
        aggregationType: 'SUM',
        domainType: 'AGGREGATE',
        valueType: s.valueType ?? 'INTEGER_ZERO_OR_POSITIVE',
        zeroIsSignificant: false,
        categoryCombo: s.combo ? ref('categoryCombos', s.combo.code) : DEFAULT_COMBO,
      },
    ),
  );
  const dataSets = (Object.keys(NATIONAL_DATA_SETS) as NationalDataSet[]).map((key) => {
    const code = NATIONAL_DATA_SETS[key];
    return shipped('dataSets', code, lang, DATA_SET_NAMES[key], {
      periodType: 'Yearly',
      openFuturePeriods: 0,
      expiryDays: 0,
      timelyDays: 0,
      categoryCombo: DEFAULT_COMBO,
      dataSetElements: specs
        .filter((s) => s.dataSet === key)
        .map((s) => ({ dataElement: ref('dataElements', s.code), dataSet: ref('dataSets', code) })),
    });
  });
  const combo = subjectSexCombo(dims);
  return {
    categoryCombos: [comboObject(combo, lang)],
    categoryOptionCombos: comboCellObjects(combo, lang),
    dataElements,
    dataSets,
  };
}
