// Visualizations as DHIS2's Data Visualizer draws them: columns are the series, rows the category
// axis, filters narrow the data; pivot tables and single values from the same analytics grid.
import { api, query } from './api.js';
import { formatNumber, t } from './i18n.js';

export const VISUALIZATION_FIELDS =
  'id,displayName,type,columnDimensions,rowDimensions,filterDimensions,dataDimensionItems,periods,rawPeriods,' +
  'relativePeriods,organisationUnits,organisationUnitLevels,itemOrganisationUnitGroups,userOrganisationUnit,' +
  'userOrganisationUnitChildren,userOrganisationUnitGrandChildren,hideEmptyRows,showData,' +
  'organisationUnitGroupSetDimensions[organisationUnitGroupSet[id],organisationUnitGroups[id]]';

const DATA_ITEM_KEYS = [
  'indicator',
  'dataElement',
  'dataElementOperand',
  'reportingRate',
  'programIndicator',
];
const snake = (key) =>
  key
    .replace(/([a-z])([A-Z0-9])/g, '$1_$2')
    .replace(/(\d)([A-Z])/g, '$1_$2')
    .toUpperCase();

/** A reporting rate is stored as its data set and metric; its dx item is `<dataSet>.<metric>`. */
const dataItemId = (item) => (item.dataSet && item.metric ? `${item.dataSet.id}.${item.metric}` : item.id);

/** The items of one dimension of a stored favorite (visualization or map view). */
export function dimensionItems(favorite, dimension) {
  if (dimension === 'dx')
    return (favorite.dataDimensionItems || []).flatMap((item) => {
      const key = DATA_ITEM_KEYS.find((k) => item[k]);
      return key ? [dataItemId(item[key])] : [];
    });
  if (dimension === 'pe')
    return [
      ...(favorite.periods || []).map((p) => p.id),
      ...(favorite.rawPeriods || []),
      ...Object.entries(favorite.relativePeriods || {})
        .filter(([, on]) => on === true)
        .map(([key]) => snake(key)),
    ];
  if (dimension === 'ou')
    return [
      ...(favorite.userOrganisationUnit ? ['USER_ORGUNIT'] : []),
      ...(favorite.userOrganisationUnitChildren ? ['USER_ORGUNIT_CHILDREN'] : []),
      ...(favorite.userOrganisationUnitGrandChildren ? ['USER_ORGUNIT_GRANDCHILDREN'] : []),
      ...(favorite.organisationUnits || []).map((o) => o.id),
      ...(favorite.organisationUnitLevels || []).map((l) => `LEVEL-${l}`),
      ...(favorite.itemOrganisationUnitGroups || []).map((g) => `OU_GROUP-${g.id}`),
    ];
  // A group set dimension (location, ownership): its chosen groups, or none for all of them.
  const groupSet = (favorite.organisationUnitGroupSetDimensions || []).find(
    (g) => g.organisationUnitGroupSet.id === dimension,
  );
  return (groupSet?.organisationUnitGroups || []).map((g) => g.id);
}

/** `dx:a;b`, or the bare dimension when no items are chosen (all of a group set's groups). */
const entry = ([dimension, items]) => (items.length ? `${dimension}:${items.join(';')}` : dimension);

/** Runs /api/analytics and returns a reader over its grid. */
export async function runAnalytics(dimensions, filters) {
  const params = {
    dimension: dimensions.map(entry),
    filter: filters.map(entry),
    displayProperty: 'NAME',
  };
  const grid = await api(`/analytics?${query(params)}`);
  const index = Object.fromEntries(grid.headers.map((h, i) => [h.name, i]));
  const values = new Map();
  for (const row of grid.rows) {
    const key = dimensions.map(([d]) => row[index[d]]).join('|');
    values.set(key, Number(row[index.value]));
  }
  return {
    items: (dimension) => grid.metaData.dimensions[dimension] || [],
    name: (id) => (grid.metaData.items[id] && grid.metaData.items[id].name) || id,
    /** The value at one item of each requested dimension (given as {dx: id, pe: id, ...}). */
    value: (at) => values.get(dimensions.map(([d]) => at[d]).join('|')),
    empty: grid.rows.length === 0,
  };
}

/** Every combination of the items of several dimensions, as [{dim: id}]. */
function combinations(reader, dims) {
  return dims.reduce(
    (acc, dim) => acc.flatMap((combo) => reader.items(dim).map((id) => ({ ...combo, [dim]: id }))),
    [{}],
  );
}
const label = (reader, combo) =>
  Object.values(combo)
    .map((id) => reader.name(id))
    .join(' / ');

export function el(tag, attrs = {}, children = []) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

/** An accessible HTML table of the grid; pivot tables are this, charts carry it as their data view. */
export function pivotTable(reader, rowDims, columnDims, caption, hideEmptyRows) {
  const columns = combinations(reader, columnDims);
  const rows = combinations(reader, rowDims).filter(
    (row) => !hideEmptyRows || columns.some((col) => reader.value({ ...row, ...col }) !== undefined),
  );
  const head = el('tr', {}, [
    el('td'),
    ...columns.map((col) => el('th', { scope: 'col' }, [label(reader, col)])),
  ]);
  const body = rows.map((row) =>
    el('tr', {}, [
      el('th', { scope: 'row' }, [label(reader, row)]),
      ...columns.map((col) => {
        const v = reader.value({ ...row, ...col });
        return el('td', { class: 'num' }, [v === undefined ? '' : formatNumber(v)]);
      }),
    ]),
  );
  return el('table', { class: 'pivot' }, [
    el('caption', { class: 'sr-only' }, [caption]),
    el('thead', {}, [head]),
    el('tbody', {}, body),
  ]);
}

const CHART_TYPES = {
  COLUMN: { type: 'bar', horizontal: false },
  STACKED_COLUMN: { type: 'bar', horizontal: false, stack: true },
  BAR: { type: 'bar', horizontal: true },
  STACKED_BAR: { type: 'bar', horizontal: true, stack: true },
  LINE: { type: 'line', horizontal: false },
  AREA: { type: 'line', horizontal: false, area: true },
};

function chartOption(reader, vis, seriesDim, categoryDim, chartWidth) {
  const kind = CHART_TYPES[vis.type];
  const categories = reader
    .items(categoryDim)
    .filter(
      (c) =>
        !vis.hideEmptyRows ||
        reader.items(seriesDim).some((s) => reader.value({ [seriesDim]: s, [categoryDim]: c }) !== undefined),
    );
  // Along the x-axis a label may take its category's share of the width; at the side, the grid's margin.
  const labelWidth = kind.horizontal
    ? 110
    : Math.max(110, Math.floor((chartWidth - 70) / Math.max(categories.length, 1)) - 8);
  const categoryAxis = {
    type: 'category',
    data: categories.map((c) => reader.name(c)),
    axisLabel: { interval: 0, width: labelWidth, overflow: 'truncate' },
  };
  const valueAxis = { type: 'value' };
  return {
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { type: 'scroll', bottom: 0 },
    grid: { left: kind.horizontal ? 120 : 50, right: 20, top: 20, bottom: 60, containLabel: false },
    xAxis: kind.horizontal ? valueAxis : categoryAxis,
    yAxis: kind.horizontal ? { ...categoryAxis, inverse: true } : valueAxis,
    series: reader.items(seriesDim).map((s) => ({
      name: reader.name(s),
      type: kind.type,
      stack: kind.stack ? 'total' : undefined,
      areaStyle: kind.area ? {} : undefined,
      label: {
        show: vis.showData !== false,
        position: kind.horizontal ? 'right' : 'top',
        formatter: (p) => formatNumber(p.value),
      },
      data: categories.map((c) => reader.value({ [seriesDim]: s, [categoryDim]: c }) ?? null),
    })),
  };
}

/** Draws one visualization into `container`; returns its display name. */
export async function renderVisualization(container, id) {
  const vis = await api(`/visualizations/${id}?fields=${VISUALIZATION_FIELDS}`);
  const columns = vis.columnDimensions || [];
  const rows = vis.rowDimensions || [];
  const filters = vis.filterDimensions || [];
  const reader = await runAnalytics(
    [...columns, ...rows].map((d) => [d, dimensionItems(vis, d)]),
    filters.map((d) => [d, dimensionItems(vis, d)]),
  );
  container.dataset.type = vis.type;
  if (reader.empty) {
    container.append(el('p', { class: 'empty' }, [t('noData')]));
    return vis.displayName;
  }
  if (vis.type === 'PIVOT_TABLE') {
    container.append(
      el('div', { class: 'scroll' }, [pivotTable(reader, rows, columns, vis.displayName, vis.hideEmptyRows)]),
    );
    return vis.displayName;
  }
  if (vis.type === 'SINGLE_VALUE') {
    const dx = reader.items('dx')[0];
    const value = reader.value(Object.fromEntries([...columns, ...rows].map((d) => [d, reader.items(d)[0]])));
    container.append(
      el('p', { class: 'single-value', 'aria-label': `${reader.name(dx)}: ${formatNumber(value)}` }, [
        formatNumber(value),
      ]),
    );
    return vis.displayName;
  }
  const seriesDim = columns[0];
  const categoryDim = rows[0];
  const chart = el('div', { class: 'chart', role: 'img', 'aria-label': vis.displayName });
  container.append(chart);
  const instance = window.echarts.init(chart, null, { renderer: 'svg' });
  instance.setOption(chartOption(reader, vis, seriesDim, categoryDim, chart.clientWidth));
  new ResizeObserver(() => instance.resize()).observe(chart);
  container.append(
    el('details', {}, [
      el('summary', {}, [t('showTable')]),
      pivotTable(reader, [categoryDim], [seriesDim], vis.displayName, vis.hideEmptyRows),
    ]),
  );
  return vis.displayName;
}
