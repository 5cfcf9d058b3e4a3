import { DEFAULT_CATEGORY_MODEL } from '../dhis2-model/rules.js';
import { uid } from './builders.js';
import { cellsOf, type ComboSpec, type OptionFacts } from './category-model.js';
import { censusDataElements, SECTION_NAMES, type DataElementSpec, type SectionKey } from './census-spec.js';
import type { Dimensions } from './dimensions.js';
import type { IscedLevel } from './profile-types.js';
import { inLanguage, type Text } from './text.js';
import { escapeMarkup } from '../../output/markup.js';

/** One entry cell of a form: a data element and option combo, and whether a clerk may fill it. */
export interface FormCell {
  dataElement: string;
  optionCombo: string;
  /** Row and option facts together: age, grade, sex... */
  facts: OptionFacts;
  enterable: boolean;
}

/** A table as DHIS2 draws a section: consecutive data elements of one combo, a row each. */
export interface FormTable {
  combo?: ComboSpec;
  rows: Array<{ element: DataElementSpec; cells: FormCell[] }>;
}

export interface FormSection {
  key: SectionKey;
  name: Text;
  tables: FormTable[];
}

/**
 * The census form of a level, section by section: the single model behind the section form's
 * greyed fields, the custom HTML form and the preview in `edupkg docs`.
 */
export function censusFormLayout(dims: Dimensions, level: IscedLevel): FormSection[] {
  const specs = censusDataElements(dims, level);
  const keys = [...new Set(specs.map((s) => s.section))];
  return keys.map((key) => {
    const tables: FormTable[] = [];
    for (const element of specs.filter((s) => s.section === key)) {
      const last = tables[tables.length - 1];
      const row = { element, cells: cellsOfElement(dims, level, element) };
      if (last && last.combo?.code === element.combo?.code) last.rows.push(row);
      else tables.push({ ...(element.combo ? { combo: element.combo } : {}), rows: [row] });
    }
    return { key, name: SECTION_NAMES[key], tables };
  });
}

function cellsOfElement(dims: Dimensions, level: IscedLevel, element: DataElementSpec): FormCell[] {
  const dataElement = uid('dataElements', element.code);
  if (!element.combo) {
    const optionCombo = DEFAULT_CATEGORY_MODEL.categoryOptionCombos!;
    return [{ dataElement, optionCombo, facts: element.facts, enterable: true }];
  }
  return cellsOf(element.combo).map((cell) => {
    const facts = { ...element.facts, ...cell.facts };
    // Only enrolment crosses age with grade; elsewhere every combination is possible.
    const enterable =
      facts.grade === undefined || facts.age === undefined || dims.plausible(level, facts.grade, facts);
    return { dataElement, optionCombo: cell.id, facts, enterable };
  });
}

/** Enterable columns of a table: DHIS2 draws one per option combo. */
export const tableWidth = (table: FormTable): number => table.rows[0]?.cells.length ?? 0;

/** Header rows as DHIS2 draws a combo: one row per category, each option spanning the ones below. */
function headerRows(table: FormTable, language: string): string {
  const categories = table.combo?.categories ?? [];
  if (categories.length === 0) return '<tr><th></th><th>Value</th></tr>';
  let repeat = 1;
  return categories
    .map((category, i) => {
      const span = categories.slice(i + 1).reduce((n, c) => n * c.options.length, 1);
      const cells = Array.from({ length: repeat }, () =>
        category.options.map(
          (o) => `<th colspan="${span}">${escapeMarkup(inLanguage(o.formName ?? o.name, language))}</th>`,
        ),
      ).flat();
      repeat *= category.options.length;
      return `<tr>${i === 0 ? `<th rowspan="${categories.length}"></th>` : ''}${cells.join('')}</tr>`;
    })
    .join('');
}

/**
 * DHIS2's custom form format: `<input id="{de}-{coc}-val" name="entryfield">` per enterable cell,
 * a grey empty cell where the combination is impossible. Top to bottom, section by section.
 */
export function customFormHtml(sections: FormSection[], language: string): string {
  const body = sections.map((section) => {
    const tables = section.tables.map((table) => {
      const rows = table.rows.map(({ element, cells }) => {
        const label = escapeMarkup(inLanguage(element.formName, language));
        const tds = cells.map((c) =>
          c.enterable
            ? `<td><input id="${c.dataElement}-${c.optionCombo}-val" name="entryfield" title="${label}" /></td>`
            : '<td class="edu-greyed"></td>',
        );
        return `<tr><td class="edu-label">${label}</td>${tds.join('')}</tr>`;
      });
      return `<table class="edu-table"><thead>${headerRows(table, language)}</thead><tbody>${rows.join('')}</tbody></table>`;
    });
    return `<div class="edu-section"><h3>${escapeMarkup(inLanguage(section.name, language))}</h3>${tables.join('')}</div>`;
  });
  return `<style>${FORM_CSS}</style><div class="edu-form">${body.join('')}</div>`;
}

/** Close to DHIS2's data entry screen: blue section bars, bordered inputs, hatched grey cells. */
export const FORM_CSS =
  '.edu-form{font-family:Roboto,system-ui,sans-serif;font-size:13px;color:#212934}' +
  '.edu-section h3{background:#2c6693;color:#fff;margin:16px 0 0;padding:8px 12px;font-size:14px;font-weight:500}' +
  '.edu-table{border-collapse:collapse;margin:0 0 8px;background:#fff}' +
  '.edu-table th{background:#e8edf2;border:1px solid #c4c9cc;padding:4px 6px;font-weight:500;text-align:center}' +
  '.edu-table td{border:1px solid #c4c9cc;padding:2px}' +
  '.edu-table td.edu-label{padding:4px 8px;min-width:14em;background:#f8f9fa}' +
  '.edu-table input{width:4.5em;border:1px solid #a0adba;border-radius:3px;padding:3px;font-size:13px}' +
  '.edu-table td.edu-greyed{background:repeating-linear-gradient(45deg,#d5dde5,#d5dde5 4px,#e8edf2 4px,#e8edf2 8px);min-width:4.5em}';
