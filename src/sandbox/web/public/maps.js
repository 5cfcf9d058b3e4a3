// Thematic maps as DHIS2's Maps app draws them: org unit boundaries from /api/geoFeatures, each
// filled by its analytics value in the map view's legend set or equal-interval classes.
import { api, query } from './api.js';
import { dimensionItems, el, runAnalytics } from './charts.js';
import { formatNumber, t } from './i18n.js';

const MAP_FIELDS =
  'id,displayName,mapViews[id,layer,displayName,dataDimensionItems,periods,rawPeriods,relativePeriods,' +
  'organisationUnits,organisationUnitLevels,userOrganisationUnit,userOrganisationUnitChildren,' +
  'userOrganisationUnitGrandChildren,legendSet[id],classes,colorScale,method]';
/** The Maps app's default colour scale (ColorBrewer YlOrBr, 5 classes). */
const DEFAULT_COLORS = ['#ffffd4', '#fed98e', '#fe9929', '#d95f0e', '#993404'];

const GEOMETRY = { 1: 'Point', 2: 'Polygon', 3: 'MultiPolygon' };

function featureCollection(geoFeatures) {
  return {
    type: 'FeatureCollection',
    features: geoFeatures
      .filter((f) => f.ty !== 1)
      .map((f) => ({
        type: 'Feature',
        id: f.id,
        properties: { name: f.id, label: f.na },
        geometry: { type: GEOMETRY[f.ty], coordinates: JSON.parse(f.co) },
      })),
  };
}

/** Legend classes: the legend set's own, else `classes` equal intervals over the values. */
async function legendOf(view, values) {
  if (view.legendSet && view.legendSet.id) {
    const set = await api(
      `/legendSets/${view.legendSet.id}?fields=legends[startValue,endValue,color,displayName]`,
    );
    return set.legends
      .slice()
      .sort((a, b) => a.startValue - b.startValue)
      .map((l) => ({ min: l.startValue, max: l.endValue, color: l.color, label: l.displayName }));
  }
  const colors = view.colorScale ? view.colorScale.split(',') : DEFAULT_COLORS;
  const count = Math.min(Number(view.classes) || colors.length, colors.length);
  const min = Math.min(...values);
  const max = Math.max(...values);
  const step = (max - min) / count || 1;
  return Array.from({ length: count }, (_, i) => ({
    min: min + i * step,
    max: i === count - 1 ? max : min + (i + 1) * step,
    color: colors[i],
  })).map((c) => ({ ...c, label: `${formatNumber(c.min)} – ${formatNumber(c.max)}` }));
}

async function renderThematicLayer(container, map, view) {
  const ou = dimensionItems(view, 'ou');
  const [geoFeatures, reader] = await Promise.all([
    api(`/geoFeatures?${query({ ou: `ou:${ou.join(';')}`, displayProperty: 'NAME' })}`),
    runAnalytics(
      [
        ['dx', dimensionItems(view, 'dx')],
        ['ou', ou],
      ],
      [['pe', dimensionItems(view, 'pe')]],
    ),
  ]);
  const dx = reader.items('dx')[0];
  const data = geoFeatures
    .map((f) => ({ name: f.id, label: f.na, value: reader.value({ dx, ou: f.id }) }))
    .filter((d) => d.value !== undefined);
  if (data.length === 0) {
    container.append(el('p', { class: 'empty' }, [t('noData')]));
    return;
  }
  const legend = await legendOf(
    view,
    data.map((d) => d.value),
  );
  const mapName = `${map.id}-${view.id || 'thematic'}`;
  window.echarts.registerMap(mapName, featureCollection(geoFeatures));
  const figure = el('div', {
    class: 'chart map',
    role: 'img',
    'aria-label': `${map.displayName}: ${reader.name(dx)}`,
  });
  container.append(figure);
  const chart = window.echarts.init(figure, null, { renderer: 'svg' });
  chart.setOption({
    animation: false,
    tooltip: {
      trigger: 'item',
      formatter: (p) => `${p.data ? p.data.label : p.name}: ${formatNumber(p.value)}`,
    },
    visualMap: {
      type: 'piecewise',
      pieces: legend.map((c) => ({ gte: c.min, lte: c.max, color: c.color, label: c.label })),
      right: 0,
      top: 'middle',
      textStyle: { fontSize: 11 },
    },
    series: [
      {
        type: 'map',
        map: mapName,
        roam: false,
        left: 10,
        right: 150,
        label: {
          show: true,
          formatter: (p) => (p.data ? `{name|${p.data.label}}\n{value|${formatNumber(p.data.value)}}` : ''),
          rich: {
            name: { fontSize: 10, lineHeight: 14, color: '#333' },
            value: { fontSize: 12, lineHeight: 16, fontWeight: 'bold', color: '#000' },
          },
        },
        itemStyle: { borderColor: '#555', areaColor: '#eee' },
        data,
      },
    ],
  });
  new ResizeObserver(() => chart.resize()).observe(figure);
  // The legend and the values as text: the map itself is only a picture to a screen reader.
  container.append(
    el('details', {}, [
      el('summary', {}, [t('showTable')]),
      el('table', { class: 'pivot' }, [
        el('caption', {}, [
          `${reader.name(dx)} (${reader
            .items('pe')
            .map((p) => reader.name(p))
            .join(', ')})`,
        ]),
        el(
          'tbody',
          {},
          data.map((d) =>
            el('tr', {}, [
              el('th', { scope: 'row' }, [d.label]),
              el('td', { class: 'num' }, [formatNumber(d.value)]),
            ]),
          ),
        ),
      ]),
      el('h4', {}, [t('legend')]),
      el(
        'ul',
        { class: 'legend' },
        legend.map((c) =>
          el('li', {}, [el('span', { class: 'swatch', style: `background:${c.color}` }), c.label]),
        ),
      ),
    ]),
  );
}

export async function renderMap(container, id) {
  const map = await api(`/maps/${id}?fields=${MAP_FIELDS}`);
  container.dataset.type = 'MAP';
  const thematic = (map.mapViews || []).filter((v) => (v.layer || 'thematic').startsWith('thematic'));
  for (const view of thematic) await renderThematicLayer(container, map, view);
  return map.displayName;
}
