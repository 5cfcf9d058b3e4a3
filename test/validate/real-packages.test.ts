import { readdirSync } from 'node:fs';
import { loadPackage } from '../../src/core/package/index.js';
import { validatePackages, type Finding } from '../../src/core/validate/index.js';
import { hasSharedFixtures, sharedFixture } from '../support/shared-fixtures.js';
import { runCli } from '../support/run-cli.js';

const noDependencies = async () => undefined;
const validateFile = async (path: string) =>
  validatePackages([await loadPackage(path)], { resolveDependency: noDependencies });
const hispFindings = (findings: Finding[], alias: string) =>
  findings
    .filter((f) => f.hispRule === alias)
    .map((f) => f.objectId)
    .sort();

/**
 * What HISP's metadata_package_validator.py reports for each real package, worked out by reading its
 * checks against the files (O-MQ-2, OG-MQ-1, SHST-MQ-1, ALL-MQ-16/17/18, PR-ST-3/4/5, PRV-MQ-1/2, I-MQ-3, PI-MQ-3).
 */
const HISP_EXPECTED: Record<string, Record<string, string[]>> = {
  'COVID19_COMPLETE_V2_DHIS2.34.metadata.json': {
    'ALL-MQ-17': ['DoYehxUvmwT', 'GdRQEdWJEMH', 'UGXgY58CxjG', 'w4iJeNKy9br'],
    'I-MQ-3': ['cJZS7kSFFGl', 'cJZS7kSFFGl', 'x6IelBioEX1'],
    'ALL-MQ-18': [],
    'O-MQ-2': [],
  },
  'EMIS_AGG_EXP.metadata.json': {
    'I-MQ-3': [
      'Fc5cWbofwi6',
      'HNL58ZNbeaN',
      'TrkXtVneDRg',
      'bg1NTeeVZo5',
      'lEIwfzHNaTg',
      'n2GpK3wnrg9',
      'xfpbwUxxlR1',
    ],
    'ALL-MQ-17': [],
    'ALL-MQ-16': [],
  },
  'GF_DASHBOARD_V0_DHIS2.34.metadata.json': {
    'ALL-MQ-17': ['OV6VRqVnUpc', 'eddaoDbIKLe', 'knn3fJsP9BX', 'scwcBOlqgDE'],
    'I-MQ-3': [],
  },
  'HIV_COMPLETE_V1_DHIS2.36.metadata.json': {
    'ALL-MQ-17': [
      'E20N5NUUk18',
      'FFN3XNUfxUJ',
      'I13HBLJTJMb',
      'ISvRhzmu8Ck',
      'OqrNUeHDEQZ',
      'TAVOXarP781',
      'VjFMk8X026U',
      'XvcWsuHBsGA',
      'fX1kkuqS47y',
      'kGltMu42Sta',
      'mN578Bop2g3',
      'q9qKbXTDgEh',
      'tAQ7FWqG5If',
    ],
    'ALL-MQ-18': [],
    'I-MQ-3': [],
  },
};
/** HISP's ALL-MQ-16 names no object; it fires once per non-empty favorites list. */
const FAVORITES_LISTS: Record<string, number> = {
  'COVID19_COMPLETE_V2_DHIS2.34.metadata.json': 1,
  'EMIS_AGG_EXP.metadata.json': 0,
  'GF_DASHBOARD_V0_DHIS2.34.metadata.json': 1,
  'HIV_COMPLETE_V1_DHIS2.36.metadata.json': 1,
};

describe('validate on the real HISP packages', () => {
  const packages = hasSharedFixtures
    ? readdirSync(sharedFixture('packages'))
        .filter((f) => f.endsWith('.metadata.json'))
        .sort()
    : [];

  it('finds the shared fixture packages when the shared folder is present', () => {
    if (!hasSharedFixtures) return;
    expect(packages).toEqual(Object.keys(HISP_EXPECTED).sort());
  });

  // Cases exist only when the shared fixtures do (test/fixtures/validate/hisp-mini.metadata.json always runs).
  for (const file of packages)
    it(`${file}: reports every finding HISP reports, same rule, same object`, async () => {
      const report = await validateFile(sharedFixture('packages', file));
      for (const [alias, objects] of Object.entries(HISP_EXPECTED[file] ?? {}))
        expect([alias, hispFindings(report.findings, alias)]).toEqual([alias, [...objects].sort()]);
      expect(report.findings.filter((f) => f.hispRule === 'ALL-MQ-16')).toHaveLength(
        FAVORITES_LISTS[file] ?? 0,
      );
      // Meaningful: every finding names its file and rule, and object findings name the object.
      for (const finding of report.findings) {
        expect(finding.message.length).toBeGreaterThan(10);
        expect(finding.file).toBe(file);
        if (finding.objectType && finding.rule !== 'sharing.standard-groups')
          expect(finding.objectId ?? finding.objectIndex).toBeDefined();
      }
    });

  it('reports the dashboard-only [CONFIG] indicators of the Global Fund package', async () => {
    if (!hasSharedFixtures) return;
    const report = await validateFile(sharedFixture('packages', 'GF_DASHBOARD_V0_DHIS2.34.metadata.json'));
    expect(report.findings.filter((f) => f.rule === 'indicator.config-placeholder')).toHaveLength(32);
    expect(report.findings.filter((f) => f.rule.startsWith('expression.'))).toEqual([]);
  });

  it('validates HIV_COMPLETE for DHIS2 2.38 (the closest to its 2.36) and finds the version drift in predictors', async () => {
    if (!hasSharedFixtures) return;
    const report = await validateFile(sharedFixture('packages', 'HIV_COMPLETE_V1_DHIS2.36.metadata.json'));
    expect(report.dhis2Versions).toEqual(['2.38']);
    expect(
      report.findings
        .filter((f) => f.rule === 'structure.required' && f.objectType === 'predictors')
        .map((f) => f.field),
    ).toContain('/organisationUnitDescendants');
  });

  it('prints valid SARIF for HIV_COMPLETE_V1_DHIS2.36 (the issue\'s "done when")', async () => {
    if (!hasSharedFixtures) return;
    const run = await runCli([
      'validate',
      sharedFixture('packages', 'HIV_COMPLETE_V1_DHIS2.36.metadata.json'),
      '--format',
      'sarif',
    ]);
    expect(run.code).toBe(4);
    const sarif = JSON.parse(run.stdout) as {
      version: string;
      runs: Array<{
        tool: { driver: { name: string; rules: unknown[] } };
        results: Array<{ ruleId: string; level: string }>;
      }>;
    };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]!.tool.driver.name).toBe('edupkg');
    expect(sarif.runs[0]!.results.some((r) => r.ruleId === 'code.missing' && r.level === 'warning')).toBe(
      true,
    );
  });
});

describe('validate on the dhis2-core importer error fixtures', () => {
  // What DHIS2's own tests expect from each file (fixtures/dhis2/SOURCES.md), as our finding.
  const expected: Array<[string, string, string, string, string]> = [
    ['core-err-de-duplicate-code.json', 'unique.property', 'E5003', 'CCwk5Yx440o', '/code'],
    ['core-err-de-duplicate-uid.json', 'unique.duplicate-id', 'E5004', 'CCwk5Yx440o', '/id'],
    [
      'core-err-de-invalid-ref-missing-props.json',
      'reference.missing',
      'E5002',
      'cNkTt6mJQyO',
      '/optionSet/id',
    ],
    [
      'core-err-de-invalid-ref-missing-props.json',
      'structure.required',
      'E4000',
      'uf3svrmp8Oj',
      '/valueType',
    ],
    [
      'core-err-de-invalid-ref-missing-props.json',
      'structure.required',
      'E4000',
      'uf3svrmp8Oj',
      '/domainType',
    ],
    [
      'core-err-de-invalid-ref-missing-props.json',
      'structure.required',
      'E4000',
      'ulD2zW0TIy2',
      '/valueType',
    ],
    ['core-err-defaults-invalid.json', 'reference.missing', 'E5002', 'deabcdefghB', '/categoryCombo/id'],
    [
      'core-err-dashboard-invalid-layout.json',
      'dashboard.layout-columns',
      'E4070',
      'nghVC4wty32',
      '/layout/columns',
    ],
  ];
  for (const [file, rule, code, objectId, field] of hasSharedFixtures ? expected : [])
    it(`${file} yields ${rule} (${code}) on ${objectId} ${field}`, async () => {
      const report = await validatePackages([await loadPackage(sharedFixture('dhis2', file))], {
        resolveDependency: noDependencies,
        dhis2Version: '2.41',
      });
      expect(report.findings).toContainEqual(
        expect.objectContaining({ rule, dhis2Code: code, objectId, field, severity: 'error' }),
      );
    });

  it('counts exactly the E4000s and E5002 DHIS2 reports for de_validate2 (3 + 1)', async () => {
    if (!hasSharedFixtures) return;
    const report = await validatePackages(
      [await loadPackage(sharedFixture('dhis2', 'core-err-de-invalid-ref-missing-props.json'))],
      { resolveDependency: noDependencies, dhis2Version: '2.41' },
    );
    expect(report.findings.filter((f) => f.dhis2Code === 'E4000')).toHaveLength(3);
    expect(report.findings.filter((f) => f.dhis2Code === 'E5002')).toHaveLength(1);
  });

  it('parses every expression of the dhis2-core fixtures and catches the one real typo', async () => {
    if (!hasSharedFixtures) return;
    const report = await validateFile(sharedFixture('dhis2', 'core-e2e-aggregate-metadata.json'));
    const syntax = report.findings.filter((f) => f.rule === 'expression.syntax');
    expect(syntax).toHaveLength(1);
    expect(syntax[0]!.message).toMatch(/unexpected character "#" at position 49/);
  });
});
