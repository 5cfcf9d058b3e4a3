import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseJsonText, parseYamlText, readTextFile } from '../../src/core/io/read-input.js';
import { EdupkgError } from '../../src/errors/index.js';

const refusal = (run: () => unknown): EdupkgError => {
  try {
    run();
  } catch (error) {
    if (error instanceof EdupkgError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('YAML and JSON parsing limits', () => {
  it('refuses a YAML alias bomb (billion laughs) as bad input naming the file', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++) {
      const prev = String.fromCharCode(96 + i);
      const next = String.fromCharCode(97 + i);
      lines.push(`${next}: &${next} [${Array(10).fill(`*${prev}`).join(',')}]`);
    }
    const error = refusal(() => parseYamlText(lines.join('\n'), 'bomb.yaml'));
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain('bomb.yaml');
  });

  it('refuses JSON nested deeper than 256 levels', () => {
    const error = refusal(() => parseJsonText(`${'['.repeat(300)}${']'.repeat(300)}`, 'deep.json'));
    expect(error.code).toBe('INPUT.TOO_DEEP');
  });

  it('refuses __proto__ keys with their position, and keeps constructor keys as plain data, never as prototypes', () => {
    expect(
      refusal(() => parseJsonText('{"a": 1,\n "__proto__": {"polluted": true}}', 'x.json')).message,
    ).toMatch(/^x\.json:2:2: invalid JSON: "__proto__" is not allowed/);
    expect(refusal(() => parseYamlText('a: 1\n__proto__:\n  polluted: true\n', 'x.yaml')).message).toMatch(
      /^x\.yaml:2:1: invalid YAML: "__proto__" is not allowed/,
    );
    const value = parseJsonText('{"constructor": {"prototype": {"polluted": true}}}', 'x.json');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });

  it('refuses invalid UTF-8 with the file, line and column', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'edupkg-utf8-')), 'bad.json');
    writeFileSync(file, Buffer.from([0x7b, 0x0a, 0x22, 0xc3, 0x28, 0x22, 0x7d]));
    expect(refusal(() => readTextFile(file)).message).toMatch(/bad\.json:2:\d+: invalid UTF-8/);
  });
});
