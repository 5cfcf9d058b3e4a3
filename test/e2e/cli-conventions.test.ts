import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/run-cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'edupkg-cli-'));

describe('CLI conventions', () => {
  it('prints the exit-code table in --help', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Exit codes:/);
    for (const code of [0, 1, 2, 3, 4, 5, 6, 7, 8]) expect(r.stdout).toMatch(new RegExp(`^  ${code}  `, 'm'));
  });

  it('exits 2 with one line naming file, line and column for truncated JSON', async () => {
    const file = join(tmp, 'truncated.json');
    writeFileSync(file, '{"dataElements": [{"id": "abc"');
    const r = await runCli(['validate', file]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`${file}:1:`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('wraps failures in the --json envelope on stdout', async () => {
    const r = await runCli(['validate', join(tmp, 'missing.json'), '--json']);
    expect(r.code).toBe(2);
    const doc = r.json();
    expect(doc).toMatchObject({
      ok: false,
      command: 'validate',
      error: { code: 'INPUT.NOT_FOUND', exitCode: 2 },
    });
    expect(doc.warnings).toEqual([]);
  });

  it('exits 2 for an unknown command or option', async () => {
    expect((await runCli(['no-such-command'])).code).toBe(2);
    expect((await runCli(['list', '--no-such-flag'])).code).toBe(2);
  });

  it('reports invalid UTF-8 with its position instead of crashing', async () => {
    const file = join(tmp, 'latin1.json');
    writeFileSync(
      file,
      Buffer.concat([
        Buffer.from('{"dataElements": [{"name": "caf'),
        Buffer.from([0xe9]),
        Buffer.from('"}]}'),
      ]),
    );
    const r = await runCli(['validate', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('invalid UTF-8');
    expect(r.stderr).toContain(`${file}:1:`);
  });
});
