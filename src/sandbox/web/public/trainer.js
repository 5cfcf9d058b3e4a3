// The trainer's view: each trainee and how many of their schools' forms are complete.
// Shown only to users who may manage users; the API refuses the reads to anyone else anyway.
import { api, query } from './api.js';
import { el } from './charts.js';
import { t } from './i18n.js';
import { recentPeriods } from './data-entry.js';

const TRAINER_AUTHORITIES = ['ALL', 'F_USER_VIEW', 'F_USER_ADD'];

export const canSeeTrainerView = (me) => (me.authorities || []).some((a) => TRAINER_AUTHORITIES.includes(a));

async function progressRows(period) {
  const [users, roles, dataSets, orgUnits] = await Promise.all([
    api('/users?fields=id,username,displayName,organisationUnits[id],userRoles[id]&paging=false'),
    api('/userRoles?fields=id,authorities&paging=false'),
    api('/dataSets?fields=id,periodType,organisationUnits[id]&paging=false'),
    api('/organisationUnits?fields=id,displayName,path&paging=false'),
  ]);
  const trainerRoles = new Set(
    roles.userRoles
      .filter((r) => (r.authorities || []).some((a) => TRAINER_AUTHORITIES.includes(a)))
      .map((r) => r.id),
  );
  const trainees = users.users.filter((u) => !(u.userRoles || []).some((r) => trainerRoles.has(r.id)));
  const roots = [...new Set(trainees.flatMap((u) => (u.organisationUnits || []).map((o) => o.id)))];
  const registrations = roots.length
    ? await api(`/completeDataSetRegistrations?${query({ orgUnit: roots, period, children: 'true' })}`)
    : { completeDataSetRegistrations: [] };
  const done = new Set(
    (registrations.completeDataSetRegistrations || [])
      .filter((r) => r.completed !== false)
      .map((r) => `${r.dataSet}|${r.organisationUnit}`),
  );
  const pathOf = new Map(orgUnits.organisationUnits.map((o) => [o.id, o.path || `/${o.id}`]));
  const yearly = dataSets.dataSets.filter((ds) => ds.periodType === 'Yearly');
  return trainees
    .map((user) => {
      const mine = (user.organisationUnits || []).map((o) => o.id);
      const forms = yearly.flatMap((ds) =>
        (ds.organisationUnits || [])
          .filter((o) => mine.some((root) => (pathOf.get(o.id) || '').split('/').includes(root)))
          .map((o) => `${ds.id}|${o.id}`),
      );
      const schools = new Set(forms.map((f) => f.split('|')[1]));
      return {
        user,
        schools: schools.size,
        total: forms.length,
        done: forms.filter((f) => done.has(f)).length,
      };
    })
    .sort((a, b) => a.user.username.localeCompare(b.user.username));
}

export async function renderTrainerView(main, me) {
  main.append(el('h1', {}, [t('trainerView')]));
  if (!canSeeTrainerView(me)) {
    main.append(el('p', { role: 'alert' }, [t('notAllowed')]));
    return;
  }
  const periods = recentPeriods('Yearly');
  const picker = el('select', { id: 'trainer-period' });
  for (const p of periods) picker.append(el('option', { value: p }, [p]));
  const area = el('div');
  main.append(
    el('div', { class: 'toolbar' }, [el('label', { for: 'trainer-period' }, [t('period')]), picker]),
    area,
  );
  const draw = async () => {
    const rows = await progressRows(picker.value);
    if (rows.length === 0) {
      area.replaceChildren(el('p', {}, [t('noTrainees')]));
      return;
    }
    const body = rows.map(({ user, schools, total, done }) =>
      el('tr', { 'data-username': user.username }, [
        el('th', { scope: 'row' }, [`${user.displayName || user.username} (${user.username})`]),
        el('td', { class: 'num' }, [String(schools)]),
        el('td', { class: 'progress-cell' }, [
          el('progress', {
            max: String(total || 1),
            value: String(done),
            'aria-label': `${user.username}: ${t('progressOf', { done, total })}`,
          }),
          el('span', { class: 'progress-text' }, [t('progressOf', { done, total })]),
        ]),
      ]),
    );
    area.replaceChildren(
      el('table', { class: 'pivot trainees' }, [
        el('caption', {}, [`${t('trainees')} – ${picker.value}`]),
        el('thead', {}, [
          el('tr', {}, [
            el('th', { scope: 'col' }, [t('trainee')]),
            el('th', { scope: 'col' }, [t('schools')]),
            el('th', { scope: 'col' }, [t('formsComplete')]),
          ]),
        ]),
        el('tbody', {}, body),
      ]),
    );
  };
  picker.addEventListener('change', () => void draw());
  await draw();
}
