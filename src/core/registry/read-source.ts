import { readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { inputError } from '../../errors/index.js';
import { MAX_INPUT_BYTES, parseJsonText } from '../io/read-input.js';
import { decodeLines, parseCsv } from './csv.js';
import type { Geometry, RowProblem, SourceRow, SourceTable } from './types.js';

/** Reads a school list: CSV/TSV/TXT (any delimiter), Excel .xlsx (first sheet) or GeoJSON. */
export async function readSchoolSource(file: string): Promise<SourceTable> {
  const bytes = readBounded(file);
  const ext = extname(file).toLowerCase();
  if (ext === '.xlsx') return readXlsx(file, bytes);
  if (ext === '.geojson' || ext === '.json') return readGeoJson(file, bytes);
  return readCsvBytes(file, bytes);
}

function readBounded(file: string): Buffer {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw inputError('REGISTRY.NOT_FOUND', `cannot read ${file}`, { file, fix: 'Check the path' });
  }
  if (size > MAX_INPUT_BYTES)
    throw inputError('REGISTRY.TOO_LARGE', `${file} is larger than ${MAX_INPUT_BYTES} bytes`, { file });
  return readFileSync(file);
}

export function readCsvBytes(file: string, bytes: Uint8Array): SourceTable {
  const problems: RowProblem[] = [];
  const table = parseCsv(decodeLines(bytes, file, problems));
  const rows: SourceRow[] = table.records.map(({ line, cells }) => {
    if (cells.length !== table.header.length)
      problems.push({
        file,
        line,
        rule: 'registry.columns',
        message: `${cells.length} fields where the header has ${table.header.length}`,
        fix: 'Quote fields that contain the delimiter',
      });
    return { line, values: Object.fromEntries(table.header.map((h, i) => [h, (cells[i] ?? '').trim()])) };
  });
  return { file, format: 'csv', headers: table.header, rows, problems };
}

async function readXlsx(file: string, bytes: Buffer): Promise<SourceTable> {
  const { readSheet } = await import('read-excel-file/node');
  let data: unknown[][];
  try {
    data = await readSheet(bytes);
  } catch (cause) {
    throw inputError('REGISTRY.BAD_XLSX', `${file}: not a readable .xlsx workbook`, {
      file,
      cause,
      fix: 'Save it again from Excel or LibreOffice as .xlsx, or export it as CSV UTF-8',
    });
  }
  const [head = [], ...body] = data;
  const headers = head.map((h) => cellText(h));
  const rows: SourceRow[] = [];
  body.forEach((cells, i) => {
    if (cells.every((c) => cellText(c) === '')) return;
    // Sheet row numbers: the header is row 1.
    rows.push({ line: i + 2, values: Object.fromEntries(headers.map((h, j) => [h, cellText(cells[j])])) });
  });
  return { file, format: 'xlsx', headers, rows, problems: [] };
}

/** A cell or property as text: numbers as JS prints them, dates as YYYY-MM-DD, objects as JSON. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? '';
}

/** Features become rows: their properties are the columns; the feature's line is its line. */
function readGeoJson(file: string, bytes: Buffer): SourceTable {
  const problems: RowProblem[] = [];
  const text = decodeLines(bytes, file, problems);
  const doc = parseJsonText(text, file) as { type?: unknown; features?: unknown };
  if (doc?.type !== 'FeatureCollection' || !Array.isArray(doc.features))
    throw inputError('REGISTRY.BAD_GEOJSON', `${file}: not a GeoJSON FeatureCollection`, {
      file,
      fix: 'Give a FeatureCollection of Point or Polygon features',
    });
  const lines = featureLines(text);
  const headers = new Set<string>();
  const rows: SourceRow[] = doc.features.map((feature: unknown, i: number) => {
    const f = (feature ?? {}) as { properties?: Record<string, unknown>; geometry?: Geometry | null };
    const values: Record<string, string> = {};
    for (const [key, value] of Object.entries(f.properties ?? {})) {
      headers.add(key);
      values[key] = cellText(value);
    }
    return { line: lines[i] ?? 1, values, ...(f.geometry ? { geometry: f.geometry } : {}) };
  });
  return { file, format: 'geojson', headers: [...headers], rows, problems };
}

/** Line of each `"type": "Feature"` in order: the line a feature starts on, close enough to find it. */
function featureLines(text: string): number[] {
  const lines: number[] = [];
  const pattern = /"type"\s*:\s*"Feature"/g;
  let line = 1;
  let last = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    for (let i = last; i < m.index; i++) if (text.charCodeAt(i) === 10) line++;
    last = m.index;
    lines.push(line);
  }
  return lines;
}
