import type { CategorySpec, ComboSpec, OptionFacts, OptionSpec } from './category-model.js';
import { ISCED_LEVELS, intendedAge, officialEndAge } from './profile-types.js';
import type { CountryProfile, IscedLevel } from './profile-types.js';
import { join, LEVEL_NAMES, LEVEL_TAGS, levelCode, same, t, type Text } from './text.js';

/** The disaggregations of the packages, generated from a profile (grades and age bands vary). */
export interface Dimensions {
  ageRange: { first: number; last: number };
  /** plausibleAgeForGrade of the profile the dimensions were built from. */
  plausible: (level: IscedLevel, grade: number, facts: OptionFacts) => boolean;
  categories: {
    sex: CategorySpec;
    age: CategorySpec;
    /** A level's grades, in column groups of at most MAX_GRADE_COLUMNS (one group unless the level is long). */
    grade: Record<IscedLevel, CategorySpec[]>;
    isced: CategorySpec;
    disabilityDomain: CategorySpec;
    difficulty: CategorySpec;
    nationality: CategorySpec;
    training: CategorySpec;
    qualification: CategorySpec;
    subject: CategorySpec;
    toiletUsers: CategorySpec;
  };
  /** Row options of the census tables: a data element per row keeps every table narrow. */
  rows: {
    /** Enrolment ages of a level: its official ages within AGE_MARGINS, plus under/over bands. */
    enrolmentAge: Record<IscedLevel, OptionSpec[]>;
    /** Ages of new entrants to grade 1 of a level. */
    entrantAge: Record<IscedLevel, OptionSpec[]>;
  };
  combos: {
    sex: ComboSpec;
    ageSex: ComboSpec;
    /** Grade x sex, one combo per grade group of the level. */
    gradeSex: Record<IscedLevel, ComboSpec[]>;
    difficultySex: ComboSpec;
    nationalitySex: ComboSpec;
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
 * The population's single ages cover every official age of every level plus two years past the
 * end of upper secondary, so no official age group falls inside an under/over band.
 */
export function ageRangeOf(profile: CountryProfile): { first: number; last: number } {
  const first = Math.min(profile.levels['02'].entryAge, profile.levels['1'].entryAge - 1);
  return { first, last: officialEndAge(profile.levels['3']) + 2 };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "Under first", first..last, "last+1 and over": the options are shared by every age list. */
function ageOptions(first: number, last: number): OptionSpec[] {
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
  return options;
}

/**
 * How far a level's census rows reach around its official ages: early entrants up to two years
 * younger than intended; over-age learners (repeaters, late entrants) up to four years older at
 * school, two in pre-primary (older children belong in primary). Beyond, the under/over bands.
 */
export const AGE_MARGINS = { below: 2, above: { preprimary: 2, school: 4 } } as const;

/** Grade-1 entrants: from two years early to four years late, then the bands. */
export const ENTRANT_MARGINS = { below: 2, above: 4 } as const;

/** A section table of grade x sex columns stays at most 12 wide. */
export const MAX_GRADE_COLUMNS = 6;

export function enrolmentAges(profile: CountryProfile, level: IscedLevel): { first: number; last: number } {
  const l = profile.levels[level];
  const above = level === '02' ? AGE_MARGINS.above.preprimary : AGE_MARGINS.above.school;
  return { first: l.entryAge - AGE_MARGINS.below, last: officialEndAge(l) + above };
}

/**
 * Whether a learner of `age` (a single age, or the bound of a band) can sit in `grade`: not more
 * than AGE_MARGINS.below years younger than the grade's intended age. The under band (younger
 * than the first row) is only possible in grade 1, as a very early entrant.
 */
export function plausibleAgeForGrade(
  profile: CountryProfile,
  level: IscedLevel,
  grade: number,
  facts: OptionFacts,
): boolean {
  if (facts.age === undefined) return true;
  if (facts.ageBand === 'under') return grade === 1;
  if (facts.ageBand === 'over') return true;
  return facts.age >= intendedAge(profile.levels[level], grade) - AGE_MARGINS.below;
}

/** Grades 1..n split into near-equal groups of at most MAX_GRADE_COLUMNS grades. */
export function gradeGroups(duration: number): Array<{ first: number; last: number }> {
  const count = Math.ceil(duration / MAX_GRADE_COLUMNS);
  const size = Math.ceil(duration / count);
  return Array.from({ length: count }, (_, i) => ({
    first: i * size + 1,
    last: Math.min(duration, (i + 1) * size),
  }));
}

function gradeCategories(profile: CountryProfile, level: IscedLevel): CategorySpec[] {
  const groups = gradeGroups(profile.levels[level].duration);
  return groups.map(({ first, last }) => {
    const whole = groups.length === 1;
    const suffix = whole ? '' : `_G${first}_${last}`;
    const span = whole ? '' : ` ${first}-${last}`;
    return category(
      `EDU_GRADE_${levelCode(level)}${suffix}`,
      join('Grade', span, ' (', LEVEL_NAMES[level], ')'),
      join('Grade', span, ' ', LEVEL_TAGS[level]),
      gradeOptions(profile, level, first, last),
    );
  });
}

function gradeOptions(profile: CountryProfile, level: IscedLevel, first: number, last: number): OptionSpec[] {
  const { grades } = profile.levels[level];
  const options: OptionSpec[] = [];
  for (let g = first; g <= last; g++) {
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
  return options;
}

const perLevel = <T>(make: (level: IscedLevel) => T): Record<IscedLevel, T> =>
  Object.fromEntries(ISCED_LEVELS.map((l) => [l, make(l)])) as Record<IscedLevel, T>;

export function buildDimensions(profile: CountryProfile): Dimensions {
  const ageRange = ageRangeOf(profile);
  const sex = category('EDU_SEX', t('Sex'), t('Sex'), [
    option('EDU_SEX_FEMALE', t('Female'), { sex: 'F' }),
    option('EDU_SEX_MALE', t('Male'), { sex: 'M' }),
  ]);
  const age = category(
    'EDU_AGE',
    t('Age (single years)'),
    t('Age'),
    ageOptions(ageRange.first, ageRange.last),
  );
  const grade = perLevel((l) => gradeCategories(profile, l));
  const entrantAges = (l: IscedLevel) => {
    const entry = profile.levels[l].entryAge;
    return ageOptions(entry - ENTRANT_MARGINS.below, entry + ENTRANT_MARGINS.above);
  };
  const isced = category(
    'EDU_ISCED_LEVEL',
    t('ISCED level'),
    t('ISCED level'),
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
  const disabilityDomain = category('EDU_WG_DOMAIN', t('Functional domain (WG)'), t('WG domain'), [
    option('EDU_WG_SEEING', t('Seeing'), { domain: 'EDU_WG_SEEING' }),
    option('EDU_WG_HEARING', t('Hearing'), { domain: 'EDU_WG_HEARING' }),
    option('EDU_WG_WALKING', t('Walking (mobility)'), { domain: 'EDU_WG_WALKING' }, t('Walking')),
    option(
      'EDU_WG_COGNITION',
      t('Remembering or concentrating'),
      { domain: 'EDU_WG_COGNITION' },
      t('Cognition'),
    ),
    option('EDU_WG_SELFCARE', t('Self-care'), { domain: 'EDU_WG_SELFCARE' }, t('[short] Self-care')),
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
    plausible: (level, grade, facts) => plausibleAgeForGrade(profile, level, grade, facts),
    rows: {
      enrolmentAge: perLevel((l) => {
        const { first, last } = enrolmentAges(profile, l);
        return ageOptions(first, last);
      }),
      entrantAge: perLevel(entrantAges),
    },
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
      gradeSex: perLevel((l) => grade[l].map((g) => combo(`${g.code}_SEX`, [g, sex]))),
      nationalitySex: combo('EDU_NATIONALITY_SEX', [nationality, sex]),
      difficultySex: combo('EDU_WG_DIFFICULTY_SEX', [difficulty, sex]),
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
    ...Object.values(c.gradeSex).flat(),
    c.nationalitySex,
    c.difficultySex,
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
    ...Object.values(c.grade).flat(),
    c.isced,
    c.difficulty,
    c.nationality,
    c.training,
    c.qualification,
    c.subject,
    c.toiletUsers,
  ];
}
