import { createHash } from 'node:crypto';
import type { CellFacts, SampleCell, SampleDataElement } from './sample-data-model.js';

/** Official entry age and duration of each ISCED level ("02", "1", ...), from the country profile. */
export type LevelStructure = Record<string, { entryAge: number; duration: number }>;

export type Random = () => number;

/** A small seeded generator (mulberry32): the same seed gives the same sample data on every run. */
export function seededRandom(seed: string): Random {
  let state = createHash('sha256').update(seed).digest().readUInt32LE(0);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const noise = (random: Random, spread = 0.25) => 1 - spread + random() * 2 * spread;

/** Share of a grade's learners who are `offset` years older than its intended age (over-age is common, under-age rare). */
const AGE_OFFSET_SHARE: Record<number, number> = { [-1]: 0.05, 0: 1, 1: 0.4, 2: 0.2, 3: 0.08 };
const AGE_SHARE_TOTAL = Object.values(AGE_OFFSET_SHARE).reduce((a, b) => a + b, 0);

/** Learners of one sex per grade at the intended age, in a typical primary school. */
const LEARNERS_PER_GRADE = 24;
/** Yearly growth: enrolment outgrows the population by a point, so gross enrolment rises a little. */
const POPULATION_GROWTH = 0.03;
const ENROLMENT_GROWTH = 0.04;

/**
 * Participation relative to primary, and learners per teacher, roughly as in sub-Saharan Africa
 * (UIS: primary GER about 100, lower secondary about 60, pre-primary about 40), so a trainee reads
 * a believable story off the dashboards rather than a 30 % enrolment ratio.
 */
const LEVEL_SHAPE: Record<string, { participation: number; learnersPerTeacher: number }> = {
  '02': { participation: 0.45, learnersPerTeacher: 30 },
  '1': { participation: 1, learnersPerTeacher: 40 },
  '2': { participation: 0.55, learnersPerTeacher: 28 },
  '3': { participation: 0.35, learnersPerTeacher: 24 },
};
const OTHER_LEVEL = { participation: 0.3, learnersPerTeacher: 20 };

/** Newly recruited teachers as a share of a year's teachers: attrition comes out at a few percent. */
const NEW_TEACHER_SHARE = 0.1;

/**
 * Each grade enrols this share of the one before (dropout), repeaters are this share of a grade,
 * and completers of the last grade: promotion, dropout and survival come out positive and plausible.
 */
const GRADE_RETENTION = 0.93;
const REPEATER_SHARE = 0.07;
const COMPLETER_SHARE = 0.85;
/** A grade's mean size relative to the first over a level of this many grades. */
const meanRetention = (grades: number) => (1 - GRADE_RETENTION ** grades) / (grades * (1 - GRADE_RETENTION));

// Nationals dominate the nationality table and trained, qualified teachers the teacher table.
const MAJORITY_OPTION = /(^|_)(NATIONAL|TRAINED|QUALIFIED)$/;
// Textbooks are counted per subject, a little under one per learner.
const PER_LEARNER_OPTION = /(^|_)SUBJECT_/;
const TEXTBOOKS_PER_LEARNER = 0.7;

export interface CellContext {
  random: Random;
  /** Size of this org unit relative to a typical one (0.6-1.4): big schools have more of everything. */
  size: number;
  levels: LevelStructure;
  /** Years since the first sample year: enrolment grows a little each year. */
  yearIndex: number;
  /** The school's district: how many children it enrols and how far girls trail boys there. */
  area?: AreaProfile;
  /**
   * For an org unit above schools (a district reporting population): the summed size of the
   * reporting schools under it, so its population matches the learners they enrol.
   */
  catchment?: number;
  /** A number in [0, 1) fixed for this org unit and key across years (teacher counts change slowly). */
  steady?: (key: string) => number;
}

/** What sets a district apart, so maps and parity indices tell a story. */
export interface AreaProfile {
  /**
   * Learners relative to a typical district (0.72-0.94): gross enrolment differs by district, and
   * even the best one, after five years of enrolment outgrowing its population, still has children
   * out of school (a negative out-of-school rate is impossible).
   */
  enrolment: number;
  /** Share of girls missing from enrolment in the first sample year (0.02-0.2), narrowing each year. */
  girlsGap: number;
}

/** A district's profile, the same on every run for the same seed. */
export function areaProfile(seed: string, area: string): AreaProfile {
  const random = seededRandom(`${seed}:area:${area}`);
  return { enrolment: 0.72 + 0.22 * random(), girlsGap: 0.02 + 0.18 * random() };
}

/** Learners of one sex in a district and year: girls trail boys, less so every year (parity improves). */
function learnerFactor(ctx: CellContext, sex: CellFacts['sex']): number {
  const area = ctx.area ?? { enrolment: 1, girlsGap: 0 };
  const gap = sex === 'F' ? area.girlsGap * Math.max(0, 1 - 0.15 * ctx.yearIndex) : 0;
  return area.enrolment * (1 - gap);
}

const shapeOf = (level: string | undefined) => (level && LEVEL_SHAPE[level]) || OTHER_LEVEL;

/** Learners of one sex per grade at the intended age, before the age spread. */
function learnersPerGrade(ctx: CellContext, level: string | undefined, sex: CellFacts['sex']): number {
  const growth = 1 + ENROLMENT_GROWTH * ctx.yearIndex;
  return LEARNERS_PER_GRADE * shapeOf(level).participation * ctx.size * growth * learnerFactor(ctx, sex);
}

/** Learners of a grade (of one sex, or both), all ages. */
function gradeLearners(
  ctx: CellContext,
  level: string | undefined,
  grade: number,
  sex?: CellFacts['sex'],
): number {
  const perSex = (s: 'F' | 'M') => learnersPerGrade(ctx, level, s) * AGE_SHARE_TOTAL;
  return (sex ? perSex(sex) : perSex('F') + perSex('M')) * GRADE_RETENTION ** (grade - 1);
}

/** Learners of a level, both sexes, all grades. */
function levelLearners(ctx: CellContext, level: string): number {
  const duration = ctx.levels[level]?.duration ?? 1;
  let sum = 0;
  for (let grade = 1; grade <= duration; grade++) sum += gradeLearners(ctx, level, grade);
  return sum;
}

/** A cell's share of its table: options in the majority (trained, qualified, national) weigh more. */
function cellWeight(cell: SampleCell): number {
  const majority = cell.facts.other.filter((code) => MAJORITY_OPTION.test(code.toUpperCase())).length;
  return cell.facts.other.length ? (majority ? 5 * majority : 1) : 1;
}

function ageWeight(age: number, intended: number, band: SampleCell['facts']['ageBand']): number {
  if (band === 'under') return age >= intended ? 0.02 : 0;
  if (band === 'over') return age <= intended + 3 ? 0.02 : 0;
  return AGE_OFFSET_SHARE[age - intended] ?? 0;
}

/**
 * A plausible first guess for one cell before validation rules adjust it: learners concentrated
 * at each grade's intended age, population by single age declining slowly with age, a handful of
 * teachers, most options of a table in the majority option. Booleans come back as 1/0.
 */
export function baseCellValue(de: SampleDataElement, cell: SampleCell, ctx: CellContext): number {
  const { random, size, levels } = ctx;
  const facts = cell.facts;
  if (de.valueType === 'BOOLEAN' || de.valueType === 'TRUE_ONLY') return random() < 0.7 ? 1 : 0;
  const levelCode = facts.level ?? de.level;
  const level = levels[levelCode ?? ''];
  if (/POPULATION/i.test(de.code) || /population/i.test(de.name)) {
    const schools = ctx.catchment || size;
    if (facts.age === undefined) return Math.round(12 * LEARNERS_PER_GRADE * schools * noise(random));
    // As many children of each age as a primary grade enrols, each age a little smaller than the one before.
    const cohort =
      LEARNERS_PER_GRADE *
      AGE_SHARE_TOTAL *
      schools *
      // Sized by primary, the level every child enters: its length is the country's (6 or 7 grades).
      meanRetention(levels['1']?.duration ?? 6) *
      (1 + POPULATION_GROWTH * ctx.yearIndex) *
      Math.pow(0.985, facts.age - 6) *
      (facts.ageBand === 'over' ? 6 : facts.ageBand === 'under' ? 3 : 1);
    return Math.round(cohort * noise(random, 0.05));
  }
  if (facts.age !== undefined && level) {
    const intended = level.entryAge + (facts.grade ?? 1) - 1;
    const learners =
      learnersPerGrade(ctx, levelCode, facts.sex) * GRADE_RETENTION ** ((facts.grade ?? 1) - 1);
    return Math.round(learners * ageWeight(facts.age, intended, facts.ageBand) * noise(random, 0.1));
  }
  if (/TEACHERS/.test(de.code) && levelCode) {
    const teachers = levelLearners(ctx, levelCode) / shapeOf(levelCode).learnersPerTeacher;
    // A handful of teachers per cell: rounding at a school's own fixed offset keeps district totals
    // unbiased and a school's staff from jumping between years (attrition stays a few percent).
    const offset = ctx.steady?.(`${de.id}.${cell.coc}`) ?? random();
    const dither = (x: number) => Math.floor(x + offset);
    if (/NEW/.test(de.code)) return dither((teachers / 2) * NEW_TEACHER_SHARE);
    const total = de.cells.reduce((sum, c) => sum + cellWeight(c), 0);
    return dither(teachers * (cellWeight(cell) / total));
  }
  if (/REPEATERS/.test(de.code) && facts.grade !== undefined)
    return Math.round(
      gradeLearners(ctx, levelCode, facts.grade, facts.sex) * REPEATER_SHARE * noise(random, 0.3),
    );
  if (/COMPLETERS/.test(de.code) && level)
    return Math.round(
      gradeLearners(ctx, levelCode, level.duration, facts.sex) * COMPLETER_SHARE * noise(random, 0.1),
    );
  if (facts.grade !== undefined) return Math.round(3 * size * noise(random, 0.6));
  const codes = facts.other.map((code) => code.toUpperCase());
  if (codes.some((code) => PER_LEARNER_OPTION.test(code))) {
    const learners = levelCode ? levelLearners(ctx, levelCode) : 10 * LEARNERS_PER_GRADE * size;
    return Math.round(learners * TEXTBOOKS_PER_LEARNER * noise(random, 0.3));
  }
  if (codes.length) return Math.round(cellWeight(cell) * size * noise(random, 0.5));
  if (facts.sex) return Math.round(3 * size * noise(random, 0.6));
  return Math.round(10 * size * noise(random, 0.4));
}
