import { DEFAULT_CATEGORY_MODEL } from '../core/dhis2-model/rules.js';
import { uidFromCode } from '../core/dhis2-model/uid.js';
import { storeCredentials } from './auth.js';
import { demoGeometry } from './demo-geometry.js';
import { parseImportParams } from './metadata/import-params.js';
import { importMetadata } from './metadata/import-metadata.js';
import type { SandboxStore } from './store.js';
import type { Dhis2Version, JsonObject, SeedKind } from './types.js';
import { minorOf } from './types.js';

const ref = (id: string) => ({ id });
const {
  categoryCombos: COMBO,
  categories: CATEGORY,
  categoryOptions: OPTION,
  categoryOptionCombos: OPTION_COMBO,
} = DEFAULT_CATEGORY_MODEL as Record<string, string>;

/** The UIDs a fresh DHIS2 gives its admin user and Superuser role (DefaultAdminUserPopulator). */
export const ADMIN_UID = 'M5zQapPyTZI';
export const SUPERUSER_ROLE_UID = 'yrB6vc5Ip3r';
export const DEMO_ROOT_UID = uidFromCode('organisationUnits', 'DEMO_NATIONAL');
/** The demo world's levels by role, whatever a profile calls them (Préfecture, Sub-county...). */
export const DEMO_LEVELS = { district: 3, school: 4 } as const;

/** DHIS2 creates this category model on first start (DefaultCategoryService.generateDefaultDimension). */
function defaultCategoryModel(): JsonObject {
  return {
    categoryOptions: [{ id: OPTION, code: 'default', name: 'default', shortName: 'default' }],
    categories: [
      {
        id: CATEGORY,
        code: 'default',
        name: 'default',
        shortName: 'default',
        dataDimensionType: 'DISAGGREGATION',
        dataDimension: false,
        categoryOptions: [ref(OPTION!)],
      },
    ],
    categoryCombos: [
      {
        id: COMBO,
        code: 'default',
        name: 'default',
        dataDimensionType: 'DISAGGREGATION',
        skipTotal: false,
        categories: [ref(CATEGORY!)],
      },
    ],
    categoryOptionCombos: [
      {
        id: OPTION_COMBO,
        code: 'default',
        name: 'default',
        ignoreApproval: false,
        categoryCombo: ref(COMBO!),
        categoryOptions: [ref(OPTION!)],
      },
    ],
  };
}

const REGIONS: Record<string, string[]> = {
  North: ['Highlands', 'Lakeside', 'Riverbend'],
  Central: ['Capital', 'Midvale', 'Stonebridge'],
  South: ['Coastal', 'Palmgrove'],
};
const SCHOOLS_PER_DISTRICT = 5;

/** Country -> 3 regions -> 8 districts -> 40 schools, UIDs derived from codes so they never change. */
function demoHierarchy(): JsonObject {
  const openingDate = '2000-01-01T00:00:00.000';
  const unit = (code: string, name: string, parent?: string): JsonObject => ({
    id: uidFromCode('organisationUnits', code),
    code,
    name,
    shortName: name.slice(0, 50),
    openingDate,
    ...(parent ? { parent: ref(uidFromCode('organisationUnits', parent)) } : {}),
  });
  // Generated borders and school points, so thematic maps of the demo world have features.
  const shapes = demoGeometry(
    Object.values(REGIONS).map((districts) => ({
      districts: districts.map(() => ({ schools: SCHOOLS_PER_DISTRICT })),
    })),
  );
  const units: JsonObject[] = [{ ...unit('DEMO_NATIONAL', 'Demoland'), geometry: shapes.country }];
  Object.entries(REGIONS).forEach(([region, districts], r) => {
    const regionCode = `DEMO_R_${region.toUpperCase()}`;
    units.push({ ...unit(regionCode, `${region} Region`, 'DEMO_NATIONAL'), geometry: shapes.regions[r]! });
    districts.forEach((district, d) => {
      const districtCode = `DEMO_D_${district.toUpperCase()}`;
      units.push({
        ...unit(districtCode, `${district} District`, regionCode),
        geometry: shapes.districts[r]![d]!,
      });
      for (let n = 1; n <= SCHOOLS_PER_DISTRICT; n++) {
        units.push({
          ...unit(`DEMO_S_${district.toUpperCase()}_${n}`, `${district} School ${n}`, districtCode),
          geometry: shapes.schools[r]![d]![n - 1]!,
        });
      }
    });
  });
  const levels = ['National', 'Region', 'District', 'School'].map((name, i) => ({
    // Keep DEMO_LEVELS in step: District is level 3, School level 4.
    id: uidFromCode('organisationUnitLevels', `DEMO_LEVEL_${i + 1}`),
    name,
    level: i + 1,
    offlineLevels: 0,
  }));
  return { organisationUnits: units, organisationUnitLevels: levels };
}

function adminUser(username: string, withRoot: boolean, version: Dhis2Version): JsonObject {
  const units = withRoot ? [ref(DEMO_ROOT_UID)] : [];
  const user: JsonObject = {
    id: ADMIN_UID,
    username,
    firstName: 'admin',
    surname: 'admin',
    userRoles: [ref(SUPERUSER_ROLE_UID)],
    organisationUnits: units,
    dataViewOrganisationUnits: units,
    teiSearchOrganisationUnits: units,
  };
  if (minorOf(version) < 42) user.userCredentials = { username, userRoles: [ref(SUPERUSER_ROLE_UID)] };
  return {
    userRoles: [
      {
        id: SUPERUSER_ROLE_UID,
        code: 'Superuser',
        name: 'Superuser',
        description: 'Superuser',
        authorities: ['ALL'],
      },
    ],
    users: [user],
  };
}

/** Fills a fresh database: the default category model, the admin user and (seed=demo) the demo hierarchy. */
export function seedSandbox(
  store: SandboxStore,
  version: Dhis2Version,
  seed: SeedKind,
  username: string,
  password: string,
): void {
  const params = parseImportParams(new URLSearchParams(), version);
  store.transaction(() => {
    storeCredentials(store, username, password, ADMIN_UID);
    const payloads = [
      defaultCategoryModel(),
      ...(seed === 'demo' ? [demoHierarchy()] : []),
      adminUser(username, seed === 'demo', version),
    ];
    for (const payload of payloads) {
      const report = importMetadata(store, version, payload, params, ADMIN_UID);
      if (report.status !== 'OK')
        throw new Error(`sandbox seed rejected: ${JSON.stringify(report.typeReports)}`);
    }
    store.db
      .prepare('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)')
      .run('seed', JSON.stringify({ seed, version }));
  });
}

export function isSeeded(store: SandboxStore): boolean {
  return store.db.prepare('SELECT 1 FROM settings WHERE key = ?').get('seed') !== undefined;
}
