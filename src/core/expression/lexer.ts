import { ExpressionSyntaxError } from './syntax-error.js';

export type TokenType =
  'number' | 'string' | 'item' | 'days' | 'name' | 'method' | 'operator' | '(' | ')' | ',' | 'end';

export interface Token {
  type: TokenType;
  /** For items: the prefix (`#`, `OUG`...); for names/operators/methods: the normalised text. */
  value: string;
  /** Item content between the braces; string literal value. */
  content?: string;
  start: number;
  end: number;
}

const ITEM_PREFIXES = ['OUG', '#', 'A', 'C', 'D', 'I', 'N', 'R', 'V'];
const ITEM_STARTS = new Set(ITEM_PREFIXES.map((p) => p[0]!));
// Longest first, so "<=" wins over "<".
const OPERATORS = ['&&', '||', '<=', '>=', '==', '!=', '<', '>', '+', '-', '*', '/', '%', '^', '!'];
const WORD_OPERATORS: Record<string, string> = { and: '&&', or: '||', not: '!' };
const NAME = /[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/y;
const D2_NAME = /d2:[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
const METHOD = /\.([A-Za-z_][A-Za-z0-9_]*)/y;

/** Splits a DHIS2 expression into tokens; whitespace (including newlines) is skipped. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const match = (re: RegExp) => {
    re.lastIndex = i;
    return re.exec(text);
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\n' || c === '\t' || c === '\r' || /\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    const prefix = ITEM_STARTS.has(c) ? ITEM_PREFIXES.find((p) => text.startsWith(`${p}{`, i)) : undefined;
    if (prefix) {
      const close = text.indexOf('}', i);
      if (close < 0) throw new ExpressionSyntaxError(`unclosed "${prefix}{"`, text, start);
      i = close + 1;
      tokens.push({
        type: 'item',
        value: prefix,
        content: text.slice(start + prefix.length + 1, close),
        start,
        end: i,
      });
      continue;
    }
    if (text.startsWith('[days]', i)) {
      i += 6;
      tokens.push({ type: 'days', value: '[days]', start, end: i });
      continue;
    }
    if (c === '(' || c === ')' || c === ',') {
      i++;
      tokens.push({ type: c, value: c, start, end: i });
      continue;
    }
    if (c === "'" || c === '"') {
      const { value, end } = readString(text, i);
      i = end;
      tokens.push({ type: 'string', value: text.slice(start, end), content: value, start, end });
      continue;
    }
    const number = /[\d]/.test(c) || (c === '.' && /\d/.test(text[i + 1] ?? '')) ? match(NUMBER) : null;
    if (number) {
      i += number[0].length;
      tokens.push({ type: 'number', value: number[0], start, end: i });
      continue;
    }
    const method = c === '.' ? match(METHOD) : null;
    if (method) {
      i += method[0].length;
      tokens.push({ type: 'method', value: method[1]!, start, end: i });
      continue;
    }
    const name = match(D2_NAME) ?? match(NAME);
    if (name) {
      i += name[0].length;
      const operator = WORD_OPERATORS[name[0]];
      tokens.push(
        operator
          ? { type: 'operator', value: operator, start, end: i }
          : { type: 'name', value: name[0], start, end: i },
      );
      continue;
    }
    const operator = OPERATORS.find((op) => text.startsWith(op, i));
    if (operator) {
      i += operator.length;
      tokens.push({ type: 'operator', value: operator, start, end: i });
      continue;
    }
    throw new ExpressionSyntaxError(`unexpected character "${c}"`, text, start);
  }
  tokens.push({ type: 'end', value: '', start: text.length, end: text.length });
  return tokens;
}

function readString(text: string, start: number): { value: string; end: number } {
  const quote = text[start]!;
  let value = '';
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length) {
      const next = text[++i]!;
      value += next === 'n' ? '\n' : next === 't' ? '\t' : next;
    } else if (c === quote) {
      return { value, end: i + 1 };
    } else {
      value += c;
    }
  }
  throw new ExpressionSyntaxError('unclosed string literal', text, start);
}
