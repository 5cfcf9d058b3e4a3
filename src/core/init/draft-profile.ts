import { Document } from 'yaml';
import { usageError } from '../../errors/index.js';
import {
  ISCED_LEVELS,
  type CountryProfile,
  type IscedLevel,
  type LevelProfile,
  type OrgUnitLevelProfile,
} from '../content/profile-types.js';
import { inLanguage, LEVEL_NAMES } from '../content/text.js';
import { describeSource, officialStructure, type OfficialStructure } from '../content/world-table.js';
import { parseProfile } from '../content/profiles.js';

/** Everything `init profile` decides; each has a flag (docs/profiles.md#edupkg-init). */
export interface ProfileAnswers {
  iso3: string;
  code?: string;
  country?: string;
  language?: string;
  translations?: string[];
  /** Per ISCED level overrides: entry age, duration, national name, grade labels. */
  levels?: Partial<Record<IscedLevel, Partial<LevelProfile>>>;
  orgUnitLevels?: OrgUnitLevelProfile[];
  schoolLevel?: string;
  districtLevel?: string;
  orgUnitGroupSets?: CountryProfile['orgUnitGroupSets'];
}

/** Where each level's figures came from, written as YAML comments beside them. */
export type LevelNotes = Record<IscedLevel, string>;

export const DEFAULT_ORG_UNIT_LEVELS = ['National', 'District', 'School'];

/** The official figures of a country, or a usage error naming --country. */
export function officialOrFail(iso3: string): OfficialStructure {
  const official = officialStructure(iso3);
  if (!official)
    throw usageError(
      'UNKNOWN_COUNTRY',
      `--country ${iso3}: not an ISO 3166 alpha-3 code of the world table`,
      {
        fix: 'Use the three-letter code, e.g. SLE for Sierra Leone or CIV for Côte d’Ivoire',
      },
    );
  return official;
}

/**
 * Default structure of a level: the official figures; pre-primary (no UIS series) ends where
 * primary starts and lasts the ISCED-typical 3 years unless the country's row gives it.
 */
function defaultLevel(
  official: OfficialStructure,
  level: IscedLevel,
  previous?: LevelProfile,
): { level: Omit<LevelProfile, 'nationalName'>; note: string } {
  const fact = official.levels[level];
  if (fact) {
    return {
      level: {
        entryAge: fact.entryAge,
        duration: fact.duration,
        grades: fact.grades ?? [],
        ...(fact.leavingExam ? { leavingExam: fact.leavingExam } : {}),
      },
      note: `official: ${describeSource(fact)}`,
    };
  }
  if (level === '02') {
    const primary = official.levels['1']?.entryAge ?? 6;
    const duration = Math.min(3, primary - 2);
    return {
      level: { entryAge: primary - duration, duration, grades: [] },
      note: 'no official series: ISCED-typical, check national sources',
    };
  }
  const entryAge = previous ? previous.entryAge + previous.duration : 6;
  return {
    level: { entryAge, duration: 3, grades: [] },
    note: 'no official figure: ISCED-typical, check national sources',
  };
}

/** Builds a profile from the official figures and the answers; it is checked before it is returned. */
export function draftProfile(answers: ProfileAnswers): { profile: CountryProfile; notes: LevelNotes } {
  const official = officialOrFail(answers.iso3);
  const language = answers.language ?? 'en';
  const levels = {} as Record<IscedLevel, LevelProfile>;
  const notes = {} as LevelNotes;
  let previous: LevelProfile | undefined;
  for (const isced of ISCED_LEVELS) {
    const { level, note } = defaultLevel(official, isced, previous);
    const given = answers.levels?.[isced] ?? {};
    const nationalName =
      given.nationalName ?? official.levels[isced]?.nationalName ?? inLanguage(LEVEL_NAMES[isced], language);
    const merged: LevelProfile = { nationalName, ...level, ...given };
    const changed = given.entryAge !== undefined || given.duration !== undefined;
    levels[isced] = merged;
    notes[isced] = changed ? `${note}; changed by the user` : note;
    previous = merged;
  }
  const orgUnitLevels =
    answers.orgUnitLevels ?? DEFAULT_ORG_UNIT_LEVELS.map((name, i) => ({ level: i + 1, name }));
  const last = orgUnitLevels[orgUnitLevels.length - 1]?.name ?? 'School';
  const beforeLast = orgUnitLevels[orgUnitLevels.length - 2]?.name ?? last;
  const draft: CountryProfile = {
    code: answers.code ?? official.iso3.toLowerCase(),
    country: answers.country ?? official.name,
    iso3: official.iso3,
    language,
    ...(answers.translations ? { translations: answers.translations } : {}),
    levels,
    orgUnitLevels,
    schoolLevel: answers.schoolLevel ?? last,
    districtLevel: answers.districtLevel ?? beforeLast,
    ...(answers.orgUnitGroupSets ? { orgUnitGroupSets: answers.orgUnitGroupSets } : {}),
    sources: [
      `Entrance ages and durations: ${describeSource(official.levels['1'] ?? { entryAge: 0, duration: 0, source: 'UIS' })} (edupkg world table)`,
    ],
  };
  return { profile: parseProfile(draft, `the profile for ${official.iso3}`), notes };
}

/** The profile as YAML, with where each level's figures came from as comments. */
export function renderProfileYaml(profile: CountryProfile, notes: LevelNotes, header: string): string {
  // A Map keeps ISCED order ("02" first); a plain object would put "1", "2", "3" before it.
  const levels = new Map(
    ISCED_LEVELS.map((l) => {
      const { grades, ...level } = profile.levels[l];
      return [l, grades?.length ? { ...level, grades } : level];
    }),
  );
  const { sources, ...rest } = profile;
  const doc = new Document({ ...rest, levels, sources });
  doc.commentBefore = ` ${header}\n Schema: schemas/profile.schema.json; every field: docs/profiles.md`;
  for (const isced of ISCED_LEVELS) {
    const node = doc.getIn(['levels', isced], true) as { commentBefore?: string } | undefined;
    if (node) node.commentBefore = ` ${notes[isced]}`;
  }
  return doc.toString({ lineWidth: 0, flowCollectionPadding: true });
}
