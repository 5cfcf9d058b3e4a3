import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadMetadataFile, writePackage } from '../../src/core/package/index.js';
import { schemaValidator } from '../../src/core/schema/ajv.js';
import { REPO_ROOT, runCli } from '../support/run-cli.js';

const fixtures = join(REPO_ROOT, 'test', 'fixtures', 'diff');
const v40 = join(fixtures, 'hep-mini-2.40.json');
const v41 = join(fixtures, 'hep-mini-2.41.json');
const tmp = mkdtempSync(join(tmpdir(), 'edupkg-diff-cli-'));
const validateEnvelope = schemaValidator('output/diff.json');

describe('edupkg diff', () => {
  it('exits 0 without --exit-code and 5 with it when the sides differ, 0 when they do not', async () => {
    expect((await runCli(['diff', v40, v41])).code).toBe(0);
    expect((await runCli(['diff', v40, v41, '--exit-code'])).code).toBe(5);
    expect((await runCli(['diff', v41, v41, '--exit-code'])).code).toBe(0);
  });

  it('prints a text diff grouped by type with a summary line on stderr, nothing on stdout', async () => {
    const r = await runCli(['diff', v40, v41]);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^visualizations {2}\(0 added, 0 removed, 1 changed, 0 unchanged\)$/m);
    expect(r.stderr).toContain('- /relativePeriods: {"thisYear":true,"lastYear":false}');
    expect(r.stderr).toMatch(/^Summary: 0 added, 0 removed, 2 changed, 4 unchanged objects in 5 types\.$/m);
  });

  it('wraps the BundleDiff in a schema-valid --json envelope, ok even with differences', async () => {
    const r = await runCli(['diff', v40, v41, '--json', '--exit-code']);
    expect(r.code).toBe(5);
    const doc = r.json();
    expect(validateEnvelope(doc)).toBe(true);
    expect(doc).toMatchObject({
      ok: true,
      command: 'diff',
      result: { identical: false, totals: { changed: 2, unchanged: 4 } },
    });
  });

  it('prints the bare BundleDiff with --format json, valid against the same schema', async () => {
    const r = await runCli(['diff', v40, v41, '--format', 'json']);
    const diff = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(validateEnvelope({ ok: true, command: 'diff', version: '0', warnings: [], result: diff })).toBe(
      true,
    );
    expect(diff.changes).toHaveLength(2);
  });

  it('compares a package folder and an archive with the metadata file they were made from as identical', async () => {
    const folder = writePackage(
      join(tmp, 'hep-mini'),
      { name: 'hep-mini', version: '1.0.0', title: 'HEP mini', dhis2: '>=2.41' },
      loadMetadataFile(v41).metadata,
    );
    const r = await runCli(['diff', folder, v41, '--exit-code', '--json']);
    expect(r.json()).toMatchObject({ ok: true, result: { identical: true } });
    expect(r.code).toBe(0);
    const packed = await runCli(['pack', folder, '--out', tmp]);
    expect(packed.code).toBe(0);
    const archive = join(tmp, 'hep-mini-1.0.0.tgz');
    expect((await runCli(['diff', archive, v41, '--exit-code'])).code).toBe(0);
    expect((await runCli(['diff', archive, v40, '--exit-code'])).code).toBe(5);
  });

  it('ignores fields named with --ignore, as names or JSON pointers', async () => {
    const r = await runCli([
      'diff',
      v40,
      v41,
      '--exit-code',
      '--ignore',
      'dataSetAttribute',
      '--ignore',
      'userGroupAttribute',
      '--ignore',
      '/organisationUnits',
      '--ignore',
      '/version',
      '--ignore',
      'relativePeriods',
      '--ignore',
      '/sorting',
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('No differences');
  });

  it('writes a pull-request comment with a summary table and collapsible details per type', async () => {
    const r = await runCli(['diff', v40, v41, '--format', 'md']);
    expect(r.stdout).toContain('| Type | Added | Removed | Changed | Unchanged |');
    expect(r.stdout).toContain('| visualizations | 0 | 0 | 1 | 0 |');
    expect(r.stdout).toMatch(/<details>\n<summary><b>dataSets<\/b>/);
    expect(r.stdout).toContain('`/version: 22 → 25`');
    expect(r.stdout.match(/<details>/g)).toHaveLength(2);
  });

  it('writes the chosen format to --out instead of stdout', async () => {
    const out = join(tmp, 'diff.html');
    const r = await runCli(['diff', v40, v41, '--format', 'html', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toMatch(/^<!DOCTYPE html>/);
  });

  it('exits 2 naming the side that cannot be read', async () => {
    const r = await runCli(['diff', v40, join(tmp, 'missing.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('missing.json');
  });
});
