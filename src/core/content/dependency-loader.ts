import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadPackage } from '../package/load-package.js';
import { MANIFEST_FILE } from '../package/layout.js';
import type { LoadedPackage } from '../package/types.js';
import { SHIPPED_PACKAGES_DIR } from '../project-paths.js';
import { loadBuiltPackage } from './build-package.js';
import { isPackageName } from './catalog.js';
import { resolveProfile, type ResolvedProfile } from './profiles.js';

/**
 * Loads a dependency of `requester`, the one rule shared by validate and install: a folder of that
 * name beside the requester wins (a built country set travels together); a country variant
 * (`profile:` in its manifest) otherwise depends on the same country's build of a shipped package,
 * never on the generic one whose option combos differ; then the search folders and shipped packages.
 * `given` is the profile of the run (a file profile has no shipped code to look up).
 */
export async function loadDependency(
  name: string,
  requester: LoadedPackage | undefined,
  searchDirs: string[] = [],
  given?: ResolvedProfile,
): Promise<LoadedPackage> {
  const profile = requester?.manifest.profile;
  if (requester && requester.source.kind !== 'metadata-file') {
    const beside = join(dirname(requester.source.path), name);
    if (existsSync(join(beside, MANIFEST_FILE))) {
      const pkg = await loadPackage(beside);
      // A generic package beside a country variant (the shipped folders) is not its dependency.
      if (!profile || pkg.manifest.profile === profile) return pkg;
    }
  }
  if (profile && isPackageName(name)) {
    const built = given?.profile.code === profile ? given.profile : resolveProfile(profile).profile;
    return loadBuiltPackage(name, built);
  }
  return loadPackage(name, searchDirs.length > 0 ? { searchDirs } : {});
}

/** How install and plan load the packages they are given (and, with `requester`, their dependencies). */
export type PackageLoader = (
  ref: string,
  searchDirs: string[],
  requester?: LoadedPackage,
) => Promise<LoadedPackage>;

/**
 * The loader for one target: with a country profile, a shipped package named by bare name is built
 * for that country — unless a folder of that name in the search folders (the user's own) says
 * otherwise; dependencies follow `loadDependency`, so a country variant pulls the same country's
 * dependencies.
 */
export function packageLoaderFor(resolved: ResolvedProfile | undefined): PackageLoader {
  const profile = resolved?.profile;
  return async (ref, searchDirs, requester) => {
    if (requester) return loadDependency(ref, requester, searchDirs, resolved);
    const own = searchDirs.some((d) => d !== SHIPPED_PACKAGES_DIR && existsSync(join(d, ref, MANIFEST_FILE)));
    if (profile && isPackageName(ref) && !existsSync(ref) && !own) return loadBuiltPackage(ref, profile);
    return loadPackage(ref, { searchDirs });
  };
}
