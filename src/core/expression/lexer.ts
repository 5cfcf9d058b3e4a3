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

const WORD_OPERATORS: Record<string, string> = { and: '&&', or: '||', not: '!' };

/**
 * Splits a DHIS2 expression into tokens; whitespace (including newlines) is skipped. Characters
 * are classified by code, and names and numbers scanned by hand, not by regular expression:
 * validation tokenizes every expression of a package, and each match array is garbage.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const length = text.length;
  let i = 0;
  while (i < length) {
    const code = text.charCodeAt(i);
    if (isSpace(code, text, i)) {
      i++;
      continue;
    }
    const start = i;
    const prefix = itemPrefixAt(text, i, code);
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
    if (code === 0x5b /* [ */ && text.startsWith('[days]', i)) {
      i += 6;
      tokens.push({ type: 'days', value: '[days]', start, end: i });
      continue;
    }
    if (code === 0x28 || code === 0x29 || code === 0x2c /* ( ) , */) {
      const c = text[i] as '(' | ')' | ',';
      i++;
      tokens.push({ type: c, value: c, start, end: i });
      continue;
    }
    if (code === 0x27 || code === 0x22 /* ' " */) {
      const { value, end } = readString(text, i);
      i = end;
      tokens.push({ type: 'string', value: text.slice(start, end), content: value, start, end });
      continue;
    }
    if (isDigit(code) || (code === 0x2e && isDigit(text.charCodeAt(i + 1)))) {
      i = numberEnd(text, i);
      tokens.push({ type: 'number', value: text.slice(start, i), start, end: i });
      continue;
    }
    if (code === 0x2e /* . */ && isNameStart(text.charCodeAt(i + 1))) {
      i = identifierEnd(text, i + 1);
      tokens.push({ type: 'method', value: text.slice(start + 1, i), start, end: i });
      continue;
    }
    if (isNameStart(code)) {
      i = nameEnd(text, i);
      const name = text.slice(start, i);
      const operator = WORD_OPERATORS[name];
      tokens.push(
        operator
          ? { type: 'operator', value: operator, start, end: i }
          : { type: 'name', value: name, start, end: i },
      );
      continue;
    }
    const operator = operatorAt(text, i);
    if (operator) {
      i += operator.length;
      tokens.push({ type: 'operator', value: operator, start, end: i });
      continue;
    }
    throw new ExpressionSyntaxError(`unexpected character "${text[i]!}"`, text, start);
  }
  tokens.push({ type: 'end', value: '', start: length, end: length });
  return tokens;
}

/** What /\s/ matches, with the ASCII cases decided without a regular expression. */
function isSpace(code: number, text: string, i: number): boolean {
  if (code === 0x20 || (code >= 0x09 && code <= 0x0d)) return true;
  return code >= 0xa0 && /\s/.test(text[i]!);
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function isNameStart(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code === 0x5f;
}

function isNamePart(code: number): boolean {
  return isNameStart(code) || isDigit(code);
}

/** End of the identifier ([A-Za-z_] then [A-Za-z0-9_]...) starting at i. */
function identifierEnd(text: string, i: number): number {
  let end = i + 1;
  while (isNamePart(text.charCodeAt(end))) end++;
  return end;
}

/** End of the name at i: a `d2:` function name, else identifiers joined by dots (`orgUnit.ancestor`). */
function nameEnd(text: string, i: number): number {
  if (text.startsWith('d2:', i) && isNameStart(text.charCodeAt(i + 3))) return identifierEnd(text, i + 3);
  let end = identifierEnd(text, i);
  while (text.charCodeAt(end) === 0x2e && isNameStart(text.charCodeAt(end + 1)))
    end = identifierEnd(text, end + 1);
  return end;
}

/** End of the number at i (`12`, `1.5`, `.5`, `2e-3`): i is a digit, or a "." before one. */
function numberEnd(text: string, i: number): number {
  let end = i;
  while (isDigit(text.charCodeAt(end))) end++;
  if (text.charCodeAt(end) === 0x2e) {
    end++;
    while (isDigit(text.charCodeAt(end))) end++;
  }
  const e = text.charCodeAt(end);
  if (e === 0x65 || e === 0x45 /* e E */) {
    let digits = end + 1;
    const sign = text.charCodeAt(digits);
    if (sign === 0x2b || sign === 0x2d) digits++;
    if (isDigit(text.charCodeAt(digits))) {
      end = digits;
      while (isDigit(text.charCodeAt(end))) end++;
    }
  }
  return end;
}

function itemPrefixAt(text: string, i: number, code: number): string | undefined {
  if (code === 0x4f /* O */) return text.startsWith('OUG{', i) ? 'OUG' : undefined;
  if (text.charCodeAt(i + 1) !== 0x7b /* { */) return undefined;
  switch (code) {
    case 0x23: // #
    case 0x41: // A
    case 0x43: // C
    case 0x44: // D
    case 0x49: // I
    case 0x4e: // N
    case 0x52: // R
    case 0x56: // V
      return text[i];
    default:
      return undefined;
  }
}

/** The operator at i, longest first, so "<=" wins over "<". */
function operatorAt(text: string, i: number): string | undefined {
  const next = text[i + 1];
  switch (text[i]) {
    case '&':
      return next === '&' ? '&&' : undefined;
    case '|':
      return next === '|' ? '||' : undefined;
    case '=':
      return next === '=' ? '==' : undefined;
    case '<':
      return next === '=' ? '<=' : '<';
    case '>':
      return next === '=' ? '>=' : '>';
    case '!':
      return next === '=' ? '!=' : '!';
    case '+':
    case '-':
    case '*':
    case '/':
    case '%':
    case '^':
      return text[i];
    default:
      return undefined;
  }
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
