import { EdupkgError, EXIT } from '../../errors/index.js';
import type { CallNode, ExpressionNode } from './ast.js';
import { EXPRESSION_FUNCTIONS } from './functions.js';
import { parseExpression, type ExpressionContext } from './parser.js';
import { integerValue } from './references.js';
import { ValueLookup, valueKeyOf, type ExpressionValue, type ExpressionValues } from './value-keys.js';

/** DHIS2's MissingValueStrategy (validation rule sides, predictors); indicators use SKIP_IF_ALL_VALUES_MISSING. */
export type MissingValueStrategy = 'SKIP_IF_ALL_VALUES_MISSING' | 'SKIP_IF_ANY_VALUE_MISSING' | 'NEVER_SKIP';

export interface EvaluateOptions {
  missingValueStrategy?: MissingValueStrategy;
  /** Past-period value sets that sum()/avg()/... aggregate over (predictors); default: `[values]`. */
  samples?: ExpressionValues[];
  /** The org unit the expression is evaluated for, for orgUnit.ancestor/group/dataSet/program(). */
  orgUnit?: { ancestors?: string[]; groups?: string[]; dataSets?: string[]; programs?: string[] };
  context?: ExpressionContext;
}

export interface IndicatorLike {
  /** Expression text, or its parsed form when evaluated many times (analytics). */
  numerator: string | number | ExpressionNode;
  denominator: string | number | ExpressionNode;
  annualized?: boolean;
}

export interface IndicatorTypeLike {
  factor: number;
}

/** Items that are data (counted by the missing-value strategy); constants, OUG and [days] always have a value. */
const DATA_ITEMS = new Set([
  'dataElement',
  'dataElementOperand',
  'programIndicator',
  'programDataElement',
  'programAttribute',
  'programStageDataElement',
  'reportingRate',
  'indicator',
]);

interface State {
  lookup: ValueLookup;
  /** DHIS2 replaces a missing item by 0 except inside isNull/isNotNull/firstNonNull and aggregates. */
  replaceNulls: boolean;
  periodOffset: number;
  itemsFound: number;
  valuesFound: number;
}

/**
 * Evaluates a DHIS2 expression over a set of data values (keys: see value-keys.ts) with DHIS2's
 * missing-value semantics: a missing item counts as 0 when at least one item has a value, and the
 * whole expression is null when none has (SKIP_IF_ALL_VALUES_MISSING). Division by zero is null.
 * Booleans come back as 1/0; non-numeric results as null.
 */
export function evaluateExpression(
  expression: string | number | ExpressionNode,
  values: ExpressionValues,
  options: EvaluateOptions = {},
): number | null {
  const ast =
    typeof expression === 'string' || typeof expression === 'number'
      ? parseExpression(expression, { context: options.context })
      : expression;
  const evaluator = new Evaluator(options);
  const state: State = {
    lookup: new ValueLookup(values),
    replaceNulls: true,
    periodOffset: 0,
    itemsFound: 0,
    valuesFound: 0,
  };
  const value = evaluator.visit(ast, state);
  const strategy = options.missingValueStrategy ?? 'SKIP_IF_ALL_VALUES_MISSING';
  if (strategy === 'SKIP_IF_ALL_VALUES_MISSING' && state.itemsFound > 0 && state.valuesFound === 0)
    return null;
  if (strategy === 'SKIP_IF_ANY_VALUE_MISSING' && state.valuesFound < state.itemsFound) return null;
  return toNumber(value);
}

/**
 * An indicator's value as DHIS2 analytics computes it: numerator / denominator × factor, null when
 * either side is null (all its items missing) or the denominator is 0. Not rounded to `decimals`.
 * `annualizationFactor` (days in year / days in period) applies when the indicator is annualized.
 */
export function evaluateIndicator(
  indicator: IndicatorLike,
  indicatorType: IndicatorTypeLike,
  values: ExpressionValues,
  options: EvaluateOptions & { annualizationFactor?: number } = {},
): number | null {
  const numerator = evaluateExpression(indicator.numerator, values, options);
  const denominator = evaluateExpression(indicator.denominator, values, options);
  if (numerator === null || denominator === null || denominator === 0) return null;
  const annualization = indicator.annualized ? (options.annualizationFactor ?? 1) : 1;
  return finite((numerator / denominator) * indicatorType.factor * annualization);
}

class Evaluator {
  constructor(private readonly options: EvaluateOptions) {}

  visit(node: ExpressionNode, state: State): ExpressionValue {
    switch (node.type) {
      case 'number':
      case 'string':
      case 'boolean':
        return node.value;
      case 'item': {
        const counted = DATA_ITEMS.has(node.kind);
        const value = state.lookup.get(valueKeyOf(node, state.periodOffset));
        if (counted) state.itemsFound++;
        if (counted && value !== null) state.valuesFound++;
        return value === null && state.replaceNulls && counted ? 0 : value;
      }
      case 'unary': {
        const value = this.visit(node.operand, state);
        if (value === null) return null;
        if (node.operator === '!') return !toBoolean(value);
        const n = toNumber(value);
        return n === null ? null : node.operator === '-' ? -n : n;
      }
      case 'binary':
        return this.binary(node.operator, node.left, node.right, state);
      case 'method':
        if (node.name === 'periodOffset') {
          const saved = state.periodOffset;
          state.periodOffset += integerValue(node.args[0]);
          try {
            return this.visit(node.target, state);
          } finally {
            state.periodOffset = saved;
          }
        }
        // aggregationType/minDate/maxDate/yearToDate change how the server fetches data; offline the value is the same.
        return this.visit(node.target, state);
      case 'call':
        return this.call(node, state);
    }
  }

  private binary(
    operator: string,
    leftNode: ExpressionNode,
    rightNode: ExpressionNode,
    state: State,
  ): ExpressionValue {
    const left = this.visit(leftNode, state);
    const right = this.visit(rightNode, state);
    if (operator === '&&')
      return left === null || right === null ? null : toBoolean(left) && toBoolean(right);
    if (operator === '||')
      return left === null || right === null ? null : toBoolean(left) || toBoolean(right);
    if (left === null || right === null) return null;
    if (operator === '==' || operator === '!=') {
      const equal =
        typeof left === 'string' || typeof right === 'string'
          ? String(left) === String(right)
          : toNumber(left) === toNumber(right);
      return operator === '==' ? equal : !equal;
    }
    if (typeof left === 'string' && typeof right === 'string' && ['<', '>', '<=', '>='].includes(operator)) {
      return compare(operator, left.localeCompare(right), 0);
    }
    const a = toNumber(left);
    const b = toNumber(right);
    if (a === null || b === null) return null;
    switch (operator) {
      case '+':
        return a + b;
      case '-':
        return a - b;
      case '*':
        return a * b;
      case '/':
        return b === 0 ? null : a / b;
      case '%':
        return b === 0 ? null : a % b;
      case '^':
        return finite(a ** b);
      default:
        return compare(operator, a, b);
    }
  }

  private call(node: CallNode, state: State): ExpressionValue {
    const args = node.args;
    const withoutNullReplacement = (arg: ExpressionNode) => {
      const saved = state.replaceNulls;
      state.replaceNulls = false;
      try {
        return this.visit(arg, state);
      } finally {
        state.replaceNulls = saved;
      }
    };
    const numbers = () => args.map((a) => toNumber(this.visit(a, state)));
    switch (node.name) {
      case 'if': {
        const condition = this.visit(args[0]!, state);
        // Both branches are visited so their items count toward the missing-value strategy, as in DHIS2.
        const then = this.visit(args[1]!, state);
        const otherwise = this.visit(args[2]!, state);
        return condition === null ? null : toBoolean(condition) ? then : otherwise;
      }
      case 'isNull':
        return withoutNullReplacement(args[0]!) === null;
      case 'isNotNull':
        return withoutNullReplacement(args[0]!) !== null;
      case 'firstNonNull': {
        let first: ExpressionValue = null;
        for (const arg of args) {
          const value = withoutNullReplacement(arg);
          if (first === null && value !== null) first = value;
        }
        return first;
      }
      case 'greatest':
      case 'least': {
        const present = numbers().filter((n): n is number => n !== null);
        if (present.length === 0) return null;
        return node.name === 'greatest' ? Math.max(...present) : Math.min(...present);
      }
      case 'log': {
        const [x, base] = numbers();
        if (x === null || x === undefined || x <= 0) return null;
        if (args.length === 1) return Math.log(x);
        return base === null || base === undefined || base <= 0 || base === 1
          ? null
          : Math.log(x) / Math.log(base);
      }
      case 'log10': {
        const [x] = numbers();
        return x === null || x === undefined || x <= 0 ? null : Math.log10(x);
      }
      case 'removeZeros': {
        const value = this.visit(args[0]!, state);
        return value === 0 ? null : value;
      }
      case 'subExpression':
        return this.visit(args[0]!, state);
      case 'normDistCum':
      case 'normDistDen': {
        const [x, mean = 0, sd = 1] = numbers();
        if (x === null || x === undefined || mean === null || sd === null || sd <= 0) return null;
        const z = (x - mean) / sd;
        return node.name === 'normDistCum'
          ? 0.5 * (1 + erf(z / Math.SQRT2))
          : Math.exp(-0.5 * z * z) / (sd * Math.sqrt(2 * Math.PI));
      }
      case 'contains':
      case 'containsItems': {
        const [haystack, ...needles] = args.map((a) => this.visit(a, state));
        if (haystack === null) return null;
        const text = String(haystack);
        return needles.every((n) => n !== null && text.includes(String(n)));
      }
      case 'orgUnit.ancestor':
        return this.memberOf(node, this.options.orgUnit?.ancestors);
      case 'orgUnit.group':
        return this.memberOf(node, this.options.orgUnit?.groups);
      case 'orgUnit.dataSet':
        return this.memberOf(node, this.options.orgUnit?.dataSets);
      case 'orgUnit.program':
        return this.memberOf(node, this.options.orgUnit?.programs);
      default:
        if (EXPRESSION_FUNCTIONS[node.name]?.aggregate) return this.aggregate(node, state);
        throw new EdupkgError(
          'EXPRESSION.UNSUPPORTED',
          `${node.name}() cannot be evaluated offline`,
          EXIT.VALIDATION,
        );
    }
  }

  private memberOf(node: CallNode, ids: string[] | undefined): boolean {
    return (node.uidArgs ?? []).some((arg) => ids?.includes(arg.id) ?? false);
  }

  /** sum/avg/... over the sample periods: missing values are skipped; no value at all gives null (count gives 0). */
  private aggregate(node: CallNode, state: State): ExpressionValue {
    const fractionNode = node.name === 'percentileCont' ? node.args[0] : undefined;
    const itemNode = node.name === 'percentileCont' ? node.args[1]! : node.args[0]!;
    const samples = this.options.samples ?? [];
    const lookups = samples.length > 0 ? samples.map((s) => new ValueLookup(s)) : [state.lookup];
    const collected: number[] = [];
    for (const lookup of lookups) {
      const sampleState: State = { ...state, lookup, replaceNulls: false, itemsFound: 0, valuesFound: 0 };
      const value = toNumber(this.visit(itemNode, sampleState));
      state.itemsFound += sampleState.itemsFound;
      state.valuesFound += sampleState.valuesFound;
      if (value !== null) collected.push(value);
    }
    if (node.name === 'count') return collected.length;
    if (collected.length === 0) return null;
    const n = collected.length;
    const sum = collected.reduce((a, b) => a + b, 0);
    const mean = sum / n;
    const squares = collected.reduce((a, b) => a + (b - mean) ** 2, 0);
    const sorted = [...collected].sort((a, b) => a - b);
    switch (node.name) {
      case 'sum':
        return sum;
      case 'avg':
        return mean;
      case 'min':
        return sorted[0]!;
      case 'max':
        return sorted[n - 1]!;
      case 'median':
        return percentile(sorted, 0.5);
      case 'stddev':
      case 'stddevSamp':
        return n < 2 ? null : Math.sqrt(squares / (n - 1));
      case 'stddevPop':
        return Math.sqrt(squares / n);
      case 'variance':
        return n < 2 ? null : squares / (n - 1);
      case 'percentileCont': {
        const fraction = fractionNode ? toNumber(this.visit(fractionNode, state)) : null;
        return fraction === null || fraction < 0 || fraction > 1 ? null : percentile(sorted, fraction);
      }
      default:
        return null;
    }
  }
}

/** Continuous percentile with linear interpolation (PostgreSQL percentile_cont, as DHIS2 uses). */
function percentile(sorted: number[], fraction: number): number {
  const position = fraction * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const a = sorted[lower]!;
  const b = sorted[upper]!;
  return a + (b - a) * (position - lower);
}

function compare(operator: string, a: number, b: number): boolean {
  switch (operator) {
    case '<':
      return a < b;
    case '>':
      return a > b;
    case '<=':
      return a <= b;
    default:
      return a >= b;
  }
}

function toBoolean(value: ExpressionValue): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  return value === 'true';
}

function toNumber(value: ExpressionValue | undefined): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return finite(value);
  const trimmed = value.trim();
  return trimmed !== '' && Number.isFinite(Number(trimmed)) ? Number(trimmed) : null;
}

function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

// Abramowitz-Stegun 7.1.26 (max error 1.5e-7), enough for normDistCum offline.
function erf(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-x * x);
  return sign * y;
}
