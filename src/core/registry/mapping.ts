import { usageError } from '../../errors/index.js';
import type { CountryProfile } from '../content/profile-types.js';
import type { RegistrySettings } from './types.js';

/** Header spellings recognised without a mapping (compared lower-case, punctuation as "_"). */
const DEFAULT_HEADERS: Record<string, string[]> = {
  code: ['code', 'school_code', 'emis_code', 'emis', 'school_id'],
  name: ['name', 'school_name', 'school'],
  ownership: ['ownership', 'owner', 'management', 'authority'],
  location: ['location', 'urban_rural', 'locality', 'setting'],
  levels: ['levels', 'levels_offered', 'isced_levels', 'level_offered'],
  latitude: ['latitude', 'lat', 'y'],
  longitude: ['longitude', 'lon', 'lng', 'long', 'x'],
  opening_date: ['opening_date', 'opened', 'opening'],
  closed_date: ['closed_date', 'closing_date', 'closed'],
};

/** A parent level's fields are named after the level: "region" and "region_code" for Region. */
export interface ParentLevel {
  level: number;
  name: string;
  field: string;
}

export interface RegistryLayout {
  /** Level 1 (national) .. school level, from the profile's org-unit level names. */
  levels: Array<{ level: number; name: string }>;
  schoolLevel: number;
  parentLevels: ParentLevel[];
}

/** Field -> the header that holds it in this file (absent: the file has no such column). */
export type ColumnMap = Map<string, string>;

export function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** Levels from the profile: national (1) down to the school level. */
export function registryLayout(profile: CountryProfile): RegistryLayout {
  const levels = [...profile.orgUnitLevels].sort((a, b) => a.level - b.level);
  const school = levels.find((l) => l.name.toLowerCase() === profile.schoolLevel.toLowerCase());
  if (!school || levels.length < 2 || levels.some((l, i) => l.level !== i + 1))
    throw usageError(
      'REGISTRY.PROFILE_LEVELS',
      `profile ${profile.code}: orgUnitLevels must number 1..n and include the school level "${profile.schoolLevel}"`,
      { fix: 'List every org-unit level, national first, in the profile' },
    );
  return {
    levels: levels.filter((l) => l.level <= school.level),
    schoolLevel: school.level,
    parentLevels: levels
      .filter((l) => l.level > 1 && l.level < school.level)
      .map((l) => ({ ...l, field: slug(l.name) })),
  };
}

/** `--map code=EMIS_CODE,name=SCHOOL_NAME` (repeatable) -> field -> header. */
export function parseMapFlags(pairs: string[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const pair of pairs.flatMap((p) => p.split(','))) {
    if (pair.trim() === '') continue;
    const eq = pair.indexOf('=');
    if (eq <= 0)
      throw usageError('REGISTRY.BAD_MAP', `--map ${pair}: expected field=COLUMN`, {
        fix: 'e.g. --map code=EMIS_CODE,name=SCHOOL_NAME,district=LGA',
      });
    map[slug(pair.slice(0, eq))] = pair.slice(eq + 1).trim();
  }
  return map;
}

/** Which header holds which field: --map, then the profile's registry.columns, then the defaults. */
export function resolveColumns(
  headers: string[],
  layout: RegistryLayout,
  settings: RegistrySettings,
  flags: Record<string, string>,
  file: string,
): ColumnMap {
  const known = new Set([
    ...Object.keys(DEFAULT_HEADERS),
    ...layout.parentLevels.flatMap((l) => [l.field, `${l.field}_code`]),
  ]);
  const explicit = { ...(settings.columns ?? {}), ...flags };
  const byNormal = new Map(headers.map((h) => [slug(h), h]));
  const map: ColumnMap = new Map();
  for (const [field, header] of Object.entries(explicit)) {
    const key = slug(field);
    if (!known.has(key))
      throw usageError('REGISTRY.UNKNOWN_FIELD', `--map ${field}: no such field`, {
        fix: `Fields: ${[...known].join(', ')}`,
      });
    const found = headers.includes(header) ? header : byNormal.get(slug(header));
    if (!found)
      throw usageError('REGISTRY.NO_COLUMN', `${file}: no column "${header}" (mapped to ${key})`, {
        file,
        fix: `Columns in the file: ${headers.join(', ')}`,
      });
    map.set(key, found);
  }
  const defaults: Record<string, string[]> = { ...DEFAULT_HEADERS };
  for (const l of layout.parentLevels) {
    defaults[l.field] = [l.field, `${l.field}_name`];
    defaults[`${l.field}_code`] = [`${l.field}_code`, `${l.field}_id`];
  }
  for (const [field, names] of Object.entries(defaults)) {
    if (map.has(field)) continue;
    const header = names.map((n) => byNormal.get(n)).find((h) => h !== undefined);
    if (header !== undefined) map.set(field, header);
  }
  for (const required of ['code', 'name'])
    if (!map.has(required))
      throw usageError('REGISTRY.NO_COLUMN', `${file}: no column for the school ${required}`, {
        file,
        fix: `Name it ${DEFAULT_HEADERS[required]![0]} or pass --map ${required}=COLUMN`,
      });
  return map;
}
