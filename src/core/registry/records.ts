import { ISCED_LEVELS, type CountryProfile, type IscedLevel } from '../content/profile-types.js';
import { LEVEL_NAMES } from '../content/text.js';
import { slug, type ColumnMap, type RegistryLayout } from './mapping.js';
import {
  LOCATIONS,
  OWNERSHIPS,
  type Geometry,
  type Location,
  type Ownership,
  type RegistrySettings,
  type RowProblem,
  type SchoolRecord,
  type SourceTable,
} from './types.js';

const OWNERSHIP_ALIASES: Record<string, Ownership> = {
  government: 'PUBLIC',
  state: 'PUBLIC',
  gov: 'PUBLIC',
  religious: 'FAITH',
  mission: 'FAITH',
  faith_based: 'FAITH',
};

/** Every way a list may name an ISCED level: 1, ISCED1, "Primary", the national name. */
export function levelAliases(profile: CountryProfile): Map<string, IscedLevel> {
  const aliases = new Map<string, IscedLevel>();
  for (const level of ISCED_LEVELS) {
    for (const name of [level, `isced${level}`, `isced_${level}`, profile.levels[level].nationalName])
      aliases.set(slug(name), level);
    for (const text of Object.values(LEVEL_NAMES[level])) aliases.set(slug(text), level);
  }
  aliases.set('0', '02');
  aliases.set('isced0', '02');
  return aliases;
}

interface Context {
  table: SourceTable;
  columns: ColumnMap;
  layout: RegistryLayout;
  profile: CountryProfile;
  settings: RegistrySettings;
  bbox: [number, number, number, number] | undefined;
}

/** Rows -> school records; every value that cannot be understood is a problem with its line. */
export function toSchoolRecords(ctx: Context): { records: SchoolRecord[]; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const records: SchoolRecord[] = [];
  const levels = levelAliases(ctx.profile);
  const ownerships = valueMap<Ownership>(OWNERSHIPS, OWNERSHIP_ALIASES, ctx.settings.ownership);
  const locations = valueMap<Location>(LOCATIONS, {}, ctx.settings.location);
  for (const row of ctx.table.rows) {
    const bad = (rule: string, message: string, fix?: string) =>
      problems.push({ file: ctx.table.file, line: row.line, rule, message, ...(fix ? { fix } : {}) });
    const get = (field: string): string | undefined => {
      const header = ctx.columns.get(field);
      return header === undefined ? undefined : (row.values[header] ?? '');
    };
    const code = get('code') ?? '';
    const name = get('name') ?? '';
    if (code === '') bad('registry.required', 'no school code');
    else if (code.length > 50) bad('registry.too-long', `code "${code}" is longer than 50 characters`);
    if (name === '') bad('registry.required', `school ${code}: no name`);
    else if (name.length > 230) bad('registry.too-long', `school ${code}: name longer than 230 characters`);
    const record: SchoolRecord = { line: row.line, code, name, parents: [] };
    for (const level of ctx.layout.parentLevels) {
      const parentName = get(level.field) || undefined;
      const parentCode = get(`${level.field}_code`) || undefined;
      if (parentName || parentCode)
        record.parents.push({
          level: level.level,
          ...(parentName ? { name: parentName } : {}),
          ...(parentCode ? { code: parentCode } : {}),
        });
    }
    const ownership = get('ownership');
    if (ownership !== undefined) {
      record.ownership = ownership === '' ? null : (ownerships.get(slug(ownership)) ?? null);
      if (ownership !== '' && record.ownership === null)
        bad('registry.ownership', `unknown ownership "${ownership}"`, hint(ownerships));
    }
    const location = get('location');
    if (location !== undefined) {
      record.location = location === '' ? null : (locations.get(slug(location)) ?? null);
      if (location !== '' && record.location === null)
        bad('registry.location', `unknown location "${location}"`, hint(locations));
    }
    const offered = get('levels');
    if (offered !== undefined) {
      record.levels = [];
      for (const part of offered
        .split(/[;|+,/]/)
        .map((p) => p.trim())
        .filter(Boolean)) {
        const level = levels.get(slug(part));
        if (level === undefined)
          bad(
            'registry.level-offered',
            `level offered "${part}" is not a level of profile ${ctx.profile.code}`,
            `Use ISCED codes (02, 1, 2, 3) or the names: ${ISCED_LEVELS.map((l) => ctx.profile.levels[l].nationalName).join(', ')}`,
          );
        else if (!record.levels.includes(level)) record.levels.push(level);
      }
      record.levels.sort((a, b) => ISCED_LEVELS.indexOf(a) - ISCED_LEVELS.indexOf(b));
    }
    const geometry = readGeometry(row.geometry, get('latitude'), get('longitude'), ctx.bbox, bad);
    if (geometry !== undefined) record.geometry = geometry;
    for (const [field, key] of [
      ['opening_date', 'openingDate'],
      ['closed_date', 'closedDate'],
    ] as const) {
      const text = get(field);
      if (text === undefined) continue;
      const date = text === '' ? null : isoDate(text);
      if (date === undefined) bad('registry.date', `${field} "${text}" is not a date (YYYY-MM-DD)`);
      else if (key === 'openingDate') {
        if (date) record.openingDate = date;
      } else record.closedDate = date;
    }
    if (record.openingDate && record.closedDate && record.closedDate < record.openingDate)
      bad('registry.date', `closed ${record.closedDate} before it opened ${record.openingDate}`);
    records.push(record);
  }
  return { records, problems };
}

function valueMap<T extends string>(
  values: readonly T[],
  aliases: Record<string, T>,
  fromProfile: Record<string, T> | undefined,
): Map<string, T> {
  const map = new Map<string, T>();
  for (const v of values) map.set(slug(v), v);
  for (const [k, v] of Object.entries({ ...aliases, ...(fromProfile ?? {}) })) map.set(slug(k), v);
  return map;
}

const hint = (map: Map<string, string>) =>
  `Use one of ${[...new Set(map.values())].join(', ')} or map national spellings in the profile's registry section`;

function isoDate(text: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+Z?)?$/.exec(text);
  if (!m) return undefined;
  const date = new Date(`${m[1]}-${m[2]}-${m[3]}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== `${m[1]}-${m[2]}-${m[3]}`
    ? undefined
    : `${m[1]}-${m[2]}-${m[3]}`;
}

/** A point from lat/lon columns or the feature's own geometry; every vertex must be in the country. */
function readGeometry(
  feature: Geometry | undefined,
  lat: string | undefined,
  lon: string | undefined,
  bbox: [number, number, number, number] | undefined,
  bad: (rule: string, message: string, fix?: string) => void,
): Geometry | null | undefined {
  let geometry: Geometry | null | undefined;
  if (feature) geometry = feature;
  else if (lat !== undefined || lon !== undefined) {
    // Empty coordinates keep what the server has (a CSV cannot carry a polygon).
    if (!lat && !lon) return undefined;
    const y = Number(lat);
    const x = Number(lon);
    if (!lat || !lon || !Number.isFinite(x) || !Number.isFinite(y)) {
      bad('registry.coordinates', `coordinates "${lat ?? ''}", "${lon ?? ''}" are not numbers`);
      return undefined;
    }
    geometry = { type: 'Point', coordinates: [x, y] };
  }
  if (!geometry) return geometry;
  if (!['Point', 'Polygon', 'MultiPolygon'].includes(geometry.type)) {
    bad('registry.coordinates', `geometry ${geometry.type} is neither a point nor a polygon`);
    return undefined;
  }
  const points = vertices(geometry.coordinates);
  const [w, s, e, n] = bbox ?? [-180, -90, 180, 90];
  const outside = points.find(([x, y]) => !(x >= w && x <= e && y >= s && y <= n));
  if (points.length === 0 || outside) {
    bad(
      'registry.coordinates',
      outside
        ? `coordinates ${outside[1]}, ${outside[0]} (lat, lon) fall outside the country [${w}, ${s}, ${e}, ${n}]`
        : 'geometry without coordinates',
      'Check for swapped latitude/longitude or a missing minus sign',
    );
    return undefined;
  }
  return geometry;
}

/** Every [x, y] of a GeoJSON coordinates array, however nested. */
export function vertices(value: unknown): Array<[number, number]> {
  if (!Array.isArray(value)) return [];
  if (value.length >= 2 && typeof value[0] === 'number' && typeof value[1] === 'number')
    return [[value[0], value[1]]];
  if (value.length > 0 && value.every((v) => typeof v === 'number')) return [[NaN, NaN]];
  return value.flatMap(vertices);
}
