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
const AGE_OFFSET_SHARE: Record<number, number> = { [-1]: 0.05, 0: 1, 1: 0.3, 2: 0.1, 3: 0.03 };

// Nationals dominate the nationality table and trained, qualified teachers the teacher table.
const MAJORITY_OPTION = /(^|_)(NATIONAL|TRAINED|QUALIFIED)$/;
// Textbooks are counted per subject, roughly one per learner.
const PER_LEARNER_OPTION = /(^|_)SUBJECT_/;

export interface CellContext {
  random: Random;
  /** Size of this org unit relative to a typical one (0.6-1.4): big schools have more of everything. */
  size: number;
  levels: LevelStructure;
  /** Years since the first sample year: enrolment grows a little each year. */
  yearIndex: number;
  /** The school's district: how many children it enrols and how far girls trail boys there. */
  area?: AreaProfile;
}

/** What sets a district apart, so maps and parity indices tell a story. */
export interface AreaProfile {
  /** Learners relative to a typical district (0.7-1.25): gross enrolment differs by district. */
  enrolment: number;
  /** Share of girls missing from enrolment in the first sample year (0.02-0.2), narrowing each year. */
  girlsGap: number;
}

/** A district's profile, the same on every run for the same seed. */
export function areaProfile(seed: string, area: string): AreaProfile {
  const random = seededRandom(`${seed}:area:${area}`);
  return { enrolment: 0.7 + 0.55 * random(), girlsGap: 0.02 + 0.18 * random() };
}

/** Learners of one sex in a district and year: girls trail boys, less so every year (parity improves). */
function learnerFactor(ctx: CellContext, sex: CellFacts['sex']): number {
  const area = ctx.area ?? { enrolment: 1, girlsGap: 0 };
  const gap = sex === 'F' ? area.girlsGap * Math.max(0, 1 - 0.15 * ctx.yearIndex) : 0;
  return area.enrolment * (1 - gap);
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
  const growth = 1 + 0.03 * ctx.yearIndex;
  const level = levels[facts.level ?? de.level ?? ''];
  if (/POPULATION/i.test(de.code) || /population/i.test(de.name)) {
    if (facts.age === undefined) return Math.round(400 * size * noise(random));
    // A young population: each year of age a little smaller than the one before.
    const cohort =
      650 *
      size *
      growth *
      Math.pow(0.985, facts.age) *
      (facts.ageBand === 'over' ? 6 : facts.ageBand === 'under' ? 3 : 1);
    return Math.round(cohort * noise(random, 0.08));
  }
  if (facts.age !== undefined && level) {
    const intended = level.entryAge + (facts.grade ?? 1) - 1;
    // Enrolment outgrows the population a little (1 % a year): gross enrolment rises over the years.
    const learners = 24 * size * (growth + 0.01 * ctx.yearIndex) * learnerFactor(ctx, facts.sex);
    return Math.round(learners * ageWeight(facts.age, intended, facts.ageBand) * noise(random));
  }
  if (facts.grade !== undefined) return Math.round(3 * size * noise(random, 0.6));
  const codes = facts.other.map((code) => code.toUpperCase());
  if (codes.some((code) => PER_LEARNER_OPTION.test(code)))
    return Math.round(90 * size * growth * noise(random, 0.3));
  const majority = codes.filter((code) => MAJORITY_OPTION.test(code)).length;
  if (codes.length) return Math.round((majority ? 5 * majority : 1) * size * noise(random, 0.5));
  if (facts.sex) return Math.round(3 * size * noise(random, 0.6));
  return Math.round(10 * size * noise(random, 0.4));
}
