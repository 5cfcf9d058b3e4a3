import { CellStore } from './cell-store.js';
import { checkRule, prepareRule, type PreparedRule } from './rule-check.js';
import { repairCells } from './rule-repair.js';
import type { SampleDataElement, SampleDataModel } from './sample-data-model.js';
import { areaProfile, baseCellValue, seededRandom, type LevelStructure } from './sample-values.js';

/** Which org units report a data set (after post-install assignment). */
export interface SampleAssignment {
  dataSet: string;
  orgUnits: string[];
}

export interface SampleDataOptions {
  /** Calendar years to fill, e.g. [2023, 2024, 2025]. */
  years: number[];
  levels: LevelStructure;
  /** Same seed, same values: two runs against two sandboxes give the same numbers. */
  seed?: string;
  /**
   * Org unit -> its parent, for every org unit: schools of one district share its profile, and a
   * district's population is sized by the schools under it.
   */
  parents?: ReadonlyMap<string, string>;
}

/** One value as POST /api/dataValueSets takes it. */
export interface DataValue {
  dataElement: string;
  period: string;
  orgUnit: string;
  categoryOptionCombo: string;
  value: string;
}

export interface RuleFailure {
  rule: string;
  orgUnit: string;
  period: string;
  left: number | null;
  right: number | null;
}

export interface RuleSummary {
  /** Rule evaluations (rule x org unit x period). */
  checked: number;
  passed: number;
  skipped: number;
  failed: number;
  failures: RuleFailure[];
}

export interface SampleData {
  dataValues: DataValue[];
  rules: RuleSummary;
  notes: string[];
}

// Yearly and financial-year periods are all a yearly dashboard needs; others are left empty.
export const PERIOD_SUFFIX: Readonly<Record<string, string>> = {
  Yearly: '',
  FinancialApril: 'April',
  FinancialJuly: 'July',
  FinancialOct: 'Oct',
  FinancialNov: 'Nov',
};

/**
 * For each reporting org unit above others (a district reporting population over its schools),
 * the summed size of the reporting leaves under it.
 */
function catchments(
  reporting: Iterable<string>,
  parents: ReadonlyMap<string, string>,
  sizeOf: (orgUnit: string) => number,
): Map<string, number> {
  const chains = new Map<string, string[]>();
  for (const orgUnit of reporting) {
    const chain: string[] = [];
    for (let p = parents.get(orgUnit); p && !chain.includes(p); p = parents.get(p)) chain.push(p);
    chains.set(orgUnit, chain);
  }
  const above = new Set([...chains.values()].flat());
  const sums = new Map<string, number>();
  for (const [leaf, chain] of chains) {
    if (above.has(leaf)) continue;
    for (const a of chain) sums.set(a, (sums.get(a) ?? 0) + sizeOf(leaf));
  }
  return sums;
}

const isBoolean = (de: SampleDataElement) => de.valueType === 'BOOLEAN' || de.valueType === 'TRUE_ONLY';

/**
 * Plausible data for every assigned org unit and year: first guesses per cell, adjusted until
 * the packages' validation rules hold, then every rule evaluated again on exactly the values that
 * will be sent — the summary is the proof, not a promise.
 */
export function generateSampleData(
  model: SampleDataModel,
  assignments: readonly SampleAssignment[],
  options: SampleDataOptions,
): SampleData {
  const notes = model.skipped.length ? [`no option combos for ${model.skipped.join(', ')}: left empty`] : [];
  // org unit -> period type -> data elements reported there
  const work = new Map<string, Map<string, Map<string, SampleDataElement>>>();
  for (const { dataSet, orgUnits } of assignments) {
    const ds = model.dataSets.find((d) => d.id === dataSet || d.code === dataSet);
    if (!ds) continue;
    if (PERIOD_SUFFIX[ds.periodType] === undefined) {
      notes.push(`${ds.code}: ${ds.periodType} periods are not generated`);
      continue;
    }
    for (const ou of orgUnits) {
      const byType = work.get(ou) ?? new Map<string, Map<string, SampleDataElement>>();
      const des = byType.get(ds.periodType) ?? new Map<string, SampleDataElement>();
      for (const de of ds.dataElements) des.set(de.id, de);
      byType.set(ds.periodType, des);
      work.set(ou, byType);
    }
  }
  const dataValues: DataValue[] = [];
  const summary: RuleSummary = { checked: 0, passed: 0, skipped: 0, failed: 0, failures: [] };
  const prepared = model.rules.map(prepareRule);
  const rulesCache = new Map<string, PreparedRule[]>();
  const seed = options.seed ?? 'edupkg';
  // A school is big or small every year alike.
  const sizeOf = (orgUnit: string) => 0.6 + 0.8 * seededRandom(`${seed}:${orgUnit}`)();
  const catchment = catchments(work.keys(), options.parents ?? new Map(), sizeOf);
  for (const [orgUnit, byType] of [...work].sort(([a], [b]) => a.localeCompare(b))) {
    const size = sizeOf(orgUnit);
    const area = areaProfile(seed, options.parents?.get(orgUnit) ?? orgUnit);
    for (const [periodType, des] of byType) {
      const elements = [...des.values()];
      const ids = new Set(elements.map((d) => d.id));
      const key = [...ids].sort().join(',');
      // Only rules reading at least one of these data elements can say anything about this org unit.
      const rules =
        rulesCache.get(key) ?? prepared.filter((p) => [...p.dataElements].some((de) => ids.has(de)));
      rulesCache.set(key, rules);
      const zeroStored = new Set(
        elements.filter((d) => d.zeroIsSignificant || isBoolean(d)).map((d) => d.id),
      );
      options.years.forEach((year, yearIndex) => {
        const period = `${year}${PERIOD_SUFFIX[periodType]}`;
        const random = seededRandom(`${seed}:${orgUnit}:${period}`);
        const cells = new CellStore(zeroStored);
        for (const de of elements) {
          for (const cell of de.cells)
            cells.set(
              de.id,
              cell.coc,
              baseCellValue(de, cell, {
                random,
                size,
                levels: options.levels,
                yearIndex,
                area,
                catchment: catchment.get(orgUnit),
                steady: (key) => seededRandom(`${seed}:${orgUnit}:${key}`)(),
              }),
            );
        }
        repairCells(rules, cells);
        for (const rule of rules) {
          const check = checkRule(rule, cells.stored(rule.reads));
          summary.checked++;
          summary[check.verdict]++;
          if (check.verdict === 'failed' && summary.failures.length < 20) {
            summary.failures.push({
              rule: rule.rule.code ?? rule.rule.id,
              orgUnit,
              period,
              left: check.left,
              right: check.right,
            });
          }
        }
        for (const de of elements) {
          for (const cell of de.cells) {
            const value = cells.storedValue(de.id, cell.coc);
            if (value === undefined) continue;
            dataValues.push({
              dataElement: de.id,
              period,
              orgUnit,
              categoryOptionCombo: cell.coc,
              value: isBoolean(de) ? String(value === 1) : String(value),
            });
          }
        }
      });
    }
  }
  return { dataValues, rules: summary, notes };
}
