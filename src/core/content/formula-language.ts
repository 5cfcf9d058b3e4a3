import { uid } from './builders.js';
import type { OptionSpec } from './category-model.js';
import { schoolsOfLevelGroup } from './edu-core.js';
import { agesAtLeast, and, sumRows, where, type CellFilter } from './expressions.js';
import { examDe, NATIONAL_DE, tertiaryAges, type ExamConcept } from './national-data.js';
import { ISCED_LEVELS, intendedAge, officialEndAge, type IscedLevel } from './profile-types.js';
import type { FormulaContext, Sex } from './sdg4-context.js';
import { LEVEL_NAMES, LEVEL_TAGS, same, t, type Text } from './text.js';

/**
 * The words the indicator table's formulas and texts are written in. A formula is a DHIS2
 * expression in which terms (`enrolment(level, grade: 1)`) stand for the `#{uid.coc}` sums of the
 * profile's data elements; everything else (operators, numbers, `if`, `isNull`) is copied as is.
 * Term arguments and `{...}` in texts are small expressions over the profile's facts.
 */

export interface Range {
  lo: number;
  hi: number;
}

export type Value = number | string | boolean | Range | Text | OptionSpec;

/** What names mean where a formula or text is evaluated. `sex` is set for a by-sex variant. */
export interface Scope {
  ctx: FormulaContext;
  vars: ReadonlyMap<string, Value>;
  sex?: Sex;
}

/** A mistake in the table, reported by the reader with the file, indicator and field. */
export class FormulaError extends Error {}

const LEVEL_WORDS: Record<string, IscedLevel> = {
  preprimary: '02',
  primary: '1',
  lowerSecondary: '2',
  upperSecondary: '3',
};
const CONSTANTS: Record<string, Value> = { ...LEVEL_WORDS, F: 'F', M: 'M', yes: true, no: false };

const isRange = (v: Value): v is Range => typeof v === 'object' && 'lo' in v && 'hi' in v;
const isOption = (v: Value): v is OptionSpec => typeof v === 'object' && 'code' in v && 'facts' in v;
const isText = (v: Value): v is Text => typeof v === 'object' && 'en' in v && !isOption(v);

function describe(v: Value): string {
  if (isRange(v)) return `${v.lo}..${v.hi}`;
  if (isOption(v)) return v.code;
  if (typeof v === 'object') return JSON.stringify(v.en);
  return String(v);
}

export function asNumber(v: Value, what: string): number {
  if (typeof v !== 'number') throw new FormulaError(`${what} must be a number, not ${describe(v)}`);
  return v;
}

export function asLevel(v: Value, what: string): IscedLevel {
  if (typeof v !== 'string' || !ISCED_LEVELS.includes(v as IscedLevel)) {
    throw new FormulaError(`${what} must be an ISCED level (${ISCED_LEVELS.join(', ')}), not ${describe(v)}`);
  }
  return v as IscedLevel;
}

/** A name such as a census concept (CLASSES) or a national data element (gdp). */
function asName(v: Value, what: string): string {
  if (typeof v !== 'string') throw new FormulaError(`${what} must be a name, not ${describe(v)}`);
  return v;
}

const asRange = (v: Value, what: string): Range =>
  isRange(v) ? v : { lo: asNumber(v, what), hi: asNumber(v, what) };

function asOption(v: Value, what: string): OptionSpec {
  if (!isOption(v)) throw new FormulaError(`${what} must be a category option, not ${describe(v)}`);
  return v;
}

function asSex(v: Value | undefined, fallback: Sex | undefined): Sex | undefined {
  if (v === undefined) return fallback;
  if (v !== 'F' && v !== 'M') throw new FormulaError(`sex must be F or M, not ${describe(v)}`);
  return v;
}

/** A value shown in a text: strings are source texts to translate, numbers are the same everywhere. */
export function asText(v: Value): Text {
  if (typeof v === 'string') return t(v);
  if (typeof v === 'number') return same(String(v));
  if (isOption(v)) return v.name;
  if (isText(v)) return v;
  throw new FormulaError(`${describe(v)} cannot be shown in a text`);
}

/** Facts of the profile, usable in term arguments, `let` and `{...}` in texts. */
const FUNCTIONS: Record<string, (scope: Scope, ...args: Value[]) => Value> = {
  entry: (s, level) => s.ctx.profile.levels[asLevel(level, 'entry()')].entryAge,
  end: (s, level) => officialEndAge(s.ctx.profile.levels[asLevel(level, 'end()')]),
  /** The last grade of a level (its duration). */
  last: (s, level) => s.ctx.profile.levels[asLevel(level, 'last()')].duration,
  /** The intended age of a grade. */
  age: (s, level, grade) =>
    intendedAge(s.ctx.profile.levels[asLevel(level, 'age()')], asNumber(grade, 'age() grade')),
  next: (_, level) => {
    const i = ISCED_LEVELS.indexOf(asLevel(level, 'next()'));
    if (i === ISCED_LEVELS.length - 1) throw new FormulaError('next(): upper secondary is the last level');
    return ISCED_LEVELS[i + 1]!;
  },
  tertiaryAges: (s) => tertiaryAges(s.ctx.profile),
  from: (_, range) => asRange(range, 'from()').lo,
  to: (_, range) => asRange(range, 'to()').hi,
  /** Two-digit grade numbers in codes: RR_G03. */
  pad: (_, n) => String(asNumber(n, 'pad()')).padStart(2, '0'),
  levelName: (_, level) => LEVEL_NAMES[asLevel(level, 'levelName()')],
  levelTag: (_, level) => LEVEL_TAGS[asLevel(level, 'levelTag()')],
  aged: (_, lo, hi) => {
    const a = asNumber(lo, 'aged()');
    const b = hi === undefined ? a : asNumber(hi, 'aged()');
    return a === b ? t('aged {n}', { n: a }) : t('aged {lo}-{hi}', { lo: a, hi: b });
  },
  gradeLabel: (s, level, grade) => s.ctx.gradeLabel(asLevel(level, 'gradeLabel()'), asNumber(grade, 'grade')),
  subjectName: (_, subject) => asOption(subject, 'subjectName()').name,
  subjectShort: (_, subject) => {
    const option = asOption(subject, 'subjectShort()');
    return option.shortName ?? option.name;
  },
  /** EDU_SUBJECT_MATHS -> MATHS, for codes. */
  subjectKey: (_, subject) => asOption(subject, 'subjectKey()').code.replace('EDU_SUBJECT_', ''),
};

/** Tokens of an argument or `{...}` expression: numbers, names, 'quoted texts', punctuation. */
function tokenize(source: string): string[] {
  const tokens = source.match(/\d+|[A-Za-z_]\w*|'[^']*'|\.\.|[-+*(),]|\S/g) ?? [];
  const bad = tokens.find((tok) => !/^(\d+|[A-Za-z_]\w*|'[^']*'|\.\.|[-+*(),])$/.test(tok));
  if (bad) throw new FormulaError(`unexpected "${bad}" in "${source}"`);
  return tokens;
}

/**
 * Evaluates `lo..hi`, `age(level, g) + 2`, `gradeLabel(level, grade)`... An unbound name stands
 * for itself: census concepts (CLASSES) and national data elements (gdp) are names.
 */
export function evaluate(source: string, scope: Scope): Value {
  const tokens = tokenize(source);
  let at = 0;
  const peek = () => tokens[at];
  const expect = (tok: string) => {
    if (tokens[at] !== tok) throw new FormulaError(`expected "${tok}" in "${source}"`);
    at++;
  };
  const primary = (): Value => {
    const tok = tokens[at++];
    if (tok === undefined) throw new FormulaError(`"${source}" ends too early`);
    if (tok === '(') {
      const v = range();
      expect(')');
      return v;
    }
    if (tok === '-') return -asNumber(primary(), `-${peek() ?? ''}`);
    if (/^\d+$/.test(tok)) return Number(tok);
    if (tok.startsWith("'")) return tok.slice(1, -1);
    if (!/^[A-Za-z_]/.test(tok)) throw new FormulaError(`unexpected "${tok}" in "${source}"`);
    if (peek() === '(') {
      const fn = FUNCTIONS[tok];
      if (!fn) throw new FormulaError(`unknown function ${tok}() in "${source}"`);
      at++;
      const args: Value[] = [];
      while (peek() !== ')') {
        args.push(range());
        if (peek() === ',') at++;
        else break;
      }
      expect(')');
      return fn(scope, ...args);
    }
    return scope.vars.get(tok) ?? CONSTANTS[tok] ?? tok;
  };
  const product = (): Value => {
    let v = primary();
    while (peek() === '*') {
      at++;
      v = asNumber(v, source) * asNumber(primary(), source);
    }
    return v;
  };
  const sum = (): Value => {
    let v = product();
    while (peek() === '+' || peek() === '-') {
      const sign = tokens[at++] === '+' ? 1 : -1;
      v = asNumber(v, source) + sign * asNumber(product(), source);
    }
    return v;
  };
  const range = (): Value => {
    const lo = sum();
    if (peek() !== '..') return lo;
    at++;
    return { lo: asNumber(lo, source), hi: asNumber(sum(), source) };
  };
  const value = range();
  if (at < tokens.length) throw new FormulaError(`unexpected "${tokens[at]}" in "${source}"`);
  return value;
}

/** Splits `a, b: c, f(d, e)` at top-level commas. */
function splitArguments(source: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(source.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(source.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

interface Call {
  positional: string[];
  named: Record<string, string>;
  scope: Scope;
}

const valueOf = (call: Call, name: string): Value | undefined =>
  call.named[name] === undefined ? undefined : evaluate(call.named[name], call.scope);

function arg(call: Call, index: number, what: string): Value {
  const source = call.positional[index];
  if (source === undefined) throw new FormulaError(`${what} is missing`);
  return evaluate(source, call.scope);
}

const offset = (call: Call) => {
  const year = valueOf(call, 'year');
  return year === undefined ? {} : { periodOffset: asNumber(year, 'year') };
};

function onlyNamed(call: Call, term: string, allowed: string[]) {
  const extra = Object.keys(call.named).filter((n) => !allowed.includes(n));
  if (extra.length) throw new FormulaError(`${term}() takes no ${extra.join(', ')}`);
}

/** The cells selected by grade, sex, ages and any other facts: undefined = the whole total. */
function cellFilter(
  call: Call,
  facts: Record<string, string | number | boolean | undefined>,
): CellFilter | undefined {
  const filters: CellFilter[] = [];
  if (Object.values(facts).some((v) => v !== undefined)) filters.push(where(facts));
  const ages = valueOf(call, 'ages');
  if (ages !== undefined) {
    const { lo, hi } = asRange(ages, 'ages');
    filters.push(call.scope.ctx.ages(lo, hi));
  }
  const from = valueOf(call, 'agesFrom');
  if (from !== undefined) filters.push(agesAtLeast(asNumber(from, 'agesFrom'), call.scope.ctx.dims.ageRange));
  return filters.length ? and(...filters) : undefined;
}

const sexOf = (call: Call) => asSex(valueOf(call, 'sex'), call.scope.sex);
const gradeOf = (call: Call) => {
  const g = valueOf(call, 'grade');
  return g === undefined ? undefined : asNumber(g, 'grade');
};
const levelArg = (call: Call, term: string) => asLevel(arg(call, 0, `${term}() level`), `${term}() level`);

function nationalCode(call: Call): string {
  const name = asName(arg(call, 0, 'national() data element'), 'national() data element');
  const code = (NATIONAL_DE as Record<string, string>)[name];
  if (!code)
    throw new FormulaError(`national(): no data element "${name}" (${Object.keys(NATIONAL_DE).join(', ')})`);
  return code;
}

/** Terms: each is a sum of the profile's data element cells, or a guard around a formula. */
const TERMS: Record<string, (call: Call) => string> = {
  enrolment: (c) => {
    onlyNamed(c, 'enrolment', ['grade', 'sex', 'ages', 'agesFrom', 'year']);
    return c.scope.ctx.enrolment(
      levelArg(c, 'enrolment'),
      cellFilter(c, { grade: gradeOf(c), sex: sexOf(c) }),
      offset(c),
    );
  },
  repeaters: (c) => {
    onlyNamed(c, 'repeaters', ['grade', 'sex', 'year']);
    return c.scope.ctx.repeaters(levelArg(c, 'repeaters'), { grade: gradeOf(c), sex: sexOf(c) }, offset(c));
  },
  completers: (c) => {
    onlyNamed(c, 'completers', ['sex']);
    return c.scope.ctx.completers(levelArg(c, 'completers'), sexOf(c));
  },
  newEntrants: (c) => {
    onlyNamed(c, 'newEntrants', ['ages', 'sex']);
    return c.scope.ctx.newEntrants(levelArg(c, 'newEntrants'), cellFilter(c, { sex: sexOf(c) }));
  },
  teachers: (c) => {
    onlyNamed(c, 'teachers', ['sex', 'trained', 'qualified', 'year']);
    const flag = (name: string) => {
      const v = valueOf(c, name);
      if (v !== undefined && typeof v !== 'boolean') throw new FormulaError(`${name} must be yes or no`);
      return v;
    };
    const facts = { sex: sexOf(c), trained: flag('trained'), qualified: flag('qualified') };
    return c.scope.ctx.teachers(levelArg(c, 'teachers'), facts, offset(c));
  },
  newTeachers: (c) => {
    onlyNamed(c, 'newTeachers', ['sex']);
    return c.scope.ctx.newTeachers(levelArg(c, 'newTeachers'), sexOf(c));
  },
  population: (c) => {
    onlyNamed(c, 'population', ['sex']);
    const { lo, hi } = asRange(arg(c, 0, 'population() ages'), 'population() ages');
    return c.scope.ctx.population(lo, hi, sexOf(c));
  },
  /** Enrolled in any level: the census levels plus TVET, post-secondary and tertiary. */
  inSchool: (c) => {
    onlyNamed(c, 'inSchool', ['sex']);
    const { lo, hi } = asRange(arg(c, 0, 'inSchool() ages'), 'inSchool() ages');
    const sex = sexOf(c);
    return `(${c.scope.ctx.enrolledAnyLevel(lo, hi, sex)} + ${c.scope.ctx.enrolledBeyondSchool(lo, hi, sex)})`;
  },
  /** Any census concept of a level (CLASSES, TOILETS...), its cells selected by option facts. */
  census: (c) => {
    const level = levelArg(c, 'census');
    const concept = asName(arg(c, 1, 'census() concept'), 'census() concept');
    const facts: Record<string, string | number | boolean | undefined> = { sex: sexOf(c) };
    for (const name of Object.keys(c.named).filter((n) => n !== 'sex')) {
      const v = valueOf(c, name)!;
      facts[name] = isOption(v) ? v.code : typeof v === 'object' ? describe(v) : v;
    }
    const rows = c.scope.ctx.elements(level, concept);
    return sumRows(rows, Object.values(facts).some((v) => v !== undefined) ? where(facts) : undefined);
  },
  /** The number of schools offering the level (its org unit group). */
  schools: (c) => `OUG{${uid('organisationUnitGroups', schoolsOfLevelGroup(levelArg(c, 'schools')))}}`,
  national: (c) => {
    onlyNamed(c, 'national', ['sex', 'subject', 'isced']);
    const subject = valueOf(c, 'subject');
    const isced = valueOf(c, 'isced');
    return c.scope.ctx.national(nationalCode(c), {
      sex: sexOf(c),
      subject: subject === undefined ? undefined : asOption(subject, 'subject').code,
      isced: isced === undefined ? undefined : asLevel(isced, 'isced'),
    });
  },
  /** End-of-level examination results: exam(level, SAT | CANDIDATES | PASSED, subject: ...). */
  exam: (c) => {
    onlyNamed(c, 'exam', ['sex', 'subject']);
    const what = asName(arg(c, 1, 'exam() result'), 'exam() result');
    if (!['CANDIDATES', 'SAT', 'PASSED'].includes(what)) {
      throw new FormulaError(`exam(): ${what} is not CANDIDATES, SAT or PASSED`);
    }
    const subject = valueOf(c, 'subject');
    return c.scope.ctx.national(examDe(levelArg(c, 'exam'), `EXAM_${what}` as ExamConcept), {
      sex: sexOf(c),
      subject: subject === undefined ? undefined : asOption(subject, 'subject').code,
    });
  },
  /** The formula while year t's census of the level is entered, else 0 (no value in analytics). */
  entered: (c) => {
    if (c.positional.length !== 2) throw new FormulaError('entered(level, formula) takes two arguments');
    return c.scope.ctx.whenYearEntered(levelArg(c, 'entered'), expandFormula(c.positional[1]!, c.scope));
  },
  sum: (c) => repeat(c, 'sum', ' + ', '0'),
  product: (c) => repeat(c, 'product', ' * ', '1'),
};

/** sum(g in 1..last(level): formula): the formula for each value of g, joined. */
function repeat(call: Call, term: string, operator: string, empty: string): string {
  const source = [...call.positional, ...Object.entries(call.named).map(([k, v]) => `${k}: ${v}`)].join(', ');
  const m = /^(\w+)\s+in\s+([^:]+):\s*([\s\S]+)$/.exec(source);
  if (!m) throw new FormulaError(`${term}() is written ${term}(name in lo..hi: formula)`);
  const { lo, hi } = asRange(evaluate(m[2]!, call.scope), `${term}() range`);
  const parts: string[] = [];
  for (let i = lo; i <= hi; i++) {
    const vars = new Map(call.scope.vars).set(m[1]!, i);
    parts.push(expandFormula(m[3]!, { ...call.scope, vars }));
  }
  return parts.length ? parts.join(operator) : empty;
}

function parseCall(inner: string, scope: Scope, term: string): Call {
  const call: Call = { positional: [], named: {}, scope };
  if (term === 'sum' || term === 'product') return { ...call, positional: [inner] };
  for (const part of splitArguments(inner)) {
    const named = /^(\w+)\s*:\s*([\s\S]+)$/.exec(part);
    if (named) call.named[named[1]!] = named[2]!;
    else if (Object.keys(call.named).length) throw new FormulaError(`"${part}" follows named arguments`);
    else call.positional.push(part);
  }
  return call;
}

/** The DHIS2 expression of a formula: every term replaced by its sum of data element cells. */
export function expandFormula(formula: string, scope: Scope): string {
  let out = '';
  let i = 0;
  const name = /[A-Za-z_]\w*/y;
  while (i < formula.length) {
    name.lastIndex = i;
    const m = name.exec(formula);
    if (!m || (i > 0 && /[\w{.]/.test(formula[i - 1]!))) {
      out += formula[i++];
      continue;
    }
    const term = TERMS[m[0]];
    const open = i + m[0].length;
    if (!term || formula[open] !== '(') {
      out += m[0];
      i = open;
      continue;
    }
    let depth = 0;
    let close = open;
    for (; close < formula.length; close++) {
      if (formula[close] === '(') depth++;
      else if (formula[close] === ')' && --depth === 0) break;
    }
    if (close >= formula.length) throw new FormulaError(`${m[0]}( is not closed`);
    out += term(parseCall(formula.slice(open + 1, close), scope, m[0]));
    i = close + 1;
  }
  return out;
}

const PLACEHOLDER = /\{([^{}]+)\}/g;

/** A code or UIS code with `{...}` filled: RR_G{pad(grade)} -> RR_G03. */
export function fillCode(template: string, scope: Scope): string {
  return template.replace(PLACEHOLDER, (_, source: string) => {
    const v = evaluate(source, scope);
    if (typeof v === 'object') throw new FormulaError(`{${source}} is not a code`);
    return String(v);
  });
}

/**
 * A text in every language that translates the whole template ("Repetition rate, {label}"), its
 * `{...}` filled language by language; a language some value lacks is left out.
 */
export function fillText(template: string, scope: Scope): Text {
  const values = new Map<string, Text>();
  for (const [, source] of template.matchAll(PLACEHOLDER))
    values.set(source!, asText(evaluate(source!, scope)));
  const out: Record<string, string> = {};
  for (const [language, translated] of Object.entries(t(template))) {
    let complete = true;
    const filled = translated.replace(PLACEHOLDER, (m, source: string) => {
      const value = values.get(source);
      if (!value) return m;
      const text = value[language];
      if (text === undefined) complete = false;
      return text ?? '';
    });
    if (complete) out[language] = filled;
  }
  return out as Text;
}
