import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROFILES_DIR } from './profiles.js';
import { ISCED_LEVELS, type CountryProfile, type IscedLevel } from './profile-types.js';

/** packages-metadata/profiles/world/entrance-ages.json (scripts/derive-world-table.js writes it). */
export const WORLD_TABLE_FILE = join(PROFILES_DIR, 'world', 'entrance-ages.json');

export interface OfficialLevel {
  entryAge: number;
  duration: number;
  /** A key of the table's `sources` (UIS), or a citation. */
  source: string;
  year?: number;
  nationalName?: string;
  grades?: string[];
  leavingExam?: string;
}

export interface OfficialStructure {
  iso3: string;
  name: string;
  levels: Partial<Record<IscedLevel, OfficialLevel>>;
}

interface WorldTable {
  sources: Record<string, { short: string; title: string; url?: string; attribution?: string }>;
  countries: Record<string, { name: string; levels: Partial<Record<IscedLevel, OfficialLevel>> }>;
}

let table: WorldTable | undefined;
const worldTable = (): WorldTable =>
  (table ??= JSON.parse(readFileSync(WORLD_TABLE_FILE, 'utf8')) as WorldTable);

/** The official structure of a country (ISO 3166 alpha-3), or undefined when the table lacks it. */
export function officialStructure(iso3: string): OfficialStructure | undefined {
  const entry = worldTable().countries[iso3.toUpperCase()];
  return entry && { iso3: iso3.toUpperCase(), name: entry.name, levels: entry.levels };
}

/** Every ISO3 code in the table. */
export const worldCountries = (): string[] => Object.keys(worldTable().countries);

/** "UIS OPRI (Feb 2024), 2023" or the national citation. */
export function describeSource(level: OfficialLevel): string {
  const known = worldTable().sources[level.source];
  const name = known ? known.short : level.source;
  return level.year ? `${name}, ${level.year}` : name;
}

export interface OfficialDisagreement {
  level: IscedLevel;
  field: 'entryAge' | 'duration';
  profile: number;
  official: number;
  source: string;
}

/** Where a profile's entrance ages and durations differ from the official figures for its iso3. */
export function compareWithOfficial(profile: CountryProfile): OfficialDisagreement[] {
  const official = profile.iso3 ? officialStructure(profile.iso3) : undefined;
  if (!official) return [];
  const out: OfficialDisagreement[] = [];
  for (const level of ISCED_LEVELS) {
    const fact = official.levels[level];
    if (!fact) continue;
    for (const field of ['entryAge', 'duration'] as const) {
      if (profile.levels[level][field] !== fact[field])
        out.push({
          level,
          field,
          profile: profile.levels[level][field],
          official: fact[field],
          source: describeSource(fact),
        });
    }
  }
  return out;
}
