import { tryParseExpression, type ExpressionContext } from '../expression/parser.js';
import {
  expressionReferences,
  referenceTargets,
  type ExpressionReference,
  type ReferenceTarget,
} from '../expression/references.js';
import type { MetadataObject } from '../package/types.js';
import type { ObjectSite, PackageCheck, PackageCheckContext } from './check-context.js';
import { describeObject, type FindingSink } from './finding-sink.js';
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
const STAGE_NAME_TYPES = new Set(['programIndicators', 'programRules', 'programRuleActions']);
const STAGE_NAME_KEYS = ['expression', 'filter', 'condition', 'data'];

/**
 * What an expression text yields, whichever object it sits in: a syntax error, or the references
 * that do not resolve (usually none: one shared empty list, so the cache keeps little alive).
 */
type TextOutcome = { error: string } | ReadonlyArray<{ ref: ExpressionReference; target: ReferenceTarget }>;
const ALL_RESOLVED: TextOutcome = [];

/** Parses every expression, reports syntax errors with their position, and resolves every UID in them. */
export function createExpressionCheck(ctx: PackageCheckContext, sink: FindingSink): PackageCheck {
  // Packages repeat expressions (the same denominator in many indicators), and what the references
  // resolve to cannot change during a run: each text is parsed and resolved once per context.
  const outcomes: Record<ExpressionContext, Map<string, TextOutcome>> = {
    aggregate: new Map(),
    program: new Map(),
  };
  const outcomeOf = (text: string, context: ExpressionContext): TextOutcome => {
    let outcome = outcomes[context].get(text);
    if (!outcome) outcomes[context].set(text, (outcome = resolveText(ctx, text, context)));
    return outcome;
  };
  let fields: readonly ExpressionField[] | undefined;
  let stageNames = false;
  return {
    enterType(plural) {
      fields = Object.hasOwn(EXPRESSION_FIELDS, plural) ? EXPRESSION_FIELDS[plural] : undefined;
      stageNames = STAGE_NAME_TYPES.has(plural);
    },
    visit(site) {
      const object = site.object;
      if (fields && !(site.plural === 'indicators' && checkConfigIndicator(site, sink))) {
        for (const field of fields) {
          const value = valueAtPath(object, field.path);
          if (value === undefined || value === null || value === '') continue;
          if (typeof value !== 'string' && typeof value !== 'number') continue; // a structure finding
          // Program indicators use d2: functions and V{} variables we only parse, so unknown items stay quiet there.
          const text = String(value);
          const outcome = outcomeOf(text, field.context);
          if (outcome !== ALL_RESOLVED) report(site, sink, outcome, text, field);
        }
      }
      if (!stageNames) return;
      for (const key of STAGE_NAME_KEYS) {
        const text = object[key];
        if (typeof text === 'string' && text.includes('program_stage_name')) {
          sink.add('expression.program-stage-name', site.scope, {
            field: `/${key}`,
            value: text,
            message: `${site.owner}: ${key} uses program_stage_name`,
          });
        }
      }
    },
  };
}

function resolveText(ctx: PackageCheckContext, text: string, context: ExpressionContext): TextOutcome {
  const parsed = tryParseExpression(text, { context });
  if (!parsed.ok) return { error: parsed.error.message };
  let unresolved: Array<{ ref: ExpressionReference; target: ReferenceTarget }> | undefined;
  for (const ref of expressionReferences(parsed.ast)) {
    for (const target of referenceTargets(ref)) {
      if (!ctx.references.has(target.type, target.id)) (unresolved ??= []).push({ ref, target });
    }
  }
  return unresolved ?? ALL_RESOLVED;
}

function report(
  site: ObjectSite,
  sink: FindingSink,
  outcome: TextOutcome,
  text: string,
  field: ExpressionField,
): void {
  const pointer = `/${field.path.join('/')}`;
  if ('error' in outcome) {
    sink.add('expression.syntax', site.scope, {
      field: pointer,
      value: text,
      message: `${site.owner}: ${field.path.join('.')}: ${outcome.error}`,
    });
    return;
  }
  for (const { ref, target } of outcome) {
    sink.add('expression.unknown-reference', site.scope, {
      field: pointer,
      value: ref.text,
      message: `${site.owner}: ${field.path.join('.')} refers to ${target.role} ${target.id} in ${ref.text} at position ${ref.start + 1}, which is not in the package or its dependencies`,
    });
  }
}

/** HISP dashboard packages ship `[CONFIG]` indicators with numerator -1, mapped to local data after install. */
function checkConfigIndicator(site: ObjectSite, sink: FindingSink): boolean {
  const object = site.object;
  const name = typeof object.name === 'string' ? object.name : '';
  const placeholder = String(object.numerator).trim() === '-1';
  if (name.startsWith(CONFIG_PREFIX) && placeholder) {
    sink.add('indicator.config-placeholder', site.scope, {
      field: '/numerator',
      value: object.numerator,
      message: `indicators ${describeObject(object)} is a [CONFIG] placeholder; map its numerator and denominator to local data`,
    });
    return true;
  }
  if (placeholder || name.startsWith(CONFIG_PREFIX)) {
    sink.add('indicator.config-mismatch', site.scope, {
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
