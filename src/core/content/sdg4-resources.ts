import { uid } from './builders.js';
import { deCode } from './census-spec.js';
import { schoolsOfLevelGroup } from './edu-core.js';
import { sumCells, total, where } from './expressions.js';
import { indicatorCode, levelNames, type FormulaContext, type IndicatorSpec } from './sdg4-context.js';
import { ISCED_LEVELS, type IscedLevel } from './profile-types.js';
import { join, LEVEL_NAMES, tx, type Text } from './text.js';

const SERVICES: Array<[string, string, string, Text, Text]> = [
  [
    'ELECTRICITY',
    'ELEC',
    'WELEC',
    tx('access to electricity', "accès à l'électricité"),
    tx('Electricity', 'Électricité'),
  ],
  [
    'INTERNET',
    'INTERNET',
    'WINTERN',
    tx('Internet for pedagogical purposes', 'Internet à des fins pédagogiques'),
    tx('Internet', 'Internet'),
  ],
  [
    'COMPUTERS',
    'COMPUT',
    'WCOMPUT',
    tx('computers for pedagogical purposes', 'ordinateurs à des fins pédagogiques'),
    tx('Computers', 'Ordinateurs'),
  ],
  [
    'ADAPTED',
    'DISAB',
    'WINFSTUDIS',
    tx(
      'adapted infrastructure and materials for students with disabilities',
      'infrastructures et matériels adaptés aux élèves handicapés',
    ),
    tx('Adapted infra.', 'Infra. adaptées'),
  ],
  [
    'WATER',
    'WATER',
    'WWATA',
    tx('basic drinking water', 'eau potable de base'),
    tx('Drinking water', 'Eau potable'),
  ],
  [
    'SANITATION',
    'SANIT',
    'WTOILA',
    tx('single-sex basic sanitation facilities', 'installations sanitaires de base non mixtes'),
    tx('Single-sex toilets', 'Latrines non mixtes'),
  ],
  [
    'HANDWASHING',
    'HANDW',
    'WWASH',
    tx('basic handwashing facilities', 'dispositifs de base pour le lavage des mains'),
    tx('Handwashing', 'Lavage des mains'),
  ],
];

/** Teachers (4.c), school facilities (4.a.1) and national resource ratios. */
export function resourceIndicators(ctx: FormulaContext): IndicatorSpec[] {
  const out: IndicatorSpec[] = [];
  for (const level of ISCED_LEVELS) {
    const E = ctx.enrolment(level);
    const enrolDesc = join(tx('Enrolment, ', 'Effectifs, '), LEVEL_NAMES[level]);
    const ratio = { level, type: 'ratio' as const, decimals: 1 };
    const percent = { level, type: 'percent' as const, decimals: 1 };
    const n = level;
    const teacherRatio = (
      key: string,
      name: Text,
      short: Text,
      den: string,
      denDesc: Text,
      uisCode: string,
      sdg: string,
      group: IndicatorSpec['group'],
    ): IndicatorSpec => ({
      ...ratio,
      code: indicatorCode(level, key),
      key,
      ...levelNames(level, name, short),
      description: join(tx('Learners enrolled per ', 'Élèves inscrits par '), denDesc, '.'),
      numerator: E,
      numeratorDescription: enrolDesc,
      denominator: den,
      denominatorDescription: denDesc,
      uisCode,
      sdg,
      group,
      legend: 'ptr',
    });
    out.push(
      teacherRatio(
        'PTR',
        tx('Pupil-teacher ratio', 'Ratio élèves/enseignant'),
        tx('PTR', 'REM'),
        ctx.teachers(level),
        tx('teacher (headcount)', 'enseignant (effectif)'),
        `PTRHC.${n}`,
        'none',
        'UIS_OTHER',
      ),
    );
    out.push(
      teacherRatio(
        'PTTR',
        tx('Pupil-trained teacher ratio', 'Ratio élèves/enseignant formé'),
        tx('Pupil-trained teacher', 'Élèves/ens. formé'),
        ctx.teachers(level, { trained: true }),
        tx('trained teacher', 'enseignant formé'),
        `PTRHC.${n}.TRAINED`,
        '4.c.2',
        'SDG4_4_C',
      ),
    );
    out.push(
      teacherRatio(
        'PQTR',
        tx('Pupil-qualified teacher ratio', 'Ratio élèves/enseignant qualifié'),
        tx('Pupil-qualified teacher', 'Élèves/ens. qualifié'),
        ctx.teachers(level, { qualified: true }),
        tx('qualified teacher', 'enseignant qualifié'),
        `PTRHC.${n}.QUALIFIED`,
        '4.c.4',
        'SDG4_4_C',
      ),
    );
    const share = (
      key: string,
      name: Text,
      short: Text,
      num: string,
      numDesc: Text,
      uisCode: string,
      sdg: string,
      group: IndicatorSpec['group'],
      description: Text,
    ): IndicatorSpec => ({
      ...percent,
      code: indicatorCode(level, key),
      key,
      ...levelNames(level, name, short),
      description,
      numerator: num,
      numeratorDescription: numDesc,
      denominator: ctx.teachers(level),
      denominatorDescription: tx('Teachers (headcount)', 'Enseignants (effectif)'),
      uisCode,
      sdg,
      group,
      legend: key === 'FTP' ? undefined : 'coverage',
    });
    out.push(
      share(
        'TRTP',
        tx('Teachers with the minimum required training', 'Enseignants ayant la formation minimale requise'),
        tx('Trained teachers', 'Enseignants formés'),
        ctx.teachers(level, { trained: true }),
        tx(
          'Teachers with at least the minimum organized pedagogical training',
          'Enseignants ayant au moins la formation pédagogique minimale',
        ),
        `TRTP.${n}`,
        '4.c.1',
        'SDG4_4_C',
        tx(
          'Teachers who received at least the minimum organized pedagogical training (pre-service or in-service) required to teach at the level, as a percentage of teachers.',
          'Enseignants ayant reçu au moins la formation pédagogique minimale (initiale ou continue) requise pour enseigner au niveau, en pourcentage des enseignants.',
        ),
      ),
    );
    out.push(
      share(
        'QUTP',
        tx(
          'Teachers with the minimum required qualifications',
          'Enseignants ayant les qualifications minimales requises',
        ),
        tx('Qualified teachers', 'Enseignants qualifiés'),
        ctx.teachers(level, { qualified: true }),
        tx(
          'Teachers with at least the minimum academic qualification',
          'Enseignants ayant au moins la qualification académique minimale',
        ),
        `QUTP.${n}`,
        '4.c.3',
        'SDG4_4_C',
        tx(
          'Teachers with at least the minimum academic qualifications required to teach at the level, as a percentage of teachers.',
          'Enseignants ayant au moins les qualifications académiques minimales requises pour enseigner au niveau, en pourcentage des enseignants.',
        ),
      ),
    );
    out.push(
      share(
        'FTP',
        tx('Female teachers', 'Enseignantes'),
        tx('Female teachers', 'Enseignantes'),
        ctx.teachers(level, { sex: 'F' }),
        tx('Female teachers', 'Enseignantes'),
        'none',
        'none',
        'UIS_OTHER',
        tx('Female teachers as a percentage of teachers.', 'Enseignantes en pourcentage des enseignants.'),
      ),
    );
    out.push({
      ...percent,
      code: indicatorCode(level, 'TATTR'),
      key: 'TATTR',
      ...levelNames(
        level,
        tx('Teacher attrition rate', "Taux d'attrition des enseignants"),
        tx('Teacher attrition', 'Attrition enseignants'),
      ),
      description: tx(
        'Teachers of year t-1 who left the level before year t, estimated as teachers(t-1) - teachers(t) + newly recruited teachers(t), as a percentage of teachers in year t-1.',
        "Enseignants de l'année t-1 ayant quitté le niveau avant l'année t, estimés par enseignants(t-1) - enseignants(t) + nouveaux enseignants(t), en pourcentage des enseignants de t-1.",
      ),
      numerator: `${ctx.teachers(level, {}, { periodOffset: -1 })} - ${ctx.teachers(level)} + ${total(deCode(level, 'TEACHERS_NEW'))}`,
      numeratorDescription: tx(
        'Teachers year t-1 minus teachers year t plus new teachers year t',
        'Enseignants t-1 moins enseignants t plus nouveaux enseignants t',
      ),
      denominator: ctx.teachers(level, {}, { periodOffset: -1 }),
      denominatorDescription: tx('Teachers, year t-1', 'Enseignants, année t-1'),
      uisCode: `TATTRR.${n}`,
      sdg: '4.c.6',
      group: 'SDG4_4_C',
      legend: 'exclusion',
    });
    const perRoom = (
      key: string,
      name: Text,
      short: Text,
      concept: string,
      denDesc: Text,
    ): IndicatorSpec => ({
      ...ratio,
      code: indicatorCode(level, key),
      key,
      ...levelNames(level, name, short),
      description: join(tx('Learners enrolled per ', 'Élèves inscrits par '), denDesc, '.'),
      numerator: E,
      numeratorDescription: enrolDesc,
      denominator: total(deCode(level, concept)),
      denominatorDescription: denDesc,
      uisCode: 'none',
      sdg: 'national',
      group: 'NATIONAL',
      legend: 'ptr',
    });
    out.push(
      perRoom(
        'PCR',
        tx('Pupil-class ratio', 'Ratio élèves/classe'),
        tx('Pupils per class', 'Élèves par classe'),
        'CLASSES',
        tx('class (pedagogical group)', 'classe (groupe pédagogique)'),
      ),
    );
    out.push(
      perRoom(
        'PCLR',
        tx('Pupil-classroom ratio', 'Ratio élèves/salle de classe'),
        tx('Pupils per classroom', 'Élèves par salle'),
        'CLASSROOMS',
        tx('classroom', 'salle de classe'),
      ),
    );
    if (level === '02') continue;
    out.push(...services(ctx, level), ...toilets(ctx, level));
    if (level !== '3') out.push(...textbooks(ctx, level));
  }
  return out;
}

function services(ctx: FormulaContext, level: IscedLevel): IndicatorSpec[] {
  const group = uid('organisationUnitGroups', schoolsOfLevelGroup(level));
  return SERVICES.map(([concept, key, uisSuffix, what, short]) => ({
    level,
    type: 'percent' as const,
    decimals: 1,
    code: indicatorCode(level, `SCH_${key}`),
    key: `SCH_${key}`,
    ...levelNames(
      level,
      join(tx('Schools with ', 'Écoles avec '), what),
      join(tx('Schools: ', 'Écoles : '), short),
    ),
    description: join(
      tx('Schools of the level reporting ', 'Écoles du niveau déclarant '),
      what,
      tx(
        ' (Yes), as a percentage of all schools of the level (org unit group "Schools" of the level).',
        ' (Oui), en pourcentage de toutes les écoles du niveau (groupe "Écoles" du niveau).',
      ),
    ),
    numerator: total(deCode(level, concept)),
    numeratorDescription: join(tx('Schools answering Yes: ', 'Écoles répondant Oui : '), short),
    denominator: `OUG{${group}}`,
    denominatorDescription: join(tx('Schools offering ', 'Écoles offrant le '), LEVEL_NAMES[level]),
    uisCode: `SCHBSP.${level}.${uisSuffix}`,
    sdg: '4.a.1',
    group: 'SDG4_4_A' as const,
    legend: 'coverage' as const,
  }));
}

function toilets(ctx: FormulaContext, level: IscedLevel): IndicatorSpec[] {
  const de = deCode(level, 'TOILETS');
  const base = {
    level,
    type: 'ratio' as const,
    decimals: 1,
    uisCode: 'none',
    sdg: 'national',
    group: 'NATIONAL' as const,
  };
  return [
    {
      ...base,
      code: indicatorCode(level, 'PLR'),
      key: 'PLR',
      ...levelNames(
        level,
        tx('Pupil-toilet stance ratio', 'Ratio élèves/cabine de latrine'),
        tx('Pupils per toilet', 'Élèves par latrine'),
      ),
      description: tx(
        'Learners enrolled per usable learner toilet stance (girls-only, boys-only and mixed).',
        'Élèves inscrits par cabine de latrine utilisable (filles, garçons et mixtes).',
      ),
      numerator: ctx.enrolment(level),
      numeratorDescription: tx('Enrolment', 'Effectifs'),
      denominator: total(de),
      denominatorDescription: tx('Learner toilet stances', 'Cabines de latrines pour élèves'),
    },
    {
      ...base,
      code: indicatorCode(level, 'PLR_F'),
      key: 'PLR',
      ...levelNames(
        level,
        tx('Girls per girls-only toilet stance', 'Filles par cabine de latrine réservée aux filles'),
        tx('Girls per girls toilet', 'Filles par latrine filles'),
      ),
      description: tx(
        'Female learners enrolled per usable girls-only toilet stance.',
        'Élèves filles inscrites par cabine de latrine utilisable réservée aux filles.',
      ),
      numerator: ctx.enrolmentOf(level, { sex: 'F' }),
      numeratorDescription: tx('Female enrolment', 'Effectifs filles'),
      denominator: sumCells(de, ctx.dims.combos.toiletUsers, where({ toilet: 'F' })),
      denominatorDescription: tx('Girls-only toilet stances', 'Cabines réservées aux filles'),
    },
  ];
}

function textbooks(ctx: FormulaContext, level: IscedLevel): IndicatorSpec[] {
  const de = deCode(level, 'TEXTBOOKS');
  return ctx.dims.categories.subject.options.map((subject) => ({
    level,
    type: 'ratio' as const,
    decimals: 1,
    code: indicatorCode(level, `PTBR_${subject.code.replace('EDU_SUBJECT_', '')}`),
    key: 'PTBR',
    ...levelNames(
      level,
      join(tx('Pupil-textbook ratio, ', 'Ratio élèves/manuel, '), subject.name),
      join(tx('Pupils per book ', 'Élèves par manuel '), subject.name),
    ),
    description: join(
      tx('Learners enrolled per usable textbook of ', 'Élèves inscrits par manuel utilisable de '),
      subject.name,
      '.',
    ),
    numerator: ctx.enrolment(level),
    numeratorDescription: tx('Enrolment', 'Effectifs'),
    denominator: sumCells(de, ctx.dims.combos.subject, (facts) => facts.subject === subject.code),
    denominatorDescription: join(tx('Usable textbooks: ', 'Manuels utilisables : '), subject.name),
    uisCode: 'none',
    sdg: 'national',
    group: 'NATIONAL' as const,
  }));
}
