import { agesAtLeast, and, where } from './expressions.js';
import { indicatorCode, type FormulaContext, type IndicatorSpec, type Sex } from './sdg4-context.js';
import { bySex, type BaseNames, type SexParts, type SpecWithoutFormula } from './sdg4-sex.js';
import { ISCED_LEVELS, intendedAge, type IscedLevel } from './profile-types.js';
import { join, LEVEL_NAMES, t, type Text } from './text.js';

const ageText = (lo: number, hi: number): Text =>
  lo === hi ? t('aged {n}', { n: lo }) : t('aged {lo}-{hi}', { lo, hi });

const base = (level: IscedLevel) => ({ level, type: 'percent' as const, decimals: 1 });

/** GER, NER, total NER, out-of-school rate, intake ratios, over-age and their parity indices. */
export function participationIndicators(ctx: FormulaContext): IndicatorSpec[] {
  const out: IndicatorSpec[] = [];
  const sexed = (names: BaseNames, parts: SexParts, spec: SpecWithoutFormula) =>
    out.push(...bySex(names, parts, spec));
  const lastGrade = (level: IscedLevel) => ctx.profile.levels[level].duration;
  for (const level of ISCED_LEVELS) {
    const { lo, hi } = ctx.range(level);
    const popDesc = join(t('Population '), ageText(lo, hi), t(' (official age group)'));
    const ger = (sex?: Sex) => ({ num: ctx.enrolmentOf(level, { sex }), den: ctx.population(lo, hi, sex) });
    const gerNames = { name: t('Gross enrolment ratio'), shortName: t('GER') };
    sexed(gerNames, ger, {
      ...base(level),
      code: indicatorCode(level, 'GER'),
      key: level === '02' ? 'GER_ECE' : 'GER',
      description: t(
        'Enrolment in the level regardless of age, as a percentage of the population of the official age group for the level.',
      ),
      numeratorDescription: join(t('Enrolment, all ages, '), LEVEL_NAMES[level]),
      denominatorDescription: popDesc,
      uisCode: `GER.${level}`,
      sdg: level === '02' ? '4.2.4' : 'none',
      group: level === '02' ? 'SDG4_4_2' : 'UIS_OTHER',
      legend: 'coverage',
    });
    const ner = (sex?: Sex) => ({
      num: ctx.enrolment(level, and(ctx.ages(lo, hi), where({ sex }))),
      den: ctx.population(lo, hi, sex),
    });
    sexed({ name: t('Net enrolment rate'), shortName: t('NER') }, ner, {
      ...base(level),
      code: indicatorCode(level, 'NER'),
      key: 'NER',
      description: t(
        'Enrolment in the level of children of the official age group for the level, as a percentage of the population of that age group.',
      ),
      numeratorDescription: join(t('Enrolment in '), LEVEL_NAMES[level], ' ', ageText(lo, hi)),
      denominatorDescription: popDesc,
      uisCode: level === '02' ? 'NER.02.CP' : 'none',
      sdg: 'none',
      group: 'UIS_OTHER',
      legend: 'coverage',
    });
    if (level === '02') continue;
    // In school = enrolled in any level: the census levels plus TVET, post-secondary and tertiary.
    const inSchool = (sex?: Sex) =>
      `(${ctx.enrolledAnyLevel(lo, hi, sex)} + ${ctx.enrolledBeyondSchool(lo, hi, sex)})`;
    const nert = (sex?: Sex) => ({ num: inSchool(sex), den: ctx.population(lo, hi, sex) });
    sexed({ name: t('Total net enrolment rate'), shortName: t('Total NER') }, nert, {
      ...base(level),
      code: indicatorCode(level, 'NERT'),
      key: 'NER',
      description: t(
        'Children of the official age group for the level enrolled in any level of education (pre-primary, TVET, post-secondary and tertiary included), as a percentage of the population of that age group.',
      ),
      numeratorDescription: join(t('Enrolment in any level, '), ageText(lo, hi)),
      denominatorDescription: popDesc,
      uisCode: `NERT.${level}.CP`,
      sdg: 'none',
      group: 'UIS_OTHER',
      legend: 'coverage',
    });
    const oos = (sex?: Sex) => ({
      num: `${ctx.population(lo, hi, sex)} - ${inSchool(sex)}`,
      den: ctx.population(lo, hi, sex),
    });
    sexed({ name: t('Out-of-school rate'), shortName: t('Out-of-school') }, oos, {
      ...base(level),
      code: indicatorCode(level, 'OOSR'),
      key: 'OOSR',
      description: t(
        'Children of the official age group for the level not enrolled in any level of education (UIS 2019 method: enrolment in pre-primary counts as in school), as a percentage of that age group. Equals 100 minus the total net enrolment rate.',
      ),
      numeratorDescription: join(t('Population minus enrolment in any level, '), ageText(lo, hi)),
      denominatorDescription: popDesc,
      uisCode: `ROFST.${level}.CP`,
      sdg: '4.1.4',
      group: 'SDG4_4_1',
      legend: 'exclusion',
    });
    const last = lastGrade(level);
    const lastAge = intendedAge(ctx.profile.levels[level], last);
    const girlg = (sex?: Sex) => ({
      num: `${ctx.enrolmentOf(level, { grade: last, sex })} - ${ctx.repeaters(level, { grade: last, sex })}`,
      den: ctx.population(lastAge, lastAge, sex),
    });
    // UIS publishes 4.1.3 for primary and lower secondary; upper secondary is a national proxy.
    const code = { '1': 'AIR.1.GLAST', '2': 'AIR.2.GPV.GLAST' }[level as '1' | '2'] ?? 'none';
    const girlgNames = { name: t('Gross intake ratio to the last grade'), shortName: t('GIR last grade') };
    sexed(girlgNames, girlg, {
      ...base(level),
      code: indicatorCode(level, 'GIRLG'),
      key: 'GIRLG',
      description: t(
        'New entrants to the last grade of the level regardless of age (enrolment minus repeaters of the last grade), as a percentage of the population at the intended entrance age to the last grade.',
      ),
      numeratorDescription: join(t('Enrolment minus repeaters, '), ctx.gradeLabel(level, last)),
      denominatorDescription: join(t('Population '), ageText(lastAge, lastAge)),
      uisCode: code,
      sdg: level === '3' ? 'none' : '4.1.3',
      group: level === '3' ? 'UIS_OTHER' : 'SDG4_4_1',
      legend: 'coverage',
    });
    // Over-age: at least two years above the intended age of the grade (UIS 4.1.5).
    const overAge = (facts: { sex?: Sex }) =>
      Array.from({ length: last }, (_, i) => i + 1)
        .map((g) =>
          ctx.enrolment(
            level,
            and(
              where({ grade: g, ...facts }),
              agesAtLeast(intendedAge(ctx.profile.levels[level], g) + 2, ctx.dims.ageRange),
            ),
          ),
        )
        .join(' + ');
    const oag = (sex?: Sex) => ({ num: overAge({ sex }), den: ctx.enrolmentOf(level, { sex }) });
    sexed({ name: t('Children over-age for grade'), shortName: t('Over-age') }, oag, {
      ...base(level),
      code: indicatorCode(level, 'OAG'),
      key: 'OAG',
      description: t(
        'Learners at least two years older than the intended age for their grade, summed over grades, as a percentage of enrolment in the level.',
      ),
      numeratorDescription: t('Enrolment aged at least intended age + 2, all grades'),
      denominatorDescription: join(t('Enrolment, '), LEVEL_NAMES[level]),
      uisCode: { '1': 'OAEPG.1', '2': 'OAEPG.2.GPV' }[level as '1' | '2'] ?? 'none',
      sdg: level === '3' ? 'none' : '4.1.5',
      group: level === '3' ? 'UIS_OTHER' : 'SDG4_4_1',
      legend: 'exclusion',
    });
  }
  return [...out, ...primaryEntry(ctx)];
}

/** Participation one year before primary, and intake to the first grade of primary. */
function primaryEntry(ctx: FormulaContext): IndicatorSpec[] {
  const entry = ctx.profile.levels['1'].entryAge;
  const before = entry - 1;
  const prol = (sex?: Sex) => ({
    num: `${ctx.enrolment('02', and(ctx.ages(before, before), where({ sex })))} + ${ctx.enrolment('1', and(ctx.ages(before, before), where({ sex })))}`,
    den: ctx.population(before, before, sex),
  });
  const gir1 = (sex?: Sex) => ({
    num: `${ctx.enrolmentOf('1', { grade: 1, sex })} - ${ctx.repeaters('1', { grade: 1, sex })}`,
    den: ctx.population(entry, entry, sex),
  });
  const nir1 = (sex?: Sex) => ({
    num: ctx.newEntrants('1', and(ctx.ages(entry, entry), where({ sex }))),
    den: ctx.population(entry, entry, sex),
  });
  const prolNames = {
    name: t('Participation rate in organized learning one year before primary'),
    shortName: t('Participation 1y before PRI'),
  };
  return [
    ...bySex(prolNames, prol, {
      ...base('02'),
      code: indicatorCode('02', 'PROL'),
      key: 'PROL',
      description: t(
        'Children one year younger than the official primary entry age enrolled in pre-primary or primary education, as a percentage of the population of that age.',
      ),
      numeratorDescription: join(t('Enrolment in pre-primary or primary '), ageText(before, before)),
      denominatorDescription: join(t('Population '), ageText(before, before)),
      uisCode: 'NERA.AGM1.CP',
      sdg: '4.2.2',
      group: 'SDG4_4_2',
      legend: 'coverage',
    }),
    ...bySex({ name: t('Gross intake ratio to the first grade'), shortName: t('GIR grade 1') }, gir1, {
      ...base('1'),
      code: indicatorCode('1', 'GIR1'),
      key: 'GIR1',
      description: t(
        'New entrants to the first grade regardless of age (grade 1 enrolment minus grade 1 repeaters), as a percentage of the population at the official entry age.',
      ),
      numeratorDescription: t('Grade 1 enrolment minus grade 1 repeaters'),
      denominatorDescription: join(t('Population '), ageText(entry, entry)),
      uisCode: 'none',
      sdg: 'none',
      group: 'UIS_OTHER',
      legend: 'coverage',
    }),
    ...bySex({ name: t('Net intake rate to the first grade'), shortName: t('NIR grade 1') }, nir1, {
      ...base('1'),
      code: indicatorCode('1', 'NIR1'),
      key: 'NIR1',
      description: t(
        'New entrants to the first grade who are of the official entry age, as a percentage of the population of that age.',
      ),
      numeratorDescription: join(t('New entrants to grade 1 '), ageText(entry, entry)),
      denominatorDescription: join(t('Population '), ageText(entry, entry)),
      uisCode: 'none',
      sdg: 'none',
      group: 'UIS_OTHER',
      legend: 'coverage',
    }),
  ];
}
