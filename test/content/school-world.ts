import type { MetadataBundle, MetadataObject } from '../../src/core/package/types.js';
import { ISCED_LEVELS, type CountryProfile, type IscedLevel } from '../../src/core/content/index.js';
import type { ExpressionValues } from '../../src/core/expression/index.js';

/**
 * A small hand-built education system described by meaning (level, grade, age, sex...), and its
 * translation into DHIS2 data values through the shipped metadata (option codes -> option combos).
 */
export type Sex = 'F' | 'M';
export const SEXES: Sex[] = ['F', 'M'];
export const SERVICES = [
  'ELECTRICITY',
  'INTERNET',
  'COMPUTERS',
  'ADAPTED',
  'WATER',
  'SANITATION',
  'HANDWASHING',
];

export interface EnrolmentRecord {
  level: IscedLevel;
  grade: number;
  age: number;
  sex: Sex;
  n: number;
  year: 0 | -1;
}
export interface World {
  profile: CountryProfile;
  enrolment: EnrolmentRecord[];
  repeaters: Array<{ level: IscedLevel; grade: number; sex: Sex; n: number }>;
  newEntrants: Array<{ level: IscedLevel; age: number; sex: Sex; n: number }>;
  population: (age: number, sex: Sex) => number;
  teachers: Array<{
    level: IscedLevel;
    sex: Sex;
    trained: boolean;
    qualified: boolean;
    n: number;
    year: 0 | -1;
  }>;
  newTeachers: Array<{ level: IscedLevel; sex: Sex; n: number }>;
  counts: Record<string, number>; // `${level}:CLASSROOMS`, `${level}:SCHOOLS`, `${level}:ELECTRICITY`...
  textbooks: Array<{ level: IscedLevel; subject: 'LANGUAGE' | 'MATHEMATICS'; n: number }>;
  toilets: Array<{ level: IscedLevel; users: 'GIRLS' | 'BOYS' | 'MIXED'; n: number }>;
}

function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

export function buildWorld(profile: CountryProfile, seed = 7): World {
  const rnd = random(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const world: World = {
    profile,
    enrolment: [],
    repeaters: [],
    newEntrants: [],
    teachers: [],
    newTeachers: [],
    counts: {},
    textbooks: [],
    toilets: [],
    population: (age, sex) => 900 + 7 * age + (sex === 'F' ? 13 : 0),
  };
  for (const level of ISCED_LEVELS) {
    const { entryAge, duration } = profile.levels[level];
    for (let grade = 1; grade <= duration; grade++) {
      const intended = entryAge + grade - 1;
      // Ages from 2 below to 5 above the intended age: reaches into the under/over bands.
      for (let age = intended - 2; age <= intended + 5; age++) {
        for (const sex of SEXES) {
          const n = int(0, 30);
          world.enrolment.push(
            { level, grade, age, sex, n, year: 0 },
            { level, grade, age, sex, n: 2 * n + 5, year: -1 },
          );
        }
      }
      for (const sex of SEXES) world.repeaters.push({ level, grade, sex, n: int(0, 12) });
    }
    for (let age = entryAge - 1; age <= entryAge + 3; age++)
      for (const sex of SEXES) world.newEntrants.push({ level, age, sex, n: int(1, 40) });
    for (const sex of SEXES) {
      for (const trained of [true, false])
        for (const qualified of [true, false])
          for (const year of [0, -1] as const)
            world.teachers.push({ level, sex, trained, qualified, n: int(1, 9), year });
      world.newTeachers.push({ level, sex, n: int(0, 3) });
    }
    world.counts[`${level}:CLASSROOMS`] = int(5, 20);
    world.counts[`${level}:CLASSES`] = int(6, 25);
    world.counts[`${level}:SCHOOLS`] = int(10, 20);
    for (const service of SERVICES) world.counts[`${level}:${service}`] = int(0, 10);
    for (const subject of ['LANGUAGE', 'MATHEMATICS'] as const)
      world.textbooks.push({ level, subject, n: int(50, 400) });
    for (const users of ['GIRLS', 'BOYS', 'MIXED'] as const)
      world.toilets.push({ level, users, n: int(1, 12) });
  }
  return world;
}

const pad = (n: number) => String(n).padStart(2, '0');
const levelCode = (l: IscedLevel) => `ISCED${l}`;
const SEX_CODE: Record<Sex, string> = { F: 'EDU_SEX_FEMALE', M: 'EDU_SEX_MALE' };

/** Turns the world into DHIS2 data values, finding each option combo by its options' codes. */
export function toValues(world: World, metadata: MetadataBundle): ExpressionValues {
  const code = (plural: string) =>
    new Map((metadata[plural] ?? []).map((o: MetadataObject) => [o.code as string, o]));
  const des = code('dataElements');
  const options = code('categoryOptions');
  const ages = [...options.keys()]
    .map((c) => /^EDU_AGE_(\d\d)$/.exec(c)?.[1])
    .filter(Boolean)
    .map(Number);
  const [first, last] = [Math.min(...ages), Math.max(...ages)];
  const ageCode = (age: number) =>
    age < first
      ? `EDU_AGE_UNDER_${pad(first)}`
      : age > last
        ? `EDU_AGE_${pad(last + 1)}_PLUS`
        : `EDU_AGE_${pad(age)}`;
  // Census tables have a data element per age row (and per grade group): find the one holding
  // an age and grade from the codes, e.g. EDU_ISCED1_ENROLMENT_AGE_UNDER_04_G1_4.
  const rowElement = (prefix: string, age: number, grade?: number): string => {
    const found = [...des.keys()].find((c) => {
      const m = new RegExp(
        `^${prefix}_AGE_(?:UNDER_(\\d\\d)|(\\d\\d)_PLUS|(\\d\\d))(?:_G(\\d+)_(\\d+))?$`,
      ).exec(c);
      if (!m) return false;
      const [, under, over, single, g1, g2] = m;
      const ageFits =
        under !== undefined
          ? age < Number(under)
          : over !== undefined
            ? age >= Number(over)
            : age === Number(single);
      return (
        ageFits && (grade === undefined || g1 === undefined || (grade >= Number(g1) && grade <= Number(g2)))
      );
    });
    if (!found) throw new Error(`no row of ${prefix} for age ${age}`);
    return found;
  };
  const groupElement = (prefix: string, grade: number): string =>
    [...des.keys()].find((c) => {
      const m = new RegExp(`^${prefix}(?:_G(\\d+)_(\\d+))?$`).exec(c);
      return m && (m[1] === undefined || (grade >= Number(m[1]) && grade <= Number(m[2])));
    }) ?? prefix;
  const cocIndex = new Map<string, string>();
  for (const coc of metadata.categoryOptionCombos ?? []) {
    const ids = (coc.categoryOptions as Array<{ id: string }>).map((o) => o.id).sort();
    cocIndex.set(`${(coc.categoryCombo as { id: string }).id}|${ids.join()}`, coc.id!);
  }
  const values: Record<string, number> = {};
  const add = (deCode: string, optionCodes: string[], n: number, year: 0 | -1 = 0) => {
    const de = des.get(deCode);
    if (!de) throw new Error(`no data element ${deCode}`);
    let key = de.id!;
    if (optionCodes.length) {
      const ids = optionCodes.map((c) => options.get(c)?.id ?? `missing ${c}`).sort();
      const coc = cocIndex.get(`${(de.categoryCombo as { id: string }).id}|${ids.join()}`);
      if (!coc) throw new Error(`no option combo of ${deCode} for ${optionCodes.join(', ')}`);
      key += `.${coc}`;
    }
    if (year) key += `@${year}`;
    values[key] = (values[key] ?? 0) + n;
  };
  const de = (level: IscedLevel, concept: string) => `EDU_${levelCode(level)}_${concept}`;
  for (const r of world.enrolment)
    add(
      rowElement(de(r.level, 'ENROLMENT'), r.age, r.grade),
      [`EDU_GRADE_${levelCode(r.level)}_${pad(r.grade)}`, SEX_CODE[r.sex]],
      r.n,
      r.year,
    );
  for (const r of world.repeaters)
    if (r.level !== '02')
      add(
        groupElement(de(r.level, 'REPEATERS'), r.grade),
        [`EDU_GRADE_${levelCode(r.level)}_${pad(r.grade)}`, SEX_CODE[r.sex]],
        r.n,
      );
  for (const r of world.newEntrants)
    if (r.level !== '02') add(rowElement(de(r.level, 'NEW_ENTRANTS'), r.age), [SEX_CODE[r.sex]], r.n);
  for (const r of world.teachers)
    add(
      de(r.level, 'TEACHERS'),
      [
        r.trained ? 'EDU_TRAINED' : 'EDU_UNTRAINED',
        r.qualified ? 'EDU_QUALIFIED' : 'EDU_UNQUALIFIED',
        SEX_CODE[r.sex],
      ],
      r.n,
      r.year,
    );
  for (const r of world.newTeachers) add(de(r.level, 'TEACHERS_NEW'), [SEX_CODE[r.sex]], r.n);
  for (const r of world.textbooks)
    if (r.level === '1' || r.level === '2') add(de(r.level, 'TEXTBOOKS'), [`EDU_SUBJECT_${r.subject}`], r.n);
  for (const r of world.toilets)
    if (r.level !== '02') add(de(r.level, 'TOILETS'), [`EDU_TOILET_${r.users}`], r.n);
  for (const level of ISCED_LEVELS) {
    add(de(level, 'CLASSROOMS'), [], world.counts[`${level}:CLASSROOMS`]!);
    add(de(level, 'CLASSES'), [], world.counts[`${level}:CLASSES`]!);
    if (level !== '02') for (const s of SERVICES) add(de(level, s), [], world.counts[`${level}:${s}`]!);
    const group = code('organisationUnitGroups').get(`EDU_SCHOOLS_${levelCode(level)}`)!;
    values[`OUG:${group.id}`] = world.counts[`${level}:SCHOOLS`]!;
  }
  for (let age = first - 1; age <= last + 3; age++)
    for (const sex of SEXES) add('EDU_POPULATION', [ageCode(age), SEX_CODE[sex]], world.population(age, sex));
  return values;
}
