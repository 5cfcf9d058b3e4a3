import { uid } from './builders.js';
import { deCode } from './census-spec.js';
import { schoolsOfLevelGroup } from './edu-core.js';
import { sumCells, total, where } from './expressions.js';
import { indicatorCode, levelNames, type FormulaContext, type IndicatorSpec } from './sdg4-context.js';
import { bySex, type BaseNames } from './sdg4-sex.js';
import { ISCED_LEVELS, type IscedLevel } from './profile-types.js';
import { join, LEVEL_NAMES, t, type Text } from './text.js';

const SERVICES: Array<[string, string, string, Text, Text]> = [
  ['ELECTRICITY', 'ELEC', 'WELEC', t('access to electricity'), t('Electricity')],
  ['INTERNET', 'INTERNET', 'WINTERN', t('Internet for pedagogical purposes'), t('Internet')],
  ['COMPUTERS', 'COMPUT', 'WCOMPUT', t('computers for pedagogical purposes'), t('Computers')],
  [
    'ADAPTED',
    'DISAB',
    'WINFSTUDIS',
    t('adapted infrastructure and materials for students with disabilities'),
    t('Adapted infra.'),
  ],
  ['WATER', 'WATER', 'WWATA', t('basic drinking water'), t('Drinking water')],
  ['SANITATION', 'SANIT', 'WTOILA', t('single-sex basic sanitation facilities'), t('Single-sex toilets')],
  ['HANDWASHING', 'HANDW', 'WWASH', t('basic handwashing facilities'), t('Handwashing')],
];

/** Teachers (4.c), school facilities (4.a.1) and national resource ratios. */
export function resourceIndicators(ctx: FormulaContext): IndicatorSpec[] {
  const out: IndicatorSpec[] = [];
  for (const level of ISCED_LEVELS) {
    const E = ctx.enrolment(level);
    const enrolDesc = join(t('Enrolment, '), LEVEL_NAMES[level]);
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
      description: join(t('Learners enrolled per '), denDesc, '.'),
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
        t('Pupil-teacher ratio'),
        t('PTR'),
        ctx.teachers(level),
        t('teacher (headcount)'),
        `PTRHC.${n}`,
        'none',
        'UIS_OTHER',
      ),
    );
    out.push(
      teacherRatio(
        'PTTR',
        t('Pupil-trained teacher ratio'),
        t('Pupil-trained teacher'),
        ctx.teachers(level, { trained: true }),
        t('trained teacher'),
        `PTRHC.${n}.TRAINED`,
        '4.c.2',
        'SDG4_4_C',
      ),
    );
    out.push(
      teacherRatio(
        'PQTR',
        t('Pupil-qualified teacher ratio'),
        t('Pupil-qualified teacher'),
        ctx.teachers(level, { qualified: true }),
        t('qualified teacher'),
        `PTRHC.${n}.QUALIFIED`,
        '4.c.4',
        'SDG4_4_C',
      ),
    );
    const teacherShare = (
      key: 'TRTP' | 'QUTP',
      names: BaseNames,
      facts: { trained?: boolean; qualified?: boolean },
      numDesc: Text,
      sdg: string,
      description: Text,
    ): IndicatorSpec[] =>
      bySex(
        names,
        (sex) => ({ num: ctx.teachers(level, { ...facts, sex }), den: ctx.teachers(level, { sex }) }),
        {
          ...percent,
          code: indicatorCode(level, key),
          key,
          description,
          numeratorDescription: numDesc,
          denominatorDescription: t('Teachers (headcount)'),
          uisCode: `${key}.${n}`,
          sdg,
          group: 'SDG4_4_C',
          legend: 'coverage',
        },
      );
    out.push(
      ...teacherShare(
        'TRTP',
        { name: t('Teachers with the minimum required training'), shortName: t('Trained teachers') },
        { trained: true },
        t('Teachers with at least the minimum organized pedagogical training'),
        '4.c.1',
        t(
          'Teachers who received at least the minimum organized pedagogical training (pre-service or in-service) required to teach at the level, as a percentage of teachers.',
        ),
      ),
      ...teacherShare(
        'QUTP',
        { name: t('Teachers with the minimum required qualifications'), shortName: t('Qualified teachers') },
        { qualified: true },
        t('Teachers with at least the minimum academic qualification'),
        '4.c.3',
        t(
          'Teachers with at least the minimum academic qualifications required to teach at the level, as a percentage of teachers.',
        ),
      ),
    );
    out.push({
      ...percent,
      code: indicatorCode(level, 'FTP'),
      key: 'FTP',
      ...levelNames(level, t('Female teachers'), t('Female teachers')),
      description: t('Female teachers as a percentage of teachers.'),
      numerator: ctx.teachers(level, { sex: 'F' }),
      numeratorDescription: t('Female teachers'),
      denominator: ctx.teachers(level),
      denominatorDescription: t('Teachers (headcount)'),
      uisCode: 'none',
      sdg: 'none',
      group: 'UIS_OTHER',
    });
    const lastYear = { periodOffset: -1 };
    out.push(
      ...bySex(
        { name: t('Teacher attrition rate'), shortName: t('Teacher attrition') },
        (sex) => ({
          num: `${ctx.teachers(level, { sex }, lastYear)} - ${ctx.teachers(level, { sex })} + ${ctx.newTeachers(level, sex)}`,
          den: ctx.whenYearEntered(level, ctx.teachers(level, { sex }, lastYear)),
        }),
        {
          ...percent,
          code: indicatorCode(level, 'TATTR'),
          key: 'TATTR',
          description: t(
            'Teachers of year t-1 who left the level before year t, estimated as teachers(t-1) - teachers(t) + newly recruited teachers(t), as a percentage of teachers in year t-1.',
          ),
          numeratorDescription: t('Teachers year t-1 minus teachers year t plus new teachers year t'),
          denominatorDescription: t('Teachers, year t-1'),
          uisCode: `TATTRR.${n}`,
          sdg: '4.c.6',
          group: 'SDG4_4_C',
          legend: 'exclusion',
        },
      ),
    );
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
      description: join(t('Learners enrolled per '), denDesc, '.'),
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
        t('Pupil-class ratio'),
        t('Pupils per class'),
        'CLASSES',
        t('class (pedagogical group)'),
      ),
    );
    out.push(
      perRoom('PCLR', t('Pupil-classroom ratio'), t('Pupils per classroom'), 'CLASSROOMS', t('classroom')),
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
    ...levelNames(level, join(t('Schools with '), what), join(t('Schools: '), short)),
    description: join(
      t('Schools of the level reporting '),
      what,
      t(' (Yes), as a percentage of all schools of the level (org unit group "Schools" of the level).'),
    ),
    numerator: total(deCode(level, concept)),
    numeratorDescription: join(t('Schools answering Yes: '), short),
    denominator: `OUG{${group}}`,
    denominatorDescription: join(t('Schools offering '), LEVEL_NAMES[level]),
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
      ...levelNames(level, t('Pupil-toilet stance ratio'), t('Pupils per toilet')),
      description: t('Learners enrolled per usable learner toilet stance (girls-only, boys-only and mixed).'),
      numerator: ctx.enrolment(level),
      numeratorDescription: t('Enrolment'),
      denominator: total(de),
      denominatorDescription: t('Learner toilet stances'),
    },
    {
      ...base,
      code: indicatorCode(level, 'PLR_F'),
      key: 'PLR',
      ...levelNames(level, t('Girls per girls-only toilet stance'), t('Girls per girls toilet')),
      description: t('Female learners enrolled per usable girls-only toilet stance.'),
      numerator: ctx.enrolmentOf(level, { sex: 'F' }),
      numeratorDescription: t('Female enrolment'),
      denominator: sumCells(de, ctx.dims.combos.toiletUsers, where({ toilet: 'F' })),
      denominatorDescription: t('Girls-only toilet stances'),
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
      join(t('Pupil-textbook ratio, '), subject.name),
      join(t('Pupils per book '), subject.name),
    ),
    description: join(t('Learners enrolled per usable textbook of '), subject.name, '.'),
    numerator: ctx.enrolment(level),
    numeratorDescription: t('Enrolment'),
    denominator: sumCells(de, ctx.dims.combos.subject, (facts) => facts.subject === subject.code),
    denominatorDescription: join(t('Usable textbooks: '), subject.name),
    uisCode: 'none',
    sdg: 'national',
    group: 'NATIONAL' as const,
  }));
}
