export * from './profile-types.js';
export { GENERIC_PROFILE, listProfiles, loadProfile, parseProfile, PROFILES_DIR } from './profiles.js';
export { PACKAGE_NAMES, PACKAGES, isPackageName, manifestFor, type PackageName } from './catalog.js';
export { buildPackage, loadBuiltPackage, type BuiltPackage } from './build-package.js';
export { sdg4Indicators } from './edu-sdg4.js';
export type { IndicatorSpec } from './sdg4-context.js';
export { uidFromCode } from '../dhis2-model/uid.js';
export { buildDocs, type PackageDocs } from './docs.js';
export { loadDependency, packageLoaderFor, type PackageLoader } from './dependency-loader.js';
