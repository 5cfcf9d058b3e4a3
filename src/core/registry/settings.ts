import { inputError } from '../../errors/index.js';
import type { CountryProfile } from '../content/profile-types.js';
import { LOCATIONS, OWNERSHIPS, type RegistrySettings } from './types.js';

/**
 * The profile's optional `registry` section, checked: columns (field -> header), root
 * { code, name }, bbox [west, south, east, north], ownership / location spellings, openingDate.
 */
export function registrySettings(profile: CountryProfile): RegistrySettings {
  const raw = profile.registry;
  if (raw === undefined || raw === null) return {};
  const fail = (message: string) =>
    inputError('PROFILE.INVALID', `profile ${profile.code}: registry.${message}`, {
      fix: 'See docs/schools.md for the registry section',
    });
  if (typeof raw !== 'object' || Array.isArray(raw)) throw fail(' must be a mapping');
  const r = raw as Record<string, unknown>;
  const out: RegistrySettings = {};
  if (r.columns !== undefined)
    out.columns = stringMap(r.columns, () => fail('columns must map fields to headers'));
  if (r.root !== undefined) {
    const root = r.root as { code?: unknown; name?: unknown };
    if (typeof root !== 'object' || (root.code !== undefined && typeof root.code !== 'string'))
      throw fail('root must be { code, name }');
    out.root = {
      ...(typeof root.code === 'string' ? { code: root.code } : {}),
      ...(typeof root.name === 'string' ? { name: root.name } : {}),
    };
  }
  if (r.bbox !== undefined) {
    const b = (Array.isArray(r.bbox) ? r.bbox : []) as number[];
    const [w, s, e, n] = b;
    if (b.length !== 4 || !b.every((v) => typeof v === 'number') || !(w! < e! && s! < n!))
      throw fail('bbox must be [west, south, east, north] in degrees');
    out.bbox = [w!, s!, e!, n!];
  }
  for (const [key, allowed] of [
    ['ownership', OWNERSHIPS],
    ['location', LOCATIONS],
  ] as const) {
    if (r[key] === undefined) continue;
    const map = stringMap(r[key], () => fail(`${key} must map spellings to ${allowed.join('/')}`));
    for (const [spelling, value] of Object.entries(map))
      if (!(allowed as readonly string[]).includes(value))
        throw fail(`${key}.${spelling}: ${value} is not one of ${allowed.join(', ')}`);
    (out as Record<string, unknown>)[key] = map;
  }
  if (r.openingDate !== undefined) {
    if (typeof r.openingDate !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(r.openingDate))
      throw fail('openingDate must be YYYY-MM-DD');
    out.openingDate = r.openingDate;
  }
  return out;
}

function stringMap(value: unknown, fail: () => Error): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw fail();
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw fail();
    out[k] = v;
  }
  return out;
}
