import type { IscedLevel } from '../../src/core/content/index.js';
import { SEXES, type Sex, type World } from './school-world.js';

/**
 * The UIS definitions (shared/fixtures/education/uis_sdg4_core_indicators.csv), computed directly
 * from the world's records: what each shipped formula must give for the same data.
 */
export function uisValue(
  world: World,
  key: string,
  level: IscedLevel,
  grade?: number,
  variant?: string,
): number | undefined {
  const p = world.profile;
  const L = p.levels[level];
  const lo = L.entryAge;
  const hi = L.entryAge + L.duration - 1;
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  // The census records single ages from 2 years before entry to 4 after the official end (2 in
  // pre-primary); older or younger learners sit in an under/over band, counted in no age group.
  const recorded = (lv: IscedLevel, age: number) => {
    const l = p.levels[lv];
    return age >= l.entryAge - 2 && age <= l.entryAge + l.duration - 1 + (lv === '02' ? 2 : 4);
  };
  const E = (
    lv: IscedLevel,
    f: { grade?: number; sex?: Sex; minAge?: number; maxAge?: number } = {},
    year: 0 | -1 = 0,
  ) =>
    sum(
      world.enrolment
        .filter(
          (r) =>
            r.level === lv &&
            r.year === year &&
            (f.grade === undefined || r.grade === f.grade) &&
            (f.sex === undefined || r.sex === f.sex) &&
            (f.minAge === undefined || r.age >= f.minAge) &&
            (f.maxAge === undefined || (r.age <= f.maxAge && recorded(lv, r.age))),
        )
        .map((r) => r.n),
    );
  const R = (lv: IscedLevel, g?: number, sex?: Sex) =>
    sum(
      world.repeaters
        .filter(
          (r) => r.level === lv && (g === undefined || r.grade === g) && (sex === undefined || r.sex === sex),
        )
        .map((r) => r.n),
    );
  const P = (a: number, b: number, sex?: Sex) =>
    sum(
      (sex ? [sex] : SEXES).flatMap((s) =>
        Array.from({ length: b - a + 1 }, (_, i) => world.population(a + i, s)),
      ),
    );
  const anyLevel = (a: number, b: number, sex?: Sex) =>
    sum((['02', '1', '2', '3'] as IscedLevel[]).map((lv) => E(lv, { sex, minAge: a, maxAge: b })));
  const T = (f: { sex?: Sex; trained?: boolean; qualified?: boolean } = {}, year: 0 | -1 = 0) =>
    sum(
      world.teachers
        .filter(
          (t) =>
            t.level === level &&
            t.year === year &&
            (f.sex === undefined || t.sex === f.sex) &&
            (f.trained === undefined || t.trained === f.trained) &&
            (f.qualified === undefined || t.qualified === f.qualified),
        )
        .map((t) => t.n),
    );
  const count = (what: string) => world.counts[`${level}:${what}`]!;
  const gpia = (f: (sex: Sex) => number) => {
    const ratio = f('F') / f('M');
    return ratio <= 1 ? ratio : 2 - 1 / ratio;
  };
  const last = L.duration;
  const lastAge = hi;
  const before = p.levels['1'].entryAge - 1;
  const ger = (sex?: Sex) => (100 * E(level, { sex })) / P(lo, hi, sex);
  const oosr = (sex?: Sex) => (100 * (P(lo, hi, sex) - anyLevel(lo, hi, sex))) / P(lo, hi, sex);
  const girlg = (sex?: Sex) =>
    (100 * (E(level, { grade: last, sex }) - R(level, last, sex))) / P(lastAge, lastAge, sex);
  const prol = (sex?: Sex) =>
    (100 *
      (E('02', { sex, minAge: before, maxAge: before }) + E('1', { sex, minAge: before, maxAge: before }))) /
    P(before, before, sex);
  const rr = (g: number) => R(level, g) / E(level, { grade: g }, -1);
  const pr = (g: number) => (E(level, { grade: g + 1 }) - R(level, g + 1)) / E(level, { grade: g }, -1);
  switch (key) {
    case 'GER':
      return ger();
    case 'GPIA_GER':
      return gpia(ger);
    case 'NER':
      return (100 * E(level, { minAge: lo, maxAge: hi })) / P(lo, hi);
    case 'NERT':
      return (100 * anyLevel(lo, hi)) / P(lo, hi);
    case 'OOSR':
      return oosr();
    case 'GPIA_OOSR':
      return gpia(oosr);
    case 'GIRLG':
      return girlg();
    case 'GPIA_GIRLG':
      return gpia(girlg);
    case 'OAG': {
      const over = sum(
        Array.from({ length: last }, (_, i) => E(level, { grade: i + 1, minAge: lo + i + 2 })),
      );
      return (100 * over) / E(level);
    }
    case 'PROL':
      return prol();
    case 'GPIA_PROL':
      return gpia(prol);
    case 'GIR1':
      return (100 * (E('1', { grade: 1 }) - R('1', 1))) / P(lo, lo);
    case 'NIR1':
      return (
        (100 * sum(world.newEntrants.filter((r) => r.level === '1' && r.age === lo).map((r) => r.n))) /
        P(lo, lo)
      );
    case 'RR':
      return grade === undefined ? (100 * R(level)) / E(level, {}, -1) : 100 * rr(grade);
    case 'PR':
      return 100 * pr(grade!);
    case 'DR':
      return 100 - 100 * pr(grade!) - 100 * rr(grade!);
    case 'SR':
      return 100 * survivalByReconstructedCohort(last, pr, rr);
    case 'ETR': {
      const next: IscedLevel = level === '1' ? '2' : '3';
      const entrants = sum(world.newEntrants.filter((r) => r.level === next).map((r) => r.n));
      return (100 * entrants) / (E(level, { grade: last }, -1) - R(level, last));
    }
    case 'PTR':
      return E(level) / T();
    case 'PTTR':
      return E(level) / T({ trained: true });
    case 'PQTR':
      return E(level) / T({ qualified: true });
    case 'TRTP':
      return (100 * T({ trained: true })) / T();
    case 'QUTP':
      return (100 * T({ qualified: true })) / T();
    case 'FTP':
      return (100 * T({ sex: 'F' })) / T();
    case 'TATTR': {
      const newcomers = sum(world.newTeachers.filter((t) => t.level === level).map((t) => t.n));
      return (100 * (T({}, -1) - T() + newcomers)) / T({}, -1);
    }
    case 'PCR':
      return E(level) / count('CLASSES');
    case 'PCLR':
      return E(level) / count('CLASSROOMS');
    case 'PLR':
      return E(level) / sum(world.toilets.filter((t) => t.level === level).map((t) => t.n));
    case 'PLR_F':
      return (
        E(level, { sex: 'F' }) /
        sum(world.toilets.filter((t) => t.level === level && t.users === 'GIRLS').map((t) => t.n))
      );
    case 'PTBR':
      return (
        E(level) /
        sum(world.textbooks.filter((t) => t.level === level && t.subject === variant).map((t) => t.n))
      );
    case 'SCH':
      return (100 * count(variant!)) / count('SCHOOLS');
    default:
      return undefined;
  }
}

/**
 * UIS reconstructed cohort: 1 pupil enters grade 1; every year pupils of grade k are promoted,
 * repeat or drop out at that grade's rates. Simulated year by year until no one is left.
 */
function survivalByReconstructedCohort(
  grades: number,
  pr: (g: number) => number,
  rr: (g: number) => number,
): number {
  let inGrade: number[] = Array.from({ length: grades + 1 }, (_, g) => (g === 1 ? 1 : 0));
  let reachedLast = 0;
  for (let year = 0; year < 2000; year++) {
    const next = new Array<number>(grades + 1).fill(0);
    for (let k = 1; k < grades; k++) {
      next[k]! += inGrade[k]! * rr(k);
      next[k + 1]! += inGrade[k]! * pr(k);
      if (k + 1 === grades) reachedLast += inGrade[k]! * pr(k);
    }
    inGrade = next;
  }
  return grades === 1 ? 1 : reachedLast;
}
