import { readFileSync } from 'node:fs';
import { join as joinPath } from 'node:path';
import { parse } from 'yaml';
import { InternalError } from '../../errors/index.js';
import { SHIPPED_PACKAGES_DIR } from '../project-paths.js';
import type { MetadataObject } from '../package/types.js';
import { ref, shipped } from './builders.js';
import { INDICATOR_TYPES, LEGEND_SETS } from './edu-core.js';
import {
  evaluate,
  fillCode,
  fillText,
  FormulaError,
  expandFormula,
  type Scope,
  type Value,
} from './formula-language.js';
import { ISCED_LEVELS, type IscedLevel, type Languages } from './profile-types.js';
import {
  FormulaContext,
  INDICATOR_GROUPS,
  indicatorCode,
  type IndicatorGroupKey,
  type IndicatorSpec,
  type Sex,
} from './sdg4-context.js';
import { bySex, scopedNames, type Scope as NameScope } from './sdg4-sex.js';
import { inLanguage, LEVEL_NAMES, LEVEL_TAGS, t } from './text.js';

export const INDICATOR_TABLE = joinPath(SHIPPED_PACKAGES_DIR, 'tables', 'indicators.yaml');

type IndicatorPackage = 'edu-sdg4' | 'edu-census';
const PACKAGES: readonly IndicatorPackage[] = ['edu-sdg4', 'edu-census'];
const packageOf = (row: IndicatorRow): IndicatorPackage => row.package ?? 'edu-sdg4';

/** A field that may differ by level: `{"02": GER_ECE, other: GER}`. */
type ByLevel<T> = T | Partial<Record<IscedLevel | 'other', T>>;

/** One entry of packages-metadata/tables/indicators.yaml (documented at the top of that file). */
interface IndicatorRow {
  /** The package shipping it: edu-sdg4 unless said. */
  package?: IndicatorPackage;
  key: ByLevel<string>;
  code: string;
  levels?: IscedLevel[];
  grades?: 'all' | 'allButLast';
  subjects?: 'all';
  for?: Array<Record<string, string | number>>;
  let?: Record<string, string>;
  scope?: { name: string; tag: string };
  bySex?: boolean;
  type?: IndicatorSpec['type'];
  name: ByLevel<string>;
  shortName: ByLevel<string>;
  description: ByLevel<string>;
  numerator: string;
  numeratorDescription: ByLevel<string>;
  denominator: string;
  denominatorDescription: ByLevel<string>;
  uisCode: ByLevel<string>;
  sdg: ByLevel<string>;
  group?: ByLevel<IndicatorGroupKey>;
  legend?: ByLevel<keyof typeof LEGEND_SETS>;
}

const REQUIRED = [
  'key',
  'code',
  'name',
  'shortName',
  'description',
  'numerator',
  'numeratorDescription',
  'denominator',
  'denominatorDescription',
  'uisCode',
  'sdg',
] as const;
const FIELDS = new Set<string>([
  ...REQUIRED,
  'package',
  'group',
  'levels',
  'grades',
  'subjects',
  'for',
  'let',
  'scope',
  'bySex',
  'type',
  'legend',
]);

const tables = new Map<string, IndicatorRow[]>();

/** The rows of an indicator table, read once (a broken shipped table is a packaging fault). */
function readTable(file: string): IndicatorRow[] {
  const cached = tables.get(file);
  if (cached) return cached;
  const rows = parse(readFileSync(file, 'utf8')) as IndicatorRow[];
  if (!Array.isArray(rows)) throw new InternalError(`${file}: expected a list of indicators`);
  rows.forEach((row, i) => {
    const where = `${file}: indicator ${row?.code ?? `#${i + 1}`}`;
    const missing = REQUIRED.filter((f) => row?.[f] === undefined);
    if (missing.length) throw new InternalError(`${where}: ${missing.join(', ')} missing`);
    const unknown = Object.keys(row).filter((f) => !FIELDS.has(f));
    if (unknown.length) throw new InternalError(`${where}: unknown field ${unknown.join(', ')}`);
    const badLevel = (row.levels ?? []).find((l) => !ISCED_LEVELS.includes(l));
    if (badLevel !== undefined)
      throw new InternalError(`${where}, levels: "${badLevel}" is not an ISCED level`);
    if (!row.levels && !row.scope)
      throw new InternalError(`${where}: an indicator without levels needs a scope`);
    if (row.package !== undefined && !PACKAGES.includes(row.package))
      throw new InternalError(`${where}, package: "${row.package}" is not one of ${PACKAGES.join(', ')}`);
    // edu-sdg4 files every indicator under an SDG 4 target group with a legend set; edu-census
    // ships neither, so a group or legend there would be silently dropped.
    if (packageOf(row) === 'edu-sdg4' && row.group === undefined)
      throw new InternalError(`${where}: group missing`);
    const ignored = (['group', 'legend'] as const).filter((f) => row[f] !== undefined);
    if (packageOf(row) === 'edu-census' && ignored.length)
      throw new InternalError(`${where}: edu-census indicators have no ${ignored.join(' or ')}`);
  });
  tables.set(file, rows);
  return rows;
}

/** One indicator of a row: its level, grade and other bindings. */
interface Instance {
  level?: IscedLevel;
  grade?: number;
  vars: Map<string, Value>;
}

function instances(row: IndicatorRow, ctx: FormulaContext): Instance[] {
  let out: Instance[] = (row.levels ?? [undefined]).map((level) => ({
    level,
    vars: new Map<string, Value>(level ? [['level', level]] : []),
  }));
  if (row.grades) {
    out = out.flatMap((inst) => {
      const last = ctx.profile.levels[inst.level!].duration - (row.grades === 'allButLast' ? 1 : 0);
      return Array.from({ length: last }, (_, i) => ({
        ...inst,
        grade: i + 1,
        vars: new Map(inst.vars).set('grade', i + 1),
      }));
    });
  }
  if (row.subjects) {
    const subjects = ctx.dims.categories.subject.options;
    out = out.flatMap((inst) =>
      subjects.map((s) => ({ ...inst, vars: new Map(inst.vars).set('subject', s) })),
    );
  }
  if (row.for) {
    const bindings = row.for;
    out = out.flatMap((inst) =>
      bindings.map((b) => ({ ...inst, vars: new Map([...inst.vars, ...Object.entries(b)]) })),
    );
  }
  return out;
}

function atLevel<T>(value: ByLevel<T>, level: IscedLevel | undefined): T {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const byLevel = value as Partial<Record<string, T>>;
  const chosen = (level ? byLevel[level] : undefined) ?? byLevel.other;
  if (chosen === undefined) throw new FormulaError(`no value for level ${level ?? '(none)'} and no "other"`);
  return chosen;
}

/** Runs `make` for one field, so that a mistake names the field. */
function inField<T>(field: string, make: () => T): T {
  try {
    return make();
  } catch (e) {
    // The vocabulary's own checks (ages the census records, concepts it has) are table mistakes here.
    if (e instanceof FormulaError || e instanceof InternalError)
      throw new FormulaError(`${field}: ${e.message}`);
    throw e;
  }
}

function oneOf<T extends string>(field: string, value: T, allowed: readonly string[]): T {
  if (!allowed.includes(value))
    throw new FormulaError(`${field}: "${value}" is not one of ${allowed.join(', ')}`);
  return value;
}

function specsOfRow(row: IndicatorRow, ctx: FormulaContext): IndicatorSpec[] {
  if (row.bySex !== undefined && typeof row.bySex !== 'boolean')
    throw new FormulaError('bySex: true or false');
  const type = oneOf('type', row.type ?? 'percent', ['percent', 'ratio', 'number']);
  return instances(row, ctx).flatMap((inst) => {
    const vars = new Map(inst.vars);
    for (const [name, source] of Object.entries(row.let ?? {})) {
      vars.set(
        name,
        inField(`let ${name}`, () => evaluate(String(source), { ctx, vars })),
      );
    }
    const scope: Scope = { ctx, vars };
    const field = (k: keyof IndicatorRow) =>
      inField(k, () => String(atLevel(row[k] as ByLevel<string>, inst.level)));
    const text = (k: keyof IndicatorRow) => inField(k, () => fillText(field(k), scope));
    const code = (k: keyof IndicatorRow) => inField(k, () => fillCode(field(k), scope));
    const nameScope: NameScope = inst.level
      ? { name: LEVEL_NAMES[inst.level], tag: LEVEL_TAGS[inst.level] }
      : { name: t(row.scope!.name), tag: t(row.scope!.tag) };
    const legend = row.legend && oneOf('legend', field('legend'), Object.keys(LEGEND_SETS));
    const spec = {
      ...(inst.level ? { level: inst.level } : {}),
      ...(inst.grade ? { grade: inst.grade } : {}),
      code: inst.level ? indicatorCode(inst.level, code('code')) : code('code'),
      key: code('key'),
      description: text('description'),
      numeratorDescription: text('numeratorDescription'),
      denominatorDescription: text('denominatorDescription'),
      type,
      decimals: type === 'number' ? 0 : 1,
      uisCode: code('uisCode'),
      sdg: field('sdg'),
      ...(row.group
        ? { group: oneOf('group', field('group'), Object.keys(INDICATOR_GROUPS)) as IndicatorGroupKey }
        : {}),
      ...(legend ? { legend: legend as keyof typeof LEGEND_SETS } : {}),
    };
    const parts = (sex?: Sex) => {
      const sexed = { ...scope, sex };
      return {
        num: inField('numerator', () => expandFormula(row.numerator, sexed)),
        den: inField('denominator', () => expandFormula(row.denominator, sexed)),
      };
    };
    const names = { name: text('name'), shortName: text('shortName'), scope: nameScope };
    if (row.bySex) return bySex(names, parts, spec);
    const { num, den } = parts();
    return [
      { ...spec, ...scopedNames(nameScope, names.name, names.shortName), numerator: num, denominator: den },
    ];
  });
}

/** The indicators one package ships for a profile, in table order, formulas from its facts. */
export function indicatorsFromTable(
  ctx: FormulaContext,
  { package: name = 'edu-sdg4', file = INDICATOR_TABLE }: { package?: IndicatorPackage; file?: string } = {},
): IndicatorSpec[] {
  const rows = readTable(file).filter((row) => packageOf(row) === name);
  return rows.flatMap((row) => {
    try {
      return specsOfRow(row, ctx);
    } catch (e) {
      if (!(e instanceof FormulaError)) throw e;
      throw new InternalError(`${file}: indicator ${row.code}: ${e.message}`);
    }
  });
}

/** The DHIS2 indicator of a spec; `extra` adds package-specific fields (legend sets, attributes). */
export function indicatorObject(
  spec: IndicatorSpec,
  lang: Languages,
  extra: Record<string, unknown> = {},
): MetadataObject {
  return shipped(
    'indicators',
    spec.code,
    lang,
    { name: spec.name, shortName: spec.shortName, description: spec.description },
    {
      annualized: false,
      decimals: spec.decimals,
      indicatorType: ref('indicatorTypes', INDICATOR_TYPES[spec.type]),
      numerator: spec.numerator,
      numeratorDescription: inLanguage(spec.numeratorDescription, lang.main),
      denominator: spec.denominator,
      denominatorDescription: inLanguage(spec.denominatorDescription, lang.main),
      ...extra,
    },
  );
}
