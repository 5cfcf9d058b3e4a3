/**
 * A JSON checker that knows where it is: the first syntax error, duplicate key or `__proto__` key,
 * by character offset. JSON.parse is fast but keeps the last of two duplicate keys silently and
 * (on Node 20) reports no position; this runs only when parseJsonText has reason to look.
 */
export interface JsonProblem {
  offset: number;
  message: string;
}

class Stop extends Error {
  constructor(readonly problem: JsonProblem) {
    super(problem.message);
  }
}

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
// eslint-disable-next-line no-control-regex -- JSON forbids raw control characters in strings
const STRING_STOP = /["\\\u0000-\u001f]/g;

/** Names a character without quoting the text around it (which may be a secret). */
function describeChar(text: string, offset: number): string {
  if (offset >= text.length) return 'end of input';
  const code = text.charCodeAt(offset);
  return code < 0x20 || code === 0x7f
    ? `control character U+${code.toString(16).padStart(4, '0')}`
    : `'${text[offset]}'`;
}

const shortKey = (key: string) => JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key);

/** Number of `"key":` places in the text: never fewer than the keys JSON.parse kept. */
export function countKeyColons(text: string): number {
  let count = 0;
  const pattern = /"[ \t\n\r]*:/g;
  while (pattern.exec(text)) count++;
  return count;
}

export function findJsonProblem(text: string): JsonProblem | undefined {
  let i = 0;
  const fail = (message: string, at = i): never => {
    throw new Stop({ offset: at, message });
  };
  const skipSpace = () => {
    while (i < text.length && WHITESPACE.has(text.charCodeAt(i))) i++;
  };
  const readString = (): string => {
    const start = i++;
    let value = '';
    for (;;) {
      STRING_STOP.lastIndex = i;
      const next = STRING_STOP.exec(text)?.index;
      if (next === undefined) fail('unterminated string', start);
      value += text.slice(i, next);
      i = next!;
      const c = text[i];
      if (c === '"') {
        i++;
        return value;
      }
      if (c !== '\\') fail(`${describeChar(text, i)} inside a string`);
      const escape = text[i + 1];
      if (escape === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('bad \\u escape');
        value += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
        i += 6;
      } else if (escape !== undefined && '"\\/bfnrt'.includes(escape)) {
        value += escape;
        i += 2;
      } else fail('bad escape in a string');
    }
  };
  // One frame per open object/array; an object frame remembers its keys (for duplicates).
  const stack: Array<{ keys?: Map<string, number>; first: boolean }> = [];
  const readValue = (): void => {
    skipSpace();
    const c = text[i];
    if (c === '{' || c === '[') {
      stack.push(c === '{' ? { keys: new Map(), first: true } : { first: true });
      i++;
      return;
    }
    if (c === '"') {
      readString();
      return;
    }
    for (const literal of ['true', 'false', 'null']) {
      if (text.startsWith(literal, i)) {
        i += literal.length;
        return;
      }
    }
    NUMBER.lastIndex = i;
    if (NUMBER.test(text)) {
      i = NUMBER.lastIndex;
      return;
    }
    fail(`unexpected ${describeChar(text, i)}, expected a value`);
  };
  const readKey = (keys: Map<string, number>) => {
    skipSpace();
    if (text[i] !== '"') fail(`unexpected ${describeChar(text, i)}, expected a key in double quotes`);
    const at = i;
    const key = readString();
    if (key === '__proto__')
      fail('"__proto__" is not allowed as a key (it could alter object prototypes)', at);
    const earlier = keys.get(key);
    if (earlier !== undefined) {
      const first = lineColumnAt(text, earlier);
      fail(`duplicate key ${shortKey(key)} (first at line ${first.line}, column ${first.column})`, at);
    }
    keys.set(key, at);
    skipSpace();
    if (text[i] !== ':') fail(`unexpected ${describeChar(text, i)}, expected ':'`);
    i++;
  };
  try {
    readValue();
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const close = frame.keys ? '}' : ']';
      skipSpace();
      if (text[i] === close) {
        stack.pop();
        i++;
        continue;
      }
      if (!frame.first) {
        if (text[i] !== ',') fail(`unexpected ${describeChar(text, i)}, expected ',' or '${close}'`);
        i++;
      }
      frame.first = false;
      if (frame.keys) readKey(frame.keys);
      readValue();
    }
    skipSpace();
    if (i < text.length) fail(`unexpected ${describeChar(text, i)} after the end of the JSON value`);
  } catch (error) {
    if (error instanceof Stop) return error.problem;
    throw error;
  }
  return undefined;
}

/** 1-based line and column (in characters) of an offset. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let at = text.indexOf('\n'); at !== -1 && at < offset; at = text.indexOf('\n', at + 1)) {
    line++;
    lineStart = at + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
