import { dirname } from 'node:path';
import semver from 'semver';
import { EdupkgError, EXIT, inputError } from '../../errors/index.js';
import { canonicalizeBundle, stableStringify } from '../package/canonical.js';
import { sha256 } from '../package/checksums.js';
import { packageLoaderFor } from '../content/dependency-loader.js';
import type { LoadedPackage } from '../package/types.js';
import { SHIPPED_PACKAGES_DIR } from '../project-paths.js';

export interface SelectedPackage {
  pkg: LoadedPackage;
  checksum: string;
  /** The package that pulled this one in as a dependency; absent for packages asked for by name. */
  requestedBy?: string;
}

export interface ResolveOptions {
  /** Extra folders to look for dependencies in (config `packagePaths`); shipped packages always last. */
  searchDirs?: string[];
  /** Versions already on the server (from the ledger): a satisfying one is not installed again. */
  installed?: Record<string, string>;
  /** Loader override (tests, profile builds); `requester` is set when loading a dependency. */
  load?: (ref: string, searchDirs: string[], requester?: LoadedPackage) => Promise<LoadedPackage>;
}

/** The checksum of a package's content: manifest and canonical metadata, independent of file layout. */
export function packageChecksum(pkg: LoadedPackage): string {
  return sha256(stableStringify({ manifest: pkg.manifest, metadata: canonicalizeBundle(pkg.metadata) }));
}

/**
 * The packages to install, dependencies first. Dependencies are found beside the package that
 * needs them, in `searchDirs`, then among the shipped packages; a dependency already installed at
 * a satisfying version is left out.
 */
export async function resolveInstallSet(
  refs: string[],
  options: ResolveOptions = {},
): Promise<SelectedPackage[]> {
  const load = options.load ?? packageLoaderFor(undefined);
  const installed = options.installed ?? {};
  const byName = new Map<string, SelectedPackage>();
  const ordered: SelectedPackage[] = [];
  const visiting = new Set<string>();

  async function visit(selected: SelectedPackage, searchDirs: string[]): Promise<void> {
    const { name, dependencies = {} } = selected.pkg.manifest;
    if (visiting.has(name))
      throw inputError('DEPENDENCY_CYCLE', `${name}: dependency cycle through ${[...visiting].join(' -> ')}`);
    visiting.add(name);
    const besides = [dirname(selected.pkg.source.path), ...searchDirs];
    for (const [dependency, range] of Object.entries(dependencies).sort(([a], [b]) => a.localeCompare(b))) {
      const chosen = byName.get(dependency);
      if (chosen) {
        if (!semver.satisfies(chosen.pkg.manifest.version, range))
          throw rangeError(name, dependency, range, chosen.pkg.manifest.version);
        continue;
      }
      const onServer = installed[dependency];
      if (onServer && semver.satisfies(onServer, range)) continue;
      const pkg = await load(dependency, besides, selected.pkg).catch((error: unknown) => {
        if (error instanceof EdupkgError && error.code === 'INPUT.NOT_FOUND') {
          throw inputError('DEPENDENCY_NOT_FOUND', `${name}: dependency ${dependency} ${range} not found`, {
            fix: `Put ${dependency} beside ${name}, list its folder in packagePaths, or install it first`,
          });
        }
        throw error;
      });
      if (!semver.satisfies(pkg.manifest.version, range))
        throw rangeError(name, dependency, range, pkg.manifest.version);
      await add({ pkg, checksum: packageChecksum(pkg), requestedBy: name }, searchDirs);
    }
    visiting.delete(name);
  }

  async function add(selected: SelectedPackage, searchDirs: string[]): Promise<void> {
    const name = selected.pkg.manifest.name;
    if (byName.has(name)) return;
    byName.set(name, selected);
    await visit(selected, searchDirs);
    ordered.push(selected);
  }

  const searchDirs = [...(options.searchDirs ?? []), SHIPPED_PACKAGES_DIR];
  for (const ref of refs) {
    const pkg = await load(ref, searchDirs);
    const existing = byName.get(pkg.manifest.name);
    if (existing) {
      delete existing.requestedBy;
      continue;
    }
    await add({ pkg, checksum: packageChecksum(pkg) }, searchDirs);
  }
  return ordered;
}

function rangeError(name: string, dependency: string, range: string, found: string): EdupkgError {
  return new EdupkgError(
    'INPUT.DEPENDENCY_VERSION',
    `${name}: needs ${dependency} ${range}, found ${found}`,
    EXIT.USAGE,
    {
      fix: `Provide a ${dependency} version matching ${range}`,
    },
  );
}
