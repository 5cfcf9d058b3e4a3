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

  it('keeps __proto__ and constructor keys as plain data, never as prototypes', () => {
    const value = parseJsonText(
      '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}',
      'x.json',
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    parseYamlText('__proto__:\n  polluted: true\n', 'x.yaml');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses invalid UTF-8 with the file, line and column', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'edupkg-utf8-')), 'bad.json');
    writeFileSync(file, Buffer.from([0x7b, 0x0a, 0x22, 0xc3, 0x28, 0x22, 0x7d]));
    expect(refusal(() => readTextFile(file)).message).toMatch(/bad\.json:2:\d+: invalid UTF-8/);
  });
});
