import { join } from 'node:path';
import type { LoadedPackage, MetadataBundle, PackageManifest } from '../package/types.js';
import { SHIPPED_PACKAGES_DIR } from '../project-paths.js';
import { manifestFor, PACKAGES, isPackageName, PACKAGE_NAMES } from './catalog.js';
import { inputError } from '../../errors/index.js';
import { GENERIC_PROFILE } from './profiles.js';
import type { CountryProfile } from './profile-types.js';
import { renderChangelog, renderReadme } from './readme.js';

export interface BuiltPackage {
  manifest: PackageManifest;
  metadata: MetadataBundle;
  /** README.md and CHANGELOG.md, by relative path. */
  files: Record<string, string>;
}

/**
 * Builds one shipped package for a country profile (the UIS-default generic variant without one).
 * Pure: the same inputs always give the same objects and UIDs.
 */
export function buildPackage(name: string, profile: CountryProfile = GENERIC_PROFILE): BuiltPackage {
  if (!isPackageName(name)) {
    throw inputError('PACKAGE.UNKNOWN', `"${name}" is not a shipped package`, {
      fix: `Use one of: ${PACKAGE_NAMES.join(', ')}`,
    });
  }
  const metadata = PACKAGES[name].build(profile);
  const manifest = manifestFor(name, profile);
  return {
    manifest,
    metadata,
    files: {
      'README.md': renderReadme(name, profile, metadata),
      'CHANGELOG.md': renderChangelog(name),
    },
  };
}

/**
 * A shipped package built for a country profile, in the shape install and plan consume: lets
 * `edupkg install edu-sdg4 --profile ug` install Uganda's variant without writing it to disk first.
 */
export function loadBuiltPackage(name: string, profile: CountryProfile): LoadedPackage {
  const built = buildPackage(name, profile);
  const files = Object.fromEntries(
    Object.keys(built.metadata).map((plural) => [plural, `metadata/${plural}.json`]),
  );
  return {
    manifest: built.manifest,
    metadata: built.metadata,
    files,
    extras: {},
    manifestFile: join(SHIPPED_PACKAGES_DIR, name, 'package.yaml'),
    source: { kind: 'directory', path: join(SHIPPED_PACKAGES_DIR, name) },
  };
}
