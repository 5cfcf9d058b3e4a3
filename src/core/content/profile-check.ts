import type { ErrorObject } from 'ajv';
import { describeAjvError, schemaValidator } from '../schema/ajv.js';
import { languageCodes } from './languages.js';
import { ISCED_LEVELS, type CountryProfile, type IscedLevel, type LevelProfile } from './profile-types.js';

/** One thing wrong with a profile: where (JSON pointer), what, and how to fix it. */
export interface ProfileProblem {
  path: string;
  message: string;
  fix: string;
}

/** The package parameters a profile may give defaults for (catalog.ts declares them). */
const PARAMETER_KEYS = ['orgUnitRoot', 'orgUnitLevel.school', 'orgUnitLevel.district', 'locale'];

/** How to fix each field, by the last segment of its path (docs/profiles.md has the long form). */
const FIELD_FIXES: Record<string, string> = {
  code: 'Use the lower-case ISO 3166 code of the country, e.g. "sl" or "sle"',
  country: 'Give the country name, e.g. "Sierra Leone"',
  iso3: 'Use the upper-case ISO 3166 alpha-3 code, e.g. "SLE"',
  // Getters: the language tables are read when a fix names them, not when this module loads.
  get language() {
    return `Use a language with a table: ${languageCodes().join(', ')} (a new language is a file in packages-metadata/profiles/languages)`;
  },
  get translations() {
    return `List languages with a table: ${languageCodes().join(', ')}`;
  },
  nationalName: 'Give the national name of the level, e.g. "Junior secondary school (JSS)"',
  entryAge:
    'Give the official entrance age in whole years (2-20); `edupkg init --country ISO3` fills in UIS figures',
  duration: 'Give the theoretical duration in whole years (1-8) = the number of grades',
  grades: 'List one unique label per year of the level, or leave grades out (Grade 1..n)',
  orgUnitLevels:
    'List the levels as { level: 1, name: National }, top first (`edupkg init --from-server URL` reads them)',
  schoolLevel: 'Name the org unit level of schools, one of orgUnitLevels',
  districtLevel: 'Name the org unit level of districts, one of orgUnitLevels',
  levels: 'Give the four ISCED levels "02", "1", "2" and "3"',
  parameters: 'Remove it or use a parameter the packages declare (docs/profiles.md)',
};

function fixFor(path: string, error?: ErrorObject): string {
  const missing = error?.keyword === 'required' ? String(error.params.missingProperty) : undefined;
  const segments = path
    .split('/')
    .filter((s) => s && !/^\d+$/.test(s) && !ISCED_LEVELS.includes(s as IscedLevel));
  const field = missing ?? segments[segments.length - 1] ?? '';
  if (error?.keyword === 'additionalProperties')
    return `Remove "${String(error.params.additionalProperty)}" or correct its spelling (docs/profiles.md lists every field)`;
  return FIELD_FIXES[field] ?? 'See docs/profiles.md for every field with an example';
}

/**
 * Every problem of a profile document: the JSON Schema (schemas/profile.schema.json) first, then
 * the facts the generators assume (grades = duration, levels follow each other, known languages).
 */
export function checkProfile(value: unknown): ProfileProblem[] {
  const validate = schemaValidator('profile.schema.json');
  if (!validate(value)) {
    return (validate.errors ?? []).map((e) => ({
      path: e.instancePath || '/',
      message: describeAjvError(e).replace(/^\S+: /, ''),
      fix: fixFor(e.instancePath, e),
    }));
  }
  const profile = value as CountryProfile;
  const problems: ProfileProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message, fix: fixFor(path) });
  const known = new Set(languageCodes());
  if (!known.has(profile.language)) add('/language', `no translation table for "${profile.language}"`);
  (profile.translations ?? []).forEach((l, i) => {
    if (!known.has(l)) add(`/translations/${i}`, `no translation table for "${l}"`);
  });
  for (const isced of ISCED_LEVELS) {
    const level = profile.levels[isced];
    const grades = level.grades ?? [];
    if (grades.length !== 0 && grades.length !== level.duration)
      add(`/levels/${isced}/grades`, `lists ${grades.length} grades for a ${level.duration}-year duration`);
  }
  // Formulas assume each level starts where the previous one ends (UIS official age groups).
  for (let i = 1; i < ISCED_LEVELS.length; i++) {
    const before = ISCED_LEVELS[i - 1]!;
    const isced = ISCED_LEVELS[i]!;
    const prev: LevelProfile = profile.levels[before];
    const next = profile.levels[isced].entryAge;
    if (prev.entryAge + prev.duration !== next)
      add(
        `/levels/${isced}/entryAge`,
        `ISCED ${isced} starts at ${next}, not where ISCED ${before} ends (${prev.entryAge} + ${prev.duration} years = ${prev.entryAge + prev.duration})`,
      );
  }
  for (const key of Object.keys(profile.parameters ?? {}))
    if (!PARAMETER_KEYS.includes(key))
      add(`/parameters/${key}`, `unknown parameter (known: ${PARAMETER_KEYS.join(', ')})`);
  const names = (profile.orgUnitLevels ?? []).map((l) => l.name.toLowerCase());
  for (const key of ['schoolLevel', 'districtLevel'] as const) {
    const given = profile[key];
    const byNumber =
      /^\d+$/.test(given) && (profile.orgUnitLevels ?? []).some((l) => l.level === Number(given));
    if (names.length > 0 && !byNumber && !names.includes(given.toLowerCase()))
      add(
        `/${key}`,
        `"${given}" is not one of orgUnitLevels (${(profile.orgUnitLevels ?? []).map((l) => l.name).join(', ')})`,
      );
  }
  return problems;
}
