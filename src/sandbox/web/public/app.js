// The page's entry point: who is logged in, in which language, and which view the URL hash asks for.
import { api } from './api.js';
import { setLocale, t, translateShell } from './i18n.js';
import { renderDashboards } from './dashboards.js';
import { renderDataEntry } from './data-entry.js';
import { canSeeTrainerView, renderTrainerView } from './trainer.js';

const main = document.getElementById('main');
const status = document.getElementById('status');

/** Announces a message to screen readers (aria-live) and shows it at the bottom of the page. */
export function announce(message, kind = 'info') {
  status.textContent = message;
  status.dataset.kind = kind;
}

/** keyUiLocale from /api/me, else from /api/userSettings where the server has it. */
async function uiLocaleOf(me) {
  const fromMe = me.settings && me.settings.keyUiLocale;
  if (fromMe && fromMe !== 'en') return fromMe;
  try {
    const settings = await api('/userSettings');
    return (settings && settings.keyUiLocale) || fromMe;
  } catch {
    return fromMe;
  }
}

const VIEWS = {
  dashboards: renderDashboards,
  'data-entry': renderDataEntry,
  trainer: renderTrainerView,
};

async function show(me) {
  const name = (location.hash.replace(/^#\//, '') || 'dashboards').split('/')[0];
  const view = VIEWS[name] ? name : 'dashboards';
  for (const link of document.querySelectorAll('#nav a'))
    if (link.dataset.view === view) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  main.replaceChildren();
  main.setAttribute('aria-busy', 'true');
  try {
    await VIEWS[view](main, me, announce);
  } catch (error) {
    const p = document.createElement('p');
    p.className = 'error';
    p.setAttribute('role', 'alert');
    p.textContent = t('itemFailed', { message: error.message });
    main.append(p);
  } finally {
    main.removeAttribute('aria-busy');
  }
}

async function start() {
  const me = await api(
    '/me?fields=id,username,displayName,organisationUnits,dataViewOrganisationUnits,authorities,settings,dataSets',
  );
  setLocale(await uiLocaleOf(me));
  translateShell();
  document.getElementById('user').textContent = me.displayName || me.username;
  document.querySelector('[data-view="trainer"]').parentElement.hidden = !canSeeTrainerView(me);
  window.addEventListener('hashchange', () => {
    void show(me).then(() => main.focus());
  });
  await show(me);
  document.body.dataset.ready = 'true';
}

void start();
