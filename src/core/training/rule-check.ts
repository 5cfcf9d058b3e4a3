import {
  evaluateExpression,
  expressionReferences,
  parseExpression,
  type ExpressionNode,
  type ExpressionValues,
  type MissingValueStrategy,
} from '../expression/index.js';
import type { SampleValidationRule } from './sample-data-model.js';

export type RuleVerdict = 'passed' | 'failed' | 'skipped';

export interface RuleCheck {
  verdict: RuleVerdict;
  left: number | null;
  right: number | null;
}

/** A rule parsed once: generation evaluates each rule thousands of times. */
export interface PreparedRule {
  rule: SampleValidationRule;
  left: ExpressionNode;
  right: ExpressionNode;
  leftStrategy: MissingValueStrategy;
  rightStrategy: MissingValueStrategy;
  /** Data elements either side reads. */
  dataElements: ReadonlySet<string>;
  /** What the evaluator needs to see: single cells (`#{de.coc}`) and whole data elements (`#{de}`). */
  reads: { cells: readonly string[]; wholeDataElements: readonly string[] };
}

const STRATEGIES = new Set<string>(['SKIP_IF_ALL_VALUES_MISSING', 'SKIP_IF_ANY_VALUE_MISSING', 'NEVER_SKIP']);
const strategyOf = (value: string | undefined): MissingValueStrategy =>
  value && STRATEGIES.has(value) ? (value as MissingValueStrategy) : 'NEVER_SKIP';

// Validation rule operators as DHIS2 stores them (Operator enum names); pairs are not comparisons.
const COMPARE: Record<string, (l: number, r: number) => boolean> = {
  equal_to: (l, r) => Math.abs(l - r) < 1e-9,
  not_equal_to: (l, r) => Math.abs(l - r) >= 1e-9,
  greater_than: (l, r) => l > r,
  greater_than_or_equal_to: (l, r) => l >= r,
  less_than: (l, r) => l < r,
  less_than_or_equal_to: (l, r) => l <= r,
};

export function prepareRule(rule: SampleValidationRule): PreparedRule {
  const left = parseExpression(rule.left.expression);
  const right = parseExpression(rule.right.expression);
  const refs = [...expressionReferences(left), ...expressionReferences(right)];
  const dataElements = new Set(
    refs
      .filter((r) => r.kind === 'dataElement' || r.kind === 'dataElementOperand')
      .flatMap((r) => (r.ids[0] ? [r.ids[0]] : [])),
  );
  // Wildcards and three-part operands read more than one cell: hand over the whole data element.
  const isSingleCell = (r: (typeof refs)[number]) =>
    r.kind === 'dataElementOperand' && r.ids.length === 2 && r.ids[1] !== '*';
  const wholeDataElements = [
    ...new Set(
      refs.filter((r) => dataElements.has(r.ids[0] ?? '') && !isSingleCell(r)).map((r) => r.ids[0]!),
    ),
  ];
  const cells = [...new Set(refs.filter(isSingleCell).map((r) => `${r.ids[0]}.${r.ids[1]}`))];
  return {
    reads: { cells, wholeDataElements },
    rule,
    left,
    right,
    leftStrategy: strategyOf(rule.left.missingValueStrategy),
    rightStrategy: strategyOf(rule.right.missingValueStrategy),
    dataElements,
  };
}

/**
 * One validation rule on one org unit and period, the way DHIS2's validation run decides it: each
 * side evaluated with its own missing-value strategy, a skipped side skips the rule.
 */
export function checkRule(prepared: PreparedRule, values: ExpressionValues): RuleCheck {
  const left = evaluateExpression(prepared.left, values, { missingValueStrategy: prepared.leftStrategy });
  const right = evaluateExpression(prepared.right, values, { missingValueStrategy: prepared.rightStrategy });
  if (left === null || right === null) return { verdict: 'skipped', left, right };
  const compare = COMPARE[prepared.rule.operator];
  if (!compare) return { verdict: 'skipped', left, right };
  return { verdict: compare(left, right) ? 'passed' : 'failed', left, right };
}
