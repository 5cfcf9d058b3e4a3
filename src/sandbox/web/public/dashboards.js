// Dashboards as DHIS2's Dashboard app lays them out: items on a 58-column grid, each drawn by type.
import { api } from './api.js';
import { el, renderVisualization } from './charts.js';
import { t } from './i18n.js';
import { renderMap } from './maps.js';

const ITEM_FIELDS =
  'id,displayName,dashboardItems[id,type,x,y,width,height,text,visualization[id,displayName],map[id,displayName]]';

async function renderItem(grid, item) {
  const target = item.visualization || item.map;
  const headingId = `item-${item.id}`;
  const section = el('section', { class: 'item', 'aria-labelledby': headingId, 'data-item': item.type });
  section.style.gridColumn = `${(item.x || 0) + 1} / span ${item.width || 29}`;
  grid.append(section);
  if (item.type === 'TEXT') {
    section.removeAttribute('aria-labelledby');
    section.classList.add('text');
    section.append(el('p', { id: headingId }, [item.text || '']));
    return;
  }
  const heading = el('h3', { id: headingId }, [(target && target.displayName) || t('loading')]);
  const body = el('div', { class: 'item-body' });
  section.append(heading, body);
  try {
    // The item holds only a reference: the favorite's own name comes with its definition.
    if (item.type === 'VISUALIZATION' && target)
      heading.textContent = await renderVisualization(body, target.id);
    else if (item.type === 'MAP' && target) heading.textContent = await renderMap(body, target.id);
    else body.append(el('p', {}, [t('unsupportedItem', { type: item.type })]));
  } catch (error) {
    body.append(el('p', { class: 'error', role: 'alert' }, [t('itemFailed', { message: error.message })]));
  }
}

export async function renderDashboards(main) {
  const list = await api('/dashboards?fields=id,displayName&paging=false');
  const dashboards = list.dashboards || [];
  main.append(el('h1', {}, [t('dashboards')]));
  if (dashboards.length === 0) {
    main.append(el('p', {}, [t('noDashboards')]));
    return;
  }
  const wanted = decodeURIComponent(location.hash.split('/')[2] || '');
  const current = dashboards.find((d) => d.id === wanted) || dashboards[0];
  const select = el('select', { id: 'dashboard-select' });
  for (const d of dashboards) {
    const option = el('option', { value: d.id }, [d.displayName]);
    option.selected = d.id === current.id;
    select.append(option);
  }
  // A button, not the select's change event: arrowing through the list must not reload the page.
  const picker = el('form', { class: 'toolbar' }, [
    el('label', { for: 'dashboard-select' }, [t('chooseDashboard')]),
    select,
    el('button', { type: 'submit' }, [t('show')]),
  ]);
  picker.addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = `#/dashboards/${select.value}`;
  });
  main.append(picker);
  const dashboard = await api(`/dashboards/${current.id}?fields=${ITEM_FIELDS}`);
  main.append(el('h2', {}, [dashboard.displayName]));
  const grid = el('div', { class: 'dashboard-grid' });
  main.append(grid);
  const items = (dashboard.dashboardItems || [])
    .slice()
    .sort((a, b) => (a.y || 0) - (b.y || 0) || (a.x || 0) - (b.x || 0));
  // Placed in order at once, filled as their data arrives.
  await Promise.all(items.map((item) => renderItem(grid, item)));
  grid.dataset.loaded = 'true';
}
