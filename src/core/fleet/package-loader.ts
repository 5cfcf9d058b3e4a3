import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildPackage,
  GENERIC_PROFILE,
  isPackageName,
  loadProfile,
  type CountryProfile,
} from '../content/index.js';
import { loadPackage } from '../package/load-package.js';
import type { LoadedPackage } from '../package/types.js';
import { SHIPPED_PACKAGES_DIR } from '../project-paths.js';
import type { LevelStructure } from '../training/sample-values.js';

export type PackageLoader = (ref: string, searchDirs: string[]) => Promise<LoadedPackage>;

/**
 * Loads packages for one target: with a country profile, a shipped package named by bare name is
 * built for that profile (its UIDs do not change, only names, grades and ages do); anything else —
 * a path, an archive, a package found in the search folders — loads as it is.
 */
export function packageLoaderFor(profileCode: string | undefined): PackageLoader {
  if (!profileCode) return (ref, searchDirs) => loadPackage(ref, { searchDirs });
  const profile = loadProfile(profileCode);
  return async (ref, searchDirs) => {
    if (
      !isPackageName(ref) ||
      existsSync(ref) ||
      searchDirs.some((d) => d !== SHIPPED_PACKAGES_DIR && existsSync(join(d, ref)))
    ) {
      return loadPackage(ref, { searchDirs });
    }
    const built = buildPackage(ref, profile);
    const path = join(SHIPPED_PACKAGES_DIR, ref);
    return {
      manifest: built.manifest,
      metadata: built.metadata,
      source: { kind: 'directory', path },
      files: {},
      extras: {},
      manifestFile: join(path, 'package.yaml'),
    };
  };
}

/** Entry ages and durations per ISCED level: what plausible sample ages follow from. */
export function levelStructureOf(profileCode: string | undefined): LevelStructure {
  const profile: CountryProfile = profileCode ? loadProfile(profileCode) : GENERIC_PROFILE;
  return Object.fromEntries(
    Object.entries(profile.levels).map(([level, l]) => [
      level,
      { entryAge: l.entryAge, duration: l.duration },
    ]),
  );
}
