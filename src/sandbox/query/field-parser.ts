/**
 * DHIS2's `fields=` syntax: presets (`*`, `:owner`), names, nested specs (`a[b,c]` or the legacy
 * `a(b,c)`), exclusions (`!x`) and transformers chained after a name (`a::size`, `a~rename(b)`,
 * `a::pluck(code)`, several in a row, arguments separated by `;`).
 * Grammar from dhis2-core `fieldfiltering/FieldFilterParserTest` (e.g. "name::size::rename(n)",
 * "groups::rename(g)[name]", "groups[name::x(a;b), code~y(a)]").
 */

export interface FieldTransformer {
  name: string;
  args: string[];
}

/** A parsed `fields=` expression. */
export interface FieldSpec {
  presets: Set<string>;
  include: Map<string, FieldSpec | undefined>;
  exclude: Set<string>;
  /** Transformers per output field name, in the order written. */
  transformers: Map<string, FieldTransformer[]>;
}

export const emptySpec = (): FieldSpec => ({
  presets: new Set(),
  include: new Map(),
  exclude: new Set(),
  transformers: new Map(),
});

/** Splits on commas that are not inside [...] or (...). */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '[' || ch === '(') depth++;
    if (ch === ']' || ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/** Index of the bracket closing the one opened at `start`. */
function closing(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    if (text[i] === '[' || text[i] === '(') depth++;
    if (text[i] === ']' || text[i] === ')') depth--;
    if (depth === 0) return i;
  }
  return text.length;
}

interface FieldPart {
  head: string;
  nested: string | undefined;
  transformers: FieldTransformer[];
}

/** One comma-separated part: head, then any mix of `[nested]` and `::name(args)` / `~name(args)`. */
function parsePart(part: string): FieldPart {
  const head = part.startsWith(':') ? (/^:[A-Za-z]+/.exec(part)?.[0] ?? part) : /^[^[(~:|]*/.exec(part)![0];
  const out: FieldPart = { head: head.trim(), nested: undefined, transformers: [] };
  let i = head.length;
  while (i < part.length) {
    const ch = part[i]!;
    if (ch === '[' || ch === '(') {
      const end = closing(part, i);
      out.nested = part.slice(i + 1, end);
      i = end + 1;
      continue;
    }
    const marker = /^(::|~|\|)([A-Za-z]+)/.exec(part.slice(i));
    if (!marker) break;
    i += marker[0].length;
    let args: string[] = [];
    if (part[i] === '(') {
      const end = closing(part, i);
      args = part
        .slice(i + 1, end)
        .split(';')
        .map((a) => a.trim())
        .filter((a) => a !== '');
      i = end + 1;
    }
    out.transformers.push({ name: marker[2]!, args });
  }
  return out;
}

/** Parses a whole `fields=` expression (several `fields=` parameters are joined with commas first). */
export function parseFields(expression: string): FieldSpec {
  const spec = emptySpec();
  for (const part of splitTopLevel(expression)) {
    const { head, nested, transformers } = parsePart(part);
    if (head === '*' || head === ':all') spec.presets.add('all');
    else if (head.startsWith(':')) spec.presets.add(head.slice(1));
    else if (head.startsWith('!')) spec.exclude.add(head.slice(1));
    else if (head !== '') {
      // `a[b],a[c]` merges into one nested spec, as DHIS2 merges field paths.
      const previous = spec.include.get(head);
      const parsed = nested === undefined ? undefined : parseFields(nested);
      spec.include.set(head, previous && parsed ? mergeSpecs(previous, parsed) : (parsed ?? previous));
      if (transformers.length > 0) spec.transformers.set(head, transformers);
    }
  }
  return spec;
}

function mergeSpecs(a: FieldSpec, b: FieldSpec): FieldSpec {
  return {
    presets: new Set([...a.presets, ...b.presets]),
    include: new Map([...a.include, ...b.include]),
    exclude: new Set([...a.exclude, ...b.exclude]),
    transformers: new Map([...a.transformers, ...b.transformers]),
  };
}
