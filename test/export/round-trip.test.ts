import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withoutImplicitDefaults } from '../../src/core/dhis2-model/implicit-defaults.js';
import {
  listShippedPackageDirs,
  loadPackageDirectory,
  type LoadedPackage,
} from '../../src/core/package/index.js';
import { createDhis2Client } from '../../src/dhis2/index.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { runCli } from '../support/run-cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'edupkg-round-trip-'));
const packages = new Map(
  listShippedPackageDirs().map((dir) => {
    const pkg = loadPackageDirectory(dir);
    return [pkg.manifest.name, pkg] as const;
  }),
);

/** The package's dependencies, transitively, in install order. */
function installOrder(pkg: LoadedPackage, seen = new Set<string>()): LoadedPackage[] {
  const order: LoadedPackage[] = [];
  for (const name of Object.keys(pkg.manifest.dependencies ?? {})) {
    const dependency = packages.get(name);
    if (!dependency || seen.has(name)) continue;
    seen.add(name);
    order.push(...installOrder(dependency, seen), dependency);
  }
  return order;
}

const metadataFiles = (dir: string) => readdirSync(join(dir, 'metadata')).sort();

/**
 * A shipped metadata file as an export writes it: DHIS2 answers `false` / `[]` whether or not the
 * package said so, and export leaves those implicit defaults out (the one normalisation).
 */
function asExported(path: string): string {
  const file = JSON.parse(readFileSync(path, 'utf8')) as Record<string, Array<Record<string, unknown>>>;
  const out = Object.fromEntries(
    Object.entries(file).map(([type, objects]) => [
      type,
      objects.map((o) => withoutImplicitDefaults(type, o)),
    ]),
  );
  return `${JSON.stringify(out, null, 2)}\n`;
}

/** Roots as a maintainer would give them: the code prefix, plus objects whose code lies outside it. */
function exportRoots(pkg: LoadedPackage): string[] {
  const prefix = pkg.manifest.codePrefix;
  const args = prefix ? ['--code-prefix', prefix] : [];
  for (const [type, objects] of Object.entries(pkg.metadata)) {
    for (const object of objects) {
      if (
        typeof object.code === 'string' &&
        (!prefix || !object.code.startsWith(prefix)) &&
        type !== 'categoryOptionCombos'
      ) {
        args.push('--include', `${type}:${object.code}`);
      }
    }
  }
  return args;
}

describe('export round trip', () => {
  let sandbox: Sandbox | undefined;
  afterEach(async () => {
    await sandbox?.close();
    sandbox = undefined;
  });

  it('finds the shipped packages to round-trip', () => {
    expect(packages.size).toBeGreaterThan(0);
  });

  for (const [name, pkg] of packages) {
    it(`gives back ${name} file for file, implicit defaults left out, after it is posted into an empty sandbox with its dependencies`, async () => {
      sandbox = await startSandbox({ seed: 'empty', dhis2Version: '2.41' });
      const client = createDhis2Client({
        baseUrl: sandbox.url,
        auth: { type: 'basic', username: 'admin', password: 'district' },
      });
      const dependencies = installOrder(pkg);
      for (const step of [...dependencies, pkg]) {
        const outcome = await client.importMetadata(step.metadata, { importMode: 'COMMIT' });
        expect(`${step.manifest.name}: ${outcome.status}`).toBe(`${step.manifest.name}: OK`);
      }
      const out = join(tmp, name);
      const r = await runCli(
        [
          'export',
          '--server',
          sandbox.url,
          ...exportRoots(pkg),
          ...dependencies.flatMap((d) => ['--depends-on', d.source.path]),
          '--name',
          name,
          '--version',
          pkg.manifest.version,
          '--out',
          out,
          '--json',
        ],
        { env: { EDUPKG_USERNAME: 'admin', EDUPKG_PASSWORD: 'district' } },
      );
      expect(r.stderr).toBe('');
      expect(r.json()).toMatchObject({ ok: true, result: { dangling: [] } });
      expect(metadataFiles(out)).toEqual(metadataFiles(pkg.source.path));
      for (const file of metadataFiles(out)) {
        expect(`${file}\n${readFileSync(join(out, 'metadata', file), 'utf8')}`).toBe(
          `${file}\n${asExported(join(pkg.source.path, 'metadata', file))}`,
        );
      }
    });
  }
});
