import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shortRunFlags } from '../../src/cli/process-tuning.js';

// What the flags buy (peak memory, CPU) is measured by `npm run bench:cold`; here: who gets them.
describe('shortRunFlags', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'edupkg-tuning-'));
    writeFileSync(join(dir, 'small.json'), '{}');
    mkdirSync(join(dir, 'big-package', 'metadata'), { recursive: true });
    // 9 MB over two files of a package folder: past the 8 MB threshold only together.
    for (const name of ['a.json', 'b.json'])
      writeFileSync(join(dir, 'big-package', 'metadata', name), Buffer.alloc(4.5 * 1024 * 1024, 32));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives a small validate run a fixed nursery and no optimising compiler', () => {
    expect(shortRunFlags(['validate', join(dir, 'small.json'), '--format', 'sarif'])).toEqual([
      '--semi-space-growth-factor=1',
      '--no-opt',
    ]);
  });

  it('keeps the optimising compiler when the package folder is big', () => {
    expect(shortRunFlags(['validate', join(dir, 'big-package')])).toEqual(['--semi-space-growth-factor=1']);
  });

  it('finds the command after the config option and its value', () => {
    expect(shortRunFlags(['-c', 'validate', 'validate', join(dir, 'small.json')])).toHaveLength(2);
  });

  it('leaves long-running and server commands alone', () => {
    for (const argv of [
      ['install', 'edu-core'],
      ['sandbox', 'start'],
      ['--help'],
      ['-c', 'validate', 'plan'],
    ])
      expect(shortRunFlags(argv)).toEqual([]);
  });

  it('weighs a missing path as nothing rather than failing', () => {
    expect(shortRunFlags(['validate', join(dir, 'nope.json')])).toContain('--no-opt');
  });
});
