import { collectReferences } from '../../src/core/export/index.js';
import {
  contentHash,
  driftedFields,
  fieldFingerprints,
  grantToGroups,
  installedRecord,
  liveHash,
  localConfigurationOf,
  ownedContent,
  ownedView,
  shapeOf,
  strongerAccess,
  withLocalConfigurationOf,
} from '../../src/core/ownership/index.js';
import type { MetadataObject } from '../../src/core/package/index.js';

const ADMIN = 'EduAdmin001';
const OTHER = 'LocalGroup1';

/** A data set as a package ships it. */
const shipped: MetadataObject = {
  id: 'DataSet0001',
  code: 'EDU_DS',
  name: 'Census',
  periodType: 'Yearly',
  sharing: {
    public: '--------',
    external: false,
    userGroups: { [ADMIN]: { id: ADMIN, access: 'rwr-----' } },
  },
};

/** The same data set as DHIS2 answers after install and some local administration. */
const live: MetadataObject = {
  ...shipped,
  lastUpdated: '2026-01-01T00:00:00.000',
  openFuturePeriods: 0,
  organisationUnits: [{ id: 'School00001' }, { id: 'School00002' }],
  sharing: {
    owner: 'AdminUser01',
    public: '--------',
    external: false,
    users: { User0000001: { id: 'User0000001', access: 'rw------' } },
    userGroups: {
      [ADMIN]: { id: ADMIN, access: 'rwr-----' },
      [OTHER]: { id: OTHER, access: 'r-------' },
    },
  },
};

describe('what a package owns', () => {
  it('sees a live object through the package: defaults, assignments and local sharing left out', () => {
    expect(ownedView('dataSets', live, shipped)).toEqual(ownedContent('dataSets', shipped));
    expect(liveHash('dataSets', live, shapeOf(ownedContent('dataSets', shipped)))).toBe(
      contentHash('dataSets', shipped),
    );
  });

  it('keeps the local configuration with includeLocal', () => {
    const view = ownedView('dataSets', live, shipped, { includeLocal: true });
    expect(view.organisationUnits).toEqual(live.organisationUnits);
    expect(view.sharing).toMatchObject({ owner: 'AdminUser01', userGroups: { [OTHER]: { id: OTHER } } });
  });

  it('names the local configuration relative to the package object', () => {
    expect(localConfigurationOf('dataSets', live, shipped)).toEqual({
      organisationUnits: ['School00001', 'School00002'],
      users: ['User0000001'],
      userGroups: [OTHER],
    });
  });

  it('treats the org units a visualization shows as its content, not as an assignment', () => {
    const chart = { id: 'Chart000001', name: 'Enrolment', organisationUnits: [{ id: 'Region00001' }] };
    expect(ownedContent('visualizations', chart).organisationUnits).toEqual([{ id: 'Region00001' }]);
    expect(localConfigurationOf('visualizations', chart).organisationUnits).toEqual([]);
  });

  it('owns the access it grants to its user groups', () => {
    const weakened = {
      ...live,
      sharing: { ...(live.sharing as object), userGroups: { [ADMIN]: { id: ADMIN, access: 'r-------' } } },
    };
    const shape = shapeOf(ownedContent('dataSets', shipped));
    expect(liveHash('dataSets', weakened, shape)).not.toBe(contentHash('dataSets', shipped));
    const fingerprints = fieldFingerprints('dataSets', shipped, shape);
    expect(driftedFields('dataSets', weakened, shape, fingerprints)).toEqual(['/sharing']);
    expect(driftedFields('dataSets', { ...live, name: 'Renamed' }, shape, fingerprints)).toEqual(['/name']);
    expect(driftedFields('dataSets', live, shape, fingerprints)).toEqual([]);
    expect(installedRecord('dataSets', shipped)).toEqual({
      hash: contentHash('dataSets', shipped),
      shape,
      fields: fingerprints,
    });
  });

  it("puts the package's content over the live object and keeps the live local configuration", () => {
    const next = { ...shipped, name: 'Census v2', organisationUnits: [{ id: 'School00003' }] };
    const sent = withLocalConfigurationOf('dataSets', next, live);
    expect(sent.name).toBe('Census v2');
    expect(sent.organisationUnits).toEqual([
      { id: 'School00001' },
      { id: 'School00002' },
      { id: 'School00003' },
    ]);
    expect(sent.sharing).toMatchObject({
      owner: 'AdminUser01',
      users: { User0000001: { id: 'User0000001' } },
      userGroups: { [ADMIN]: { access: 'rwr-----' }, [OTHER]: { access: 'r-------' } },
    });
  });
});

describe('share steps', () => {
  it('merge access per position, so the stronger access wins and nothing is taken away', () => {
    expect(strongerAccess('rwrw----', 'rw------')).toBe('rwrw----');
    expect(strongerAccess('r-------', 'r-rw----')).toBe('r-rw----');
    expect(strongerAccess(undefined, 'r-------')).toBe('r-------');
    const sharing = grantToGroups(
      { public: 'r-------', userGroups: { [ADMIN]: { id: ADMIN, access: 'rwrw----' } } },
      [ADMIN, OTHER],
      'rw------',
    );
    expect(sharing).toEqual({
      public: 'r-------',
      userGroups: {
        [ADMIN]: { id: ADMIN, access: 'rwrw----' },
        [OTHER]: { id: OTHER, access: 'rw------' },
      },
    });
  });
});

describe("export's reference closure", () => {
  it.each(['2.40', '2.42'])(
    'follows attribute values, legend sets, option sets and category combos (DHIS2 %s)',
    (version) => {
      const element = {
        id: 'DataElem001',
        categoryCombo: { id: 'CatCombo001' },
        optionSet: { id: 'OptionSet01' },
        commentOptionSet: { id: 'OptionSet02' },
        legendSets: [{ id: 'LegendSet01' }],
        attributeValues: [{ value: '4.1.1', attribute: { id: 'Attribute01' } }],
      };
      const found = collectReferences('dataElements', element, version).references.map(
        (r) => `${r.type}/${r.id}`,
      );
      expect(found.sort()).toEqual([
        'attributes/Attribute01',
        'categoryCombos/CatCombo001',
        'legendSets/LegendSet01',
        'optionSets/OptionSet01',
        'optionSets/OptionSet02',
      ]);
    },
  );
});
