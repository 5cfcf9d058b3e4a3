import { agesAtLeast, and, where } from './expressions.js';
import {
  adjustedParity,
  indicatorCode,
  levelNames,
  type FormulaContext,
  type IndicatorSpec,
  type Sex,
} from './sdg4-context.js';
import { ISCED_LEVELS, intendedAge, type IscedLevel } from './profile-types.js';
import { join, LEVEL_NAMES, t, type Text } from './text.js';

const ageText = (lo: number, hi: number): Text =>
  lo === hi ? t('aged {n}', { n: lo }) : t('aged {lo}-{hi}', { lo, hi });

const base = (level: IscedLevel) => ({ level, type: 'percent' as const, decimals: 1 });

/** GER, NER, total NER, out-of-school rate, intake ratios, over-age and their parity indices. */
export function participationIndicators(ctx: FormulaContext): IndicatorSpec[] {
  const out: IndicatorSpec[] = [];
  const lastGrade = (level: IscedLevel) => ctx.profile.levels[level].duration;
  for (const level of ISCED_LEVELS) {
    const { lo, hi } = ctx.range(level);
    const popDesc = join(t('Population '), ageText(lo, hi), t(' (official age group)'));
    const ger = (sex?: Sex) => ({ num: ctx.enrolmentOf(level, { sex }), den: ctx.population(lo, hi, sex) });
    out.push({
      ...base(level),
      code: indicatorCode(level, 'GER'),
      key: level === '02' ? 'GER_ECE' : 'GER',
      ...levelNames(level, t('Gross enrolment ratio'), t('GER')),
      description: t(
        'Enrolment in the level regardless of age, as a percentage of the population of the official age group for the level.',
      ),
      numerator: ger().num,
      numeratorDescription: join(t('Enrolment, all ages, '), LEVEL_NAMES[level]),
      denominator: ger().den,
      denominatorDescription: popDesc,
      uisCode: `GER.${level}`,
      sdg: level === '02' ? '4.2.4' : 'none',
      group: level === '02' ? 'SDG4_4_2' : 'UIS_OTHER',
      legend: 'coverage',
    });
    out.push(parity(level, 'GER', t('gross enrolment ratio'), `GER.${level}.GPIA`, ger));
    out.push({
      ...base(level),
      code: indicatorCode(level, 'NER'),
      key: 'NER',
      ...levelNames(level, t('Net enrolment rate'), t('NER')),
      description: t(
        'Enrolment in the level of children of the official age group for the level, as a percentage of the population of that age group.',
      ),
      numerator: ctx.enrolment(level, ctx.ages(lo, hi)),
      numeratorDescription: join(t('Enrolment in '), LEVEL_NAMES[level], ' ', ageText(lo, hi)),
      denominator: ctx.population(lo, hi),
      denominatorDescription: popDesc,
      uisCode: level === '02' ? 'NER.02.CP' : 'none',
      sdg: 'none',
      group: 'UIS_OTHER',
      legend: 'coverage',
    });
    if (level === '02') continue;
    out.push({
      ...base(level),
      code: indicatorCode(level, 'NERT'),
      key: 'NER',
      ...levelNames(level, t('Total net enrolment rate'), t('Total NER')),
      description: t(
        'Children of the official age group for the level enrolled in any level of education (pre-primary included), as a percentage of the population of that age group.',
      ),
      numerator: ctx.enrolledAnyLevel(lo, hi),
      numeratorDescription: join(t('Enrolment in any level, '), ageText(lo, hi)),
      denominator: ctx.population(lo, hi),
      denominatorDescription: popDesc,
      uisCode: `NERT.${level}.CP`,
      sdg: 'none',
      group: 'UIS_OTHER',
      legend: 'coverage',
    });
    const oos = (sex?: Sex) => ({
      num: `${ctx.population(lo, hi, sex)} - ${ctx.enrolledAnyLevel(lo, hi, sex)}`,
      den: ctx.population(lo, hi, sex),
    });
    out.push({
      ...base(level),
      code: indicatorCode(level, 'OOSR'),
      key: 'OOSR',
      ...levelNames(level, t('Out-of-school rate'), t('Out-of-school')),
      description: t(
        'Children of the official age group for the level not enrolled in any level of education (UIS 2019 method: enrolment in pre-primary counts as in school), as a percentage of that age group. Equals 100 minus the total net enrolment rate.',
      ),
      numerator: oos().num,
      numeratorDescription: join(t('Population minus enrolment in any level, '), ageText(lo, hi)),
      denominator: oos().den,
      denominatorDescription: popDesc,
      uisCode: `ROFST.${level}.CP`,
      sdg: '4.1.4',
      group: 'SDG4_4_1',
      legend: 'exclusion',
    });
    out.push(parity(level, 'OOSR', t('out-of-school rate'), `ROFST.${level}.GPIA.CP`, oos));
    if (level === '3') continue;
    const last = lastGrade(level);
    const lastAge = intendedAge(ctx.profile.levels[level], last);
    const girlg = (sex?: Sex) => ({
      num: `${ctx.enrolmentOf(level, { grade: last, sex })} - ${ctx.repeaters(level, { grade: last, sex })}`,
      den: ctx.population(lastAge, lastAge, sex),
    });
    const code = level === '1' ? 'AIR.1.GLAST' : 'AIR.2.GPV.GLAST';
    out.push({
      ...base(level),
      code: indicatorCode(level, 'GIRLG'),
      key: 'GIRLG',
      ...levelNames(level, t('Gross intake ratio to the last grade'), t('GIR last grade')),
      description: t(
        'New entrants to the last grade of the level regardless of age (enrolment minus repeaters of the last grade), as a percentage of the population at the intended entrance age to the last grade.',
      ),
      numerator: girlg().num,
      numeratorDescription: join(t('Enrolment minus repeaters, '), ctx.gradeLabel(level, last)),
      denominator: girlg().den,
      denominatorDescription: join(t('Population '), ageText(lastAge, lastAge)),
      uisCode: code,
      sdg: '4.1.3',
      group: 'SDG4_4_1',
      legend: 'coverage',
    });
    out.push(parity(level, 'GIRLG', t('gross intake ratio to the last grade'), `${code}.GPIA`, girlg));
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
    out.push({
      ...base(level),
      code: indicatorCode(level, 'OAG'),
      key: 'OAG',
      ...levelNames(level, t('Children over-age for grade'), t('Over-age')),
      description: t(
        'Learners at least two years older than the intended age for their grade, summed over grades, as a percentage of enrolment in the level.',
      ),
      numerator: overAge({}),
      numeratorDescription: t('Enrolment aged at least intended age + 2, all grades'),
      denominator: ctx.enrolment(level),
      denominatorDescription: join(t('Enrolment, '), LEVEL_NAMES[level]),
      uisCode: level === '1' ? 'OAEPG.1' : 'OAEPG.2.GPV',
      sdg: '4.1.5',
      group: 'SDG4_4_1',
      legend: 'exclusion',
    });
  }
  return [...out, ...primaryEntry(ctx)];
}

function parity(
  level: IscedLevel,
  key: string,
  of: Text,
  uisCode: string,
  parts: (sex?: Sex) => { num: string; den: string },
): IndicatorSpec {
  const value = (sex: Sex) => `(${parts(sex).num}) / (${parts(sex).den})`;
  return {
    level,
    type: 'ratio',
    decimals: 2,
    code: indicatorCode(level, `GPIA_${key}`),
    key: 'GPIA',
    ...levelNames(level, join(t('Adjusted gender parity index, '), of), join(t('GPIA '), key)),
    description: join(
      t('Adjusted gender parity index of the '),
      of,
      t(': female value / male value, or 2 - male / female when the female value is higher.'),
    ),
    numerator: adjustedParity(value('F'), value('M')),
    numeratorDescription: t('Adjusted female/male ratio of the indicator'),
    denominator: '1',
    denominatorDescription: t('One'),
    uisCode,
    sdg: '4.5.1',
    group: 'SDG4_4_5',
    legend: 'parity',
  };
}

/** Participation one year before primary, and intake to the first grade of primary. */
function primaryEntry(ctx: FormulaContext): IndicatorSpec[] {
  const entry = ctx.profile.levels['1'].entryAge;
  const before = entry - 1;
  const prol = (sex?: Sex) => ({
    num: `${ctx.enrolment('02', and(ctx.ages(before, before), where({ sex })))} + ${ctx.enrolment('1', and(ctx.ages(before, before), where({ sex })))}`,
    den: ctx.population(before, before, sex),
  });
  return [
    {
      ...base('02'),
      code: indicatorCode('02', 'PROL'),
      key: 'PROL',
      ...levelNames(
        '02',
        t('Participation rate in organized learning one year before primary'),
        t('Participation 1y before PRI'),
      ),
      description: t(
        'Children one year younger than the official primary entry age enrolled in pre-primary or primary education, as a percentage of the population of that age.',
      ),
      numerator: prol().num,
      numeratorDescription: join(t('Enrolment in pre-primary or primary '), ageText(before, before)),
      denominator: prol().den,
      denominatorDescription: join(t('Population '), ageText(before, before)),
      uisCode: 'NERA.AGM1.CP',
      sdg: '4.2.2',
      group: 'SDG4_4_2',
      legend: 'coverage',
    },
    parity('02', 'PROL', t('participation rate one year before primary'), 'NERA.AGM1.GPIA.CP', prol),
    {
      ...base('1'),
      code: indicatorCode('1', 'GIR1'),
      key: 'GIR1',
      ...levelNames('1', t('Gross intake ratio to the first grade'), t('GIR grade 1')),
      description: t(
        'New entrants to the first grade regardless of age (grade 1 enrolment minus grade 1 repeaters), as a percentage of the population at the official entry age.',
      ),
      numerator: `${ctx.enrolmentOf('1', { grade: 1 })} - ${ctx.repeaters('1', { grade: 1 })}`,
      numeratorDescription: t('Grade 1 enrolment minus grade 1 repeaters'),
      denominator: ctx.population(entry, entry),
      denominatorDescription: join(t('Population '), ageText(entry, entry)),
      uisCode: 'none',
      sdg: 'none',
      group: 'UIS_OTHER',
      legend: 'coverage',
    },
    {
      ...base('1'),
      code: indicatorCode('1', 'NIR1'),
      key: 'NIR1',
      ...levelNames('1', t('Net intake rate to the first grade'), t('NIR grade 1')),
      description: t(
        'New entrants to the first grade who are of the official entry age, as a percentage of the population of that age.',
      ),
      numerator: ctx.newEntrants('1', ctx.ages(entry, entry)),
      numeratorDescription: join(t('New entrants to grade 1 '), ageText(entry, entry)),
      denominator: ctx.population(entry, entry),
      denominatorDescription: join(t('Population '), ageText(entry, entry)),
      uisCode: 'none',
      sdg: 'none',
      group: 'UIS_OTHER',
      legend: 'coverage',
    },
  ];
}
