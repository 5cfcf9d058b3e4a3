import type { MetadataBundle, PackageManifest } from '../package/types.js';
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
