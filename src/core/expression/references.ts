import type { ExpressionNode, ItemKind } from './ast.js';
import { parseExpression, type ParseOptions } from './parser.js';

export type ReferenceKind =
  ItemKind | 'orgUnitAncestor' | 'orgUnitGroupMembership' | 'orgUnitDataSet' | 'orgUnitProgram';

/** One object reference found in an expression, with its position in the text. */
export interface ExpressionReference {
  kind: ReferenceKind;
  /** The dotted parts (`#{de.coc}` -> ["de", "coc"]); `*` is a wildcard. */
  ids: string[];
  start: number;
  end: number;
  /** The item's text, e.g. `#{de.coc}`. */
  text: string;
  /** `.periodOffset(n)` applied to the item, when any. */
  periodOffset?: number;
}

/** A reference resolved to the DHIS2 type it must exist as. */
export interface ReferenceTarget {
  type: string;
  id: string;
  /** Which part of the item this id is, for messages ("category option combo"). */
  role: string;
}

const UID_CALL_KINDS: Record<string, ReferenceKind> = {
  'orgUnit.ancestor': 'orgUnitAncestor',
  'orgUnit.group': 'orgUnitGroupMembership',
  'orgUnit.dataSet': 'orgUnitDataSet',
  'orgUnit.program': 'orgUnitProgram',
};

/** Every object reference in an expression (text or parsed AST), in textual order. Throws on syntax errors. */
export function expressionReferences(
  expression: string | number | ExpressionNode,
  options: ParseOptions = {},
): ExpressionReference[] {
  const ast =
    typeof expression === 'string' || typeof expression === 'number'
      ? parseExpression(expression, options)
      : expression;
  const found: ExpressionReference[] = [];
  collect(ast, found, undefined);
  return found.sort((a, b) => a.start - b.start);
}

function collect(node: ExpressionNode, out: ExpressionReference[], periodOffset: number | undefined): void {
  switch (node.type) {
    case 'item':
      if (node.kind !== 'days' && node.kind !== 'programVariable') {
        const ref: ExpressionReference = {
          kind: node.kind,
          ids: node.ids,
          start: node.start,
          end: node.end,
          text: node.text,
        };
        if (periodOffset !== undefined) ref.periodOffset = periodOffset;
        out.push(ref);
      }
      return;
    case 'unary':
      collect(node.operand, out, periodOffset);
      return;
    case 'binary':
      collect(node.left, out, periodOffset);
      collect(node.right, out, periodOffset);
      return;
    case 'call': {
      const kind = UID_CALL_KINDS[node.name];
      for (const arg of node.uidArgs ?? []) {
        if (kind) out.push({ kind, ids: [arg.id], start: arg.start, end: arg.end, text: arg.id });
      }
      for (const arg of node.args) collect(arg, out, periodOffset);
      return;
    }
    case 'method': {
      const offset =
        node.name === 'periodOffset' ? (periodOffset ?? 0) + integerValue(node.args[0]) : periodOffset;
      collect(node.target, out, offset);
      return;
    }
    default:
      return;
  }
}

export function integerValue(node: ExpressionNode | undefined): number {
  if (!node) return 0;
  if (node.type === 'number') return node.value;
  if (node.type === 'unary')
    return node.operator === '-' ? -integerValue(node.operand) : integerValue(node.operand);
  return 0;
}

/** The DHIS2 objects a reference needs (wildcards skipped): `#{de.coc.aoc}` -> dataElement, two COCs. */
export function referenceTargets(ref: ExpressionReference): ReferenceTarget[] {
  const [a, b, c] = ref.ids;
  const targets: ReferenceTarget[] = [];
  const add = (type: string, id: string | undefined, role: string) => {
    if (id && id !== '*') targets.push({ type, id, role });
  };
  switch (ref.kind) {
    case 'dataElement':
    case 'dataElementOperand':
      add('dataElements', a, 'data element');
      add('categoryOptionCombos', b, 'category option combo');
      add('categoryOptionCombos', c, 'attribute option combo');
      break;
    case 'programIndicator':
      add('programIndicators', a, 'program indicator');
      break;
    case 'programDataElement':
      add('programs', a, 'program');
      add('dataElements', b, 'data element');
      break;
    case 'programAttribute':
      if (b === undefined) add('trackedEntityAttributes', a, 'tracked entity attribute');
      else {
        add('programs', a, 'program');
        add('trackedEntityAttributes', b, 'tracked entity attribute');
      }
      break;
    case 'programStageDataElement':
      add('programStages', a, 'program stage');
      add('dataElements', b, 'data element');
      break;
    case 'constant':
      add('constants', a, 'constant');
      break;
    case 'organisationUnitGroup':
    case 'orgUnitGroupMembership':
      add('organisationUnitGroups', a, 'organisation unit group');
      break;
    case 'reportingRate':
    case 'orgUnitDataSet':
      add('dataSets', a, 'data set');
      break;
    case 'indicator':
      add('indicators', a, 'indicator');
      break;
    case 'orgUnitAncestor':
      add('organisationUnits', a, 'organisation unit');
      break;
    case 'orgUnitProgram':
      add('programs', a, 'program');
      break;
    default:
      break;
  }
  return targets;
}
