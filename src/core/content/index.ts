export * from './profile-types.js';
export {
  GENERIC_PROFILE,
  isProfileFile,
  listProfiles,
  loadProfile,
  parseProfile,
  profileHash,
  PROFILES_DIR,
  readProfileDocument,
  resolveProfile,
  type ResolvedProfile,
} from './profiles.js';
export { checkProfile, type ProfileProblem } from './profile-check.js';
export { languageCodes, languageTable, LANGUAGES_DIR } from './languages.js';
export {
  compareWithOfficial,
  describeSource,
  officialStructure,
  worldCountries,
  type OfficialDisagreement,
  type OfficialStructure,
} from './world-table.js';
export { PACKAGE_NAMES, PACKAGES, isPackageName, manifestFor, type PackageName } from './catalog.js';
export { buildPackage, loadBuiltPackage, type BuiltPackage } from './build-package.js';
export { sdg4Indicators } from './edu-sdg4.js';
export type { IndicatorSpec } from './sdg4-context.js';
export { uidFromCode } from '../dhis2-model/uid.js';
export { buildDocs, type PackageDocs } from './docs.js';
export { loadDependency, packageLoaderFor, type PackageLoader } from './dependency-loader.js';
