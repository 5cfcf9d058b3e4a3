import type { CategorySpec, ComboSpec, OptionFacts, OptionSpec } from './category-model.js';
import { ISCED_LEVELS, officialEndAge } from './profile-types.js';
import type { CountryProfile, IscedLevel } from './profile-types.js';
import { join, LEVEL_NAMES, LEVEL_TAGS, levelCode, same, t, type Text } from './text.js';

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

const stripPrefix = (text: Text): Text =>
  Object.fromEntries(Object.entries(text).map(([l, s]) => [l, s.replace(/^EDU - /, '')])) as Text;

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
    option(`EDU_AGE_UNDER_${pad(first)}`, t('Under {n} years', { n: first }), {
      ageBand: 'under',
      age: first,
    }),
  ];
  for (let age = first; age <= last; age++) {
    options.push(option(`EDU_AGE_${pad(age)}`, t('{n} years', { n: age }), { age }));
  }
  options.push(
    option(`EDU_AGE_${pad(last + 1)}_PLUS`, t('{n} years and over', { n: last + 1 }), {
      ageBand: 'over',
      age: last + 1,
    }),
  );
  return category('EDU_AGE', t('Age (single years)'), t('Age'), options);
}

function gradeCategory(profile: CountryProfile, level: IscedLevel): CategorySpec {
  const { duration, grades } = profile.levels[level];
  const options: OptionSpec[] = [];
  for (let g = 1; g <= duration; g++) {
    const label = grades[g - 1] ? same(grades[g - 1]!) : t('Grade {g}', { g });
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
    join(t('Grade'), ' (', LEVEL_NAMES[level], ')'),
    join(t('Grade'), ' ', LEVEL_TAGS[level]),
    options,
  );
}

const perLevel = <T>(make: (level: IscedLevel) => T): Record<IscedLevel, T> =>
  Object.fromEntries(ISCED_LEVELS.map((l) => [l, make(l)])) as Record<IscedLevel, T>;

export function buildDimensions(profile: CountryProfile): Dimensions {
  const ageRange = ageRangeOf(profile);
  const sex = category('EDU_SEX', t('Sex'), t('Sex'), [
    option('EDU_SEX_FEMALE', t('Female'), { sex: 'F' }),
    option('EDU_SEX_MALE', t('Male'), { sex: 'M' }),
  ]);
  const age = ageCategory(ageRange.first, ageRange.last);
  const grade = perLevel((l) => gradeCategory(profile, l));
  const isced = category(
    'EDU_ISCED_LEVEL',
    t('ISCED level'),
    t('ISCED level'),
    (['02', '1', '2', '3'] as const).map((l) =>
      option(
        `EDU_ISCED_${l}`,
        join(t('ISCED '), `${l} - `, LEVEL_NAMES[l]),
        { isced: l },
        join(t('ISCED '), `${l} `, LEVEL_TAGS[l]),
      ),
    ),
  );
  // Washington Group short set: six functional domains, graded difficulty.
  const disabilityDomain = category('EDU_WG_DOMAIN', t('Functional domain (WG)'), t('WG domain'), [
    option('EDU_WG_SEEING', t('Seeing'), { domain: 'EDU_WG_SEEING' }),
    option('EDU_WG_HEARING', t('Hearing'), { domain: 'EDU_WG_HEARING' }),
    option('EDU_WG_WALKING', t('Walking (mobility)'), { domain: 'EDU_WG_WALKING' }),
    option('EDU_WG_COGNITION', t('Remembering or concentrating'), {
      domain: 'EDU_WG_COGNITION',
    }),
    option('EDU_WG_SELFCARE', t('Self-care'), { domain: 'EDU_WG_SELFCARE' }),
    option('EDU_WG_COMMUNICATING', t('Communicating'), { domain: 'EDU_WG_COMMUNICATING' }),
  ]);
  const difficulty = category('EDU_WG_DIFFICULTY', t('Degree of difficulty (WG)'), t('WG difficulty'), [
    option('EDU_WG_SOME', t('Some difficulty'), { wgSevere: false }),
    option('EDU_WG_A_LOT', t('A lot of difficulty'), { wgSevere: true }),
    option('EDU_WG_CANNOT', t('Cannot do at all'), { wgSevere: true }),
  ]);
  const nationality = category('EDU_NATIONALITY', t('Nationality and refugee status'), t('Nationality'), [
    option('EDU_NAT_NATIONAL', t('Nationals')),
    option('EDU_NAT_REFUGEE', t('Refugees')),
    option('EDU_NAT_OTHER', t('Other non-nationals')),
  ]);
  const training = category(
    'EDU_TEACHER_TRAINING',
    t('Teacher pedagogical training'),
    t('Teacher training'),
    [
      option('EDU_TRAINED', t('Trained (minimum pedagogical training)'), { trained: true }, t('Trained')),
      option('EDU_UNTRAINED', t('Not trained'), { trained: false }),
    ],
  );
  const qualification = category(
    'EDU_TEACHER_QUALIFICATION',
    t('Teacher academic qualification'),
    t('Teacher qualification'),
    [
      option(
        'EDU_QUALIFIED',
        t('Qualified (minimum academic qualification)'),
        { qualified: true },
        t('Qualified'),
      ),
      option('EDU_UNQUALIFIED', t('Not qualified'), { qualified: false }),
    ],
  );
  const subject = category('EDU_SUBJECT', t('Subject'), t('Subject'), [
    option('EDU_SUBJECT_LANGUAGE', t('Language (reading)'), {
      subject: 'EDU_SUBJECT_LANGUAGE',
    }),
    option('EDU_SUBJECT_MATHEMATICS', t('Mathematics'), {
      subject: 'EDU_SUBJECT_MATHEMATICS',
    }),
  ]);
  const toiletUsers = category('EDU_TOILET_USERS', t('Toilet stance users'), t('Toilet users'), [
    option('EDU_TOILET_GIRLS', t('Girls only'), { toilet: 'F' }),
    option('EDU_TOILET_BOYS', t('Boys only'), { toilet: 'M' }),
    option('EDU_TOILET_MIXED', t('Mixed (learners)'), { toilet: 'mixed' }),
  ]);
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
