export type * from './ast.js';
export {
  parseExpression,
  tryParseExpression,
  REPORTING_RATE_METRICS,
  type ExpressionContext,
  type ParseOptions,
} from './parser.js';
export { ExpressionSyntaxError } from './syntax-error.js';
export {
  expressionReferences,
  referenceTargets,
  type ExpressionReference,
  type ReferenceKind,
  type ReferenceTarget,
} from './references.js';
export {
  evaluateExpression,
  evaluateIndicator,
  type EvaluateOptions,
  type IndicatorLike,
  type IndicatorTypeLike,
  type MissingValueStrategy,
} from './evaluate.js';
export { valueKeyOf, type ExpressionValue, type ExpressionValues } from './value-keys.js';
export { EXPRESSION_FUNCTIONS, EXPRESSION_METHODS } from './functions.js';
