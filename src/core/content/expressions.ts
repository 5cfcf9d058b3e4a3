import { InternalError } from '../../errors/index.js';
import { uid } from './builders.js';
import { cellsOf, type ComboSpec, type OptionFacts } from './category-model.js';

export type CellFilter = (facts: OptionFacts) => boolean;

export interface SumOptions {
  /** `.periodOffset(n)` on every term: the year before is -1. */
  periodOffset?: number;
}

const offset = (options: SumOptions) =>
  options.periodOffset ? `.periodOffset(${options.periodOffset})` : '';

/** `#{de}`: the total of a data element over all its option combos. */
export function total(deCode: string, options: SumOptions = {}): string {
  return `#{${uid('dataElements', deCode)}}${offset(options)}`;
}

/**
 * The sum of the option combos of a data element whose options satisfy `filter`, as explicit
 * `#{de.coc}` terms generated from the combo (never listed by hand). An empty selection is 0.
 */
export function sumCells(
  deCode: string,
  combo: ComboSpec,
  filter: CellFilter,
  options: SumOptions = {},
): string {
  const de = uid('dataElements', deCode);
  const terms = cellsOf(combo)
    .filter((cell) => filter(cell.facts))
    .map((cell) => `#{${de}.${cell.id}}${offset(options)}`);
  if (terms.length === 0) return '0';
  return terms.length === 1 ? terms[0]! : `(${terms.join(' + ')})`;
}

/** A data element of a table row: its combo (none = default) and what all its values mean. */
export interface RowElement {
  code: string;
  combo?: ComboSpec;
  facts: OptionFacts;
}

/**
 * The sum over several row elements (one per age, domain, grade group) of the cells whose row and
 * option facts together satisfy `filter`; no filter = every element's total. An empty sum is 0.
 */
export function sumRows(rows: RowElement[], filter?: CellFilter, options: SumOptions = {}): string {
  const terms = rows
    .map((row) => {
      if (!filter) return total(row.code, options);
      if (!row.combo) return filter(row.facts) ? total(row.code, options) : '0';
      return sumCells(row.code, row.combo, (facts) => filter({ ...row.facts, ...facts }), options);
    })
    .filter((term) => term !== '0');
  if (terms.length === 0) return '0';
  return terms.length === 1 ? terms[0]! : `(${terms.join(' + ')})`;
}

/** Cells whose every fact in `wanted` matches. */
export const where =
  (wanted: OptionFacts): CellFilter =>
  (facts) =>
    Object.entries(wanted).every(([key, value]) => value === undefined || facts[key] === value);

export const and =
  (...filters: CellFilter[]): CellFilter =>
  (facts) =>
    filters.every((f) => f(facts));

/**
 * Single ages lo..hi. Bands are never selected: the age category is generated so that every
 * official age is a single year, and a band inside the range would be a bug in the generator.
 */
export function agesBetween(lo: number, hi: number, range: { first: number; last: number }): CellFilter {
  if (lo < range.first || hi > range.last) {
    throw new InternalError(`ages ${lo}-${hi} fall outside the single ages ${range.first}-${range.last}`);
  }
  return (facts) =>
    facts.age !== undefined && facts.ageBand === undefined && facts.age >= lo && facts.age <= hi;
}

/** Ages at or above a threshold: the single ages from it and the open "and over" band. */
export function agesAtLeast(threshold: number, range: { first: number; last: number }): CellFilter {
  if (threshold < range.first || threshold > range.last + 1) {
    throw new InternalError(`age threshold ${threshold} falls outside ${range.first}-${range.last + 1}`);
  }
  return (facts) => facts.age !== undefined && facts.ageBand !== 'under' && facts.age >= threshold;
}
