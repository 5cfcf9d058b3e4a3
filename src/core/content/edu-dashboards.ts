import type { MetadataBundle, MetadataObject } from '../package/types.js';
import { ref, shipped, uid } from './builders.js';
import { readDashboards } from './dashboard-table.js';
import { mapObject, visualizationObject } from './edu-dashboard-objects.js';
import { languagesOf, type CountryProfile } from './profile-types.js';
import { inLanguage } from './text.js';

/** The dashboards of packages-metadata/tables/dashboards.yaml, with their visualizations and maps. */
export function buildDashboards(profile: CountryProfile): MetadataBundle {
  const lang = languagesOf(profile);
  const visualizations: MetadataObject[] = [];
  const maps: MetadataObject[] = [];
  const dashboards = readDashboards().map((dashboard) => {
    const items: MetadataObject[] = [];
    dashboard.items.forEach(({ text, spec }, i) => {
      if (text)
        items.push({
          id: uid('dashboardItems', `${dashboard.code}_TEXT_${i}`),
          type: 'TEXT',
          text: inLanguage(text, lang.main),
          width: 58,
          height: 4,
        });
      const isMap = spec.type === 'MAP';
      (isMap ? maps : visualizations).push(
        (isMap ? mapObject : visualizationObject)(spec, dashboard.name, lang),
      );
      items.push({
        id: uid('dashboardItems', `${dashboard.code}_${spec.code}`),
        type: isMap ? 'MAP' : 'VISUALIZATION',
        ...(isMap ? { map: ref('maps', spec.code) } : { visualization: ref('visualizations', spec.code) }),
        width: 29,
        height: 20,
      });
    });
    return shipped(
      'dashboards',
      dashboard.code,
      lang,
      { name: dashboard.name, description: dashboard.description },
      {
        dashboardItems: placeItems(items),
      },
    );
  });
  return { visualizations, maps, dashboards };
}

/** Flow layout on DHIS2's 58-column grid: text panels take a full row, charts two per row. */
function placeItems(items: MetadataObject[]): MetadataObject[] {
  let x = 0;
  let y = 0;
  return items.map((item) => {
    const width = item.width as number;
    const height = item.height as number;
    if (x + width > 58) {
      x = 0;
      y += 20;
    }
    const placed = { ...item, x, y };
    x += width;
    if (x >= 58 || item.type === 'TEXT') {
      x = 0;
      y += height;
    }
    return placed;
  });
}
