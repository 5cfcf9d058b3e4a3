import { buildPackage, loadProfile, PACKAGE_NAMES } from '../../src/core/content/index.js';
import type { LoadedPackage } from '../../src/core/package/types.js';
import { validatePackages } from '../../src/core/validate/index.js';
import { VARIANTS } from './helpers.js';

function loaded(name: string, variant: string): LoadedPackage {
  const built = buildPackage(name, loadProfile(variant));
  const path = `${variant}/${name}`;
  return {
    manifest: built.manifest,
    metadata: built.metadata,
    source: { kind: 'directory', path },
    files: Object.fromEntries(
      Object.keys(built.metadata).map((plural) => [plural, `metadata/${plural}.json`]),
    ),
    extras: {},
    manifestFile: `${path}/package.yaml`,
  };
}

describe.each(VARIANTS)('edupkg validate on the %s variant', (variant) => {
  it('finds no error and no warning in any of the five packages', async () => {
    const packages = PACKAGE_NAMES.map((name) => loaded(name, variant));
    const report = await validatePackages(packages, { resolveDependency: async () => undefined });
    const serious = report.findings
      .filter((f) => f.severity !== 'info')
      .map(
        (f) =>
          `${f.severity} ${f.rule} ${f.objectType ?? ''} ${f.objectName ?? f.objectId ?? ''}: ${f.message}`,
      );
    expect(serious).toEqual([]);
    expect(report.packages.map((p) => p.name)).toEqual([...PACKAGE_NAMES]);
  });
});
