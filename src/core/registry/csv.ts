import type { RowProblem } from './types.js';

export interface CsvTable {
  delimiter: string;
  header: string[];
  /** One per data record; `line` is where the record starts in the file (1-based). */
  records: Array<{ line: number; cells: string[] }>;
}

const DELIMITERS = [',', ';', '\t', '|'] as const;

/**
 * Decodes line by line, so one badly encoded line (a Latin-1 "é" from an old Excel export) is
 * reported with its number while the rest of the file is still checked. A BOM is dropped.
 */
export function decodeLines(bytes: Uint8Array, file: string, problems: RowProblem[]): string {
  const strict = new TextDecoder('utf-8', { fatal: true });
  const lines: string[] = [];
  let start = 0;
  let line = 1;
  for (let i = 0; i <= bytes.length; i++) {
    if (i < bytes.length && bytes[i] !== 0x0a) continue;
    const slice = bytes.subarray(start, i);
    try {
      lines.push(strict.decode(slice));
    } catch {
      lines.push(Buffer.from(slice).toString('latin1'));
      problems.push({
        file,
        line,
        rule: 'registry.encoding',
        message: 'not valid UTF-8 (the file looks Latin-1 / Windows-1252 encoded)',
        fix: 'Save the file as "CSV UTF-8" and run again',
      });
    }
    start = i + 1;
    line++;
  }
  const text = lines.join('\n');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The delimiter that splits the header and the first lines into the same, largest number of fields. */
export function sniffDelimiter(text: string): string {
  const sample = text.split(/\r?\n/, 6).filter((l) => l.trim() !== '');
  let best: string = ',';
  let bestScore = 0;
  for (const d of DELIMITERS) {
    const counts = sample.map((l) => splitRecords(l, d)[0]?.cells.length ?? 0);
    const first = counts[0] ?? 0;
    const consistent = counts.every((c) => c === first);
    const score = first > 1 ? first * (consistent ? 2 : 1) : 0;
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

/** RFC 4180 CSV with any delimiter: quoted fields may hold delimiters, quotes ("") and newlines. */
export function parseCsv(text: string, delimiter = sniffDelimiter(text)): CsvTable {
  const all = splitRecords(text, delimiter).filter((r) => r.cells.some((c) => c.trim() !== ''));
  const [head, ...records] = all;
  return { delimiter, header: (head?.cells ?? []).map((h) => h.trim()), records };
}

function splitRecords(text: string, delimiter: string): Array<{ line: number; cells: string[] }> {
  const records: Array<{ line: number; cells: string[] }> = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        cell += c;
      }
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === delimiter) {
      cells.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      cells.push(cell);
      records.push({ line: recordLine, cells });
      cells = [];
      cell = '';
      line++;
      recordLine = line;
    } else cell += c;
  }
  if (cell !== '' || cells.length > 0) {
    cells.push(cell);
    records.push({ line: recordLine, cells });
  }
  return records;
}

/** One CSV field: quoted when it holds the delimiter, a quote or a line break. */
export function csvField(value: string, delimiter = ','): string {
  return value.includes(delimiter) || /["\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
