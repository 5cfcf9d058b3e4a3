import { DEFAULT_CATEGORY_MODEL } from '../dhis2-model/rules.js';
import type { MetadataBundle, MetadataObject } from '../package/types.js';

/** What an option combo means, read from its options' codes (EDU_SEX_FEMALE, EDU_AGE_07, EDU_GRADE_ISCED1_03). */
export interface CellFacts {
  sex?: 'F' | 'M';
  age?: number;
  ageBand?: 'under' | 'over';
  grade?: number;
  /** ISCED level from a grade option ("1" from EDU_GRADE_ISCED1_03). */
  level?: string;
  /** Codes of the options without a known meaning (nationality, domain, subject...). */
  other: string[];
}

export interface SampleCell {
  coc: string;
  facts: CellFacts;
}

export interface SampleDataElement {
  id: string;
  code: string;
  name: string;
  valueType: string;
  zeroIsSignificant: boolean;
  /** ISCED level from the code (EDU_ISCED1_ENROLMENT -> "1"). */
  level?: string;
  cells: SampleCell[];
}

export interface SampleDataSet {
  id: string;
  code: string;
  name: string;
  periodType: string;
  /** Days after the period's end a completed form still counts as on time (DHIS2's default 15). */
  timelyDays: number;
  dataElements: SampleDataElement[];
}

export interface SampleValidationRule {
  id: string;
  code?: string;
  name: string;
  operator: string;
  left: { expression: string; missingValueStrategy?: string };
  right: { expression: string; missingValueStrategy?: string };
}

export interface SampleDataModel {
  dataSets: SampleDataSet[];
  rules: SampleValidationRule[];
  /** Data elements left out because their option combos are not in the packages. */
  skipped: string[];
}

const idOf = (value: unknown): string | undefined =>
  value && typeof value === 'object' && typeof (value as { id?: unknown }).id === 'string'
    ? (value as { id: string }).id
    : undefined;
const idsOf = (value: unknown): string[] => (Array.isArray(value) ? value.flatMap((v) => idOf(v) ?? []) : []);

/** Reads one option's meaning from its code, falling back to its name for sex. */
export function optionFacts(option: MetadataObject): Partial<CellFacts> {
  const code = (option.code ?? '').toUpperCase();
  const name = (option.name ?? '').toLowerCase();
  let m: RegExpMatchArray | null;
  if (/SEX_(F|FEMALE|GIRLS?)$/.test(code) || name === 'female') return { sex: 'F' };
  if (/SEX_(M|MALE|BOYS?)$/.test(code) || name === 'male') return { sex: 'M' };
  if ((m = code.match(/AGE_UNDER_(\d+)$/))) return { age: Number(m[1]) - 1, ageBand: 'under' };
  if ((m = code.match(/AGE_(\d+)_?PLUS$/))) return { age: Number(m[1]), ageBand: 'over' };
  if ((m = code.match(/AGE_(\d+)$/))) return { age: Number(m[1]) };
  if ((m = code.match(/GRADE_(?:ISCED(\d+)_)?0*(\d+)$/)))
    return { grade: Number(m[2]), ...(m[1] ? { level: m[1] } : {}) };
  return {};
}

function cellFacts(optionIds: string[], options: Map<string, MetadataObject>): CellFacts {
  const facts: CellFacts = { other: [] };
  for (const id of optionIds) {
    const option = options.get(id);
    if (!option) continue;
    const known = optionFacts(option);
    if (Object.keys(known).length === 0) facts.other.push(option.code ?? option.id ?? id);
    else Object.assign(facts, known);
  }
  return facts;
}

/** Census tables keep the age in the data element, one per row: EDU_ISCED1_ENROLMENT_AGE_07(_G1_4). */
function rowFactsOfCode(code: string): Partial<CellFacts> | undefined {
  const age = /_(AGE_(?:UNDER_\d+|\d+_PLUS|\d+))(?:_G\d+_\d+)?$/.exec(code.toUpperCase())?.[1];
  return age ? optionFacts({ code: age }) : undefined;
}

/** ISCED levels are written 02, 1, 2, 3 in codes (EDU_ISCED02_..., EDU_ISCED1_...). */
const levelOfCode = (code: string): string | undefined => code.toUpperCase().match(/ISCED(\d+)/)?.[1];

/**
 * The data sets, their data elements and option combos, and the validation rules of a set of
 * packages: what sample data is generated for and checked against. Option combos come from the
 * packages (shipped ones keep their UIDs on import); the default combo is DHIS2's own.
 */
export function buildSampleDataModel(bundle: MetadataBundle): SampleDataModel {
  const options = new Map((bundle.categoryOptions ?? []).flatMap((o) => (o.id ? [[o.id, o] as const] : [])));
  const cocsByCombo = new Map<string, SampleCell[]>();
  for (const coc of bundle.categoryOptionCombos ?? []) {
    const combo = idOf(coc.categoryCombo);
    if (!combo || !coc.id) continue;
    const list = cocsByCombo.get(combo) ?? [];
    list.push({ coc: coc.id, facts: cellFacts(idsOf(coc.categoryOptions), options) });
    cocsByCombo.set(combo, list);
  }
  const defaultCombo = DEFAULT_CATEGORY_MODEL.categoryCombos!;
  cocsByCombo.set(defaultCombo, [
    { coc: DEFAULT_CATEGORY_MODEL.categoryOptionCombos!, facts: { other: [] } },
  ]);

  const dataElements = new Map(
    (bundle.dataElements ?? []).flatMap((d) => (d.id ? [[d.id, d] as const] : [])),
  );
  const skipped = new Set<string>();
  const dataSets: SampleDataSet[] = [];
  for (const ds of bundle.dataSets ?? []) {
    if (!ds.id) continue;
    const elements: SampleDataElement[] = [];
    const members = Array.isArray(ds.dataSetElements) ? ds.dataSetElements : [];
    for (const member of members as unknown[]) {
      const de = dataElements.get(idOf((member as { dataElement?: unknown }).dataElement) ?? '');
      if (!de?.id) continue;
      const comboId = idOf(de.categoryCombo) ?? defaultCombo;
      const cells = cocsByCombo.get(comboId);
      if (!cells?.length) {
        skipped.add(de.code ?? de.id);
        continue;
      }
      const level = levelOfCode(de.code ?? '');
      const rowFacts = rowFactsOfCode(de.code ?? '');
      elements.push({
        id: de.id,
        code: de.code ?? de.id,
        name: de.name ?? de.id,
        valueType: typeof de.valueType === 'string' ? de.valueType : 'NUMBER',
        zeroIsSignificant: de.zeroIsSignificant === true,
        ...(level ? { level } : {}),
        cells: rowFacts ? cells.map((c) => ({ ...c, facts: { ...c.facts, ...rowFacts } })) : cells,
      });
    }
    dataSets.push({
      id: ds.id,
      code: ds.code ?? ds.id,
      name: ds.name ?? ds.id,
      periodType: typeof ds.periodType === 'string' ? ds.periodType : 'Yearly',
      timelyDays: typeof ds.timelyDays === 'number' ? ds.timelyDays : 15,
      dataElements: elements,
    });
  }
  const rules: SampleValidationRule[] = (bundle.validationRules ?? []).flatMap((r) => {
    const left = r.leftSide as SampleValidationRule['left'] | undefined;
    const right = r.rightSide as SampleValidationRule['right'] | undefined;
    if (!r.id || !left?.expression || !right?.expression || typeof r.operator !== 'string') return [];
    return [
      {
        id: r.id,
        ...(r.code ? { code: r.code } : {}),
        name: r.name ?? r.id,
        operator: r.operator,
        left,
        right,
      },
    ];
  });
  return { dataSets, rules, skipped: [...skipped].sort() };
}
