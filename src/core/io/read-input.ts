import { lstatSync, readFileSync, statSync, type Stats } from 'node:fs';
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import { inputError } from '../../errors/index.js';
import { countKeyColons, findJsonProblem, lineColumnAt } from './json-scan.js';

/** Files larger than this are refused before reading: a package file is never this big. */
export const MAX_INPUT_BYTES = 512 * 1024 * 1024;
const MAX_YAML_ALIASES = 100;
const MAX_NESTING = 256;

// yaml is ~70 CommonJS modules: loaded (synchronously) at the first YAML file, not by JSON-only runs.
const require = createRequire(import.meta.url);
let yaml: typeof Yaml | undefined;

/**
 * Reads a regular UTF-8 text file within the size limit. FIFOs, devices and folders are refused
 * before they are opened (a FIFO would block forever); inside package folders (`noSymlinks`) a
 * symbolic link is refused rather than followed, so a package cannot make edupkg read files outside itself.
 */
export function readTextFile(path: string, noSymlinks = false): string {
  assertRegularFile(path, noSymlinks);
  // Decoded while read (no copy of the bytes beside the text); a U+FFFD in the result may be a
  // replaced invalid sequence, so only then are the bytes read again to check them strictly.
  const text = readFile(path, 'utf8');
  if (text.includes('\uFFFD')) return decodeUtf8(readFile(path), path);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function readFile(path: string): Buffer;
function readFile(path: string, encoding: 'utf8'): string;
function readFile(path: string, encoding?: 'utf8'): Buffer | string {
  try {
    return encoding ? readFileSync(path, encoding) : readFileSync(path);
  } catch (cause) {
    throw inputError('UNREADABLE', `cannot read ${path}: ${describeFsError(cause)}`, { file: path, cause });
  }
}

function assertRegularFile(path: string, noSymlinks: boolean): void {
  let stat: Stats;
  try {
    stat = noSymlinks ? lstatSync(path) : statSync(path);
  } catch (cause) {
    throw inputError('NOT_FOUND', `cannot read ${path}: ${describeFsError(cause)}`, { file: path, cause });
  }
  if (stat.isSymbolicLink()) {
    throw inputError('SYMLINK', `${path}: symbolic links are not followed inside a package folder`, {
      file: path,
      fix: 'Replace the link with the file itself',
    });
  }
  if (!stat.isFile()) {
    throw inputError('NOT_A_FILE', `${path}: not a regular file (${fileKind(stat)})`, { file: path });
  }
  if (stat.size > MAX_INPUT_BYTES) {
    throw inputError(
      'TOO_LARGE',
      `${path} is ${stat.size} bytes, larger than the ${MAX_INPUT_BYTES}-byte limit`,
      {
        file: path,
      },
    );
  }
}

function fileKind(stat: Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a named pipe';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  return 'not a file';
}

export function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    const offset = firstInvalidUtf8Offset(bytes);
    const { line, column } = lineColumnOfByte(bytes, offset);
    throw inputError('INVALID_UTF8', `${file}:${line}:${column}: invalid UTF-8 byte sequence`, {
      file,
      line,
      column,
    });
  }
}

/**
 * Parses JSON; a syntax error, a duplicate key or a `__proto__` key names file, line and column
 * (never the text around it, which may be a secret). Rejects absurd nesting.
 */
export function parseJsonText(text: string, file: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    throw jsonError(
      text,
      file,
      findJsonProblem(text) ?? { offset: text.length, message: shortJsonMessage(message) },
    );
  }
  const keys = assertNestingWithin(value, file);
  // JSON.parse keeps the last of two equal keys silently. Each kept key has a `"…":` in the text,
  // so equal counts prove there were none; otherwise the slow scanner finds where.
  if (text.includes('"__proto__"') || countKeyColons(text) !== keys) {
    const problem = findJsonProblem(text);
    if (problem) throw jsonError(text, file, problem);
  }
  return value;
}

function jsonError(text: string, file: string, problem: { offset: number; message: string }) {
  const { line, column } = lineColumnAt(text, problem.offset);
  return inputError('INVALID_JSON', `${file}:${line}:${column}: invalid JSON: ${problem.message}`, {
    file,
    line,
    column,
  });
}

export function readJsonFile(path: string): unknown {
  return parseJsonText(readTextFile(path), path);
}

/** Parses YAML with alias expansion bounded (no "billion laughs") and duplicate keys refused. */
export function parseYamlText(text: string, file: string): unknown {
  yaml ??= require('yaml') as typeof Yaml;
  const { isScalar, visit } = yaml;
  const lineCounter = new yaml.LineCounter();
  const doc = yaml.parseDocument(text, { uniqueKeys: true, prettyErrors: false, strict: true, lineCounter });
  const problem = doc.errors[0];
  if (problem) {
    // The yaml library places a duplicate key at its map's start; point at the second key instead.
    const duplicate = problem.code === 'DUPLICATE_KEY' ? secondYamlKey(doc) : undefined;
    const pos = duplicate === undefined ? problem.linePos?.[0] : lineCounter.linePos(duplicate);
    throw inputError(
      'INVALID_YAML',
      `${file}:${pos?.line ?? 1}:${pos?.col ?? 1}: invalid YAML: ${problem.message.split('\n')[0]}`,
      { file, line: pos?.line, column: pos?.col },
    );
  }
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.value === '__proto__') {
        const { line, col } = lineCounter.linePos(pair.key.range?.[0] ?? 0);
        throw inputError(
          'INVALID_YAML',
          `${file}:${line}:${col}: invalid YAML: "__proto__" is not allowed as a key (it could alter object prototypes)`,
          { file, line, column: col },
        );
      }
    },
  });
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    throw inputError('INVALID_YAML', `${file}: invalid YAML: ${message.split('\n')[0]}`, { file });
  }
  assertNestingWithin(value, file);
  return value;
}

/** Offset of the first key that repeats an earlier key of the same mapping. */
function secondYamlKey(doc: Yaml.Document): number | undefined {
  const { isScalar, visit } = yaml!;
  let found: number | undefined;
  visit(doc, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        if (seen.has(key) && isScalar(pair.key)) {
          found = pair.key.range?.[0];
          return visit.BREAK;
        }
        seen.add(key);
      }
      return undefined;
    },
  });
  return found;
}

export function readYamlFile(path: string): unknown {
  return parseYamlText(readTextFile(path), path);
}

/** Throws past MAX_NESTING levels; returns how many object keys the value holds. */
function assertNestingWithin(value: unknown, file: string): number {
  let keys = 0;
  // Two parallel stacks instead of a [node, depth] pair per node: this walk sees every object of a package.
  const nodes: unknown[] = [value];
  const depths: number[] = [0];
  while (nodes.length > 0) {
    const node = nodes.pop();
    const depth = depths.pop()!;
    if (depth > MAX_NESTING) {
      throw inputError('TOO_DEEP', `${file}: nesting deeper than ${MAX_NESTING} levels`, { file });
    }
    if (!node || typeof node !== 'object') continue;
    // Indexes and for-in rather than Object.values: no array allocated per object of the package.
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) pushObject(nodes, depths, node[i], depth + 1);
    } else {
      for (const key in node) {
        keys++;
        pushObject(nodes, depths, (node as Record<string, unknown>)[key], depth + 1);
      }
    }
  }
  return keys;
}

function pushObject(nodes: unknown[], depths: number[], child: unknown, depth: number): void {
  if (child && typeof child === 'object') {
    nodes.push(child);
    depths.push(depth);
  }
}

function shortJsonMessage(message: string): string {
  // V8 quotes an excerpt of the input ('..., "{\n  x" is not valid JSON'); it may span lines.
  return message
    .replace(/, ".*" is not valid JSON$/s, '')
    .replace(/\s*in JSON at position \d+.*$/s, '')
    .replace(/\s*\(line \d+ column \d+\)$/, '')
    .replace(/\s+/g, ' ');
}

/**
 * The offset of the first byte of the first ill-formed sequence, by the ranges of Unicode's
 * table 3-7. A scan rather than probing TextDecoder: a streaming decoder buffers an incomplete
 * lead byte, so probes would blame the byte after it.
 */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i++;
      continue;
    }
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) length = 2;
    else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      if (lead === 0xe0) low = 0xa0; // overlong
      if (lead === 0xed) high = 0x9f; // surrogates
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      if (lead === 0xf0) low = 0x90; // overlong
      if (lead === 0xf4) high = 0x8f; // above U+10FFFF
    } else return i;
    for (let k = 1; k < length; k++) {
      const byte = bytes[i + k];
      if (byte === undefined || byte < (k === 1 ? low : 0x80) || byte > (k === 1 ? high : 0xbf)) return i;
    }
    i += length;
  }
  return bytes.length;
}

function lineColumnOfByte(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function describeFsError(cause: unknown): string {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return cause instanceof Error ? cause.message : String(cause);
}
