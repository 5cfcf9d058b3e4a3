import type { Dhis2Client } from '../../dhis2/client.js';
import { ISCED_LEVELS, type CountryProfile } from '../content/profile-types.js';
import { levelCode } from '../content/text.js';
import { csvField } from './csv.js';
import { memberIds, readLiveRegistry, REGISTRY_GROUPS } from './live-state.js';
import { registryLayout } from './mapping.js';
import { dateOf } from './school-diff.js';
import type { Geometry } from './types.js';

export interface RegistryExport {
  format: 'csv' | 'geojson';
  schools: number;
  skipped: number;
  text: string;
}

/**
 * The server's schools as a list `schools plan` reads back unchanged: one row per school-level
 * org unit with a code, parents by name and code, groups, levels offered, point, dates.
 */
export async function exportRegistry(
  client: Dhis2Client,
  profile: CountryProfile,
  format: 'csv' | 'geojson',
): Promise<RegistryExport> {
  const layout = registryLayout(profile);
  const live = await readLiveRegistry(client);
  const membership = (codes: Record<string, string>) => {
    const of = new Map<string, string>();
    for (const [value, code] of Object.entries(codes))
      for (const id of memberIds(live.groups.get(code))) of.set(id, value);
    return of;
  };
  const ownership = membership(REGISTRY_GROUPS.ownership);
  const location = membership(REGISTRY_GROUPS.location);
  const levelSets = ISCED_LEVELS.map(
    (l) => [l, memberIds(live.groups.get(REGISTRY_GROUPS.levels[l]!))] as const,
  );
  const headers = [
    'code',
    'name',
    ...layout.parentLevels.flatMap((l) => [l.field, `${l.field}_code`]),
    'ownership',
    'location',
    'levels',
    ...(format === 'csv' ? ['latitude', 'longitude'] : []),
    'opening_date',
    'closed_date',
  ];
  const rows: Array<{ values: Record<string, string>; geometry?: Geometry }> = [];
  let skipped = 0;
  for (const unit of live.units.values()) {
    const path = typeof unit.path === 'string' ? unit.path.split('/').filter(Boolean) : [];
    if (path.length !== layout.schoolLevel) continue;
    if (typeof unit.code !== 'string') {
      skipped++;
      continue;
    }
    const id = String(unit.id);
    const values: Record<string, string> = { code: unit.code, name: String(unit.name ?? '') };
    for (const l of layout.parentLevels) {
      const parent = live.units.get(path[l.level - 1]!);
      values[l.field] = String(parent?.name ?? '');
      values[`${l.field}_code`] = typeof parent?.code === 'string' ? parent.code : '';
    }
    values.ownership = ownership.get(id) ?? '';
    values.location = location.get(id) ?? '';
    values.levels = levelSets
      .filter(([, ids]) => ids.has(id))
      .map(([l]) => levelCode(l))
      .join(';');
    const geometry = unit.geometry as Geometry | undefined;
    if (format === 'csv') {
      const point = geometry?.type === 'Point' ? (geometry.coordinates as number[]) : undefined;
      values.latitude = point ? String(point[1]) : '';
      values.longitude = point ? String(point[0]) : '';
    }
    values.opening_date = dateOf(unit.openingDate) ?? '';
    values.closed_date = dateOf(unit.closedDate) ?? '';
    rows.push({ values, ...(geometry ? { geometry } : {}) });
  }
  rows.sort((a, b) => (a.values.code! < b.values.code! ? -1 : 1));
  const text =
    format === 'csv'
      ? `${[headers.join(','), ...rows.map((r) => headers.map((h) => csvField(r.values[h] ?? '')).join(','))].join('\n')}\n`
      : `${JSON.stringify(
          {
            type: 'FeatureCollection',
            features: rows.map((r) => ({
              type: 'Feature',
              properties: r.values,
              geometry: r.geometry ?? null,
            })),
          },
          null,
          1,
        )}\n`;
  return { format, schools: rows.length, skipped, text };
}
