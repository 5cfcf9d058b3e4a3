import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { inputError } from '../../errors/index.js';
import { SHIPPED_PACKAGES_DIR } from '../project-paths.js';
import { ISCED_LEVELS } from './profile-types.js';
import type { CountryProfile, IscedLevel, LevelProfile } from './profile-types.js';

export const PROFILES_DIR = join(SHIPPED_PACKAGES_DIR, 'profiles');

/**
 * The generic variant: ISCED 2011 typical entry ages and durations (pre-primary from 3, primary
 * 6 years from 6, lower and upper secondary 3 years each), grades named by ISCED level.
 */
export const GENERIC_PROFILE: CountryProfile = {
  code: 'generic',
  country: 'UIS defaults (ISCED 2011 typical structure)',
  language: 'en',
  levels: {
    '02': { nationalName: 'Pre-primary', entryAge: 3, duration: 3, grades: [] },
    '1': { nationalName: 'Primary', entryAge: 6, duration: 6, grades: [] },
    '2': { nationalName: 'Lower secondary', entryAge: 12, duration: 3, grades: [] },
    '3': { nationalName: 'Upper secondary', entryAge: 15, duration: 3, grades: [] },
  },
  orgUnitLevels: [
    { level: 1, name: 'National' },
    { level: 2, name: 'District' },
    { level: 3, name: 'School' },
  ],
  schoolLevel: 'School',
  districtLevel: 'District',
};

/** Codes of the profiles shipped in packages-metadata/profiles. */
export function listProfiles(dir = PROFILES_DIR): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => file.slice(0, -'.yaml'.length))
    .sort();
}

/** Loads a shipped profile by code ("gm"), or a profile file by path; "generic" gives the UIS defaults. */
export function loadProfile(codeOrPath: string, dir = PROFILES_DIR): CountryProfile {
  if (codeOrPath === 'generic') return GENERIC_PROFILE;
  // A code names a file in the profiles folder and nothing else; anything else must be a .yaml path.
  if (!codeOrPath.endsWith('.yaml') && !/^[a-z][a-z0-9-]{0,31}$/i.test(codeOrPath)) {
    throw inputError('PROFILE.NOT_FOUND', `No country profile "${codeOrPath}"`, {
      fix: `Use one of: ${['generic', ...listProfiles(dir)].join(', ')}, or a profile .yaml file`,
    });
  }
  const file = codeOrPath.endsWith('.yaml') ? codeOrPath : join(dir, `${codeOrPath.toLowerCase()}.yaml`);
  if (!existsSync(file)) {
    throw inputError('PROFILE.NOT_FOUND', `No country profile "${codeOrPath}"`, {
      file,
      fix: `Use one of: ${['generic', ...listProfiles(dir)].join(', ')}`,
    });
  }
  return parseProfile(parse(readFileSync(file, 'utf8')) as unknown, file);
}

/** Checks a parsed profile and fills in national grade names where a level lists none. */
export function parseProfile(value: unknown, file: string): CountryProfile {
  const fail = (message: string) =>
    inputError('PROFILE.INVALID', `${file}: ${message}`, {
      file,
      fix: 'See packages-metadata/profiles/gm.yaml',
    });
  if (!value || typeof value !== 'object') throw fail('not a YAML mapping');
  const raw = value as Partial<CountryProfile>;
  if (typeof raw.code !== 'string' || !/^[a-z]{2,8}$/.test(raw.code))
    throw fail('code must be lower-case letters');
  if (typeof raw.country !== 'string') throw fail('country is required');
  if (raw.language !== 'en' && raw.language !== 'fr') throw fail('language must be en or fr');
  if (!raw.levels || typeof raw.levels !== 'object') throw fail('levels is required');
  const levels = {} as Record<IscedLevel, LevelProfile>;
  for (const isced of ISCED_LEVELS) {
    const level = (raw.levels as Partial<Record<IscedLevel, LevelProfile>>)[isced];
    if (!level) throw fail(`levels."${isced}" is missing`);
    if (!Number.isInteger(level.entryAge) || level.entryAge < 2 || level.entryAge > 20) {
      throw fail(`levels."${isced}".entryAge must be an age in years`);
    }
    if (!Number.isInteger(level.duration) || level.duration < 1 || level.duration > 8) {
      throw fail(`levels."${isced}".duration must be 1-8 years`);
    }
    const grades = (level.grades ?? []).map(String);
    if (grades.length !== 0 && grades.length !== level.duration) {
      throw fail(`levels."${isced}" lists ${grades.length} grades for a ${level.duration}-year duration`);
    }
    if (new Set(grades).size !== grades.length) throw fail(`levels."${isced}".grades repeats a name`);
    levels[isced] = { ...level, nationalName: String(level.nationalName ?? isced), grades };
  }
  // Formulas assume each level starts where the previous one ends (UIS official age groups).
  for (let i = 1; i < ISCED_LEVELS.length; i++) {
    const prev = levels[ISCED_LEVELS[i - 1]!];
    const next = levels[ISCED_LEVELS[i]!];
    if (prev.entryAge + prev.duration !== next.entryAge) {
      throw fail(
        `ISCED ${ISCED_LEVELS[i]} starts at ${next.entryAge}, not where ISCED ${ISCED_LEVELS[i - 1]} ends`,
      );
    }
  }
  const orgUnitLevels = Array.isArray(raw.orgUnitLevels) ? raw.orgUnitLevels : [];
  if (typeof raw.schoolLevel !== 'string' || typeof raw.districtLevel !== 'string') {
    throw fail('schoolLevel and districtLevel are required');
  }
  return {
    code: raw.code,
    country: raw.country,
    iso3: raw.iso3,
    language: raw.language,
    levels,
    orgUnitLevels,
    schoolLevel: raw.schoolLevel,
    districtLevel: raw.districtLevel,
    sources: raw.sources,
  };
}
