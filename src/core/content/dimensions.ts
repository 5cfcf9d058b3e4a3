import type { CategorySpec, ComboSpec, OptionFacts, OptionSpec } from './category-model.js';
import { ISCED_LEVELS, officialEndAge } from './profile-types.js';
import type { CountryProfile, IscedLevel } from './profile-types.js';
import { join, LEVEL_NAMES, LEVEL_TAGS, levelCode, same, tx, type Text } from './text.js';

/** The disaggregations of the packages, generated from a profile (grades and age bands vary). */
export interface Dimensions {
  ageRange: { first: number; last: number };
  categories: {
    sex: CategorySpec;
    age: CategorySpec;
    grade: Record<IscedLevel, CategorySpec>;
    isced: CategorySpec;
    disabilityDomain: CategorySpec;
    difficulty: CategorySpec;
    nationality: CategorySpec;
    training: CategorySpec;
    qualification: CategorySpec;
    subject: CategorySpec;
    toiletUsers: CategorySpec;
  };
  combos: {
    sex: ComboSpec;
    ageSex: ComboSpec;
    gradeAgeSex: Record<IscedLevel, ComboSpec>;
    gradeSex: Record<IscedLevel, ComboSpec>;
    nationalitySex: ComboSpec;
    disabilitySex: ComboSpec;
    teachers: ComboSpec;
    subject: ComboSpec;
    toiletUsers: ComboSpec;
    isced: ComboSpec;
  };
}

const option = (
  code: string,
  name: Text,
  facts: OptionFacts = {},
  shortName = name,
  formName?: Text,
): OptionSpec => ({
  code,
  name,
  shortName,
  facts,
  ...(formName ? { formName } : {}),
});

const category = (code: string, name: Text, shortName: Text, options: OptionSpec[]): CategorySpec => ({
  code,
  name: join('EDU - ', name),
  shortName: join(shortName, ' (EDU)'),
  options,
});

const combo = (code: string, categories: CategorySpec[]): ComboSpec => ({
  code,
  name: join('EDU - ', ...categories.flatMap((c, i) => [i ? ' / ' : '', stripPrefix(c.name)])),
  categories,
});

const stripPrefix = (text: Text): Text => ({
  en: text.en.replace(/^EDU - /, ''),
  fr: text.fr.replace(/^EDU - /, ''),
});

/**
 * Single ages cover every official age of every level plus two years past the end of upper
 * secondary, so official age groups (NER, out-of-school) and the over-age threshold (intended
 * age + 2) never fall inside an under/over band, whatever the country's structure.
 */
export function ageRangeOf(profile: CountryProfile): { first: number; last: number } {
  const first = Math.min(profile.levels['02'].entryAge, profile.levels['1'].entryAge - 1);
  return { first, last: officialEndAge(profile.levels['3']) + 2 };
}

const pad = (n: number) => String(n).padStart(2, '0');

function ageCategory(first: number, last: number): CategorySpec {
  const options = [
    option(`EDU_AGE_UNDER_${pad(first)}`, tx(`Under ${first} years`, `Moins de ${first} ans`), {
      ageBand: 'under',
      age: first,
    }),
  ];
  for (let age = first; age <= last; age++) {
    options.push(option(`EDU_AGE_${pad(age)}`, tx(`${age} years`, `${age} ans`), { age }));
  }
  options.push(
    option(`EDU_AGE_${pad(last + 1)}_PLUS`, tx(`${last + 1} years and over`, `${last + 1} ans et plus`), {
      ageBand: 'over',
      age: last + 1,
    }),
  );
  return category('EDU_AGE', tx('Age (single years)', 'Âge (années révolues)'), tx('Age', 'Âge'), options);
}

function gradeCategory(profile: CountryProfile, level: IscedLevel): CategorySpec {
  const { duration, grades } = profile.levels[level];
  const options: OptionSpec[] = [];
  for (let g = 1; g <= duration; g++) {
    const label = grades[g - 1] ? same(grades[g - 1]!) : tx(`Grade ${g}`, `Année ${g}`);
    options.push(
      option(
        `EDU_GRADE_${levelCode(level)}_${pad(g)}`,
        join(label, ' (', LEVEL_NAMES[level], ')'),
        { grade: g },
        join(label, ' (', LEVEL_TAGS[level], ')'),
        label,
      ),
    );
  }
  return category(
    `EDU_GRADE_${levelCode(level)}`,
    join('Grade (', LEVEL_NAMES[level], ')'),
    join('Grade ', LEVEL_TAGS[level]),
    options,
  );
}

const perLevel = <T>(make: (level: IscedLevel) => T): Record<IscedLevel, T> =>
  Object.fromEntries(ISCED_LEVELS.map((l) => [l, make(l)])) as Record<IscedLevel, T>;

export function buildDimensions(profile: CountryProfile): Dimensions {
  const ageRange = ageRangeOf(profile);
  const sex = category('EDU_SEX', tx('Sex', 'Sexe'), tx('Sex', 'Sexe'), [
    option('EDU_SEX_FEMALE', tx('Female', 'Féminin'), { sex: 'F' }),
    option('EDU_SEX_MALE', tx('Male', 'Masculin'), { sex: 'M' }),
  ]);
  const age = ageCategory(ageRange.first, ageRange.last);
  const grade = perLevel((l) => gradeCategory(profile, l));
  const isced = category(
    'EDU_ISCED_LEVEL',
    tx('ISCED level', 'Niveau CITE'),
    tx('ISCED level', 'Niveau CITE'),
    (['02', '1', '2', '3'] as const).map((l) =>
      option(
        `EDU_ISCED_${l}`,
        join(`ISCED ${l} - `, LEVEL_NAMES[l]),
        { isced: l },
        join(`ISCED ${l} `, LEVEL_TAGS[l]),
      ),
    ),
  );
  // Washington Group short set: six functional domains, graded difficulty.
  const disabilityDomain = category(
    'EDU_WG_DOMAIN',
    tx('Functional domain (WG)', 'Domaine fonctionnel (WG)'),
    tx('WG domain', 'Domaine WG'),
    [
      option('EDU_WG_SEEING', tx('Seeing', 'Voir'), { domain: 'EDU_WG_SEEING' }),
      option('EDU_WG_HEARING', tx('Hearing', 'Entendre'), { domain: 'EDU_WG_HEARING' }),
      option('EDU_WG_WALKING', tx('Walking (mobility)', 'Marcher (mobilité)'), { domain: 'EDU_WG_WALKING' }),
      option('EDU_WG_COGNITION', tx('Remembering or concentrating', 'Se souvenir ou se concentrer'), {
        domain: 'EDU_WG_COGNITION',
      }),
      option('EDU_WG_SELFCARE', tx('Self-care', 'Prendre soin de soi'), { domain: 'EDU_WG_SELFCARE' }),
      option('EDU_WG_COMMUNICATING', tx('Communicating', 'Communiquer'), { domain: 'EDU_WG_COMMUNICATING' }),
    ],
  );
  const difficulty = category(
    'EDU_WG_DIFFICULTY',
    tx('Degree of difficulty (WG)', 'Degré de difficulté (WG)'),
    tx('WG difficulty', 'Difficulté WG'),
    [
      option('EDU_WG_SOME', tx('Some difficulty', 'Quelque difficulté'), { wgSevere: false }),
      option('EDU_WG_A_LOT', tx('A lot of difficulty', 'Beaucoup de difficulté'), { wgSevere: true }),
      option('EDU_WG_CANNOT', tx('Cannot do at all', 'Ne peut pas du tout'), { wgSevere: true }),
    ],
  );
  const nationality = category(
    'EDU_NATIONALITY',
    tx('Nationality and refugee status', 'Nationalité et statut de réfugié'),
    tx('Nationality', 'Nationalité'),
    [
      option('EDU_NAT_NATIONAL', tx('Nationals', 'Nationaux')),
      option('EDU_NAT_REFUGEE', tx('Refugees', 'Réfugiés')),
      option('EDU_NAT_OTHER', tx('Other non-nationals', 'Autres non-nationaux')),
    ],
  );
  const training = category(
    'EDU_TEACHER_TRAINING',
    tx('Teacher pedagogical training', 'Formation pédagogique des enseignants'),
    tx('Teacher training', 'Formation enseignant'),
    [
      option(
        'EDU_TRAINED',
        tx('Trained (minimum pedagogical training)', 'Formé (formation pédagogique minimale)'),
        { trained: true },
        tx('Trained', 'Formé'),
      ),
      option('EDU_UNTRAINED', tx('Not trained', 'Non formé'), { trained: false }),
    ],
  );
  const qualification = category(
    'EDU_TEACHER_QUALIFICATION',
    tx('Teacher academic qualification', 'Qualification académique des enseignants'),
    tx('Teacher qualification', 'Qualification enseignant'),
    [
      option(
        'EDU_QUALIFIED',
        tx('Qualified (minimum academic qualification)', 'Qualifié (qualification académique minimale)'),
        { qualified: true },
        tx('Qualified', 'Qualifié'),
      ),
      option('EDU_UNQUALIFIED', tx('Not qualified', 'Non qualifié'), { qualified: false }),
    ],
  );
  const subject = category('EDU_SUBJECT', tx('Subject', 'Matière'), tx('Subject', 'Matière'), [
    option('EDU_SUBJECT_LANGUAGE', tx('Language (reading)', 'Langue (lecture)'), {
      subject: 'EDU_SUBJECT_LANGUAGE',
    }),
    option('EDU_SUBJECT_MATHEMATICS', tx('Mathematics', 'Mathématiques'), {
      subject: 'EDU_SUBJECT_MATHEMATICS',
    }),
  ]);
  const toiletUsers = category(
    'EDU_TOILET_USERS',
    tx('Toilet stance users', 'Usagers des cabines de latrines'),
    tx('Toilet users', 'Usagers latrines'),
    [
      option('EDU_TOILET_GIRLS', tx('Girls only', 'Filles seulement'), { toilet: 'F' }),
      option('EDU_TOILET_BOYS', tx('Boys only', 'Garçons seulement'), { toilet: 'M' }),
      option('EDU_TOILET_MIXED', tx('Mixed (learners)', 'Mixtes (élèves)'), { toilet: 'mixed' }),
    ],
  );
  return {
    ageRange,
    categories: {
      sex,
      age,
      grade,
      isced,
      disabilityDomain,
      difficulty,
      nationality,
      training,
      qualification,
      subject,
      toiletUsers,
    },
    combos: {
      sex: combo('EDU_SEX', [sex]),
      ageSex: combo('EDU_AGE_SEX', [age, sex]),
      gradeAgeSex: perLevel((l) => combo(`EDU_GRADE_${levelCode(l)}_AGE_SEX`, [grade[l], age, sex])),
      gradeSex: perLevel((l) => combo(`EDU_GRADE_${levelCode(l)}_SEX`, [grade[l], sex])),
      nationalitySex: combo('EDU_NATIONALITY_SEX', [nationality, sex]),
      disabilitySex: combo('EDU_WG_DOMAIN_DIFFICULTY_SEX', [disabilityDomain, difficulty, sex]),
      teachers: combo('EDU_TEACHER_TRAINING_QUALIFICATION_SEX', [training, qualification, sex]),
      subject: combo('EDU_SUBJECT', [subject]),
      toiletUsers: combo('EDU_TOILET_USERS', [toiletUsers]),
      isced: combo('EDU_ISCED_LEVEL', [isced]),
    },
  };
}

/** Every combo the packages use, each once. */
export function allCombos(dims: Dimensions): ComboSpec[] {
  const c = dims.combos;
  return [
    c.sex,
    c.ageSex,
    ...Object.values(c.gradeAgeSex),
    ...Object.values(c.gradeSex),
    c.nationalitySex,
    c.disabilitySex,
    c.teachers,
    c.subject,
    c.toiletUsers,
    c.isced,
  ];
}

export function allCategories(dims: Dimensions): CategorySpec[] {
  const c = dims.categories;
  return [
    c.sex,
    c.age,
    ...Object.values(c.grade),
    c.isced,
    c.disabilityDomain,
    c.difficulty,
    c.nationality,
    c.training,
    c.qualification,
    c.subject,
    c.toiletUsers,
  ];
}
