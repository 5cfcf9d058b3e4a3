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
import { join, LEVEL_NAMES, tx, type Text } from './text.js';

const ageText = (lo: number, hi: number): Text =>
  lo === hi ? tx(`aged ${lo}`, `âgés de ${lo} ans`) : tx(`aged ${lo}-${hi}`, `âgés de ${lo} à ${hi} ans`);

const base = (level: IscedLevel) => ({ level, type: 'percent' as const, decimals: 1 });

/** GER, NER, total NER, out-of-school rate, intake ratios, over-age and their parity indices. */
export function participationIndicators(ctx: FormulaContext): IndicatorSpec[] {
  const out: IndicatorSpec[] = [];
  const lastGrade = (level: IscedLevel) => ctx.profile.levels[level].duration;
  for (const level of ISCED_LEVELS) {
    const { lo, hi } = ctx.range(level);
    const popDesc = join(
      tx('Population ', 'Population '),
      ageText(lo, hi),
      tx(' (official age group)', ' (âge officiel)'),
    );
    const ger = (sex?: Sex) => ({ num: ctx.enrolmentOf(level, { sex }), den: ctx.population(lo, hi, sex) });
    out.push({
      ...base(level),
      code: indicatorCode(level, 'GER'),
      key: level === '02' ? 'GER_ECE' : 'GER',
      ...levelNames(level, tx('Gross enrolment ratio', 'Taux brut de scolarisation'), tx('GER', 'TBS')),
      description: tx(
        'Enrolment in the level regardless of age, as a percentage of the population of the official age group for the level.',
        "Effectifs du niveau quel que soit l'âge, en pourcentage de la population d'âge officiel du niveau.",
      ),
      numerator: ger().num,
      numeratorDescription: join(tx('Enrolment, all ages, ', 'Effectifs, tous âges, '), LEVEL_NAMES[level]),
      denominator: ger().den,
      denominatorDescription: popDesc,
      uisCode: `GER.${level}`,
      sdg: level === '02' ? '4.2.4' : 'none',
      group: level === '02' ? 'SDG4_4_2' : 'UIS_OTHER',
      legend: 'coverage',
    });
    out.push(
      parity(
        level,
        'GER',
        tx('gross enrolment ratio', 'taux brut de scolarisation'),
        `GER.${level}.GPIA`,
        ger,
      ),
    );
    out.push({
      ...base(level),
      code: indicatorCode(level, 'NER'),
      key: 'NER',
      ...levelNames(level, tx('Net enrolment rate', 'Taux net de scolarisation'), tx('NER', 'TNS')),
      description: tx(
        'Enrolment in the level of children of the official age group for the level, as a percentage of the population of that age group.',
        "Effectifs du niveau ayant l'âge officiel du niveau, en pourcentage de la population de cet âge.",
      ),
      numerator: ctx.enrolment(level, ctx.ages(lo, hi)),
      numeratorDescription: join(
        tx('Enrolment in ', 'Effectifs en '),
        LEVEL_NAMES[level],
        ' ',
        ageText(lo, hi),
      ),
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
      ...levelNames(
        level,
        tx('Total net enrolment rate', 'Taux net total de scolarisation'),
        tx('Total NER', 'TNS total'),
      ),
      description: tx(
        'Children of the official age group for the level enrolled in any level of education (pre-primary included), as a percentage of the population of that age group.',
        "Enfants d'âge officiel du niveau inscrits à n'importe quel niveau d'enseignement (préprimaire compris), en pourcentage de la population de cet âge.",
      ),
      numerator: ctx.enrolledAnyLevel(lo, hi),
      numeratorDescription: join(tx('Enrolment in any level, ', 'Effectifs tous niveaux, '), ageText(lo, hi)),
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
      ...levelNames(
        level,
        tx('Out-of-school rate', 'Taux de non-scolarisation'),
        tx('Out-of-school', 'Non scolarisés'),
      ),
      description: tx(
        'Children of the official age group for the level not enrolled in any level of education (UIS 2019 method: enrolment in pre-primary counts as in school), as a percentage of that age group. Equals 100 minus the total net enrolment rate.',
        "Enfants d'âge officiel du niveau inscrits à aucun niveau d'enseignement (méthode ISU 2019 : le préprimaire compte comme scolarisé), en pourcentage de cet âge. Égal à 100 moins le taux net total.",
      ),
      numerator: oos().num,
      numeratorDescription: join(
        tx('Population minus enrolment in any level, ', 'Population moins effectifs tous niveaux, '),
        ageText(lo, hi),
      ),
      denominator: oos().den,
      denominatorDescription: popDesc,
      uisCode: `ROFST.${level}.CP`,
      sdg: '4.1.4',
      group: 'SDG4_4_1',
      legend: 'exclusion',
    });
    out.push(
      parity(
        level,
        'OOSR',
        tx('out-of-school rate', 'taux de non-scolarisation'),
        `ROFST.${level}.GPIA.CP`,
        oos,
      ),
    );
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
      ...levelNames(
        level,
        tx('Gross intake ratio to the last grade', "Taux brut d'admission en dernière année"),
        tx('GIR last grade', 'TBA dernière année'),
      ),
      description: tx(
        'New entrants to the last grade of the level regardless of age (enrolment minus repeaters of the last grade), as a percentage of the population at the intended entrance age to the last grade.',
        "Nouveaux entrants en dernière année quel que soit l'âge (effectifs moins redoublants de la dernière année), en pourcentage de la population ayant l'âge théorique d'entrée en dernière année.",
      ),
      numerator: girlg().num,
      numeratorDescription: join(
        tx('Enrolment minus repeaters, ', 'Effectifs moins redoublants, '),
        ctx.gradeLabel(level, last),
      ),
      denominator: girlg().den,
      denominatorDescription: join(tx('Population ', 'Population '), ageText(lastAge, lastAge)),
      uisCode: code,
      sdg: '4.1.3',
      group: 'SDG4_4_1',
      legend: 'coverage',
    });
    out.push(
      parity(
        level,
        'GIRLG',
        tx('gross intake ratio to the last grade', "taux brut d'admission en dernière année"),
        `${code}.GPIA`,
        girlg,
      ),
    );
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
      ...levelNames(
        level,
        tx('Children over-age for grade', 'Élèves en retard scolaire'),
        tx('Over-age', 'Retard scolaire'),
      ),
      description: tx(
        'Learners at least two years older than the intended age for their grade, summed over grades, as a percentage of enrolment in the level.',
        "Élèves ayant au moins deux ans de plus que l'âge théorique de leur année, sommés sur les années, en pourcentage des effectifs du niveau.",
      ),
      numerator: overAge({}),
      numeratorDescription: tx(
        'Enrolment aged at least intended age + 2, all grades',
        'Effectifs âgés d’au moins âge théorique + 2, toutes années',
      ),
      denominator: ctx.enrolment(level),
      denominatorDescription: join(tx('Enrolment, ', 'Effectifs, '), LEVEL_NAMES[level]),
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
    ...levelNames(
      level,
      join(tx('Adjusted gender parity index, ', 'Indice de parité entre les sexes ajusté, '), of),
      join(tx('GPIA ', 'IPSA '), key),
    ),
    description: join(
      tx('Adjusted gender parity index of the ', 'Indice de parité ajusté du '),
      of,
      tx(
        ': female value / male value, or 2 - male / female when the female value is higher.',
        ' : valeur filles / valeur garçons, ou 2 - garçons / filles si la valeur des filles est plus élevée.',
      ),
    ),
    numerator: adjustedParity(value('F'), value('M')),
    numeratorDescription: tx(
      'Adjusted female/male ratio of the indicator',
      "Rapport filles/garçons ajusté de l'indicateur",
    ),
    denominator: '1',
    denominatorDescription: tx('One', 'Un'),
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
        tx(
          'Participation rate in organized learning one year before primary',
          "Taux de participation à l'apprentissage organisé un an avant le primaire",
        ),
        tx('Participation 1y before PRI', 'Participation 1 an avant PRI'),
      ),
      description: tx(
        'Children one year younger than the official primary entry age enrolled in pre-primary or primary education, as a percentage of the population of that age.',
        "Enfants ayant un an de moins que l'âge officiel d'entrée au primaire inscrits au préprimaire ou au primaire, en pourcentage de la population de cet âge.",
      ),
      numerator: prol().num,
      numeratorDescription: join(
        tx('Enrolment in pre-primary or primary ', 'Effectifs préprimaire ou primaire '),
        ageText(before, before),
      ),
      denominator: prol().den,
      denominatorDescription: join(tx('Population ', 'Population '), ageText(before, before)),
      uisCode: 'NERA.AGM1.CP',
      sdg: '4.2.2',
      group: 'SDG4_4_2',
      legend: 'coverage',
    },
    parity(
      '02',
      'PROL',
      tx('participation rate one year before primary', 'taux de participation un an avant le primaire'),
      'NERA.AGM1.GPIA.CP',
      prol,
    ),
    {
      ...base('1'),
      code: indicatorCode('1', 'GIR1'),
      key: 'GIR1',
      ...levelNames(
        '1',
        tx('Gross intake ratio to the first grade', "Taux brut d'admission en première année"),
        tx('GIR grade 1', 'TBA année 1'),
      ),
      description: tx(
        'New entrants to the first grade regardless of age (grade 1 enrolment minus grade 1 repeaters), as a percentage of the population at the official entry age.',
        "Nouveaux entrants en première année quel que soit l'âge (effectifs moins redoublants de l'année 1), en pourcentage de la population ayant l'âge officiel d'entrée.",
      ),
      numerator: `${ctx.enrolmentOf('1', { grade: 1 })} - ${ctx.repeaters('1', { grade: 1 })}`,
      numeratorDescription: tx(
        'Grade 1 enrolment minus grade 1 repeaters',
        'Effectifs année 1 moins redoublants année 1',
      ),
      denominator: ctx.population(entry, entry),
      denominatorDescription: join(tx('Population ', 'Population '), ageText(entry, entry)),
      uisCode: 'none',
      sdg: 'none',
      group: 'UIS_OTHER',
      legend: 'coverage',
    },
    {
      ...base('1'),
      code: indicatorCode('1', 'NIR1'),
      key: 'NIR1',
      ...levelNames(
        '1',
        tx('Net intake rate to the first grade', "Taux net d'admission en première année"),
        tx('NIR grade 1', 'TNA année 1'),
      ),
      description: tx(
        'New entrants to the first grade who are of the official entry age, as a percentage of the population of that age.',
        "Nouveaux entrants en première année ayant l'âge officiel d'entrée, en pourcentage de la population de cet âge.",
      ),
      numerator: ctx.newEntrants('1', ctx.ages(entry, entry)),
      numeratorDescription: join(
        tx('New entrants to grade 1 ', 'Nouveaux entrants en année 1 '),
        ageText(entry, entry),
      ),
      denominator: ctx.population(entry, entry),
      denominatorDescription: join(tx('Population ', 'Population '), ageText(entry, entry)),
      uisCode: 'none',
      sdg: 'none',
      group: 'UIS_OTHER',
      legend: 'coverage',
    },
  ];
}
