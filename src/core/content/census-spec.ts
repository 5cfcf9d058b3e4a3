import { readFileSync } from 'node:fs';
import { join as joinPath } from 'node:path';
import { parse } from 'yaml';
import { InternalError } from '../../errors/index.js';
import { SHIPPED_PACKAGES_DIR } from '../project-paths.js';
import { cellsOf, type ComboSpec, type OptionFacts, type OptionSpec } from './category-model.js';
import type { Dimensions } from './dimensions.js';
import type { IscedLevel } from './profile-types.js';
import { join, LEVEL_NAMES, LEVEL_TAGS, levelCode, t, type Text } from './text.js';

export type SectionKey = 'enrolment' | 'flows' | 'inclusion' | 'teachers' | 'infrastructure' | 'services';

export const SECTION_NAMES: Record<SectionKey, Text> = {
  enrolment: t('Enrolment by grade, age and sex'),
  flows: t('New entrants, repeaters and completers'),
  inclusion: t('Nationality and disability'),
  teachers: t('Teachers'),
  infrastructure: t('Classrooms, classes, textbooks and toilets'),
  services: t('Basic services (SDG 4.a.1)'),
};

export interface DataElementSpec {
  code: string;
  level: IscedLevel;
  concept: string;
  name: Text;
  shortName: Text;
  formName: Text;
  description: Text;
  combo?: ComboSpec;
  /** What every value of the element means whatever its option combo (age 7, a WG domain...). */
  facts: OptionFacts;
  valueType: 'INTEGER_ZERO_OR_POSITIVE' | 'BOOLEAN';
  section: SectionKey;
}

type RowKind = 'enrolmentAge' | 'entrantAge' | 'wgDomain';
type ColumnKind =
  'sex' | 'gradeSex' | 'nationalitySex' | 'difficultySex' | 'teachers' | 'subject' | 'toiletUsers';

/** One entry of packages-metadata/tables/census-data-elements.yaml. */
interface ConceptRow {
  key: string;
  levels: IscedLevel[];
  section: SectionKey;
  rows?: RowKind;
  columns?: ColumnKind;
  valueType?: 'BOOLEAN';
  /** Row labels on the form: the row alone (default), or "<short>, <row>" where rows share a table. */
  rowLabel?: 'row' | 'concept';
  name: string;
  short?: string;
  description: string;
}

export const CENSUS_TABLE = joinPath(SHIPPED_PACKAGES_DIR, 'tables', 'census-data-elements.yaml');

let concepts: ConceptRow[] | undefined;

/** The census concepts, read once from the shipped table (a packaging fault if it is broken). */
function censusConcepts(): ConceptRow[] {
  if (concepts) return concepts;
  const rows = parse(readFileSync(CENSUS_TABLE, 'utf8')) as ConceptRow[];
  for (const row of rows) {
    if (!row.key || !row.name || !row.description || !SECTION_NAMES[row.section] || !row.levels?.length) {
      throw new InternalError(
        `${CENSUS_TABLE}: entry ${row.key ?? '?'} lacks key, name, description, section or levels`,
      );
    }
  }
  return (concepts = rows);
}

function rowOptions(
  dims: Dimensions,
  level: IscedLevel,
  kind: RowKind | undefined,
): Array<OptionSpec | undefined> {
  if (kind === 'enrolmentAge') return dims.rows.enrolmentAge[level];
  if (kind === 'entrantAge') return dims.rows.entrantAge[level];
  if (kind === 'wgDomain') return dims.categories.disabilityDomain.options;
  return [undefined];
}

function columnCombos(
  dims: Dimensions,
  level: IscedLevel,
  kind: ColumnKind | undefined,
): Array<ComboSpec | undefined> {
  if (kind === undefined) return [undefined];
  if (kind === 'gradeSex') return dims.combos.gradeSex[level];
  const combos: Record<Exclude<ColumnKind, 'gradeSex'>, ComboSpec> = {
    sex: dims.combos.sex,
    nationalitySex: dims.combos.nationalitySex,
    difficultySex: dims.combos.difficultySex,
    teachers: dims.combos.teachers,
    subject: dims.combos.subject,
    toiletUsers: dims.combos.toiletUsers,
  };
  return [combos[kind]];
}

export const deCode = (level: IscedLevel, key: string): string => `EDU_${levelCode(level)}_${key}`;

/** Grade-group combos are coded EDU_GRADE_ISCED1_G1_4_SEX: their data elements end in _G1_4. */
const groupSuffix = (combo: ComboSpec | undefined, groups: number): string =>
  groups > 1 && combo ? (/(_G\d+_\d+)_SEX$/.exec(combo.code)?.[1] ?? '') : '';

const rowSuffix = (row: OptionSpec | undefined): string =>
  row ? `_${row.code.replace(/^EDU_(WG_)?/, '')}` : '';

/**
 * The census data elements of one level, in form order: per concept, one element per row option
 * (an age, a WG domain) and per column group, so no table holds impossible or too many columns.
 */
export function censusDataElements(dims: Dimensions, level: IscedLevel): DataElementSpec[] {
  const cached = specCache.get(dims)?.get(level);
  if (cached) return cached;
  const specs = censusConcepts()
    .filter((c) => c.levels.includes(level))
    .flatMap((c) => {
      const combos = columnCombos(dims, level, c.columns);
      return rowOptions(dims, level, c.rows).flatMap((row) =>
        combos
          .filter((combo) => possible(dims, level, row, combo))
          .map((combo) => elementSpec(c, level, row, combo, groupSuffix(combo, combos.length))),
      );
    });
  if (!specCache.has(dims)) specCache.set(dims, new Map());
  specCache.get(dims)!.set(level, specs);
  return specs;
}

// Formulas ask for the same level's elements many times: build them once per profile's dimensions.
const specCache = new WeakMap<Dimensions, Map<IscedLevel, DataElementSpec[]>>();

/** A row of a grade group exists only if some grade of the group can hold learners of its age. */
function possible(
  dims: Dimensions,
  level: IscedLevel,
  row: OptionSpec | undefined,
  combo: ComboSpec | undefined,
) {
  if (!row || !combo) return true;
  return cellsOf(combo).some(
    (cell) =>
      cell.facts.grade === undefined ||
      dims.plausible(level, cell.facts.grade, { ...row.facts, ...cell.facts }),
  );
}

function elementSpec(
  c: ConceptRow,
  level: IscedLevel,
  row: OptionSpec | undefined,
  combo: ComboSpec | undefined,
  group: string,
): DataElementSpec {
  const service = c.valueType === 'BOOLEAN';
  const name = service ? join(t(c.name), t(' available')) : t(c.name);
  const short = t(c.short ?? c.name);
  const rowName = row ? join(', ', row.name) : '';
  const grades = group ? ` ${group.slice(2).replace('_', '-')}` : '';
  const gradeText = grades ? join(t(', grades'), grades) : '';
  return {
    code: `${deCode(level, c.key)}${rowSuffix(row)}${group}`,
    level,
    concept: c.key,
    name: join('EDU - ', name, rowName, gradeText, ' (', LEVEL_NAMES[level], ')'),
    shortName: join(
      short,
      row ? join(' ', row.shortName) : '',
      grades ? ` G${grades.trim()}` : '',
      ' ',
      LEVEL_TAGS[level],
      ' (EDU)',
    ),
    // The form shows the row label where a concept has rows, the concept otherwise.
    formName: row ? join(c.rowLabel === 'concept' ? join(short, ', ') : '', row.name, gradeText) : name,
    description: service ? join(t('Yes if the school has: '), t(c.description)) : t(c.description),
    ...(combo ? { combo } : {}),
    facts: row?.facts ?? {},
    valueType: service ? 'BOOLEAN' : 'INTEGER_ZERO_OR_POSITIVE',
    section: c.section,
  };
}

/** The data elements of one concept of a level (all rows and grade groups). */
export function conceptElements(dims: Dimensions, level: IscedLevel, concept: string): DataElementSpec[] {
  const specs = censusDataElements(dims, level).filter((s) => s.concept === concept);
  if (specs.length === 0) throw new InternalError(`the census of ISCED ${level} has no ${concept}`);
  return specs;
}

export const censusDataSetCode = (level: IscedLevel): string => `EDU_${levelCode(level)}_CENSUS`;
