import { conceptElements, deCode } from './census-spec.js';
import { buildDimensions, type Dimensions } from './dimensions.js';
import { POPULATION_DE } from './edu-population.js';
import { InternalError } from '../../errors/index.js';
import { NATIONAL_DE, nationalDataElements } from './national-data.js';
import {
  agesBetween,
  and,
  sumCells,
  sumRows,
  total,
  where,
  type CellFilter,
  type SumOptions,
} from './expressions.js';
import type { LEGEND_SETS } from './edu-core.js';
import { ISCED_LEVELS, officialEndAge, type CountryProfile, type IscedLevel } from './profile-types.js';
import { levelCode, same, t, type Text } from './text.js';

export type IndicatorGroupKey =
  | 'SDG4_4_1'
  | 'SDG4_4_2'
  | 'SDG4_4_3'
  | 'SDG4_4_5'
  | 'SDG4_4_A'
  | 'SDG4_4_C'
  | 'SDG4_FINANCE'
  | 'UIS_OTHER'
  | 'NATIONAL';

/** One indicator with its formula as shipped and what it means, for metadata, docs and tests. */
export interface IndicatorSpec {
  code: string;
  /** Stable key of the UIS definition (the `key` column of uis_sdg4_core_indicators.csv). */
  key: string;
  level?: IscedLevel;
  grade?: number;
  /** Set on the female / male variant of a by-sex indicator. */
  sex?: Sex;
  name: Text;
  shortName: Text;
  description: Text;
  numerator: string;
  numeratorDescription: Text;
  denominator: string;
  denominatorDescription: Text;
  type: 'percent' | 'ratio' | 'number';
  decimals: number;
  uisCode: string;
  sdg: string;
  /** The SDG 4 target group (edu-sdg4's indicators; edu-census's have none). */
  group?: IndicatorGroupKey;
  legend?: keyof typeof LEGEND_SETS;
}

export const INDICATOR_GROUPS: Record<IndicatorGroupKey, Text> = {
  SDG4_4_1: t('SDG 4.1 Primary and secondary education'),
  SDG4_4_2: t('SDG 4.2 Early childhood and pre-primary'),
  SDG4_4_3: t('SDG 4.3 Tertiary and TVET participation'),
  SDG4_4_5: t('SDG 4.5 Equity (parity indices)'),
  SDG4_4_A: t('SDG 4.a Education facilities'),
  SDG4_4_C: t('SDG 4.c Teachers'),
  SDG4_FINANCE: t('SDG 1.a.2 and education finance'),
  UIS_OTHER: t('UIS other policy-relevant indicators'),
  NATIONAL: t('National EMIS indicators'),
};

export type Sex = 'F' | 'M';

/** Formula building blocks over the census and population data elements of one profile. */
export class FormulaContext {
  readonly dims: Dimensions;
  constructor(readonly profile: CountryProfile) {
    this.dims = buildDimensions(profile);
  }

  range(level: IscedLevel): { lo: number; hi: number } {
    const l = this.profile.levels[level];
    return { lo: l.entryAge, hi: officialEndAge(l) };
  }

  ages(lo: number, hi: number): CellFilter {
    return agesBetween(lo, hi, this.dims.ageRange);
  }

  /**
   * Enrolment of a level, optionally restricted by grade, sex and ages. Only single ages match an
   * age filter: the under/over bands of a level's rows lie outside its plausible ages.
   */
  enrolment(level: IscedLevel, filter: CellFilter | undefined = undefined, options: SumOptions = {}): string {
    return sumRows(this.elements(level, 'ENROLMENT'), filter, options);
  }

  enrolmentOf(level: IscedLevel, facts: { grade?: number; sex?: Sex }, options: SumOptions = {}): string {
    return facts.grade === undefined && facts.sex === undefined
      ? this.enrolment(level, undefined, options)
      : this.enrolment(level, where(facts), options);
  }

  /** Children aged lo..hi enrolled in any level (ISCED 02-3), as UIS counts them since 2019. */
  enrolledAnyLevel(lo: number, hi: number, sex?: Sex): string {
    const filter = and(this.ages(lo, hi), where({ sex }));
    return `(${ISCED_LEVELS.map((l) => this.enrolment(l, filter)).join(' + ')})`;
  }

  repeaters(level: IscedLevel, facts: { grade?: number; sex?: Sex } = {}, options: SumOptions = {}): string {
    const all = facts.grade === undefined && facts.sex === undefined;
    return sumRows(this.elements(level, 'REPEATERS'), all ? undefined : where(facts), options);
  }

  completers(level: IscedLevel, sex?: Sex): string {
    return sumRows(this.elements(level, 'COMPLETERS'), sex ? where({ sex }) : undefined);
  }

  newEntrants(level: IscedLevel, filter?: CellFilter): string {
    return sumRows(this.elements(level, 'NEW_ENTRANTS'), filter);
  }

  population(lo: number, hi: number, sex?: Sex): string {
    return sumCells(POPULATION_DE, this.dims.combos.ageSex, and(this.ages(lo, hi), where({ sex })));
  }

  teachers(
    level: IscedLevel,
    facts: { sex?: Sex; trained?: boolean; qualified?: boolean } = {},
    options: SumOptions = {},
  ): string {
    const all = Object.values(facts).every((v) => v === undefined);
    return sumRows(this.elements(level, 'TEACHERS'), all ? undefined : where(facts), options);
  }

  /**
   * `den` while year t's census of the level is in (its teachers are entered), else 0, which
   * DHIS2 analytics shows as no value: a rate between years t-1 and t read for a year not yet
   * entered would otherwise show 0 % promotion or 100 % attrition.
   */
  whenYearEntered(level: IscedLevel, den: string): string {
    const [teachers] = this.elements(level, 'TEACHERS');
    return `if(isNull(${total(teachers!.code)}), 0, ${den})`;
  }

  /** The census data elements of a concept of a level (one per table row and grade group). */
  elements(level: IscedLevel, concept: string) {
    return conceptElements(this.dims, level, concept);
  }

  gradeLabel(level: IscedLevel, grade: number): Text {
    const label = this.profile.levels[level].grades[grade - 1];
    return label ? same(label) : t('grade {g}', { g: grade });
  }

  /** Teachers new to the level this year (attrition: leavers = T(t-1) - T(t) + new). */
  newTeachers(level: IscedLevel, sex?: Sex): string {
    const de = deCode(level, 'TEACHERS_NEW');
    return sex ? sumCells(de, this.dims.combos.sex, where({ sex })) : total(de);
  }

  /** Learners aged lo..hi enrolled outside the school census (TVET, post-secondary, tertiary). */
  enrolledBeyondSchool(lo: number, hi: number, sex?: Sex): string {
    return sumCells(
      NATIONAL_DE.beyondSchool,
      this.dims.combos.ageSex,
      and(this.ages(lo, hi), where({ sex })),
    );
  }

  /** A national data element (tertiary, examinations, finance), for one sex when given. */
  national(deCode: string, facts: { sex?: Sex; subject?: string; isced?: IscedLevel } = {}): string {
    if (Object.values(facts).every((v) => v === undefined)) return total(deCode);
    const combo = nationalDataElements(this.profile, this.dims).find((d) => d.code === deCode)?.combo;
    if (!combo) throw new InternalError(`${deCode} is not a disaggregated national data element`);
    return sumCells(deCode, combo, where(facts));
  }
}

export const indicatorCode = (level: IscedLevel, key: string): string => `EDU_${levelCode(level)}_${key}`;

/**
 * UIS adjusted gender parity index: F/M when F <= M, else 2 - M/F, so that disparity against
 * boys and against girls are symmetric around 1 (SDG 4.5.1).
 */
export function adjustedParity(female: string, male: string): string {
  const ratio = `((${female}) / (${male}))`;
  return `if(${ratio} <= 1, ${ratio}, 2 - 1 / ${ratio})`;
}
