import type { ComboSpec } from './category-model.js';
import type { Dimensions } from './dimensions.js';
import type { IscedLevel } from './profile-types.js';
import { join, LEVEL_NAMES, LEVEL_TAGS, levelCode, t, type Text } from './text.js';

export type SectionKey = 'enrolment' | 'flows' | 'inclusion' | 'teachers' | 'infrastructure' | 'services';

export const SECTION_NAMES: Record<SectionKey, Text> = {
  enrolment: t('Enrolment by grade, age and sex'),
  flows: t('New entrants, repeaters and completers'),
  inclusion: t('Nationality and disability'),
  teachers: t('Teachers'),
  infrastructure: t('Classrooms, classes, textbooks and toilets'),
  services: t('Basic services (SDG 4.a.1)'),
};

export interface DataElementSpec {
  code: string;
  level: IscedLevel;
  concept: string;
  name: Text;
  shortName: Text;
  formName: Text;
  description: Text;
  combo?: ComboSpec;
  valueType: 'INTEGER_ZERO_OR_POSITIVE' | 'BOOLEAN';
  section: SectionKey;
}

/** The concepts collected per level; `levels` lists where UIS uses them. */
interface Concept {
  key: string;
  name: Text;
  short: Text;
  description: Text;
  combo: (dims: Dimensions, level: IscedLevel) => ComboSpec | undefined;
  valueType?: 'BOOLEAN';
  section: SectionKey;
  levels: IscedLevel[];
}

const ALL: IscedLevel[] = ['02', '1', '2', '3'];
const SCHOOL: IscedLevel[] = ['1', '2', '3'];

const CONCEPTS: Concept[] = [
  {
    key: 'ENROLMENT',
    name: t('Enrolment'),
    short: t('Enrolment'),
    description: t(
      'Learners enrolled at the start of the school year, by grade, age in completed years at the reference date, and sex',
    ),
    combo: (d, l) => d.combos.gradeAgeSex[l],
    section: 'enrolment',
    levels: ALL,
  },
  {
    key: 'REPEATERS',
    name: t('Repeaters'),
    short: t('Repeaters'),
    description: t('Learners enrolled in the same grade as in the previous school year, by grade and sex'),
    combo: (d, l) => d.combos.gradeSex[l],
    section: 'flows',
    levels: SCHOOL,
  },
  {
    key: 'NEW_ENTRANTS',
    name: t('New entrants to the first grade'),
    short: t('New entrants G1'),
    description: t(
      'Learners entering the first grade of the level for the first time (repeaters excluded), by age and sex',
    ),
    combo: (d) => d.combos.ageSex,
    section: 'flows',
    levels: SCHOOL,
  },
  {
    key: 'COMPLETERS',
    name: t('Completers of the last grade (previous year)'),
    short: t('Completers'),
    description: t(
      'Learners who completed the last grade of the level at the end of the previous school year, by sex',
    ),
    combo: (d) => d.combos.sex,
    section: 'flows',
    levels: SCHOOL,
  },
  {
    key: 'ENROLMENT_NATIONALITY',
    name: t('Enrolment by nationality'),
    short: t('Enrolment nationality'),
    description: t('Learners enrolled, by nationality and refugee status and sex; totals equal enrolment'),
    combo: (d) => d.combos.nationalitySex,
    section: 'inclusion',
    levels: ALL,
  },
  {
    key: 'ENROLMENT_DISABILITY',
    name: t('Learners with functional difficulty'),
    short: t('Learners with difficulty'),
    description: t(
      'Learners with difficulty in a Washington Group domain, by domain, degree and sex (a learner is counted once per domain)',
    ),
    combo: (d) => d.combos.disabilitySex,
    section: 'inclusion',
    levels: ALL,
  },
  {
    key: 'TEACHERS',
    name: t('Teachers'),
    short: t('Teachers'),
    description: t(
      'Teachers (headcount) by minimum pedagogical training, minimum academic qualification and sex',
    ),
    combo: (d) => d.combos.teachers,
    section: 'teachers',
    levels: ALL,
  },
  {
    key: 'TEACHERS_NEW',
    name: t('Newly recruited teachers'),
    short: t('New teachers'),
    description: t(
      'Teachers teaching at the level this year who did not teach at the level in the previous year, by sex',
    ),
    combo: (d) => d.combos.sex,
    section: 'teachers',
    levels: ALL,
  },
  {
    key: 'CLASSROOMS',
    name: t('Classrooms'),
    short: t('Classrooms'),
    description: t('Rooms used for teaching'),
    combo: () => undefined,
    section: 'infrastructure',
    levels: ALL,
  },
  {
    key: 'CLASSES',
    name: t('Classes (pedagogical groups)'),
    short: t('Classes'),
    description: t('Groups of learners taught together (not rooms)'),
    combo: () => undefined,
    section: 'infrastructure',
    levels: ALL,
  },
  {
    key: 'TEXTBOOKS',
    name: t('Usable textbooks'),
    short: t('Textbooks'),
    description: t('Textbooks in usable condition, by subject'),
    combo: (d) => d.combos.subject,
    section: 'infrastructure',
    levels: ['1', '2'],
  },
  {
    key: 'TOILETS',
    name: t('Toilet stances for learners'),
    short: t('Toilet stances'),
    description: t('Usable toilet stances for learners, by users'),
    combo: (d) => d.combos.toiletUsers,
    section: 'infrastructure',
    levels: SCHOOL,
  },
  ...service(
    'ELECTRICITY',
    t('Electricity'),
    t('Regularly and readily available electricity (grid, solar, wind, water or generator)'),
  ),
  ...service(
    'INTERNET',
    t('Internet for pedagogy'),
    t('Internet available for teaching and learning and accessible to learners'),
  ),
  ...service('COMPUTERS', t('Computers for pedagogy'), t('Computers used for teaching and learning')),
  ...service(
    'ADAPTED',
    t('Adapted infrastructure'),
    t('Infrastructure and materials adapted for learners with disabilities'),
  ),
  ...service(
    'WATER',
    t('Basic drinking water'),
    t(
      'Functional improved drinking-water source on or near the premises, accessible during school hours (JMP)',
    ),
  ),
  ...service(
    'SANITATION',
    t('Single-sex basic sanitation'),
    t('Functional improved sanitation facilities separated for girls and boys on or near the premises (JMP)'),
  ),
  ...service(
    'HANDWASHING',
    t('Basic handwashing'),
    t('Handwashing facility with water and soap available (JMP)'),
  ),
];

function service(key: string, name: Text, meaning: Text): Concept[] {
  return [
    {
      key,
      name: join(name, t(' available')),
      short: name,
      description: join(t('Yes if the school has: '), meaning),
      combo: () => undefined,
      valueType: 'BOOLEAN',
      section: 'services',
      levels: SCHOOL,
    },
  ];
}

export const deCode = (level: IscedLevel, key: string): string => `EDU_${levelCode(level)}_${key}`;

/** The census data elements of one level, in form order. */
export function censusDataElements(dims: Dimensions, level: IscedLevel): DataElementSpec[] {
  return CONCEPTS.filter((c) => c.levels.includes(level)).map((c) => ({
    code: deCode(level, c.key),
    level,
    concept: c.key,
    name: join('EDU - ', c.name, ' (', LEVEL_NAMES[level], ')'),
    shortName: join(c.short, ' ', LEVEL_TAGS[level], ' (EDU)'),
    formName: c.name,
    description: c.description,
    combo: c.combo(dims, level),
    valueType: c.valueType ?? 'INTEGER_ZERO_OR_POSITIVE',
    section: c.section,
  }));
}

export const censusDataSetCode = (level: IscedLevel): string => `EDU_${levelCode(level)}_CENSUS`;
