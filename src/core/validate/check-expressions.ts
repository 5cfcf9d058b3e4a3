import {
  expressionReferences,
  referenceTargets,
  tryParseExpression,
  type ExpressionContext,
} from '../expression/index.js';
import type { MetadataObject } from '../package/types.js';
import { eachObject, type PackageCheckContext } from './check-context.js';
import { describeObject, type FindingScope, type FindingSink } from './finding-sink.js';
import { isObject } from './package-scope.js';

interface ExpressionField {
  /** Path to the expression inside the object. */
  path: string[];
  context: ExpressionContext;
}

/** Where each type keeps its expressions. DHIS2 does not check them on import (dhis2-api.md trap 17); we do. */
const EXPRESSION_FIELDS: Readonly<Record<string, readonly ExpressionField[]>> = {
  indicators: [
    { path: ['numerator'], context: 'aggregate' },
    { path: ['denominator'], context: 'aggregate' },
  ],
  validationRules: [
    { path: ['leftSide', 'expression'], context: 'aggregate' },
    { path: ['rightSide', 'expression'], context: 'aggregate' },
  ],
  predictors: [
    { path: ['generator', 'expression'], context: 'aggregate' },
    { path: ['sampleSkipTest', 'expression'], context: 'aggregate' },
  ],
  expressionDimensionItems: [{ path: ['expression'], context: 'aggregate' }],
  programIndicators: [
    { path: ['expression'], context: 'program' },
    { path: ['filter'], context: 'program' },
  ],
};

const CONFIG_PREFIX = '[CONFIG]';

/** Parses every expression, reports syntax errors with their position, and resolves every UID in them. */
export function checkExpressions(ctx: PackageCheckContext, sink: FindingSink): void {
  for (const [plural, fields] of Object.entries(EXPRESSION_FIELDS)) {
    for (const [, object, index] of eachObject(ctx.pkg, [plural])) {
      const scope = ctx.scopeOf(plural, object, index);
      if (plural === 'indicators' && checkConfigIndicator(object, scope, sink)) continue;
      for (const field of fields) {
        const text = valueAtPath(object, field.path);
        if (text === undefined || text === null || text === '') continue;
        if (typeof text !== 'string' && typeof text !== 'number') continue; // a structure finding
        // Program indicators use d2: functions and V{} variables we only parse, so unknown items stay quiet there.
        checkExpression(ctx, sink, scope, object, String(text), field);
      }
    }
  }
  for (const [plural, object, index] of eachObject(ctx.pkg, [
    'programIndicators',
    'programRules',
    'programRuleActions',
  ])) {
    for (const key of ['expression', 'filter', 'condition', 'data']) {
      const text = object[key];
      if (typeof text === 'string' && text.includes('program_stage_name')) {
        sink.add('expression.program-stage-name', ctx.scopeOf(plural, object, index), {
          field: `/${key}`,
          value: text,
          message: `${plural} ${describeObject(object)}: ${key} uses program_stage_name`,
        });
      }
    }
  }
}

function checkExpression(
  ctx: PackageCheckContext,
  sink: FindingSink,
  scope: FindingScope,
  object: MetadataObject,
  text: string,
  field: ExpressionField,
): void {
  const pointer = `/${field.path.join('/')}`;
  const owner = `${scope.objectType} ${describeObject(object)}`;
  const parsed = tryParseExpression(text, { context: field.context });
  if (!parsed.ok) {
    sink.add('expression.syntax', scope, {
      field: pointer,
      value: text,
      message: `${owner}: ${field.path.join('.')}: ${parsed.error.message}`,
    });
    return;
  }
  for (const ref of expressionReferences(parsed.ast)) {
    for (const target of referenceTargets(ref)) {
      if (ctx.references.has(target.type, target.id)) continue;
      sink.add('expression.unknown-reference', scope, {
        field: pointer,
        value: ref.text,
        message: `${owner}: ${field.path.join('.')} refers to ${target.role} ${target.id} in ${ref.text} at position ${ref.start + 1}, which is not in the package or its dependencies`,
      });
    }
  }
}

/** HISP dashboard packages ship `[CONFIG]` indicators with numerator -1, mapped to local data after install. */
function checkConfigIndicator(object: MetadataObject, scope: FindingScope, sink: FindingSink): boolean {
  const name = typeof object.name === 'string' ? object.name : '';
  const placeholder = String(object.numerator).trim() === '-1';
  if (name.startsWith(CONFIG_PREFIX) && placeholder) {
    sink.add('indicator.config-placeholder', scope, {
      field: '/numerator',
      value: object.numerator,
      message: `indicators ${describeObject(object)} is a [CONFIG] placeholder; map its numerator and denominator to local data`,
    });
    return true;
  }
  if (placeholder || name.startsWith(CONFIG_PREFIX)) {
    sink.add('indicator.config-mismatch', scope, {
      field: placeholder ? '/name' : '/numerator',
      value: placeholder ? name : object.numerator,
      message: placeholder
        ? `indicators ${describeObject(object)} has numerator -1 but its name does not start with [CONFIG]`
        : `indicators ${describeObject(object)} is named [CONFIG] but has a real numerator`,
    });
  }
  return false;
}

function valueAtPath(object: MetadataObject, path: string[]): unknown {
  let value: unknown = object;
  for (const key of path) value = isObject(value) ? value[key] : undefined;
  return value;
}
