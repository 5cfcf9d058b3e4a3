import { existsSync, readdirSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { inputError } from '../../errors/index.js';
import { readYamlFile } from '../io/read-input.js';
import { stableStringify } from '../package/canonical.js';
import { sha256 } from '../package/checksums.js';
import { SHIPPED_PACKAGES_DIR } from '../project-paths.js';
import { checkProfile } from './profile-check.js';
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

/** A profile with where it came from and a hash of its content (recorded by install). */
export interface ResolvedProfile {
  profile: CountryProfile;
  /** The file it was read from; absent for the built-in generic profile. */
  file?: string;
  /** sha256 of the canonical JSON of the parsed profile. */
  hash: string;
}

/** Codes of the profiles shipped in packages-metadata/profiles. */
export function listProfiles(dir = PROFILES_DIR): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => file.slice(0, -'.yaml'.length))
    .sort();
}

/** A file reference rather than a code: has a path separator or a YAML extension. */
export const isProfileFile = (ref: string): boolean => /[\\/]/.test(ref) || /\.ya?ml$/i.test(ref);

/**
 * The one way every command reads `--profile`: a shipped code ("gm", "generic") or a profile
 * file (relative to `baseDir`: the working folder, or the config file's folder for targets).
 */
export function resolveProfile(ref: string, options: ProfileLookup = {}): ResolvedProfile {
  if (ref === 'generic') return { profile: GENERIC_PROFILE, hash: profileHash(GENERIC_PROFILE) };
  const { file, value } = readProfileDocument(ref, options);
  const profile = parseProfile(value, file);
  return { profile, file, hash: profileHash(profile) };
}

export interface ProfileLookup {
  /** Folder a relative file is read from (default: the working folder). */
  baseDir?: string;
  /** Folder of the shipped profiles (tests). */
  dir?: string;
}

/** The YAML of a profile, unchecked (validate reports its problems as findings). */
export function readProfileDocument(
  ref: string,
  options: ProfileLookup = {},
): { file: string; value: unknown } {
  const dir = options.dir ?? PROFILES_DIR;
  const file = isProfileFile(ref)
    ? isAbsolute(ref)
      ? ref
      : resolve(options.baseDir ?? process.cwd(), ref)
    : join(dir, `${ref.toLowerCase()}.yaml`);
  if (!existsSync(file)) {
    throw inputError('PROFILE.NOT_FOUND', `No country profile "${ref}"`, {
      file,
      fix: isProfileFile(ref)
        ? 'Check the path, or create the file with `edupkg init profile --country ISO3 --out FILE`'
        : `Use one of: ${['generic', ...listProfiles(dir)].join(', ')}, or a profile file (edupkg init profile)`,
    });
  }
  return { file, value: readYamlFile(file) };
}

/** Loads a shipped profile by code ("gm"), or a profile file by path; "generic" gives the UIS defaults. */
export function loadProfile(codeOrPath: string, dir = PROFILES_DIR): CountryProfile {
  return resolveProfile(codeOrPath, { dir }).profile;
}

export const profileHash = (profile: CountryProfile): string => sha256(stableStringify(profile));

/**
 * Checks a parsed profile against schemas/profile.schema.json and the generators' assumptions;
 * every problem is listed with its field path and fix. Fills in the defaults of optional fields.
 */
export function parseProfile(value: unknown, file: string): CountryProfile {
  const problems = checkProfile(value);
  if (problems.length > 0) {
    const first = problems[0]!;
    const list = problems.map((p) => `${p.path}: ${p.message}`).join('; ');
    throw inputError('PROFILE.INVALID', `${file}: ${problems.length} problem(s): ${list}`, {
      file,
      field: first.path,
      fix: first.fix,
      details: { problems },
    });
  }
  const raw = value as CountryProfile;
  const levels = {} as Record<IscedLevel, LevelProfile>;
  for (const isced of ISCED_LEVELS) {
    const level = raw.levels[isced];
    levels[isced] = { ...level, grades: (level.grades ?? []).map(String) };
  }
  return { ...raw, levels, orgUnitLevels: raw.orgUnitLevels ?? [] };
}
