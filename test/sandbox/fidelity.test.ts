import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Dhis2Version } from '../../src/sandbox/index.js';
import { minorOf } from '../../src/sandbox/types.js';
import { VOLATILE_FIELDS } from '../../src/core/dhis2-model/volatile.js';
import { loadDhis2Rules } from '../../src/core/dhis2-model/rules.js';
import { openTarget, realDhis2, type Dhis2Target } from '../support/dhis2-target.js';
import { REPO_ROOT } from '../support/run-cli.js';
import { hasSharedFixtures, sharedFixture } from '../support/shared-fixtures.js';
import { basic, client, errorsOf, importReportOf, sandboxFixture, type HttpResult } from './helpers.js';

/**
 * Each case: what DHIS2's own tests (or SOURCES.md) expect from a fixture. The same table runs
 * on hand-made equivalents in test/fixtures/sandbox, so the suite means something without
 * ../shared. Cases that need an empty server only run on a fresh sandbox.
 */
interface FidelityCase {
  name: string;
  file: () => Record<string, unknown>;
  query?: string;
  setup?: Array<{ body: () => Record<string, unknown>; query?: string }>;
  /** Expectations per version; a function for version-dependent outcomes. */
  expect: (version: Dhis2Version) => {
    http: number;
    status: string;
    stats?: Record<string, number>;
    errors?: string[];
  };
}

const shared = (name: string) => () =>
  JSON.parse(readFileSync(sharedFixture('dhis2', name), 'utf8')) as Record<string, unknown>;
const local = (name: string) => () => sandboxFixture(name);
const ok = (created?: number) => () => ({
  http: 200,
  status: 'OK',
  ...(created !== undefined
    ? { stats: { created, updated: 0, deleted: 0, ignored: 0, total: created } }
    : {}),
});

const handMade: FidelityCase[] = [
  { name: 'hand-made package creates everything', file: local('small-package.json'), expect: ok(11) },
  {
    name: 'hand-made duplicate code keeps the first under NONE (E5003)',
    file: local('de-duplicate-code.json'),
    query: 'atomicMode=NONE',
    expect: () => ({
      http: 409,
      status: 'WARNING',
      stats: { created: 1, updated: 0, deleted: 0, ignored: 1, total: 2 },
      errors: ['E5003:code'],
    }),
  },
  {
    name: 'hand-made duplicate id rejects all under ALL (E5004)',
    file: local('de-duplicate-uid.json'),
    expect: () => ({
      http: 409,
      status: 'ERROR',
      stats: { created: 0, updated: 0, deleted: 0, ignored: 2, total: 2 },
      errors: ['E5004:id'],
    }),
  },
  {
    name: 'hand-made missing props and reference (E4000, E5002)',
    file: local('de-missing-props-and-ref.json'),
    query: 'importStrategy=CREATE&importMode=VALIDATE',
    expect: () => ({
      http: 409,
      status: 'ERROR',
      errors: ['E4000:domainType', 'E4000:valueType', 'E4000:valueType', 'E5002:optionSet'],
    }),
  },
  {
    name: 'hand-made delete of categories in use (E4030)',
    file: local('delete-categories-in-use.json'),
    query: 'importStrategy=DELETE&importReportMode=FULL',
    setup: [{ body: local('categories-in-use.json') }],
    expect: () => ({
      http: 409,
      status: 'WARNING',
      stats: { created: 0, updated: 0, deleted: 0, ignored: 2, total: 2 },
      errors: ['E4030:', 'E4030:'],
    }),
  },
];

const coreCases: FidelityCase[] = [
  {
    name: 'core metadata_with_indicators creates',
    file: shared('core-metadata-with-indicators.json'),
    query: 'importStrategy=CREATE',
    expect: ok(),
  },
  {
    name: 'core simple_metadata creates',
    file: shared('core-simple-metadata.json'),
    query: 'importStrategy=CREATE',
    expect: ok(),
  },
  {
    name: 'core dataset_with_sections creates',
    file: shared('core-dataset-with-sections.json'),
    expect: ok(),
  },
  {
    name: 'core metadata_no_defaults ignores the top-level "system" key',
    file: shared('core-metadata-no-defaults.json'),
    expect: ok(),
  },
  {
    name: 'core category_and_categorycombo creates',
    file: shared('core-category-and-categorycombo.json'),
    expect: ok(43),
  },
  {
    name: 'core dataset with indicators in a section creates',
    file: shared('core-dataset-indicators-section.json'),
    expect: ok(),
  },
  {
    name: 'core metadata_with_visualization creates',
    file: shared('core-metadata-with-visualization.json'),
    expect: ok(),
  },
  { name: 'core create_dashboard creates', file: shared('core-dashboard-create.json'), expect: ok() },
  {
    name: 'core de_create_and_update1 imports once its sharing user group exists',
    file: shared('core-de-create-and-update1.json'),
    setup: [{ body: () => ({ userGroups: [{ id: 'ugabcdefghA', name: 'Group A' }] }) }],
    expect: () => ({
      http: 200,
      status: 'OK',
      stats: { created: 4, updated: 0, deleted: 0, ignored: 0, total: 4 },
    }),
  },
  {
    name: 'core de_duplicate_code keeps SG4HuKlNEFH under NONE (E5003)',
    file: shared('core-err-de-duplicate-code.json'),
    query: 'atomicMode=NONE',
    expect: () => ({
      http: 409,
      status: 'WARNING',
      stats: { created: 1, updated: 0, deleted: 0, ignored: 1, total: 2 },
      errors: ['E5003:code'],
    }),
  },
  {
    name: 'core de_duplicate_code creates nothing under ALL',
    file: shared('core-err-de-duplicate-code.json'),
    expect: () => ({
      http: 409,
      status: 'ERROR',
      stats: { created: 0, updated: 0, deleted: 0, ignored: 2, total: 2 },
      errors: ['E5003:code'],
    }),
  },
  {
    name: 'core de_duplicate_uid keeps one under NONE (E5004)',
    file: shared('core-err-de-duplicate-uid.json'),
    query: 'atomicMode=NONE',
    expect: () => ({
      http: 409,
      status: 'WARNING',
      stats: { created: 1, updated: 0, deleted: 0, ignored: 1, total: 2 },
      errors: ['E5004:id'],
    }),
  },
  {
    name: 'core de_validate2 reports 1 E5002 and 3 E4000',
    file: shared('core-err-de-invalid-ref-missing-props.json'),
    query: 'importStrategy=CREATE&importMode=VALIDATE',
    expect: () => ({
      http: 409,
      status: 'ERROR',
      errors: ['E4000:domainType', 'E4000:valueType', 'E4000:valueType', 'E5002:optionSet'],
    }),
  },
  {
    name: 'core defaults_invalid reports the 3 missing category combos',
    file: shared('core-err-defaults-invalid.json'),
    query: 'skipSharing=true',
    expect: () => ({
      http: 409,
      status: 'ERROR',
      errors: ['E5002:categoryCombo', 'E5002:categoryCombo', 'E5002:categoryCombo'],
    }),
  },
  {
    name: 'core invalid dashboard layout is E4070 from 2.41 (ignored 2 before the DHIS2-15604 fix)',
    file: shared('core-err-dashboard-invalid-layout.json'),
    expect: (v) =>
      v === '2.38' || v === '2.39' || v === '2.40'
        ? { http: 200, status: 'OK' }
        : {
            http: 409,
            status: 'ERROR',
            stats: {
              created: 0,
              updated: 0,
              deleted: 0,
              ignored: minorOf(v) >= 42 ? 1 : 2,
              total: minorOf(v) >= 42 ? 1 : 2,
            },
            errors: ['E4070:layout'],
          },
  },
  {
    name: 'core delete_categories refuses categories in use (E4030, WARNING, 409)',
    file: shared('core-err-delete-categories-in-use.json'),
    query: 'importStrategy=DELETE&importReportMode=FULL',
    setup: [{ body: shared('core-categories-with-catcombos.json') }],
    expect: () => ({
      http: 409,
      status: 'WARNING',
      stats: { created: 0, updated: 0, deleted: 0, ignored: 2, total: 2 },
      errors: ['E4030:', 'E4030:'],
    }),
  },
  {
    name: 'core de_simple_delete_code deletes by code',
    file: shared('core-delete-by-code.json'),
    query: 'importStrategy=DELETE&identifier=CODE',
    setup: [
      {
        body: () => ({
          dataElements: ['A', 'B', 'C'].map((x) => ({
            code: `DataElementCode${x}`,
            name: `DataElement${x}`,
            shortName: `DataElementShort${x}`,
            valueType: 'TEXT',
            domainType: 'AGGREGATE',
            aggregationType: 'SUM',
          })),
        }),
      },
    ],
    expect: () => ({
      http: 200,
      status: 'OK',
      stats: { created: 0, updated: 0, deleted: 3, ignored: 0, total: 3 },
    }),
  },
  {
    name: 'core org_unit_code_id_update matches by code and keeps the generated uid',
    file: shared('core-code-id-update.json'),
    query: 'identifier=CODE',
    setup: [{ body: shared('core-code-id-create.json'), query: 'identifier=CODE' }],
    expect: () => ({
      http: 200,
      status: 'OK',
      stats: { created: 0, updated: 1, deleted: 0, ignored: 0, total: 1 },
    }),
  },
  {
    name: 'core e2e aggregate metadata is rejected on an empty server: it shares with user groups and assigns org units it does not ship',
    file: shared('core-e2e-aggregate-metadata.json'),
    expect: () => ({ http: 409, status: 'ERROR' }),
  },
];

const VERSIONS: Dhis2Version[] = ['2.38', '2.40', '2.41', '2.43', '2.44'];

async function run(target: Dhis2Target, testCase: FidelityCase): Promise<HttpResult> {
  const api = client(target.url, basic(target.username, target.password));
  for (const step of testCase.setup ?? [])
    await api.post(`/api/metadata${step.query ? `?${step.query}` : ''}`, step.body());
  return api.post(`/api/metadata${testCase.query ? `?${testCase.query}` : ''}`, testCase.file());
}

function errorKeys(report: Record<string, unknown>): string[] {
  return errorsOf(report)
    .map((e) => `${e.errorCode}:${e.errorProperty ?? ''}`)
    .sort();
}

const cases = [...handMade, ...(hasSharedFixtures ? coreCases : [])];

describe.each(VERSIONS)('fidelity with DHIS2 %s', (version) => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, testCase) => {
    const target = await openTarget(version);
    try {
      // These cases assume an empty server: on a shared real DHIS2 they would meet leftovers.
      if (!target.fresh) return;
      const result = await run(target, testCase);
      const expected = testCase.expect(version);
      const report = importReportOf(result);
      expect({ http: result.status, status: report.status }).toEqual({
        http: expected.http,
        status: expected.status,
      });
      if (expected.stats) expect(report.stats).toEqual(expected.stats);
      if (expected.errors) expect(errorKeys(report)).toEqual([...expected.errors].sort());
      else if (expected.status === 'OK') expect(errorKeys(report)).toEqual([]);
    } finally {
      await target.close();
    }
  });
});

/** Real packages: fixtures/packages/*.metadata.json and fixtures/dhis2/pkg-*.json. */
/** The real packages of ../shared when present, always after a small hand-made one. */
function realPackages(): Array<[string, string]> {
  const handMadePackage: [string, string] = [
    'small-package.json',
    join(REPO_ROOT, 'test', 'fixtures', 'sandbox', 'small-package.json'),
  ];
  if (!hasSharedFixtures) return [handMadePackage];
  const packagesDir = sharedFixture('packages');
  const dhis2Dir = sharedFixture('dhis2');
  const fromPackages = existsSync(packagesDir)
    ? readdirSync(packagesDir)
        .filter((f) => f.endsWith('.metadata.json'))
        .map((f) => join(packagesDir, f))
    : [];
  const fromDhis2 = readdirSync(dhis2Dir)
    .filter((f) => f.startsWith('pkg-'))
    .map((f) => join(dhis2Dir, f));
  return [
    handMadePackage,
    ...[...fromPackages, ...fromDhis2].map((f): [string, string] => [f.slice(f.lastIndexOf('/') + 1), f]),
  ];
}

/**
 * What a real DHIS2 does with each package on an empty server. Older packages lack properties
 * that became NOT NULL (shortName of categories and group sets, predictor fields) or share with
 * user groups they do not ship; DHIS2 rejects those, and so must the sandbox.
 */
const REJECTED_ON_EMPTY_SERVER: Record<string, string[]> = {
  'COVID19_COMPLETE_V2_DHIS2.34.metadata.json': ['E4000'],
  'HIV_COMPLETE_V1_DHIS2.36.metadata.json': ['E4000', 'E5002'],
};

/**
 * From 2.42 IndicatorGroup is a JPA entity (`@Column(columnDefinition = "text")`, JPA's default
 * length 255: schemas-2.42.json says 255 where 2.41 says unlimited; 2.43 keeps the annotation), so
 * EMIS_AGG_EXP's 275-character indicator group description is E4001.
 */
function rejectedOnEmptyServer(name: string, version: Dhis2Version): string[] | undefined {
  if (name === 'EMIS_AGG_EXP.metadata.json' && minorOf(version) >= 42) return ['E4001'];
  return REJECTED_ON_EMPTY_SERVER[name];
}

/** Owner properties of a type in the rules file (what an export with :owner carries). */
const owned = (plural: string, property: string) => {
  const rule = loadDhis2Rules().types[plural]?.properties[property];
  return (
    rule?.owner === true &&
    rule.transient === undefined &&
    !['password', 'passwordLastUpdated', 'lastLogin', 'invitation', 'selfRegistered'].includes(property)
  );
};

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The owner fields of an object that round-trip (volatile and server-filled fields removed). */
function comparable(object: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    if (VOLATILE_FIELDS.has(key) || key === 'sharing' || key === 'lastUpdatedBy' || value === null) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    out[key] = value;
  }
  return out;
}

describe.each(VERSIONS)('real packages with DHIS2 %s', (version) => {
  it.each(realPackages())(
    '%s imports into a fresh server and exports back with the same objects',
    async (name, file) => {
      const target = await openTarget(version);
      try {
        if (!target.fresh) return;
        const payload = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
        const api = client(target.url, basic(target.username, target.password));
        const result = await api.post('/api/metadata', payload);
        const report = importReportOf(result);
        const rejected = rejectedOnEmptyServer(name, version);
        if (rejected) {
          expect(report.status).toBe('ERROR');
          expect([...new Set(errorsOf(report).map((e) => e.errorCode))].sort()).toEqual(rejected);
          return;
        }
        expect({ status: result.status, importStatus: report.status, errors: errorsOf(report) }).toEqual({
          status: 200,
          importStatus: 'OK',
          errors: [],
        });
        const exported = (await api.get('/api/metadata')).body;
        for (const [plural, list] of Object.entries(payload)) {
          if (!Array.isArray(list) || !Array.isArray(exported[plural])) continue;
          const byId = new Map((exported[plural] as Array<Record<string, unknown>>).map((o) => [o.id, o]));
          for (const sent of list.filter(isObject)) {
            const back = byId.get(sent.id);
            expect(back).toBeDefined();
            const scalars = (o: Record<string, unknown>) =>
              Object.fromEntries(
                Object.entries(comparable(o)).filter(([k, v]) => typeof v !== 'object' && owned(plural, k)),
              );
            const expected = scalars(sent);
            expect(Object.fromEntries(Object.keys(expected).map((k) => [k, back![k]]))).toEqual(expected);
          }
        }
      } finally {
        await target.close();
      }
    },
  );
});

describe('fidelity targets', () => {
  it('uses a fresh sandbox unless a real DHIS2 is configured', async () => {
    const target = await openTarget('2.41');
    try {
      expect(target.fresh).toBe(realDhis2 === undefined);
    } finally {
      await target.close();
    }
  });
});
