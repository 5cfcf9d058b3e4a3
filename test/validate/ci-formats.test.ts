import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { locateJsonPointers } from '../../src/core/io/json-positions.js';
import { REPO_ROOT, runCli } from '../support/run-cli.js';

// Schemas from their publishers (sources in test/fixtures/schemas/README.md).
const SCHEMAS = join(REPO_ROOT, 'test', 'fixtures', 'schemas');
const MINI = join(REPO_ROOT, 'test', 'fixtures', 'validate', 'hisp-mini.metadata.json');

const ajv = new Ajv04.default({ allErrors: true, strict: false });
addFormats.default(ajv);
const sarifSchema = ajv.compile(
  JSON.parse(readFileSync(join(SCHEMAS, 'sarif-schema-2.1.0.json'), 'utf8')) as object,
);

interface SarifResult {
  ruleId: string;
  locations: Array<{
    physicalLocation: {
      artifactLocation: { uri: string; uriBaseId?: string };
      region?: { startLine: number; startColumn: number };
    };
  }>;
}

/** A git repository holding the fixture file under packages/, the way a package repository looks. */
function repository(): { root: string; file: string } {
  const root = mkdtempSync(join(tmpdir(), 'edupkg-sarif-repo-'));
  execFileSync('git', ['init', '-q', root]);
  mkdirSync(join(root, 'packages'));
  const file = join(root, 'packages', 'hisp-mini.metadata.json');
  cpSync(MINI, file);
  return { root, file };
}

const lineOf = (file: string, line: number) => readFileSync(file, 'utf8').split('\n')[line - 1] ?? '';

describe('validate --format sarif / junit / github for CI', () => {
  it('writes SARIF that passes the SARIF 2.1.0 schema, with git-root-relative URIs and the line of each object or field', async () => {
    const { root, file } = repository();
    const run = await runCli(['validate', 'hisp-mini.metadata.json', '--format', 'sarif'], {
      cwd: join(root, 'packages'),
    });
    expect(run.code).toBe(4);
    const sarif = JSON.parse(run.stdout) as { runs: Array<{ results: SarifResult[] }> };
    expect(sarifSchema(sarif)).toBe(true);
    const results = sarif.runs[0]!.results;
    expect(results.length).toBeGreaterThan(5);
    for (const result of results) {
      const location = result.locations[0]!.physicalLocation;
      expect(location.artifactLocation).toEqual({
        uri: 'packages/hisp-mini.metadata.json',
        uriBaseId: 'SRCROOT',
      });
      expect(location.region?.startLine).toBeGreaterThan(1);
    }
    // The reported line is where the offending field is written.
    const missingOptionSet = results.find((r) => r.ruleId === 'reference.missing')!;
    const region = missingOptionSet.locations[0]!.physicalLocation.region!;
    expect(lineOf(file, region.startLine).slice(region.startColumn - 1)).toMatch(/^"id": "pQYCiuosBnZ"/);
    const sortOrder = results.find((r) => r.ruleId === 'option.sort-order')!;
    expect(lineOf(file, sortOrder.locations[0]!.physicalLocation.region!.startLine)).toMatch(
      /miniOpt|\{|"options"/,
    );
  });

  it('makes URIs relative to --sarif-root when given, and rule help carries a link', async () => {
    const { root } = repository();
    const run = await runCli(
      [
        'validate',
        join(root, 'packages', 'hisp-mini.metadata.json'),
        '--format',
        'sarif',
        '--sarif-root',
        join(root, 'packages'),
      ],
      { cwd: tmpdir() },
    );
    const sarif = JSON.parse(run.stdout) as {
      runs: Array<{
        results: SarifResult[];
        tool: { driver: { rules: Array<{ helpUri: string; help: { markdown: string } }> } };
      }>;
    };
    expect(sarifSchema(sarif)).toBe(true);
    expect(sarif.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe(
      'hisp-mini.metadata.json',
    );
    for (const rule of sarif.runs[0]!.tool.driver.rules) {
      expect(rule.helpUri).toMatch(/^https:\/\/.+validate-rules\.md#/);
      expect(rule.help.markdown).toContain(rule.helpUri);
    }
  });

  it('writes JUnit XML that passes Jenkins junit-10.xsd, one test case per rule and object, totals that add up', async () => {
    const run = await runCli([
      'validate',
      MINI,
      join(REPO_ROOT, 'test', 'fixtures', 'validate', 'clean'),
      '--format',
      'junit',
    ]);
    expect(run.code).toBe(4);
    const dir = mkdtempSync(join(tmpdir(), 'edupkg-junit-'));
    writeFileSync(join(dir, 'report.xml'), run.stdout);
    // xmllint (Debian libxml2-utils, installed by .ci/run) is a real XML Schema validator; it exits non-zero on any violation.
    const out = execFileSync(
      'xmllint',
      ['--noout', '--schema', join(SCHEMAS, 'junit-10.xsd'), join(dir, 'report.xml')],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    expect(out).toBe('');
    const suites = [
      ...run.stdout.matchAll(/<testsuite name="([^"]+)" tests="(\d+)" failures="(\d+)" errors="0"/g),
    ];
    expect(suites.map((m) => m[1])).toEqual(['mini-agg', 'validate-clean']);
    const cases = run.stdout
      .split('<testsuite ')
      .slice(1)
      .map((s) => (s.match(/<testcase /g) ?? []).length);
    suites.forEach((m, i) => expect(Number(m[2])).toBe(cases[i]));
    const failedCases = run.stdout
      .split('<testcase ')
      .slice(1)
      .filter((c) => /^[^>]*>\s*<failure/.test(c) || /<failure/.test(c.split('</testcase>')[0]!)).length;
    const root =
      /<testsuites name="edupkg validate" tests="(\d+)" failures="(\d+)" errors="0" time="[\d.]+">/.exec(
        run.stdout,
      )!;
    expect(Number(root[1])).toBe(cases.reduce((a, b) => a + b, 0));
    expect(Number(root[2])).toBe(failedCases);
    expect(run.stdout).toContain('name="unique.duplicate-id dataElements miniDeB0001 &quot;Mini C&quot;"');
  });

  it('writes GitHub annotations with the file relative to the repository, line and column', async () => {
    const { root, file } = repository();
    const run = await runCli(['validate', file, '--format', 'github'], { cwd: root });
    const line = run.stdout.split('\n').find((l) => l.includes('title=reference.missing'))!;
    const [, lineNo, col] = /^::error file=packages\/hisp-mini\.metadata\.json,line=(\d+),col=(\d+),/.exec(
      line,
    )!;
    expect(lineOf(file, Number(lineNo)).slice(Number(col) - 1)).toMatch(/^"id": "pQYCiuosBnZ"/);
  });
});

describe('locateJsonPointers', () => {
  it('finds member keys and array items, through escaped keys and strings with brackets', () => {
    const text =
      '{\n  "a\\"}": "x]",\n  "list": [\n    {"id": "1"},\n    {"id": "2", "f/g": {"h": [1, {"k": true}]}}\n  ]\n}';
    const found = locateJsonPointers(text, ['/list/1/f~1g/h/1/k', '/list/0', '/missing/0']);
    expect(found.get('/list')).toEqual({ line: 3, column: 3 });
    expect(found.get('/list/0')).toEqual({ line: 4, column: 5 });
    expect(found.get('/list/1/f~1g')).toEqual({ line: 5, column: 17 });
    expect(found.get('/list/1/f~1g/h/1/k')).toEqual({ line: 5, column: 35 });
    expect(found.has('/missing')).toBe(false);
  });
});
