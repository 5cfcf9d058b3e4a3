import type { ExpressionNode } from '../expression/index.js';
import type { CellStore } from './cell-store.js';
import { checkRule, type PreparedRule } from './rule-check.js';

/** A term of a linear expression: +/- the value of `#{de}` (all its cells) or `#{de.coc}` (one cell). */
interface Term {
  sign: 1 | -1;
  dataElement: string;
  coc?: string;
}

const flip = (sign: 1 | -1): 1 | -1 => (sign === 1 ? -1 : 1);

/** The terms of a sum/difference of data items and constants, or undefined for anything else. */
export function linearTerms(node: ExpressionNode, sign: 1 | -1 = 1): Term[] | undefined {
  switch (node.type) {
    case 'number':
      return [];
    case 'item':
      if (node.kind === 'dataElement' && node.ids.length === 1) return [{ sign, dataElement: node.ids[0]! }];
      if (node.kind === 'dataElementOperand' && node.ids.length === 2 && node.ids[1] !== '*') {
        return [{ sign, dataElement: node.ids[0]!, coc: node.ids[1]! }];
      }
      return undefined;
    case 'unary':
      if (node.operator === '!') return undefined;
      return linearTerms(node.operand, node.operator === '-' ? flip(sign) : sign);
    case 'binary': {
      if (node.operator !== '+' && node.operator !== '-') return undefined;
      const left = linearTerms(node.left, sign);
      const right = linearTerms(node.right, node.operator === '-' ? flip(sign) : sign);
      return left && right ? [...left, ...right] : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * Changes the cells of the left side so that it moves by `delta` (whole numbers): positive cells
 * keep their proportions, the largest remainders get the leftover units. False when impossible
 * (the left side would have to go below zero, or has no cell of its own to change).
 */
function shiftLeftSide(terms: Term[], delta: number, cells: CellStore): boolean {
  const keys = [
    ...new Set(terms.filter((t) => t.sign === 1).flatMap((t) => cells.keysOf(t.dataElement, t.coc))),
  ];
  if (keys.length === 0) return false;
  const current = keys.map((k) => cells.get(k));
  const sum = current.reduce((a, b) => a + b, 0);
  const wanted = Math.round(sum + delta);
  if (wanted < 0) return false;
  const shares = current.map((v) => (sum > 0 ? (v / sum) * wanted : wanted / keys.length));
  const floors = shares.map(Math.floor);
  let leftover = wanted - floors.reduce((a, b) => a + b, 0);
  const order = shares.map((s, i) => [s - Math.floor(s), i] as const).sort((a, b) => b[0] - a[0]);
  for (const [, i] of order) {
    if (leftover <= 0) break;
    floors[i]! += 1;
    leftover--;
  }
  keys.forEach((k, i) => cells.setKey(k, floors[i]!));
  return true;
}

/** How far the left side must move for the rule to hold, or undefined for operators we cannot aim at. */
function neededShift(operator: string, left: number, right: number): number | undefined {
  switch (operator) {
    case 'equal_to':
    case 'less_than_or_equal_to':
    case 'greater_than_or_equal_to':
      return right - left;
    case 'less_than':
      return Math.ceil(right) - 1 - left;
    case 'greater_than':
      return Math.floor(right) + 1 - left;
    default:
      return undefined;
  }
}

const ORDER: Record<string, number> = {
  less_than_or_equal_to: 0,
  less_than: 0,
  greater_than_or_equal_to: 1,
  greater_than: 1,
  equal_to: 2,
};

/**
 * Adjusts generated values until the validation rules hold: subsets shrink first ("repeaters <=
 * enrolment"), then identities are set ("new entrants = grade 1 enrolment - repeaters"), and the
 * passes repeat until nothing changes. Rules whose left side is not a plain sum are left alone
 * (and reported by the final check).
 */
export function repairCells(rules: readonly PreparedRule[], cells: CellStore, maxPasses = 6): void {
  const ordered = [...rules].sort((a, b) => (ORDER[a.rule.operator] ?? 3) - (ORDER[b.rule.operator] ?? 3));
  const termsOf = new Map(ordered.map((p) => [p, linearTerms(p.left)]));
  for (let pass = 0; pass < maxPasses; pass++) {
    let changed = false;
    for (const prepared of ordered) {
      const check = checkRule(prepared, cells.stored(prepared.reads));
      if (check.verdict !== 'failed' || check.left === null || check.right === null) continue;
      const terms = termsOf.get(prepared);
      const shift = neededShift(prepared.rule.operator, check.left, check.right);
      if (terms && shift !== undefined && shiftLeftSide(terms, shift, cells)) changed = true;
    }
    if (!changed) return;
  }
}
