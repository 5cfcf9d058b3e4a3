/** 1-based line and column (UTF-16 code units, SARIF's default column kind). */
export interface SourcePosition {
  line: number;
  column: number;
}

/**
 * Where the values at the given JSON pointers start in `text` (for an object member: where its
 * key starts). One scan that steps over every container no pointer goes into, so locating a few
 * findings in a 50 MB file costs about one pass of indexOf, and nothing when no one asks.
 */
export function locateJsonPointers(text: string, pointers: Iterable<string>): Map<string, SourcePosition> {
  const wanted = new Set<string>();
  for (const p of pointers)
    for (let end = p.length; end >= 0; end = p.lastIndexOf('/', end - 1)) {
      wanted.add(p.slice(0, end));
      if (end === 0) break;
    }
  const offsets = new Map<string, number>();
  const scanner = new Scanner(text, wanted, offsets);
  try {
    scanner.value('', -1);
  } catch {
    // Broken JSON never reaches here (it is parsed first); keep what was found anyway.
  }
  return toPositions(text, offsets);
}

class Scanner {
  i = 0;
  constructor(
    private readonly text: string,
    private readonly wanted: Set<string>,
    private readonly offsets: Map<string, number>,
  ) {}

  /** Reads one value at `path`; `keyAt` is where its member key started (-1 for array items). */
  value(path: string, keyAt: number): void {
    this.whitespace();
    if (this.wanted.has(path)) this.offsets.set(path, keyAt >= 0 ? keyAt : this.i);
    const c = this.text[this.i];
    const descend = this.wanted.has(path);
    if (c === '{') {
      if (!descend) return this.skipContainer();
      this.i++;
      for (;;) {
        this.whitespace();
        if (this.text[this.i] === '}') break;
        const start = this.i;
        const key = this.string();
        this.whitespace();
        this.i++; // ':'
        this.value(`${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, start);
        this.whitespace();
        if (this.text[this.i] === ',') this.i++;
      }
      this.i++;
    } else if (c === '[') {
      if (!descend) return this.skipContainer();
      this.i++;
      for (let index = 0; ; index++) {
        this.whitespace();
        if (this.text[this.i] === ']') break;
        this.value(`${path}/${index}`, -1);
        this.whitespace();
        if (this.text[this.i] === ',') this.i++;
      }
      this.i++;
    } else if (c === '"') this.skipString();
    else while (this.i < this.text.length && !/[,\]}\s]/.test(this.text[this.i]!)) this.i++;
  }

  private whitespace(): void {
    while (/\s/.test(this.text[this.i] ?? '')) this.i++;
  }

  private string(): string {
    const start = this.i;
    this.skipString();
    return JSON.parse(this.text.slice(start, this.i)) as string;
  }

  private skipString(): void {
    let j = this.i + 1;
    for (;;) {
      const quote = this.text.indexOf('"', j);
      if (quote < 0) throw new Error('unterminated string');
      let backslashes = 0;
      while (this.text[quote - 1 - backslashes] === '\\') backslashes++;
      j = quote + 1;
      if (backslashes % 2 === 0) break;
    }
    this.i = j;
  }

  private skipContainer(): void {
    let depth = 0;
    for (;;) {
      STRUCTURE.lastIndex = this.i;
      const match = STRUCTURE.exec(this.text);
      if (!match) throw new Error('unterminated container');
      this.i = match.index;
      const c = match[0];
      if (c === '"') {
        this.skipString();
        continue;
      }
      this.i++;
      if (c === '{' || c === '[') depth++;
      else if (--depth === 0) return;
    }
  }
}

const STRUCTURE = /["{}[\]]/g;

function toPositions(text: string, offsets: Map<string, number>): Map<string, SourcePosition> {
  const sorted = [...offsets.entries()].sort((a, b) => a[1] - b[1]);
  const positions = new Map<string, SourcePosition>();
  let line = 1;
  let lineStart = 0;
  let at = 0;
  for (const [pointer, offset] of sorted) {
    for (let nl = text.indexOf('\n', at); nl >= 0 && nl < offset; nl = text.indexOf('\n', nl + 1)) {
      line++;
      lineStart = nl + 1;
    }
    at = lineStart;
    positions.set(pointer, { line, column: offset - lineStart + 1 });
  }
  return positions;
}
