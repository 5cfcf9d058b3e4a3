/** The ISCED 2011 levels the packages collect data for (school education). */
export type IscedLevel = '02' | '1' | '2' | '3';

export const ISCED_LEVELS: readonly IscedLevel[] = ['02', '1', '2', '3'];

/** A language code with a translation table (en is the source language). */
export type Locale = string;

/** The language names are written in, and the languages written to DHIS2 `translations`. */
export interface Languages {
  main: Locale;
  others: readonly Locale[];
}

/** How one ISCED level is organised in a country. */
export interface LevelProfile {
  /** National name of the level, e.g. "Lower basic" (The Gambia). */
  nationalName: string;
  /** Official (theoretical) entrance age to the first grade. */
  entryAge: number;
  /** Number of grades = theoretical duration in years. */
  duration: number;
  /** National grade labels, one per grade, e.g. P1..P7 or CP1..CM2. */
  grades: string[];
  leavingExam?: string;
}

export interface OrgUnitLevelProfile {
  level: number;
  name: string;
}

/**
 * A country profile: the facts every age-dependent formula and grade list is generated from.
 * The generic profile carries the UIS/ISCED typical structure.
 */
export interface CountryProfile {
  /** ISO 3166 alpha-2, lower case ("gm"), or "generic". */
  code: string;
  country: string;
  iso3?: string;
  /** Language of object names. */
  language: Locale;
  /** Languages written to each object's `translations` (default: en and fr, less `language`). */
  translations?: Locale[];
  levels: Record<IscedLevel, LevelProfile>;
  orgUnitLevels: OrgUnitLevelProfile[];
  /** Names of the levels the data sets are assigned to. */
  schoolLevel: string;
  districtLevel: string;
  /** National school groupings replacing the default groups of a set. */
  orgUnitGroupSets?: Partial<Record<SchoolGroupSet, SchoolGroupProfile[]>>;
  /** Defaults for package parameters, over the ones derived from the profile. */
  parameters?: Record<string, string | number>;
  sources?: string[];
  /** The `registry` section (school lists): read and checked by core/registry/settings.ts. */
  registry?: unknown;
}

export type SchoolGroupSet = 'ownership' | 'location';

export interface SchoolGroupProfile {
  /** Code suffix: EDU_OWNERSHIP_<code>. */
  code: string;
  name: string;
  shortName?: string;
}

/** Main language and translation languages of a profile. */
export function languagesOf(profile: Pick<CountryProfile, 'language' | 'translations'>): Languages {
  const others = profile.translations ?? ['en', 'fr'];
  return { main: profile.language, others: others.filter((l) => l !== profile.language) };
}

/** Intended (theoretical) age of grade g (1-based) of a level. */
export function intendedAge(level: LevelProfile, grade: number): number {
  return level.entryAge + grade - 1;
}

/** Last official age of a level (entry age + duration - 1). */
export function officialEndAge(level: LevelProfile): number {
  return level.entryAge + level.duration - 1;
}
