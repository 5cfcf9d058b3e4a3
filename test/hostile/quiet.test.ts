import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, runCli } from '../support/run-cli.js';

const MINI = join(REPO_ROOT, 'test', 'fixtures', 'packages', 'mini');
const CLEAN = join(REPO_ROOT, 'test', 'fixtures', 'validate', 'clean');

describe('--quiet', () => {
  it('hides progress and success lines (warnings stay: mini has some, clean has none)', async () => {
    const out = mkdtempSync(join(tmpdir(), 'edupkg-hostile-quiet-'));
    for (const args of [['validate', CLEAN], ['pack', MINI, '--out', out], ['list']]) {
      const r = await runCli([...args, '--quiet']);
      expect([args[0], r.code, r.stderr]).toEqual([args[0], 0, '']);
    }
    const warned = await runCli(['validate', MINI, '--quiet']);
    expect(warned.stderr).toMatch(/warning .*has no description/);
  });

  it('never hides errors: validation findings, failures and their fixes still reach stderr', async () => {
    const pkg = join(mkdtempSync(join(tmpdir(), 'edupkg-hostile-quiet-')), 'mini');
    cpSync(MINI, pkg, { recursive: true });
    writeFileSync(
      join(pkg, 'metadata', 'extra.json'),
      JSON.stringify({ dataElements: [{ id: 'MiniDeBroken', name: 'Broken', shortName: 'Broken' }] }),
    );
    const invalid = await runCli(['validate', pkg, '--quiet']);
    expect(invalid.code).toBe(4);
    expect(invalid.stderr).toMatch(/error\s+.*MiniDeBroken/);
    expect(invalid.stderr).toMatch(/\d+ error\(s\)/);

    const unreachable = await runCli(['status', '--server', 'http://127.0.0.1:9', '--quiet'], {
      env: { EDUPKG_USERNAME: 'a', EDUPKG_PASSWORD: 'b', CI: '1' },
    });
    expect(unreachable.code).toBe(7);
    expect(unreachable.stderr).toContain('edupkg: error: http://127.0.0.1:9: server unreachable');
    expect(unreachable.stderr).toContain('fix:');
  });
});
