import type { MetadataBundle, PackageManifest, ParameterSpec, PostInstallStep } from '../package/types.js';
import { censusDataSetCode } from './census-spec.js';
import { buildCensus } from './edu-census.js';
import { buildCore, schoolsOfLevelGroup } from './edu-core.js';
import { buildDashboards } from './edu-dashboards.js';
import { buildPopulation, POPULATION_DATA_SET } from './edu-population.js';
import { buildSdg4 } from './edu-sdg4.js';
import { NATIONAL_DATA_SETS } from './national-data.js';
import { ISCED_LEVELS, languagesOf, type CountryProfile } from './profile-types.js';
import { USER_GROUP_CODES } from './sharing.js';

export const PACKAGE_NAMES = [
  'edu-core',
  'edu-population',
  'edu-census',
  'edu-sdg4',
  'edu-dashboards',
] as const;
export type PackageName = (typeof PACKAGE_NAMES)[number];

/** The first release of every package; each package's own version is PACKAGES[name].version. */
export const PACKAGE_VERSION = '1.0.0';
export const DHIS2_RANGE = '>=2.40 <2.45';

export interface PackageDefinition {
  title: string;
  description: string;
  /** Semver of the package content (history in package-changes.ts). */
  version: string;
  /** Packages whose objects this one references (install them first). */
  dependencies: PackageName[];
  build: (profile: CountryProfile) => MetadataBundle;
  postInstall: (profile: CountryProfile) => PostInstallStep[];
}

const shareDataSets = (): PostInstallStep[] => [
  { share: { userGroups: [USER_GROUP_CODES.capture], access: 'r-rw----', types: ['dataSets'] } },
  { share: { userGroups: [USER_GROUP_CODES.access], access: 'r-r-----', types: ['dataSets'] } },
  { share: { userGroups: [USER_GROUP_CODES.admin], access: 'rwr-----', types: ['dataSets'] } },
];

export const PACKAGES: Record<PackageName, PackageDefinition> = {
  'edu-core': {
    title: 'EDU core',
    description:
      'Shared disaggregations (sex, grade, single age, ISCED level, disability, nationality, teacher training and qualification), org unit group sets and the master school list, user groups, indicator types, legend sets and the UIS_CODE / SDG4_INDICATOR attributes.',
    version: '2.0.0',
    dependencies: [],
    build: buildCore,
    postInstall: () => [{ share: { userGroups: [USER_GROUP_CODES.admin], access: 'rw------' } }],
  },
  'edu-population': {
    title: 'EDU population estimates',
    description:
      'Population estimates by single age and sex (yearly, district level): the denominators of the UIS participation rates.',
    version: '1.0.1',
    dependencies: ['edu-core'],
    build: buildPopulation,
    postInstall: () => [
      { assignDataSets: { dataSets: [POPULATION_DATA_SET], orgUnitLevel: '${orgUnitLevel.district}' } },
      ...shareDataSets(),
    ],
  },
  'edu-census': {
    title: 'EDU annual school census',
    description:
      'Annual school census data sets for ISCED 02, 1, 2 and 3 (enrolment by grade, age and sex, flows, teachers, facilities, SDG 4.a.1 services), with section forms per level, a custom HTML form, validation rules and data-quality indicators.',
    version: '2.0.0',
    dependencies: ['edu-core'],
    build: buildCensus,
    postInstall: () => [
      {
        assignDataSets: {
          dataSets: ISCED_LEVELS.map(censusDataSetCode),
          orgUnitLevel: '${orgUnitLevel.school}',
          memberGroups: Object.fromEntries(
            ISCED_LEVELS.map((l) => [censusDataSetCode(l), schoolsOfLevelGroup(l)]),
          ),
        },
      },
      ...shareDataSets(),
    ],
  },
  'edu-sdg4': {
    title: 'EDU UIS / SDG 4 indicators',
    description:
      'UIS and SDG 4 indicators computed from the school census, population estimates and three national data sets (tertiary and TVET, examinations, finance), formulas generated from the country structure, each in total, by sex and as a GPIA where UIS disaggregates it, with its UIS code and SDG number.',
    version: '1.1.0',
    dependencies: ['edu-core', 'edu-population', 'edu-census'],
    build: buildSdg4,
    postInstall: () => [
      {
        assignDataSets: {
          dataSets: [NATIONAL_DATA_SETS.tertiary, NATIONAL_DATA_SETS.exams],
          orgUnitLevel: '${orgUnitLevel.district}',
        },
      },
      { assignDataSets: { dataSets: [NATIONAL_DATA_SETS.finance], orgUnitLevel: 1 } },
      ...shareDataSets(),
    ],
  },
  'edu-dashboards': {
    title: 'EDU dashboards',
    description:
      'School report card, district dashboard, data-quality dashboard (census reporting rates) and national SDG 4 dashboard; every visualization follows the viewer’s org unit and relative periods.',
    version: '1.1.0',
    dependencies: ['edu-core', 'edu-census', 'edu-sdg4'],
    build: buildDashboards,
    postInstall: () => [
      {
        share: {
          userGroups: [USER_GROUP_CODES.access, USER_GROUP_CODES.capture],
          access: 'r-------',
          types: ['dashboards', 'visualizations', 'maps'],
        },
      },
    ],
  },
};

export function isPackageName(name: string): name is PackageName {
  return (PACKAGE_NAMES as readonly string[]).includes(name);
}

function parameters(profile: CountryProfile): Record<string, ParameterSpec> {
  const specs = derivedParameters(profile);
  // A profile's `parameters` override the defaults it would otherwise imply.
  for (const [key, value] of Object.entries(profile.parameters ?? {}))
    if (specs[key]) specs[key] = { ...specs[key], default: value };
  return specs;
}

function derivedParameters(profile: CountryProfile): Record<string, ParameterSpec> {
  return {
    orgUnitRoot: {
      type: 'orgUnit',
      description: 'Root of the hierarchy the data sets are assigned under',
      default: '@root',
    },
    'orgUnitLevel.school': {
      type: 'orgUnitLevel',
      description: 'Level of the schools (census data sets)',
      default: profile.schoolLevel,
    },
    'orgUnitLevel.district': {
      type: 'orgUnitLevel',
      description: 'Level of the districts (population estimates)',
      default: profile.districtLevel,
    },
    locale: { type: 'locale', description: 'Language of the object names', default: profile.language },
  };
}

/** Every language the names exist in, sorted (en and fr for the shipped profiles). */
function localesOf(profile: CountryProfile): string[] {
  const { main, others } = languagesOf(profile);
  return [...new Set([main, ...others])].sort();
}

export function manifestFor(name: PackageName, profile: CountryProfile): PackageManifest {
  const def = PACKAGES[name];
  const steps = def.postInstall(profile);
  return {
    name,
    version: def.version,
    title: profile.code === 'generic' ? def.title : `${def.title} (${profile.country})`,
    description: def.description,
    license: 'CC-BY-4.0',
    dhis2: DHIS2_RANGE,
    // edu-core also owns the UIS_CODE and SDG4_INDICATOR attributes, so it declares no prefix.
    ...(name === 'edu-core' ? {} : { codePrefix: 'EDU_' }),
    ...(def.dependencies.length
      ? { dependencies: Object.fromEntries(def.dependencies.map((d) => [d, `^${PACKAGES[d].version}`])) }
      : {}),
    locales: localesOf(profile),
    parameters: parameters(profile),
    ...(steps.length ? { postInstall: steps } : {}),
    ...(profile.code === 'generic' ? {} : { profile: profile.code }),
  };
}
