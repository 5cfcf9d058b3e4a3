import type { BinaryOperator, ExpressionNode, ItemKind, ItemNode } from './ast.js';
import { EXPRESSION_FUNCTIONS, EXPRESSION_METHODS } from './functions.js';
import { tokenize, type Token } from './lexer.js';
import { ExpressionSyntaxError } from './syntax-error.js';

/** Where an expression is used: program indicator expressions read `#{stage.de}`, aggregate ones `#{de.coc}`. */
export type ExpressionContext = 'aggregate' | 'program';

export interface ParseOptions {
  context?: ExpressionContext;
}

// Binding power of each binary operator, lowest first (DHIS2's Expression.g4 order).
const BINARY_POWER: Record<string, number> = {
  '||': 1,
  '&&': 2,
  '==': 3,
  '!=': 3,
  '<': 4,
  '>': 4,
  '<=': 4,
  '>=': 4,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
  '%': 6,
  // unary operators sit at 7, so -2^2 is -(2^2) as in DHIS2
  '^': 8,
};
const UNARY_POWER = 7;

/** A UID or the `*` wildcard: /^(?:[A-Za-z][A-Za-z0-9]{10}|\*)$/ by hand, as every item part is tested. */
function isUidPart(part: string): boolean {
  if (part.length !== 11) return part === '*';
  for (let i = 0; i < 11; i++) {
    const code = part.charCodeAt(i);
    const letter = (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
    if (!letter && (i === 0 || code < 0x30 || code > 0x39)) return false;
  }
  return true;
}

/** Parses a DHIS2 indicator / validation rule / predictor expression into an AST; throws ExpressionSyntaxError. */
export function parseExpression(source: string | number, options: ParseOptions = {}): ExpressionNode {
  // Jackson reads a JSON number into a String field, so DHIS2 accepts `"numerator": -1`; so do we.
  const text = typeof source === 'number' ? String(source) : source;
  if (typeof text !== 'string')
    throw new ExpressionSyntaxError('expression is not a string', String(text), 0);
  const parser = new Parser(text, tokenize(text), options.context ?? 'aggregate');
  if (parser.peek().type === 'end') throw new ExpressionSyntaxError('empty expression', text, 0);
  const node = parser.parseBinary(0);
  parser.expectEnd();
  return node;
}

/** Like parseExpression, but returns the error instead of throwing. */
export function tryParseExpression(
  text: string | number,
  options: ParseOptions = {},
): { ok: true; ast: ExpressionNode } | { ok: false; error: ExpressionSyntaxError } {
  try {
    return { ok: true, ast: parseExpression(text, options) };
  } catch (error) {
    if (error instanceof ExpressionSyntaxError) return { ok: false, error };
    throw error;
  }
}

class Parser {
  private index = 0;

  constructor(
    private readonly text: string,
    private readonly tokens: Token[],
    private readonly context: ExpressionContext,
  ) {}

  peek(): Token {
    return this.tokens[this.index]!;
  }

  private next(): Token {
    const token = this.tokens[this.index]!;
    if (token.type !== 'end') this.index++;
    return token;
  }

  private fail(reason: string, token: Token = this.peek()): never {
    throw new ExpressionSyntaxError(reason, this.text, token.start);
  }

  private expect(type: Token['type'], what: string): Token {
    const token = this.peek();
    if (token.type !== type) this.fail(`expected ${what} but found ${describe(token)}`);
    return this.next();
  }

  expectEnd(): void {
    const token = this.peek();
    if (token.type !== 'end') this.fail(`unexpected ${describe(token)}`);
  }

  parseBinary(minPower: number): ExpressionNode {
    let left = this.parseUnary();
    for (;;) {
      const token = this.peek();
      const power = token.type === 'operator' ? BINARY_POWER[token.value] : undefined;
      if (power === undefined || power <= minPower) break;
      this.next();
      // ^ is right-associative (2^3^2 = 2^(3^2)); the others associate to the left.
      const right = this.parseBinary(token.value === '^' ? power - 1 : power);
      left = {
        type: 'binary',
        operator: token.value as BinaryOperator,
        left,
        right,
        start: left.start,
        end: right.end,
      };
    }
    return left;
  }

  private parseUnary(): ExpressionNode {
    const token = this.peek();
    if (token.type === 'operator' && (token.value === '-' || token.value === '+' || token.value === '!')) {
      this.next();
      const operand = this.parseBinary(UNARY_POWER);
      return { type: 'unary', operator: token.value, operand, start: token.start, end: operand.end };
    }
    return this.parsePostfix(this.parsePrimary());
  }

  private parsePostfix(target: ExpressionNode): ExpressionNode {
    let node = target;
    while (this.peek().type === 'method') {
      const method = this.next();
      const spec = EXPRESSION_METHODS[method.value];
      if (!spec) this.fail(`unknown method ".${method.value}"`, method);
      this.expect('(', `"(" after .${method.value}`);
      const args: ExpressionNode[] = [];
      if (method.value === 'periodOffset') {
        const arg = this.parseBinary(0);
        if (!isIntegerLiteral(arg)) this.fail('.periodOffset() needs an integer number of periods', method);
        args.push(arg);
      } else if (this.peek().type !== ')') {
        args.push(this.readRawArgument());
      }
      const close = this.expect(')', '")"');
      node = { type: 'method', name: method.value, target: node, args, start: node.start, end: close.end };
    }
    return node;
  }

  /** `.aggregationType(SUM)`, `.maxDate(2020-01-01)`: the argument is a word, kept as text. */
  private readRawArgument(): ExpressionNode {
    const first = this.peek();
    let last = first;
    while (this.peek().type !== ')' && this.peek().type !== 'end') last = this.next();
    return {
      type: 'string',
      value: this.text.slice(first.start, last.end).trim(),
      start: first.start,
      end: last.end,
    };
  }

  private parsePrimary(): ExpressionNode {
    const token = this.next();
    switch (token.type) {
      case 'number':
        return { type: 'number', value: Number(token.value), start: token.start, end: token.end };
      case 'string':
        return { type: 'string', value: token.content ?? '', start: token.start, end: token.end };
      case 'days':
        return { type: 'item', kind: 'days', ids: [], text: token.value, start: token.start, end: token.end };
      case 'item':
        return this.parseItem(token);
      case '(': {
        const inner = this.parseBinary(0);
        const close = this.expect(')', '")"');
        return { ...inner, start: token.start, end: close.end };
      }
      case 'name':
        if (token.value === 'true' || token.value === 'false') {
          return { type: 'boolean', value: token.value === 'true', start: token.start, end: token.end };
        }
        return this.parseCall(token);
      case 'end':
        return this.fail('unexpected end of expression', token);
      default:
        return this.fail(`unexpected ${describe(token)}`, token);
    }
  }

  private parseCall(name: Token): ExpressionNode {
    const spec = EXPRESSION_FUNCTIONS[name.value];
    const isD2 = name.value.startsWith('d2:');
    if (!spec && !isD2) {
      if (this.peek().type === '(') this.fail(`unknown function "${name.value}"`, name);
      this.fail(`unexpected name "${name.value}"`, name);
    }
    this.expect('(', `"(" after ${name.value}`);
    const args: ExpressionNode[] = [];
    const uidArgs: Array<{ id: string; start: number; end: number }> = [];
    if (this.peek().type !== ')') {
      for (;;) {
        if (spec?.uidArgs) {
          const uid = this.expect('name', 'a UID');
          if (!isUidPart(uid.value) || uid.value === '*') this.fail(`"${uid.value}" is not a UID`, uid);
          uidArgs.push({ id: uid.value, start: uid.start, end: uid.end });
        } else {
          args.push(this.parseBinary(0));
        }
        if (this.peek().type !== ',') break;
        this.next();
      }
    }
    const close = this.expect(')', `")" to close ${name.value}(`);
    const count = spec?.uidArgs ? uidArgs.length : args.length;
    if (spec && (count < spec.min || count > spec.max)) {
      const wanted =
        spec.max === spec.min
          ? `${spec.min}`
          : spec.max === Infinity
            ? `at least ${spec.min}`
            : `${spec.min} to ${spec.max}`;
      this.fail(`${name.value}() takes ${wanted} argument${wanted === '1' ? '' : 's'}, got ${count}`, name);
    }
    const node: ExpressionNode = { type: 'call', name: name.value, args, start: name.start, end: close.end };
    if (spec?.uidArgs) node.uidArgs = uidArgs;
    return node;
  }

  private parseItem(token: Token): ItemNode {
    const content = (token.content ?? '').trim();
    const ids = content.split('.');
    for (let i = 0; i < ids.length; i++) ids[i] = ids[i]!.trim();
    const spec = ITEM_SPECS[token.value];
    if (!spec) return this.fail(`unknown item ${token.value}{}`, token);
    const kind =
      token.value === '#'
        ? this.context === 'program'
          ? 'programStageDataElement'
          : ids.length === 1
            ? 'dataElement'
            : 'dataElementOperand'
        : spec.kind;
    const min = kind === 'programStageDataElement' ? 2 : spec.min;
    const max = kind === 'programStageDataElement' ? 2 : spec.max;
    if (ids.length < min || ids.length > max) {
      this.fail(
        `${token.value}{} holds ${min === max ? min : `${min} to ${max}`} dot-separated part(s), got "${content}"`,
        token,
      );
    }
    // R{} ends in a metric name and V{} holds a variable name; every other part is a UID (or a * wildcard after the first).
    const uidParts = token.value === 'V' ? 0 : token.value === 'R' ? 1 : ids.length;
    for (let i = 0; i < uidParts; i++) {
      const id = ids[i]!;
      if (!isUidPart(id) || (id === '*' && i === 0))
        this.fail(`"${id}" in ${token.value}{${content}} is not a UID`, token);
    }
    if (token.value === 'R' && !REPORTING_RATE_METRICS.has(ids[1]!)) {
      this.fail(
        `"${ids[1]}" is not a reporting rate metric (${[...REPORTING_RATE_METRICS].join(', ')})`,
        token,
      );
    }
    return {
      type: 'item',
      kind,
      ids,
      text: this.text.slice(token.start, token.end),
      start: token.start,
      end: token.end,
    };
  }
}

/** Each item prefix: what it refers to and how many dot-separated parts it holds. */
const ITEM_SPECS: Readonly<Record<string, { kind: ItemKind; min: number; max: number }>> = {
  '#': { kind: 'dataElementOperand', min: 1, max: 3 },
  I: { kind: 'programIndicator', min: 1, max: 1 },
  D: { kind: 'programDataElement', min: 2, max: 2 },
  A: { kind: 'programAttribute', min: 1, max: 2 },
  C: { kind: 'constant', min: 1, max: 1 },
  OUG: { kind: 'organisationUnitGroup', min: 1, max: 1 },
  N: { kind: 'indicator', min: 1, max: 1 },
  R: { kind: 'reportingRate', min: 2, max: 2 },
  V: { kind: 'programVariable', min: 1, max: 1 },
};

export const REPORTING_RATE_METRICS: ReadonlySet<string> = new Set([
  'REPORTING_RATE',
  'REPORTING_RATE_ON_TIME',
  'ACTUAL_REPORTS',
  'ACTUAL_REPORTS_ON_TIME',
  'EXPECTED_REPORTS',
]);

function isIntegerLiteral(node: ExpressionNode): boolean {
  if (node.type === 'number') return Number.isInteger(node.value);
  return (
    node.type === 'unary' &&
    (node.operator === '-' || node.operator === '+') &&
    isIntegerLiteral(node.operand)
  );
}

function describe(token: Token): string {
  if (token.type === 'end') return 'end of expression';
  if (token.type === 'item') return `"${token.value}{${token.content ?? ''}}"`;
  if (token.type === 'method') return `".${token.value}"`;
  return `"${token.value}"`;
}
