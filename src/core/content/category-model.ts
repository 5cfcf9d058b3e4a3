import type { MetadataObject } from '../package/types.js';
import { named, ref, shipped, uid } from './builders.js';
import type { Languages } from './profile-types.js';
import { join, type Text } from './text.js';

/** What a category option means, so formulas can select option combos by meaning, never by hand. */
export interface OptionFacts {
  sex?: 'M' | 'F';
  /** Single age, or the bound of an under/over band. */
  age?: number;
  ageBand?: 'under' | 'over';
  grade?: number;
  trained?: boolean;
  qualified?: boolean;
  [fact: string]: string | number | boolean | undefined;
}

export interface OptionSpec {
  code: string;
  name: Text;
  shortName: Text;
  formName?: Text;
  facts: OptionFacts;
}

export interface CategorySpec {
  code: string;
  name: Text;
  shortName: Text;
  options: OptionSpec[];
}

export interface ComboSpec {
  code: string;
  name: Text;
  categories: CategorySpec[];
}

/** One option combo of a combo: its options (in category order) and their merged facts. */
export interface ComboCell {
  id: string;
  options: OptionSpec[];
  facts: OptionFacts;
}

/**
 * COC UIDs are derived from the combo code and option codes, and shipped explicitly: DHIS2 keeps
 * imported COCs that match a combo's option sets, so `#{de.coc}` references stay valid.
 */
export function cellsOf(combo: ComboSpec): ComboCell[] {
  let rows: OptionSpec[][] = [[]];
  for (const category of combo.categories) {
    rows = rows.flatMap((row) => category.options.map((option) => [...row, option]));
  }
  return rows.map((options) => ({
    id: uid('categoryOptionCombos', `${combo.code}:${options.map((o) => o.code).join(':')}`),
    options,
    facts: Object.assign({}, ...options.map((o) => o.facts)) as OptionFacts,
  }));
}

export function categoryOptionObject(option: OptionSpec, language: Languages): MetadataObject {
  return shipped('categoryOptions', option.code, language, {
    name: option.name,
    shortName: option.shortName,
    ...(option.formName ? { formName: option.formName } : {}),
  });
}

export function categoryObject(category: CategorySpec, language: Languages): MetadataObject {
  return shipped(
    'categories',
    category.code,
    language,
    { name: category.name, shortName: category.shortName },
    {
      dataDimension: true,
      dataDimensionType: 'DISAGGREGATION',
      categoryOptions: category.options.map((o) => ref('categoryOptions', o.code)),
    },
  );
}

export function comboObject(combo: ComboSpec, language: Languages): MetadataObject {
  return shipped(
    'categoryCombos',
    combo.code,
    language,
    { name: combo.name },
    {
      dataDimensionType: 'DISAGGREGATION',
      skipTotal: false,
      categories: combo.categories.map((c) => ref('categories', c.code)),
    },
  );
}

/** DHIS2 names an option combo "option, option, ..." in category order; we ship the same. */
export function comboCellObjects(combo: ComboSpec, language: Languages): MetadataObject[] {
  return cellsOf(combo).map((cell) => ({
    id: cell.id,
    ...named(language, { name: join(...cell.options.flatMap((o, i) => (i ? [', ', o.name] : [o.name]))) }),
    categoryCombo: ref('categoryCombos', combo.code),
    categoryOptions: cell.options.map((o) => ref('categoryOptions', o.code)),
    ignoreApproval: false,
  }));
}
