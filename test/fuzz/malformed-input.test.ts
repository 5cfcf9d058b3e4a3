import { existsSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { buildCorpus, type FuzzCase } from './corpus.js';
import { runCli, type CliResult } from '../support/run-cli.js';

const root = mkdtempSync(join(tmpdir(), 'edupkg-fuzz-'));
const corpusDir = join(root, 'corpus');
const workDir = join(root, 'work');
const privateTmp = join(root, 'tmp');
for (const dir of [corpusDir, workDir, privateTmp]) mkdirSync(dir, { recursive: true });
const corpus = buildCorpus(corpusDir);

async function runAll(cases: FuzzCase[], concurrency: number): Promise<Map<string, CliResult>> {
  const results = new Map<string, CliResult>();
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const c = cases[next++]!;
      results.set(
        c.name,
        await runCli(['validate', c.target], {
          cwd: workDir,
          timeoutMs: 60_000,
          // A hard heap cap: using more than 512 MB would crash the run and fail the test.
          env: { TMPDIR: privateTmp, NODE_OPTIONS: '--max-old-space-size=512' },
        }),
      );
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}

describe('malformed input never crashes, hangs or escapes its folder', () => {
  let results: Map<string, CliResult>;

  beforeAll(async () => {
    results = await runAll(corpus, 2);
  }, 900_000);

  it('has a corpus of at least 300 malformed packages and files', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(300);
  });

  it('ends every case with exit 2 or 4, a message naming the file, and no stack trace', () => {
    const failures: string[] = [];
    for (const c of corpus) {
      const r = results.get(c.name)!;
      const named = r.stderr.includes(basename(c.target));
      const oneLine = r.code !== 2 || r.stderr.trim().split('\n').length === 1;
      const stack = /\n\s+at .+:\d+:\d+/.test(r.stderr) || /internal error/i.test(r.stderr);
      if (![2, 4].includes(r.code) || !named || !oneLine || stack) {
        failures.push(
          `${c.name}: exit ${r.code}: ${r.stderr.trim().split('\n').slice(0, 3).join(' | ').slice(0, 300)}`,
        );
      }
    }
    expect(failures).toEqual([]);
  });

  it('writes nothing outside its own temporary folders, and cleans those up', () => {
    expect(existsSync(join(root, 'escaped.txt'))).toBe(false);
    expect(existsSync(join(corpusDir, '..', '..', 'escaped.txt'))).toBe(false);
    expect(existsSync('/tmp/edupkg-fuzz-escaped.txt')).toBe(false);
    expect(readdirSync(workDir)).toEqual([]);
    expect(readdirSync(privateTmp)).toEqual([]);
  });
});
