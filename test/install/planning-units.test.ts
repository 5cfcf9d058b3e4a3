import { classifyObject } from '../../src/core/install/classify.js';
import { mergeWithLive } from '../../src/core/install/merge-live.js';
import { contentHash, ownedContent, shapeOf } from '../../src/core/ownership/index.js';
import { resolveParameters, substituteParameters } from '../../src/core/install/parameters.js';
import { applyRemaps, findRemaps } from '../../src/core/install/remaps.js';
import { chunkPayload } from '../../src/core/install/send.js';
import { thrown } from '../support/thrown.js';

const de = {
  id: 'MiniDeEnr01',
  code: 'MINI_ENROL',
  name: 'Enrolment',
  shortName: 'Enrol',
  valueType: 'INTEGER',
  categoryCombo: { id: 'bjDvmb4bfuf' },
};
const serverFilled = {
  ...de,
  zeroIsSignificant: false,
  translations: [],
  lastUpdated: '2024-01-01T00:00:00.000',
  dataSetElements: [{ dataSet: { id: 'x' } }],
};
const base = { hash: contentHash('dataElements', de), shape: shapeOf(ownedContent('dataElements', de)) };

describe('classifyObject', () => {
  it('sees a live object with server-filled fields as unchanged', () => {
    expect(
      classifyObject({
        type: 'dataElements',
        desired: de,
        live: serverFilled,
        base,
        overwriteLocal: false,
        dhis2Version: '2.41',
      }).action,
    ).toBe('unchanged');
  });

  it('updates an object changed upstream only, with the changed field as a pointer', () => {
    const decision = classifyObject({
      type: 'dataElements',
      desired: { ...de, name: 'Enrolment v2' },
      live: serverFilled,
      base,
      overwriteLocal: false,
      dhis2Version: '2.41',
    });
    expect(decision.action).toBe('update');
    expect(decision.changes?.map((c) => c.pointer)).toEqual(['/name']);
  });

  it('keeps a local edit unless told to overwrite it', () => {
    const live = { ...serverFilled, shortName: 'Edited' };
    expect(
      classifyObject({
        type: 'dataElements',
        desired: de,
        live,
        base,
        overwriteLocal: false,
        dhis2Version: '2.41',
      }).action,
    ).toBe('keep-local');
    expect(
      classifyObject({
        type: 'dataElements',
        desired: de,
        live,
        base,
        overwriteLocal: true,
        dhis2Version: '2.41',
      }).action,
    ).toBe('update');
  });

  it('creates what is missing and was never installed', () => {
    expect(
      classifyObject({ type: 'dataElements', desired: de, overwriteLocal: false, dhis2Version: '2.41' })
        .action,
    ).toBe('create');
  });
});

describe('mergeWithLive', () => {
  it('keeps live org-unit assignments, sharing and unset fields when a package ships organisationUnits: []', () => {
    const live = {
      id: 'Ds',
      name: 'Old',
      description: 'local note',
      organisationUnits: [{ id: 'OuA' }],
      sharing: { public: 'r-------', userGroups: { G1: { id: 'G1', access: 'rw------' } } },
    };
    const merged = mergeWithLive(
      'dataSets',
      {
        id: 'Ds',
        name: 'New',
        organisationUnits: [],
        sharing: { userGroups: { G2: { id: 'G2', access: 'r-------' } } },
      },
      live,
    );
    expect(merged).toMatchObject({
      name: 'New',
      description: 'local note',
      organisationUnits: [{ id: 'OuA' }],
      sharing: { public: 'r-------' },
    });
    expect(Object.keys((merged.sharing as { userGroups: object }).userGroups).sort()).toEqual(['G1', 'G2']);
  });
});

describe('remaps', () => {
  it("points the default category model at the server's UIDs and reuses an indicator type with the same factor", () => {
    const bundle = {
      indicatorTypes: [{ id: 'PkgPercent1', name: 'Percent', factor: 100 }],
      indicators: [
        { id: 'Ind00000001', indicatorType: { id: 'PkgPercent1' }, numerator: '#{MiniDeEnr01.HllvX50cXC0}' },
      ],
      categoryCombos: [{ id: 'bjDvmb4bfuf', name: 'default' }],
    };
    const scan = {
      identities: { indicatorTypes: [{ id: 'SrvPercent1', name: 'Percentage', factor: 100 }] },
      facts: { orgUnitLevels: [], rootOrgUnits: [], orgUnitGroups: [] },
      defaults: { categoryOptionCombos: 'OldDefCoc01' },
    };
    const remaps = findRemaps(bundle, scan, new Set());
    expect(remaps.map((r) => `${r.from}->${r.to}`).sort()).toEqual([
      'HllvX50cXC0->OldDefCoc01',
      'PkgPercent1->SrvPercent1',
    ]);
    const out = applyRemaps(bundle, remaps);
    expect(out.indicatorTypes).toBeUndefined();
    expect(out.categoryCombos).toBeUndefined();
    expect(out.indicators?.[0]).toMatchObject({
      indicatorType: { id: 'SrvPercent1' },
      numerator: '#{MiniDeEnr01.OldDefCoc01}',
    });
  });
});

describe('parameters', () => {
  const facts = {
    orgUnitLevels: [{ level: 4, name: 'School' }],
    rootOrgUnits: [{ id: 'RootOu00001', name: 'Land' }],
    orgUnitGroups: [],
  };
  const manifest = {
    name: 'p',
    version: '1.0.0',
    title: 'p',
    dhis2: '*',
    parameters: {
      root: { type: 'orgUnit' as const, default: '@root' },
      level: { type: 'orgUnitLevel' as const, default: 'school' },
    },
  };

  it('resolves @root and level names against the target, flags first', () => {
    expect(resolveParameters(manifest, { overrides: {}, target: {} }, facts).values).toEqual({
      level: '4',
      root: 'RootOu00001',
    });
    expect(
      thrown(() => resolveParameters(manifest, { overrides: { level: 'Ward' }, target: {} }, facts)),
    ).toMatchObject({ code: 'USAGE.BAD_PARAMETER' });
  });

  it('substitutes ${name} in strings and refuses undeclared names', () => {
    const out = substituteParameters(
      { visualizations: [{ id: 'V', organisationUnits: [{ id: '${root}' }] }] },
      { root: 'RootOu00001' },
      'p',
    );
    expect(out.visualizations?.[0]).toEqual({ id: 'V', organisationUnits: [{ id: 'RootOu00001' }] });
    expect(thrown(() => substituteParameters({ x: [{ id: '${nope}' }] }, {}, 'p'))).toMatchObject({
      code: 'INPUT.UNKNOWN_PARAMETER',
    });
  });
});

describe('chunkPayload', () => {
  it('splits a large payload under the byte bound, types in commit order', () => {
    const payload = {
      dashboards: [{ id: 'D', name: 'x'.repeat(50) }],
      dataElements: Array.from({ length: 4 }, (_, i) => ({ id: `E${i}`, name: 'y'.repeat(50) })),
    };
    const chunks = chunkPayload(payload, 200);
    expect(chunks.length).toBeGreaterThan(1);
    expect(Object.keys(chunks[0]!)).toEqual(['dataElements']);
    expect(Object.keys(chunks[chunks.length - 1]!)).toEqual(['dashboards']);
    expect(chunkPayload(payload, 1e6)).toHaveLength(1);
  });
});
