// Builds a data set's entry form: DHIS2's section form (one table per data element, the last
// category across, the others down) or the data set's own custom HTML form.
import { el } from './charts.js';
import { t } from './i18n.js';

const NUMERIC = new Set([
  'NUMBER',
  'INTEGER',
  'INTEGER_POSITIVE',
  'INTEGER_NEGATIVE',
  'INTEGER_ZERO_OR_POSITIVE',
  'PERCENTAGE',
  'UNIT_INTERVAL',
]);

export const inputId = (de, coc) => `${de}-${coc}-val`;

/** The value DHIS2 would refuse for this value type, as a message; undefined when it is fine. */
export function valueProblem(valueType, value) {
  if (value === '' || !NUMERIC.has(valueType)) return undefined;
  if (!/^-?\d+(\.\d+)?$/.test(value.trim())) return t('notNumber');
  if (valueType.startsWith('INTEGER') && !/^-?\d+$/.test(value.trim())) return t('notInteger');
  if (valueType === 'INTEGER_ZERO_OR_POSITIVE' && Number(value) < 0) return t('notInteger');
  return undefined;
}

function configure(input, de, coc, label) {
  input.id = inputId(de.id, coc.id);
  input.dataset.de = de.id;
  input.dataset.coc = coc.id;
  input.dataset.valueType = de.valueType || 'TEXT';
  input.dataset.label = label;
  if (!input.getAttribute('aria-label') && !input.labels?.length) input.setAttribute('aria-label', label);
  return input;
}

function fieldFor(de, coc, label) {
  if (de.valueType === 'BOOLEAN' || de.valueType === 'TRUE_ONLY') {
    const select = el('select');
    select.append(el('option', { value: '' }, ['']), el('option', { value: 'true' }, [t('yes')]));
    if (de.valueType === 'BOOLEAN') select.append(el('option', { value: 'false' }, [t('no')]));
    return configure(select, de, coc, label);
  }
  const input = el('input', { type: 'text', autocomplete: 'off', class: 'entry' });
  if (NUMERIC.has(de.valueType)) input.setAttribute('inputmode', 'numeric');
  return configure(input, de, coc, label);
}

const isDefaultCombo = (cc) =>
  !cc || (cc.categories || []).every((c) => c.displayName === 'default' || c.name === 'default');

/** One table per disaggregated data element; default-combo elements as labelled single fields. */
function elementBlock(de, greyed) {
  const name = de.displayFormName || de.displayName;
  const cc = de.categoryCombo;
  if (isDefaultCombo(cc)) {
    const coc = (cc && cc.categoryOptionCombos && cc.categoryOptionCombos[0]) || { id: 'HllvX50cXC0' };
    const field = fieldFor(de, coc, name);
    field.disabled = greyed.has(`${de.id}.${coc.id}`);
    return el('div', { class: 'field' }, [el('label', { for: field.id }, [name]), field]);
  }
  const categories = cc.categories;
  const across = categories[categories.length - 1];
  const down = categories.slice(0, -1);
  const rows = down.reduce(
    (acc, c) => acc.flatMap((combo) => c.categoryOptions.map((o) => [...combo, o])),
    [[]],
  );
  const cocOf = (options) => {
    const wanted = options
      .map((o) => o.id)
      .sort()
      .join();
    return cc.categoryOptionCombos.find(
      (coc) =>
        coc.categoryOptions
          .map((o) => o.id)
          .sort()
          .join() === wanted,
    );
  };
  const head = el('tr', {}, [
    ...down.map((c) => el('th', { scope: 'col' }, [c.displayName])),
    ...across.categoryOptions.map((o) => el('th', { scope: 'col' }, [o.displayName])),
  ]);
  const body = rows.map((options) =>
    el('tr', {}, [
      ...options.map((o) => el('th', { scope: 'row' }, [o.displayName])),
      ...across.categoryOptions.map((col) => {
        const coc = cocOf([...options, col]);
        if (!coc) return el('td', { class: 'greyed' });
        const label = [name, ...options.map((o) => o.displayName), col.displayName].join(', ');
        const field = fieldFor(de, coc, label);
        field.disabled = greyed.has(`${de.id}.${coc.id}`);
        return el('td', {}, [field]);
      }),
    ]),
  );
  return el('div', { class: 'scroll' }, [
    el('table', { class: 'entry-table' }, [
      el('caption', {}, [name]),
      el('thead', {}, [head]),
      el('tbody', {}, body),
    ]),
  ]);
}

export function sectionForm(dataSet) {
  const elements = new Map(dataSet.dataSetElements.map((e) => [e.dataElement.id, e.dataElement]));
  const sections = (dataSet.sections || []).length
    ? dataSet.sections.slice().sort((a, b) => (a.sortOrder || 0) - (b.sortOrder || 0))
    : [{ displayName: dataSet.displayName, dataElements: [...elements.values()], greyedFields: [] }];
  const form = el('div', { class: 'section-form' });
  for (const section of sections) {
    const greyed = new Set(
      (section.greyedFields || []).map(
        (g) => `${g.dataElement && g.dataElement.id}.${g.categoryOptionCombo && g.categoryOptionCombo.id}`,
      ),
    );
    const fieldset = el('fieldset', {}, [el('legend', {}, [section.displayName])]);
    for (const ref of section.dataElements || []) {
      const de = elements.get(ref.id);
      if (de) fieldset.append(elementBlock(de, greyed));
    }
    form.append(fieldset);
  }
  return form;
}

/** The data set's custom HTML form, its `{de}-{coc}-val` inputs wired like section form fields. */
export function customForm(dataSet) {
  const elements = new Map(dataSet.dataSetElements.map((e) => [e.dataElement.id, e.dataElement]));
  const form = el('div', { class: 'custom-form' });
  form.innerHTML = dataSet.dataEntryForm.htmlCode;
  for (const input of form.querySelectorAll('input[id$="-val"], select[id$="-val"], textarea[id$="-val"]')) {
    const [deId, cocId] = input.id.split('-');
    const de = elements.get(deId);
    if (!de) continue;
    const coc = ((de.categoryCombo && de.categoryCombo.categoryOptionCombos) || []).find(
      (c) => c.id === cocId,
    ) || { id: cocId };
    configure(
      input,
      de,
      coc,
      input.title || [de.displayFormName || de.displayName, coc.displayName].filter(Boolean).join(', '),
    );
  }
  return form;
}
