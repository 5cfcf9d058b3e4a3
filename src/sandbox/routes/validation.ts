import { DEFAULT_CATEGORY_MODEL } from '../../core/dhis2-model/rules.js';
import { checkRule, prepareRule } from '../../core/training/rule-check.js';
import type { SampleValidationRule } from '../../core/training/sample-data-model.js';
import { parsePeriod } from '../analytics/periods.js';
import { json, type ApiRequest, type ApiResponse, type Route, type SandboxContext } from '../http/api.js';
import { webMessage } from '../http/web-message.js';
import { textOf } from '../json-text.js';
import { timestamp } from '../metadata/commit.js';
import type { JsonObject } from '../types.js';

const DEFAULT_AOC = DEFAULT_CATEGORY_MODEL.categoryOptionCombos!;
/** Operand ids in an expression: `#{de}` and `#{de.coc}` (a third part is the attribute combo). */
const OPERAND = /#\{([A-Za-z0-9]{11})(?:\.([A-Za-z0-9]{11}|\*))?/g;

const illegalQuery = (errorCode: string, message: string): ApiResponse =>
  json(409, webMessage(409, 'ERROR', { message, errorCode }));

/** Jackson's BaseIdentifiableObject view of an object (what ValidationResult nests). */
const identifiable = (o: JsonObject): JsonObject => ({
  id: o.id,
  ...(o.code !== undefined ? { code: o.code } : {}),
  name: o.name,
  displayName: o.displayName ?? o.name,
});

/** DHIS2's getValidationRulesForDataSet: form rules reading one of the set's elements or operands. */
function rulesForDataSet(ctx: SandboxContext, dataSet: JsonObject): JsonObject[] {
  const elements = new Set(
    ((dataSet.dataSetElements as JsonObject[] | undefined) ?? []).map((e) =>
      textOf((e.dataElement as JsonObject | undefined)?.id),
    ),
  );
  return ctx.store.listObjects('validationRules').filter((rule) => {
    if (rule.skipFormValidation === true) return false;
    const sides = `${textOf((rule.leftSide as JsonObject)?.expression)} ${textOf((rule.rightSide as JsonObject)?.expression)}`;
    return [...sides.matchAll(OPERAND)].some((m) => elements.has(m[1]!));
  });
}

/** A stored value as the expression evaluator reads it: numbers, and booleans as 1/0 like DHIS2. */
function numeric(value: string | null): number | null {
  if (value === null) return null;
  if (value === 'true') return 1;
  if (value === 'false') return 0;
  const n = Number(value);
  return Number.isFinite(n) && value.trim() !== '' ? n : null;
}

/** GET /api/validation/dataSet/{ds}?pe=&ou=: the form's validation rules on one org unit and period. */
function validateDataSet(req: ApiRequest, ctx: SandboxContext, [ds = '']: string[]): ApiResponse {
  const dataSet = ctx.store.getObject('dataSets', ds);
  if (!dataSet) return illegalQuery('E1105', `Data set not found or not accessible: \`${ds}\``);
  const pe = req.query.get('pe') ?? '';
  const period = parsePeriod(pe);
  if (!period) return illegalQuery('E1101', `Period is invalid: \`${pe}\``);
  const ou = req.query.get('ou') ?? '';
  const orgUnit = ctx.store.getObject('organisationUnits', ou);
  if (!orgUnit) return illegalQuery('E1102', `Organisation unit not found or not accessible: \`${ou}\``);
  const aoc = req.query.get('aoc') || DEFAULT_AOC;
  const values: Record<string, number | null> = {};
  const rows = ctx.store.db
    .prepare<
      [string, string, string],
      { data_element: string; category_option_combo: string; value: string | null }
    >(
      'SELECT data_element, category_option_combo, value FROM data_values WHERE org_unit = ? AND period = ? AND attribute_option_combo = ? AND deleted = 0',
    )
    .all(ou, pe, aoc);
  for (const row of rows) values[`${row.data_element}.${row.category_option_combo}`] = numeric(row.value);
  const aocObject = ctx.store.getObject('categoryOptionCombos', aoc) ?? { id: aoc };
  const violations = rulesForDataSet(ctx, dataSet)
    .filter((rule) => !rule.periodType || textOf(rule.periodType).toLowerCase() === period.type.toLowerCase())
    .flatMap((rule) => {
      const left = rule.leftSide as JsonObject;
      const right = rule.rightSide as JsonObject;
      const prepared = prepareRule({
        id: textOf(rule.id),
        name: textOf(rule.name),
        operator: textOf(rule.operator),
        left: {
          expression: textOf(left.expression),
          missingValueStrategy: textOf(left.missingValueStrategy),
        },
        right: {
          expression: textOf(right.expression),
          missingValueStrategy: textOf(right.missingValueStrategy),
        },
      } satisfies SampleValidationRule);
      const check = checkRule(prepared, values);
      if (check.verdict !== 'failed') return [];
      return [
        {
          id: 0,
          organisationUnit: identifiable(orgUnit),
          period: { id: pe },
          attributeOptionCombo: identifiable(aocObject),
          validationRule: identifiable(rule),
          leftsideValue: check.left,
          rightsideValue: check.right,
          dayInPeriod: 0,
          notificationSent: false,
          created: timestamp(ctx.now()),
        },
      ];
    });
  return json(200, { validationRuleViolations: violations, commentRequiredViolations: [] });
}

export const validationRoutes: Route[] = [
  { method: 'GET', pattern: /^\/validation\/dataSet\/([A-Za-z0-9]+)$/, handler: validateDataSet },
];
