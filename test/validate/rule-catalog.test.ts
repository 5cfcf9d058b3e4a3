import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSyntheticPackage } from '../../src/bench/synthetic-package.js';
import { HISP_ALIASES, RULES, validatePackages } from '../../src/core/validate/index.js';
import { REPO_ROOT } from '../support/run-cli.js';

describe('the rule catalog', () => {
  it('documents every rule and HISP alias in docs/validate-rules.md', () => {
    const doc = readFileSync(join(REPO_ROOT, 'docs', 'validate-rules.md'), 'utf8');
    for (const id of Object.keys(RULES)) expect([id, doc.includes(`\`${id}\``)]).toEqual([id, true]);
    for (const alias of HISP_ALIASES.keys()) expect([alias, doc.includes(alias)]).toEqual([alias, true]);
  });

  it('gives every HISP check of metadata_package_validator.py an alias', () => {
    for (const alias of [
      'O-MQ-2',
      'OG-MQ-1',
      'SHST-MQ-1',
      'ALL-MQ-16',
      'ALL-MQ-17',
      'ALL-MQ-18',
      'PR-ST-3',
      'PR-ST-4',
      'PR-ST-5',
      'PRV-MQ-1',
      'PRV-MQ-2',
      'I-MQ-3',
      'PI-MQ-3',
    ]) {
      expect([alias, HISP_ALIASES.has(alias)]).toEqual([alias, true]);
    }
  });
});

describe('generateSyntheticPackage', () => {
  it('builds a package of about the requested size whose references and expressions all resolve', async () => {
    const pkg = generateSyntheticPackage(2000);
    const objects = Object.values(pkg.metadata).reduce((n, list) => n + list.length, 0);
    expect(objects).toBeGreaterThanOrEqual(2000);
    expect(objects).toBeLessThan(2200);
    const report = await validatePackages([pkg], { resolveDependency: async () => undefined });
    expect(report.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });
});
