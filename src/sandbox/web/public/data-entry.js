// The census data-entry screen: org unit, data set and period pickers limited to the user's data
// capture org units; each value saved through /api/dataValueSets as it is typed; "Complete"
// runs the data set's validation rules and registers completion.
import { api, query } from './api.js';
import { el } from './charts.js';
import { formatNumber, t } from './i18n.js';
import { customForm, inputId, sectionForm, valueProblem } from './form-layout.js';

const FORM_FIELDS =
  'id,displayName,periodType,validCompleteOnly,dataEntryForm[htmlCode],' +
  'sections[id,displayName,sortOrder,dataElements[id],greyedFields[dataElement[id],categoryOptionCombo[id]]],' +
  'dataSetElements[dataElement[id,displayName,displayFormName,valueType,categoryCombo[id,categories[id,displayName,' +
  'categoryOptions[id,displayName]],categoryOptionCombos[id,displayName,categoryOptions[id]]]]]';

/** The periods a trainee picks from: this year and the five before (quarters and months likewise). */
export function recentPeriods(periodType, today = new Date()) {
  const year = today.getFullYear();
  const years = Array.from({ length: 6 }, (_, i) => year - i);
  if (periodType === 'Monthly')
    return years
      .flatMap((y) => Array.from({ length: 12 }, (_, m) => `${y}${String(12 - m).padStart(2, '0')}`))
      .filter((p) => p <= `${year}${String(today.getMonth() + 1).padStart(2, '0')}`);
  if (periodType === 'Quarterly') return years.flatMap((y) => [4, 3, 2, 1].map((q) => `${y}Q${q}`));
  return years.map(String);
}

function select(id, labelText, options, selected) {
  const node = el('select', { id });
  for (const { value, label } of options) {
    const option = el('option', { value }, [label]);
    option.selected = value === selected;
    node.append(option);
  }
  return [el('label', { for: id }, [labelText]), node];
}

/** Org units under the user's data capture units that have at least one of `dataSets`. */
async function entryOrgUnits(me, dataSets) {
  const assigned = new Set(dataSets.flatMap((ds) => (ds.organisationUnits || []).map((o) => o.id)));
  const roots = (me.organisationUnits || []).map((o) => o.id);
  const lists = await Promise.all(
    roots.map((root) =>
      api(
        `/organisationUnits?${query({ filter: `path:like:${root}`, fields: 'id,displayName,path,level,parent[displayName]', paging: 'false' })}`,
      ),
    ),
  );
  const byId = new Map(lists.flatMap((l) => l.organisationUnits).map((o) => [o.id, o]));
  return [...byId.values()]
    .filter((o) => assigned.has(o.id))
    .sort((a, b) => a.displayName.localeCompare(b.displayName));
}

async function saveValue(input, ctx, announce) {
  const label = input.dataset.label;
  const problem = valueProblem(input.dataset.valueType, input.value);
  input.setAttribute('aria-invalid', String(Boolean(problem)));
  if (problem) {
    input.className = input.className.replace(/ ?(saved|failed)/g, '') + ' failed';
    announce(t('invalidValue', { field: label, message: problem }), 'error');
    return;
  }
  announce(t('saving', { field: label }));
  try {
    const answer = await api('/dataValueSets', {
      method: 'POST',
      body: {
        dataValues: [
          {
            dataElement: input.dataset.de,
            categoryOptionCombo: input.dataset.coc,
            period: ctx.period,
            orgUnit: ctx.orgUnit,
            value: input.value,
          },
        ],
      },
    });
    const summary = answer.response || answer;
    if (summary.conflicts && summary.conflicts.length) throw new Error(summary.conflicts[0].value);
    input.className = input.className.replace(/ ?(saved|failed)/g, '') + ' saved';
    announce(t('saved', { field: label }), 'ok');
  } catch (error) {
    const conflicts = error.body && error.body.response && error.body.response.conflicts;
    const message = (conflicts && conflicts[0] && conflicts[0].value) || error.message;
    input.className = input.className.replace(/ ?(saved|failed)/g, '') + ' failed';
    input.setAttribute('aria-invalid', 'true');
    announce(t('saveFailed', { field: label, message }), 'error');
  }
}

async function showCompletion(ctx, panel) {
  const answer = await api(
    `/completeDataSetRegistrations?${query({ dataSet: ctx.dataSet.id, period: ctx.period, orgUnit: ctx.orgUnit })}`,
  );
  const complete = (answer.completeDataSetRegistrations || []).some((r) => r.completed !== false);
  panel.querySelector('.completion-state').textContent = complete ? t('completed') : t('notCompleted');
  panel.querySelector('#complete').hidden = complete;
  panel.querySelector('#incomplete').hidden = !complete;
  return complete;
}

async function complete(ctx, panel, announce) {
  const results = panel.querySelector('#validation-results');
  results.replaceChildren();
  announce(t('completing'));
  try {
    const summary = await api(
      `/validation/dataSet/${ctx.dataSet.id}?${query({ pe: ctx.period, ou: ctx.orgUnit })}`,
    );
    const violations = summary.validationRuleViolations || [];
    const blocked = violations.length > 0 && ctx.dataSet.validCompleteOnly === true;
    if (!blocked)
      await api('/completeDataSetRegistrations', {
        method: 'POST',
        body: {
          completeDataSetRegistrations: [
            { dataSet: ctx.dataSet.id, period: ctx.period, organisationUnit: ctx.orgUnit, completed: true },
          ],
        },
      });
    await renderViolations(results, violations, blocked);
    await showCompletion(ctx, panel);
    announce(
      violations.length ? t('validationFailed', { count: violations.length }) : t('validationPassed'),
      violations.length ? 'error' : 'ok',
    );
  } catch (error) {
    announce(t('completeFailed', { message: error.message }), 'error');
  }
}

async function renderViolations(results, violations, blocked) {
  if (violations.length === 0) {
    results.append(el('p', { class: 'ok' }, [t('validationPassed')]));
    return;
  }
  const ids = [...new Set(violations.map((v) => v.validationRule.id))];
  const rules = await api(
    `/validationRules?${query({ filter: `id:in:[${ids.join(',')}]`, fields: 'id,displayName,displayInstruction,importance', paging: 'false' })}`,
  );
  const byId = new Map((rules.validationRules || []).map((r) => [r.id, r]));
  const list = el('ul', { class: 'violations' });
  for (const v of violations) {
    const rule = byId.get(v.validationRule.id) || {};
    const item = el('li', {}, [
      t('violation', {
        rule: rule.displayName || v.validationRule.displayName,
        left: formatNumber(v.leftsideValue),
        right: formatNumber(v.rightsideValue),
      }),
    ]);
    if (rule.displayInstruction) item.append(el('div', { class: 'instruction' }, [rule.displayInstruction]));
    list.append(item);
  }
  results.append(
    el('div', { role: 'alert' }, [
      ...(blocked ? [el('p', { class: 'error' }, [t('notCompletedBecauseInvalid')])] : []),
      el('p', {}, [t('validationFailed', { count: violations.length })]),
      list,
    ]),
  );
}

async function openForm(area, ctx, announce) {
  area.replaceChildren(el('p', {}, [t('loading')]));
  const [dataSet, values] = await Promise.all([
    api(`/dataSets/${ctx.dataSetId}?fields=${FORM_FIELDS}`),
    api(`/dataValueSets?${query({ dataSet: ctx.dataSetId, period: ctx.period, orgUnit: ctx.orgUnit })}`),
  ]);
  ctx.dataSet = dataSet;
  const form =
    dataSet.dataEntryForm && dataSet.dataEntryForm.htmlCode ? customForm(dataSet) : sectionForm(dataSet);
  for (const v of values.dataValues || []) {
    const input = form.querySelector(`#${CSS.escape(inputId(v.dataElement, v.categoryOptionCombo))}`);
    if (input) input.value = v.value;
  }
  form.addEventListener('change', (event) => {
    if (event.target.dataset && event.target.dataset.de) void saveValue(event.target, ctx, announce);
  });
  const completeButton = el('button', { type: 'button', id: 'complete' }, [t('complete')]);
  const incompleteButton = el('button', { type: 'button', id: 'incomplete', class: 'secondary' }, [
    t('incomplete'),
  ]);
  const panel = el('div', { class: 'completion' }, [
    el('p', { class: 'completion-state' }),
    completeButton,
    incompleteButton,
    el('div', { id: 'validation-results' }),
  ]);
  completeButton.addEventListener('click', () => void complete(ctx, panel, announce));
  incompleteButton.addEventListener('click', async () => {
    await api(
      `/completeDataSetRegistrations?${query({ ds: ctx.dataSet.id, pe: ctx.period, ou: ctx.orgUnit })}`,
      { method: 'DELETE' },
    );
    await showCompletion(ctx, panel);
  });
  area.replaceChildren(el('h2', { tabindex: '-1' }, [dataSet.displayName]), form, panel);
  await showCompletion(ctx, panel);
}

export async function renderDataEntry(main, me, announce) {
  main.append(el('h1', {}, [t('dataEntry')]));
  const list = await api('/dataSets?fields=id,displayName,periodType,organisationUnits[id]&paging=false');
  const visible = new Set(me.dataSets || []);
  const dataSets = (list.dataSets || []).filter((ds) => visible.size === 0 || visible.has(ds.id));
  const orgUnits = await entryOrgUnits(me, dataSets);
  if (orgUnits.length === 0) {
    main.append(el('p', {}, [t('noOrgUnits')]));
    return;
  }
  const ctx = { orgUnit: orgUnits[0].id };
  const area = el('div', { class: 'form-area' });
  const pickers = el('form', { class: 'toolbar pickers' });
  const [ouLabel, ouSelect] = select(
    'ou-select',
    t('orgUnit'),
    orgUnits.map((o) => ({
      value: o.id,
      label: o.parent ? `${o.displayName} (${o.parent.displayName})` : o.displayName,
    })),
    ctx.orgUnit,
  );
  const dsSlot = el('span', { class: 'picker' });
  const peSlot = el('span', { class: 'picker' });
  const openButton = el('button', { type: 'submit' }, [t('openForm')]);
  pickers.append(el('span', { class: 'picker' }, [ouLabel, ouSelect]), dsSlot, peSlot, openButton);
  main.append(pickers, area);
  const fillDataSets = () => {
    const here = dataSets.filter((ds) => (ds.organisationUnits || []).some((o) => o.id === ouSelect.value));
    if (here.length === 0) {
      dsSlot.replaceChildren(el('span', {}, [t('noDataSets')]));
      peSlot.replaceChildren();
      openButton.disabled = true;
      return;
    }
    openButton.disabled = false;
    const [dsLabel, dsSelect] = select(
      'ds-select',
      t('dataSet'),
      here.map((ds) => ({ value: ds.id, label: ds.displayName })),
      here[0].id,
    );
    const fillPeriods = () => {
      const ds = here.find((d) => d.id === dsSelect.value);
      const periods = recentPeriods(ds.periodType);
      peSlot.replaceChildren(
        ...select(
          'pe-select',
          t('period'),
          periods.map((p) => ({ value: p, label: p })),
          periods[0],
        ),
      );
    };
    dsSelect.addEventListener('change', fillPeriods);
    dsSlot.replaceChildren(dsLabel, dsSelect);
    fillPeriods();
  };
  ouSelect.addEventListener('change', fillDataSets);
  fillDataSets();
  pickers.addEventListener('submit', (event) => {
    event.preventDefault();
    ctx.orgUnit = ouSelect.value;
    ctx.dataSetId = main.querySelector('#ds-select').value;
    ctx.period = main.querySelector('#pe-select').value;
    void openForm(area, ctx, announce).then(() => area.querySelector('h2').focus());
  });
}
