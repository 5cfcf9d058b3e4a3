import { EXAM_LEVELS, examDe, NATIONAL_DE, tertiaryAges } from './national-data.js';
import { ISCED_LEVELS, type IscedLevel } from './profile-types.js';
import { indicatorCode, type FormulaContext, type IndicatorSpec, type Sex } from './sdg4-context.js';
import { bySex, scopedNames, type Scope } from './sdg4-sex.js';
import { join, LEVEL_NAMES, LEVEL_TAGS, t, type Text } from './text.js';

const TERTIARY: Scope = { name: t('Tertiary'), tag: t('TERT') };
const TVET: Scope = { name: t('TVET, ages 15-24'), tag: t('TVET') };
const NATIONAL: Scope = { name: t('National'), tag: t('NAT') };
const percent = { type: 'percent' as const, decimals: 1 };

/** Tertiary GER (4.3.2) and youth participation in TVET (4.3.3), by sex with their GPIA. */
export function tertiaryIndicators(ctx: FormulaContext): IndicatorSpec[] {
  const { lo, hi } = tertiaryAges(ctx.profile);
  const of = (de: string, sex?: Sex) => ctx.national(de, { sex });
  return [
    ...bySex(
      { name: t('Gross enrolment ratio'), shortName: t('GER'), scope: TERTIARY },
      (sex) => ({
        num: of(NATIONAL_DE.tertiaryEnrolment, sex),
        den: of(NATIONAL_DE.tertiaryAgePopulation, sex),
      }),
      {
        ...percent,
        code: 'EDU_ISCED5T8_GER',
        key: 'GER',
        description: t(
          'Enrolment in tertiary education (ISCED 5-8) regardless of age, as a percentage of the population of the five-year age group following the official end of upper secondary (aged {lo}-{hi}).',
          { lo, hi },
        ),
        numeratorDescription: t('Enrolment in tertiary education, all ages'),
        denominatorDescription: t('Population of the tertiary age group'),
        uisCode: 'GER.5T8',
        sdg: '4.3.2',
        group: 'SDG4_4_3',
        legend: 'coverage',
      },
    ),
    ...bySex(
      {
        name: t('Participation rate of youth in technical and vocational programmes'),
        shortName: t('TVET participation'),
        scope: TVET,
      },
      (sex) => ({ num: of(NATIONAL_DE.tvetYouth, sex), den: of(NATIONAL_DE.youthPopulation, sex) }),
      {
        ...percent,
        code: 'EDU_TVET_PART_15_24',
        key: 'TVET',
        description: t(
          'Young people aged 15-24 enrolled in technical and vocational programmes at any level, as a percentage of the population aged 15-24.',
        ),
        numeratorDescription: t('Youth aged 15-24 in technical and vocational programmes'),
        denominatorDescription: t('Population aged 15-24'),
        // UIS publishes the series under SDG 4.3.3; its code is not confirmed in our sources.
        uisCode: 'none',
        sdg: '4.3.3',
        group: 'SDG4_4_3',
        legend: 'coverage',
      },
    ),
  ];
}

/**
 * National examination results: share of candidates who sat, and pass rates by subject. Pass
 * rates at the end of primary and lower secondary are a PROXY for SDG 4.1.1 (a national pass mark
 * is not the minimum proficiency level), and named so.
 */
export function examIndicators(ctx: FormulaContext): IndicatorSpec[] {
  const out: IndicatorSpec[] = [];
  for (const level of EXAM_LEVELS) {
    const de = (concept: Parameters<typeof examDe>[1]) => examDe(level, concept);
    out.push(
      ...bySex(
        { name: t('Examination attendance rate'), shortName: t('Exam attendance') },
        (sex) => ({
          num: ctx.national(de('EXAM_SAT'), { sex }),
          den: ctx.national(de('EXAM_CANDIDATES'), { sex }),
        }),
        {
          ...percent,
          level,
          code: indicatorCode(level, 'EXAM_ATTEND'),
          key: 'EXAM_ATTEND',
          description: t(
            'Candidates who sat the end-of-level examination, all subjects, as a percentage of registered candidates.',
          ),
          numeratorDescription: t('Examination sat, all subjects'),
          denominatorDescription: t('Examination candidates, all subjects'),
          uisCode: 'none',
          sdg: 'national',
          group: 'NATIONAL',
          legend: 'coverage',
        },
      ),
    );
    for (const subject of ctx.dims.categories.subject.options) {
      const proxy = level !== '3';
      const short = subject.code.replace('EDU_SUBJECT_', '');
      out.push(
        ...bySex(
          {
            name: proxy
              ? join(t('Examination pass rate (proxy for SDG 4.1.1), '), subject.name)
              : join(t('Examination pass rate, '), subject.name),
            shortName: join(t('Exam pass '), subject.shortName ?? subject.name),
          },
          (sex) => ({
            num: ctx.national(de('EXAM_PASSED'), { sex, subject: subject.code }),
            den: ctx.national(de('EXAM_SAT'), { sex, subject: subject.code }),
          }),
          {
            ...percent,
            level,
            code: indicatorCode(level, `EXAM_PASS_${short}`),
            key: 'EXAM_PASS',
            description: proxy
              ? t(
                  'Candidates who passed the end-of-level national examination in the subject, as a percentage of those who sat it. A proxy for SDG 4.1.1 only: a national pass mark is not the UIS minimum proficiency level.',
                )
              : t(
                  'Candidates who passed the end-of-level national examination in the subject, as a percentage of those who sat it.',
                ),
            numeratorDescription: join(t('Examination passed: '), subject.name),
            denominatorDescription: join(t('Examination sat: '), subject.name),
            uisCode: 'none',
            sdg: proxy ? '4.1.1 (proxy)' : 'national',
            group: proxy ? 'SDG4_4_1' : 'NATIONAL',
            legend: 'coverage',
          },
        ),
      );
    }
  }
  return out;
}

/** Government education finance (1.a.2, XGDP) and expenditure per student by level. */
export function financeIndicators(ctx: FormulaContext): IndicatorSpec[] {
  const exp = ctx.national(NATIONAL_DE.eduExpenditure);
  const gdp = ctx.national(NATIONAL_DE.gdp);
  const population = ctx.national(NATIONAL_DE.totalPopulation);
  const national = (key: string, name: Text, short: Text) => ({
    ...percent,
    code: `EDU_NAT_${key}`,
    key,
    ...scopedNames(NATIONAL, name, short),
  });
  // Per student as % of GDP per capita: (exp / enrolment) / (GDP / population) x 100.
  const perStudent = (
    code: string,
    scope: { name: Text; tag: Text },
    levelExpenditure: string,
    enrolment: string,
    uisLevel: string,
    level?: IscedLevel,
  ): IndicatorSpec => ({
    ...percent,
    ...(level ? { level } : {}),
    code,
    key: 'XUNIT',
    ...scopedNames(
      scope,
      t('Government expenditure per student as % of GDP per capita'),
      t('Expenditure per student'),
    ),
    description: t(
      'Government expenditure on education per student enrolled at the level, as a percentage of GDP per capita.',
    ),
    numerator: `${levelExpenditure} * ${population}`,
    numeratorDescription: t('Government expenditure on the level x total population'),
    denominator: `(${enrolment}) * ${gdp}`,
    denominatorDescription: t('Enrolment in the level x GDP'),
    uisCode: `XUNIT.GDPCAP.${uisLevel}.FSGOV`,
    sdg: 'none',
    group: 'UIS_OTHER',
  });
  return [
    {
      ...national(
        'XGOV',
        t('Government expenditure on education, % of government expenditure'),
        t('Education share of spending'),
      ),
      description: t(
        'Total general government expenditure on education as a percentage of total general government expenditure on all sectors.',
      ),
      numerator: exp,
      numeratorDescription: t('Government expenditure on education'),
      denominator: ctx.national(NATIONAL_DE.govExpenditure),
      denominatorDescription: t('Total general government expenditure'),
      uisCode: 'XGOVEXP.IMF',
      sdg: '1.a.2',
      group: 'SDG4_FINANCE',
    },
    {
      ...national('XGDP', t('Government expenditure on education, % of GDP'), t('Education spending % GDP')),
      description: t('Total general government expenditure on education as a percentage of GDP.'),
      numerator: exp,
      numeratorDescription: t('Government expenditure on education'),
      denominator: gdp,
      denominatorDescription: t('Gross domestic product'),
      uisCode: 'XGDP.FSGOV',
      sdg: 'none',
      group: 'SDG4_FINANCE',
    },
    ...ISCED_LEVELS.map((level) =>
      perStudent(
        indicatorCode(level, 'XUNIT'),
        { name: LEVEL_NAMES[level], tag: LEVEL_TAGS[level] },
        ctx.national(NATIONAL_DE.eduExpenditureByLevel, { isced: level }),
        ctx.enrolment(level),
        level,
        level,
      ),
    ),
    perStudent(
      'EDU_ISCED5T8_XUNIT',
      TERTIARY,
      ctx.national(NATIONAL_DE.tertiaryExpenditure),
      ctx.national(NATIONAL_DE.tertiaryEnrolment),
      '5T8',
    ),
  ];
}
