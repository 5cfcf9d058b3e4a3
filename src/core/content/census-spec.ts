import type { ComboSpec } from './category-model.js';
import type { Dimensions } from './dimensions.js';
import type { IscedLevel } from './profile-types.js';
import { join, LEVEL_NAMES, LEVEL_TAGS, levelCode, tx, type Text } from './text.js';

export type SectionKey = 'enrolment' | 'flows' | 'inclusion' | 'teachers' | 'infrastructure' | 'services';

export const SECTION_NAMES: Record<SectionKey, Text> = {
  enrolment: tx('Enrolment by grade, age and sex', 'Effectifs par année, âge et sexe'),
  flows: tx('New entrants, repeaters and completers', 'Nouveaux inscrits, redoublants et diplômés'),
  inclusion: tx('Nationality and disability', 'Nationalité et handicap'),
  teachers: tx('Teachers', 'Enseignants'),
  infrastructure: tx('Classrooms, classes, textbooks and toilets', 'Salles, classes, manuels et latrines'),
  services: tx('Basic services (SDG 4.a.1)', 'Services de base (ODD 4.a.1)'),
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
    name: tx('Enrolment', 'Effectifs'),
    short: tx('Enrolment', 'Effectifs'),
    description: tx(
      'Learners enrolled at the start of the school year, by grade, age in completed years at the reference date, and sex',
      "Élèves inscrits en début d'année scolaire, par année d'études, âge révolu à la date de référence et sexe",
    ),
    combo: (d, l) => d.combos.gradeAgeSex[l],
    section: 'enrolment',
    levels: ALL,
  },
  {
    key: 'REPEATERS',
    name: tx('Repeaters', 'Redoublants'),
    short: tx('Repeaters', 'Redoublants'),
    description: tx(
      'Learners enrolled in the same grade as in the previous school year, by grade and sex',
      "Élèves inscrits dans la même année d'études que l'année scolaire précédente, par année et sexe",
    ),
    combo: (d, l) => d.combos.gradeSex[l],
    section: 'flows',
    levels: SCHOOL,
  },
  {
    key: 'NEW_ENTRANTS',
    name: tx('New entrants to the first grade', 'Nouveaux inscrits en première année'),
    short: tx('New entrants G1', 'Nouveaux inscrits A1'),
    description: tx(
      'Learners entering the first grade of the level for the first time (repeaters excluded), by age and sex',
      'Élèves entrant pour la première fois en première année du niveau (redoublants exclus), par âge et sexe',
    ),
    combo: (d) => d.combos.ageSex,
    section: 'flows',
    levels: SCHOOL,
  },
  {
    key: 'COMPLETERS',
    name: tx(
      'Completers of the last grade (previous year)',
      'Diplômés de la dernière année (année précédente)',
    ),
    short: tx('Completers', 'Diplômés'),
    description: tx(
      'Learners who completed the last grade of the level at the end of the previous school year, by sex',
      "Élèves ayant achevé la dernière année du niveau à la fin de l'année scolaire précédente, par sexe",
    ),
    combo: (d) => d.combos.sex,
    section: 'flows',
    levels: SCHOOL,
  },
  {
    key: 'ENROLMENT_NATIONALITY',
    name: tx('Enrolment by nationality', 'Effectifs par nationalité'),
    short: tx('Enrolment nationality', 'Effectifs nationalité'),
    description: tx(
      'Learners enrolled, by nationality and refugee status and sex; totals equal enrolment',
      'Élèves inscrits, par nationalité, statut de réfugié et sexe; le total égale les effectifs',
    ),
    combo: (d) => d.combos.nationalitySex,
    section: 'inclusion',
    levels: ALL,
  },
  {
    key: 'ENROLMENT_DISABILITY',
    name: tx('Learners with functional difficulty', 'Élèves ayant une difficulté fonctionnelle'),
    short: tx('Learners with difficulty', 'Élèves avec difficulté'),
    description: tx(
      'Learners with difficulty in a Washington Group domain, by domain, degree and sex (a learner is counted once per domain)',
      'Élèves ayant une difficulté dans un domaine du Groupe de Washington, par domaine, degré et sexe (compté une fois par domaine)',
    ),
    combo: (d) => d.combos.disabilitySex,
    section: 'inclusion',
    levels: ALL,
  },
  {
    key: 'TEACHERS',
    name: tx('Teachers', 'Enseignants'),
    short: tx('Teachers', 'Enseignants'),
    description: tx(
      'Teachers (headcount) by minimum pedagogical training, minimum academic qualification and sex',
      'Enseignants (effectif) par formation pédagogique minimale, qualification académique minimale et sexe',
    ),
    combo: (d) => d.combos.teachers,
    section: 'teachers',
    levels: ALL,
  },
  {
    key: 'TEACHERS_NEW',
    name: tx('Newly recruited teachers', 'Enseignants nouvellement recrutés'),
    short: tx('New teachers', 'Nouveaux enseignants'),
    description: tx(
      'Teachers teaching at the level this year who did not teach at the level in the previous year, by sex',
      "Enseignants du niveau cette année qui n'y enseignaient pas l'année précédente, par sexe",
    ),
    combo: (d) => d.combos.sex,
    section: 'teachers',
    levels: ALL,
  },
  {
    key: 'CLASSROOMS',
    name: tx('Classrooms', 'Salles de classe'),
    short: tx('Classrooms', 'Salles de classe'),
    description: tx('Rooms used for teaching', "Salles utilisées pour l'enseignement"),
    combo: () => undefined,
    section: 'infrastructure',
    levels: ALL,
  },
  {
    key: 'CLASSES',
    name: tx('Classes (pedagogical groups)', 'Classes (groupes pédagogiques)'),
    short: tx('Classes', 'Classes'),
    description: tx(
      'Groups of learners taught together (not rooms)',
      'Groupes d’élèves enseignés ensemble (pas les salles)',
    ),
    combo: () => undefined,
    section: 'infrastructure',
    levels: ALL,
  },
  {
    key: 'TEXTBOOKS',
    name: tx('Usable textbooks', 'Manuels utilisables'),
    short: tx('Textbooks', 'Manuels'),
    description: tx('Textbooks in usable condition, by subject', 'Manuels en bon état, par matière'),
    combo: (d) => d.combos.subject,
    section: 'infrastructure',
    levels: ['1', '2'],
  },
  {
    key: 'TOILETS',
    name: tx('Toilet stances for learners', 'Cabines de latrines pour élèves'),
    short: tx('Toilet stances', 'Cabines latrines'),
    description: tx(
      'Usable toilet stances for learners, by users',
      'Cabines de latrines utilisables par les élèves, par usagers',
    ),
    combo: (d) => d.combos.toiletUsers,
    section: 'infrastructure',
    levels: SCHOOL,
  },
  ...service(
    'ELECTRICITY',
    tx('Electricity', 'Électricité'),
    tx(
      'Regularly and readily available electricity (grid, solar, wind, water or generator)',
      'Électricité disponible régulièrement (réseau, solaire, éolien, hydraulique ou groupe)',
    ),
  ),
  ...service(
    'INTERNET',
    tx('Internet for pedagogy', 'Internet pédagogique'),
    tx(
      'Internet available for teaching and learning and accessible to learners',
      "Internet disponible pour l'enseignement et accessible aux élèves",
    ),
  ),
  ...service(
    'COMPUTERS',
    tx('Computers for pedagogy', 'Ordinateurs pédagogiques'),
    tx(
      'Computers used for teaching and learning',
      "Ordinateurs utilisés pour l'enseignement et l'apprentissage",
    ),
  ),
  ...service(
    'ADAPTED',
    tx('Adapted infrastructure', 'Infrastructures adaptées'),
    tx(
      'Infrastructure and materials adapted for learners with disabilities',
      'Infrastructures et matériels adaptés aux élèves handicapés',
    ),
  ),
  ...service(
    'WATER',
    tx('Basic drinking water', 'Eau potable de base'),
    tx(
      'Functional improved drinking-water source on or near the premises, accessible during school hours (JMP)',
      "Source d'eau améliorée fonctionnelle sur place, accessible pendant les heures de classe (JMP)",
    ),
  ),
  ...service(
    'SANITATION',
    tx('Single-sex basic sanitation', 'Assainissement de base non mixte'),
    tx(
      'Functional improved sanitation facilities separated for girls and boys on or near the premises (JMP)',
      'Installations sanitaires améliorées fonctionnelles séparées filles/garçons sur place (JMP)',
    ),
  ),
  ...service(
    'HANDWASHING',
    tx('Basic handwashing', 'Lavage des mains de base'),
    tx(
      'Handwashing facility with water and soap available (JMP)',
      'Dispositif de lavage des mains avec eau et savon (JMP)',
    ),
  ),
];

function service(key: string, name: Text, meaning: Text): Concept[] {
  return [
    {
      key,
      name: join(name, tx(' available', ' disponible')),
      short: name,
      description: join(tx('Yes if the school has: ', "Oui si l'école dispose de : "), meaning),
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
