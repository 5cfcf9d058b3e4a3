import { diffBundles } from '../../src/core/diff/index.js';
import type { MetadataBundle, MetadataObject } from '../../src/core/package/index.js';

const de = (id: string, extra: Partial<MetadataObject> = {}): MetadataObject => ({
  id,
  code: `DE_${id}`,
  name: `Data element ${id}`,
  shortName: `DE ${id}`,
  valueType: 'NUMBER',
  ...extra,
});
const group = (members: string[], extra: Partial<MetadataObject> = {}): MetadataObject => ({
  id: 'GroupAAAAA1',
  name: 'Group',
  dataElements: members.map((id) => ({ id })),
  ...extra,
});
const pointers = (before: MetadataBundle, after: MetadataBundle, ignore?: string[]) =>
  diffBundles(before, after, { ignore }).changes.flatMap((c) =>
    c.fields.map((f) => `${c.type}:${f.kind}:${f.pointer}`),
  );

describe('diffBundles', () => {
  it('reports identical bundles as identical with every object unchanged', () => {
    const bundle = { dataElements: [de('aaaaaaaaaa1'), de('aaaaaaaaaa2')] };
    const diff = diffBundles(bundle, structuredClone(bundle));
    expect(diff.identical).toBe(true);
    expect(diff.changes).toEqual([]);
    expect(diff.summary).toEqual({ dataElements: { added: 0, removed: 0, changed: 0, unchanged: 2 } });
  });

  it('treats a reordered set-like collection as no change', () => {
    const before = { dataElementGroups: [group(['aaaaaaaaaa1', 'aaaaaaaaaa2', 'aaaaaaaaaa3'])] };
    const after = { dataElementGroups: [group(['aaaaaaaaaa3', 'aaaaaaaaaa1', 'aaaaaaaaaa2'])] };
    expect(diffBundles(before, after).identical).toBe(true);
  });

  it('reports a reordered ordered collection (option set options) as a change', () => {
    const set = (ids: string[]) => ({
      optionSets: [{ id: 'OptSetAAAA1', name: 'S', valueType: 'TEXT', options: ids.map((id) => ({ id })) }],
    });
    expect(pointers(set(['o1', 'o2']), set(['o2', 'o1']))).toEqual([
      'optionSets:changed:/options/0/id',
      'optionSets:changed:/options/1/id',
    ]);
  });

  it('reports an insertion into an ordered collection as one added member', () => {
    const set = (ids: string[]) => ({
      optionSets: [{ id: 'OptSetAAAA1', name: 'S', options: ids.map((id) => ({ id })) }],
    });
    const diff = diffBundles(set(['o1', 'o3']), set(['o1', 'o2', 'o3']));
    expect(diff.changes[0]?.fields).toEqual([{ pointer: '/options/1', kind: 'added', after: { id: 'o2' } }]);
  });

  it('reports a member added to and removed from a set with its identity', () => {
    const diff = diffBundles(
      { dataElementGroups: [group(['aaaaaaaaaa1', 'aaaaaaaaaa2'])] },
      { dataElementGroups: [group(['aaaaaaaaaa3', 'aaaaaaaaaa1'])] },
    );
    expect(diff.changes[0]?.fields).toEqual([
      { pointer: '/dataElements/0', kind: 'added', after: { id: 'aaaaaaaaaa3' }, key: 'id:aaaaaaaaaa3' },
      { pointer: '/dataElements/1', kind: 'removed', before: { id: 'aaaaaaaaaa2' }, key: 'id:aaaaaaaaaa2' },
    ]);
  });

  it('reports a changed member of a set inside the member, found by its identity', () => {
    const withValues = (values: Array<[string, string]>) => ({
      dataElements: [
        de('aaaaaaaaaa1', {
          attributeValues: values.map(([attr, value]) => ({ attribute: { id: attr }, value })),
        }),
      ],
    });
    const diff = diffBundles(
      withValues([
        ['AttrAAAAAA1', 'x'],
        ['AttrAAAAAA2', 'y'],
      ]),
      withValues([
        ['AttrAAAAAA2', 'z'],
        ['AttrAAAAAA1', 'x'],
      ]),
    );
    expect(diff.changes[0]?.fields).toEqual([
      {
        pointer: '/attributeValues/0/value',
        kind: 'changed',
        before: 'y',
        after: 'z',
        key: 'attribute:AttrAAAAAA2',
      },
    ]);
  });

  it('compares translations as a set and reports a changed value at its slot', () => {
    const tr = (list: Array<[string, string, string]>) => ({
      dataElements: [
        de('aaaaaaaaaa1', {
          translations: list.map(([locale, property, value]) => ({ locale, property, value })),
        }),
      ],
    });
    const before = tr([
      ['fr', 'NAME', 'Élèves'],
      ['pt', 'NAME', 'Alunos'],
    ]);
    expect(
      diffBundles(
        before,
        tr([
          ['pt', 'NAME', 'Alunos'],
          ['fr', 'NAME', 'Élèves'],
        ]),
      ).identical,
    ).toBe(true);
    expect(
      pointers(
        before,
        tr([
          ['fr', 'NAME', 'Écoliers'],
          ['pt', 'NAME', 'Alunos'],
        ]),
      ),
    ).toEqual(['dataElements:changed:/translations/0/value']);
  });

  it('treats a data set element as the member for its data element, so an override change is reported inside it', () => {
    const ds = (cc?: string) => ({
      dataSets: [
        {
          id: 'DataSetAAA1',
          name: 'DS',
          periodType: 'Yearly',
          dataSetElements: [
            { dataElement: { id: 'aaaaaaaaaa2' }, dataSet: { id: 'DataSetAAA1' } },
            {
              dataElement: { id: 'aaaaaaaaaa1' },
              dataSet: { id: 'DataSetAAA1' },
              ...(cc ? { categoryCombo: { id: cc } } : {}),
            },
          ],
        },
      ],
    });
    expect(pointers(ds(), ds('ComboAAAAA1'))).toEqual(['dataSets:added:/dataSetElements/1/categoryCombo']);
  });

  it('matches objects by uid first, then by code', () => {
    const before = { dataElements: [de('aaaaaaaaaa1', { code: 'A' }), de('aaaaaaaaaa2', { code: 'B' })] };
    // aaaaaaaaaa1 keeps its uid but takes code B; a new uid carries code A: the uid match wins.
    const after = { dataElements: [de('aaaaaaaaaa1', { code: 'B' }), de('bbbbbbbbbb1', { code: 'A' })] };
    const diff = diffBundles(before, after);
    expect(diff.changes.map((c) => `${c.kind}:${c.id}`)).toEqual(
      ['changed:aaaaaaaaaa1', 'removed:aaaaaaaaaa2', 'added:bbbbbbbbbb1'].sort((x, y) =>
        x.split(':')[1]! < y.split(':')[1]! ? -1 : 1,
      ),
    );
    const renamed = diffBundles(
      { dataElements: [de('aaaaaaaaaa1', { code: 'A', name: 'N', shortName: 'S' })] },
      { dataElements: [de('zzzzzzzzzz1', { code: 'A', name: 'N', shortName: 'S' })] },
    );
    expect(renamed.changes).toEqual([
      expect.objectContaining({
        kind: 'changed',
        id: 'zzzzzzzzzz1',
        code: 'A',
        fields: [{ pointer: '/id', kind: 'changed', before: 'aaaaaaaaaa1', after: 'zzzzzzzzzz1' }],
      }),
    ]);
  });

  it('ignores volatile fields at every depth', () => {
    const before = {
      dataElements: [
        de('aaaaaaaaaa1', {
          lastUpdated: '2020-01-01',
          created: '2019',
          displayName: 'x',
          href: 'h',
          translations: [{ locale: 'fr', property: 'NAME', value: 'v', created: '1' }],
        }),
      ],
    };
    const after = {
      dataElements: [
        de('aaaaaaaaaa1', {
          lastUpdated: '2024-01-01',
          lastUpdatedBy: { id: 'u' },
          access: { read: true },
          translations: [{ locale: 'fr', property: 'NAME', value: 'v' }],
        }),
      ],
    };
    expect(diffBundles(before, after).identical).toBe(true);
  });

  it('ignores extra fields by name at any depth and by JSON pointer with its subtree', () => {
    const before = {
      dataElements: [
        de('aaaaaaaaaa1', {
          description: 'a',
          sharing: { owner: 'u1', public: 'r-------' },
          style: { color: '#fff' },
        }),
      ],
    };
    const after = {
      dataElements: [
        de('aaaaaaaaaa1', {
          description: 'b',
          sharing: { owner: 'u2', public: 'r-------' },
          style: { color: '#000' },
        }),
      ],
    };
    expect(pointers(before, after)).toEqual([
      'dataElements:changed:/description',
      'dataElements:changed:/sharing/owner',
      'dataElements:changed:/style/color',
    ]);
    expect(pointers(before, after, ['description', '/sharing/owner', '/style'])).toEqual([]);
    expect(
      diffBundles(before, after, { ignore: ['description', '/sharing/owner', '/style'] }).summary.dataElements
        ?.unchanged,
    ).toBe(1);
  });

  it('treats null, an empty collection and a false flag like an absent field, as DHIS2 does', () => {
    expect(
      diffBundles(
        { dataElements: [de('aaaaaaaaaa1', { formName: null })] },
        { dataElements: [de('aaaaaaaaaa1')] },
      ).identical,
    ).toBe(true);
    expect(
      pointers(
        { dataSets: [{ id: 'DataSetAAA1', name: 'D' }] },
        { dataSets: [{ id: 'DataSetAAA1', name: 'D', organisationUnits: [], renderAsTabs: false }] },
      ),
    ).toEqual([]);
    // Category#dataDimension starts true in DHIS2: false is a setting, and true its default.
    const category = (extra: Record<string, unknown>) => ({
      categories: [{ id: 'CategoryAA1', name: 'C', ...extra }],
    });
    expect(pointers(category({}), category({ dataDimension: true }))).toEqual([]);
    expect(pointers(category({}), category({ dataDimension: false }))).toEqual([
      'categories:added:/dataDimension',
    ]);
    expect(
      pointers(
        { dataSets: [{ id: 'DataSetAAA1', name: 'D' }] },
        { dataSets: [{ id: 'DataSetAAA1', name: 'D', renderAsTabs: true }] },
      ),
    ).toEqual(['dataSets:added:/renderAsTabs']);
  });

  it('compares pre-2.41 legacy sharing with the 2.41 sharing object it stands for', () => {
    const legacy = de('aaaaaaaaaa1', {
      publicAccess: 'rw------',
      externalAccess: false,
      userGroupAccesses: [{ id: 'GroupAAAAA1', access: 'r-------' }],
      userAccesses: [],
    });
    const modern = de('aaaaaaaaaa1', {
      sharing: {
        external: false,
        public: 'rw------',
        userGroups: { GroupAAAAA1: { id: 'GroupAAAAA1', access: 'r-------' } },
        users: {},
      },
    });
    expect(diffBundles({ dataElements: [legacy] }, { dataElements: [modern] }).identical).toBe(true);
  });

  it('orders changes by type and identity whatever the input order, and counts them per type', () => {
    const before = {
      indicators: [{ id: 'IndAAAAAAA2', name: 'b' }],
      dataElements: [de('aaaaaaaaaa3'), de('aaaaaaaaaa1')],
    };
    const after = {
      dataElements: [de('aaaaaaaaaa2'), de('aaaaaaaaaa1', { name: 'new' })],
      indicators: [{ id: 'IndAAAAAAA1', name: 'a' }],
    };
    const diff = diffBundles(before, after);
    expect(diff.changes.map((c) => `${c.type}/${c.id}/${c.kind}`)).toEqual([
      'dataElements/aaaaaaaaaa1/changed',
      'dataElements/aaaaaaaaaa2/added',
      'dataElements/aaaaaaaaaa3/removed',
      'indicators/IndAAAAAAA1/added',
      'indicators/IndAAAAAAA2/removed',
    ]);
    expect(diff.summary).toEqual({
      dataElements: { added: 1, removed: 1, changed: 1, unchanged: 0 },
      indicators: { added: 1, removed: 1, changed: 0, unchanged: 0 },
    });
    expect(diff.totals).toEqual({ added: 2, removed: 2, changed: 1, unchanged: 0 });
    expect(JSON.stringify(diffBundles(before, after))).toBe(JSON.stringify(diff));
  });

  it('escapes JSON pointer segments', () => {
    expect(
      pointers(
        { dataElements: [de('aaaaaaaaaa1', { style: { 'a/b~c': 1 } })] },
        { dataElements: [de('aaaaaaaaaa1', { style: { 'a/b~c': 2 } })] },
      ),
    ).toEqual(['dataElements:changed:/style/a~1b~0c']);
  });
});

describe('diffBundles on sharing', () => {
  it('reports a changed access string of a user group, which is not the volatile `access` field', () => {
    const shared = (access: string) => ({
      dataElements: [
        {
          id: 'aaaaaaaaaa1',
          name: 'x',
          access: { read: true },
          sharing: { public: 'r-------', userGroups: { GroupAAAAA1: { id: 'GroupAAAAA1', access } } },
        },
      ],
    });
    const diff = diffBundles(shared('r-------'), shared('rw------'));
    expect(diff.changes[0]?.fields).toEqual([
      {
        pointer: '/sharing/userGroups/GroupAAAAA1/access',
        kind: 'changed',
        before: 'r-------',
        after: 'rw------',
      },
    ]);
  });
});
