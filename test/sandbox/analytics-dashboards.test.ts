import { uidFromCode } from '../../src/core/dhis2-model/uid.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import {
  analyticsQueryOf,
  type VisualizationLike,
} from '../../src/sandbox/analytics/visualization-request.js';
import type { Client } from './helpers.js';
import { sandboxWithSampleData } from './analytics-support.js';

type Json = Record<string, unknown>;
interface Item {
  type: string;
  visualization?: { id: string };
  map?: { id: string };
}
interface Dashboard {
  id: string;
  code: string;
  name: string;
  dashboardItems: Item[];
}

const DISTRICT_LEVEL = 3;

/**
 * Issue 13 item 4: after the sandbox is provisioned the way `sandbox fleet --sample-data` does it
 * (real clock, default sample years), every chart, table and map of every shipped dashboard gets
 * numbers from /api/analytics for the request the DHIS2 apps make for it, and every map has features.
 */
describe('every dashboard item shows numbers on the sample data', () => {
  let sandbox: Sandbox;
  let api: Client;
  let dashboards: Dashboard[];

  beforeAll(async () => {
    ({ sandbox, api } = await sandboxWithSampleData('2.41', true));
    dashboards = (
      await api.get(
        '/api/dashboards.json?fields=id,code,name,dashboardItems[type,visualization[id],map[id]]&paging=false',
      )
    ).body.dashboards as Dashboard[];
  }, 300_000);
  afterAll(() => sandbox?.close());

  const analytics = async (view: VisualizationLike) => {
    const answer = await api.get(`/api/41/analytics?${analyticsQueryOf(view).toString()}`);
    expect(answer.status).toBe(200);
    return answer.body as { rows: string[][]; metaData: { dimensions: Record<string, string[]> } };
  };

  it('ships one dashboard per audience: school head, district manager and data manager, national SDG 4 report', () => {
    expect(dashboards.map((d) => d.code).sort()).toEqual([
      'EDU_DASH_DATA_QUALITY',
      'EDU_DASH_DISTRICT',
      'EDU_DASH_SCHOOL',
      'EDU_DASH_SDG4',
    ]);
    const national = dashboards.find((d) => d.code === 'EDU_DASH_SDG4')!;
    expect(national.dashboardItems.filter((i) => i.type === 'MAP')).toHaveLength(3);
  });

  it('answers every chart and table with rows', async () => {
    const empty: string[] = [];
    let checked = 0;
    for (const dashboard of dashboards)
      for (const item of dashboard.dashboardItems.filter((i) => i.visualization)) {
        const vis = (await api.get(`/api/visualizations/${item.visualization!.id}.json?fields=*`))
          .body as unknown as VisualizationLike & { name: string };
        const { rows } = await analytics(vis);
        checked++;
        if (rows.length === 0) empty.push(vis.name);
      }
    expect(checked).toBeGreaterThanOrEqual(24);
    expect(empty).toEqual([]);
  });

  it('puts years on the category axis of trend charts, with five years and this year', async () => {
    for (const dashboard of dashboards)
      for (const item of dashboard.dashboardItems.filter((i) => i.visualization)) {
        const vis = (await api.get(`/api/visualizations/${item.visualization!.id}.json?fields=*`))
          .body as Json;
        const periods = vis.rawPeriods as string[];
        if (!periods.includes('LAST_5_YEARS')) {
          expect(periods).toEqual(['LAST_YEAR']);
          continue;
        }
        expect(periods).toEqual(['LAST_5_YEARS', 'THIS_YEAR']);
        if (vis.type === 'PIVOT_TABLE') expect(vis.columnDimensions).toEqual(['pe']);
        else {
          expect(vis.rowDimensions).toEqual(['pe']);
          expect(vis.columnDimensions).toEqual(['dx']);
        }
        const { rows } = await analytics(vis);
        // A trend shows several census years, not one.
        const peColumn = vis.type === 'PIVOT_TABLE' ? 0 : 1;
        expect(new Set(rows.map((r) => r[peColumn])).size).toBeGreaterThanOrEqual(4);
      }
  });

  it('tells a possible story: no district or year has a negative out-of-school rate', async () => {
    const oosr = ['1', '2', '3'].map((level) => uidFromCode('indicators', `EDU_ISCED${level}_OOSR`));
    const answer = await api.get(
      `/api/41/analytics?dimension=dx:${oosr.join(';')}&dimension=ou:USER_ORGUNIT;LEVEL-${DISTRICT_LEVEL}&dimension=pe:LAST_5_YEARS&skipRounding=true`,
    );
    expect(answer.status).toBe(200);
    const rows = answer.body.rows as string[][];
    expect(rows.length).toBeGreaterThan(40);
    const impossible = rows.filter((r) => !(Number(r[3]) >= 0 && Number(r[3]) <= 100));
    expect(impossible).toEqual([]);
  });

  it('answers every map layer by district, and every district it shows has a polygon', async () => {
    const districts = (
      await api.get(`/api/organisationUnits.json?filter=level:eq:${DISTRICT_LEVEL}&fields=id&paging=false`)
    ).body.organisationUnits as Array<{ id: string }>;
    for (const dashboard of dashboards)
      for (const item of dashboard.dashboardItems.filter((i) => i.map)) {
        const map = (await api.get(`/api/maps/${item.map!.id}.json?fields=*,mapViews[*]`)).body as Json & {
          mapViews: Array<VisualizationLike & Json>;
        };
        const thematic = map.mapViews.filter((v) => v.layer === 'thematic');
        expect(thematic).toHaveLength(1);
        for (const view of thematic) {
          expect(view.legendSet).toEqual({ id: expect.any(String) });
          // Districts relative to the viewer: the national root's grandchildren.
          expect(view.userOrganisationUnitGrandChildren).toBe(true);
          const answer = await analytics(view);
          const shown = new Set(answer.rows.map((r) => r[answer.rows[0]!.length - 2]));
          expect(answer.rows.length).toBe(districts.length);
          const units = (
            await api.get(
              `/api/organisationUnits.json?filter=id:in:[${[...shown].join(',')}]&fields=id,level,geometry&paging=false`,
            )
          ).body.organisationUnits as Array<{ level: number; geometry?: { type: string } }>;
          expect(units).toHaveLength(shown.size);
          for (const unit of units) {
            expect(unit.level).toBe(DISTRICT_LEVEL);
            expect(unit.geometry?.type).toBe('Polygon');
          }
        }
      }
  });
});
