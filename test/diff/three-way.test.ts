import { canonicalObjectHash, classifyUpgrade, threeWay } from '../../src/core/diff/index.js';
import type { MetadataObject } from '../../src/core/package/index.js';

const de = (extra: Partial<MetadataObject> = {}): MetadataObject => ({
  id: 'aaaaaaaaaa1',
  code: 'DE_A',
  name: 'Pupils',
  shortName: 'Pupils',
  ...extra,
});
const base = de();
const upstream = de({ name: 'Pupils enrolled' });
const local = de({ shortName: 'Enrolled' });
const both = de({ name: 'Pupils enrolled', shortName: 'Enrolled' });
const rival = de({ name: 'Learners' });

describe('threeWay', () => {
  const cases: Array<
    [string, MetadataObject | undefined, MetadataObject | undefined, MetadataObject | undefined, string]
  > = [
    ['nothing changed', base, base, base, 'unchanged'],
    ['only the new version changed', base, base, upstream, 'changed-upstream'],
    ['only the server changed', base, local, base, 'customised-locally'],
    ['both changed different fields', base, local, both, 'conflict'],
    ['both changed the same field differently', base, rival, upstream, 'conflict'],
    ['both changed it the same way', base, upstream, upstream, 'unchanged'],
    ['a new object not yet on the server', undefined, undefined, upstream, 'changed-upstream'],
    ['a new object already on the server as shipped', undefined, upstream, upstream, 'unchanged'],
    ['a new object colliding with a different server object', undefined, rival, upstream, 'conflict'],
    ['an object dropped upstream and untouched on the server', base, base, undefined, 'changed-upstream'],
    ['an object dropped upstream but edited on the server', base, local, undefined, 'conflict'],
    ['an object dropped upstream and already gone', base, undefined, undefined, 'unchanged'],
    ['an object deleted on the server and unchanged upstream', base, undefined, base, 'customised-locally'],
    ['an object deleted on the server and changed upstream', base, undefined, upstream, 'conflict'],
  ];
  it.each(cases)('classifies %s', (_label, b, l, n, expected) => {
    expect(threeWay('dataElements', b, l, n).classification).toBe(expected);
  });

  it('returns both field diffs and the pointers changed on both sides', () => {
    const result = threeWay(
      'dataElements',
      base,
      de({ name: 'Learners', description: 'local note' }),
      upstream,
    );
    expect(result.upstream).toEqual({
      kind: 'changed',
      fields: [{ pointer: '/name', kind: 'changed', before: 'Pupils', after: 'Pupils enrolled' }],
    });
    expect(result.local.fields.map((f) => f.pointer)).toEqual(['/description', '/name']);
    expect(result.conflictingPointers).toEqual(['/name']);
  });

  it('has no conflicting pointers when both sides changed different fields', () => {
    expect(threeWay('dataElements', base, local, both).conflictingPointers).toEqual([]);
  });

  it('ignores volatile fields and set order when deciding that the server was not customised', () => {
    const withGroups = (ids: string[], extra: Partial<MetadataObject> = {}) =>
      ({ id: 'GroupAAAAA1', name: 'G', dataElements: ids.map((id) => ({ id })), ...extra }) as MetadataObject;
    const result = threeWay(
      'dataElementGroups',
      withGroups(['a', 'b']),
      withGroups(['b', 'a'], { lastUpdated: 'now' }),
      withGroups(['a', 'b', 'c']),
    );
    expect(result.classification).toBe('changed-upstream');
  });
});

describe('classifyUpgrade', () => {
  const baseBundle = {
    dataElements: [base, de({ id: 'aaaaaaaaaa2', code: 'DE_B' }), de({ id: 'aaaaaaaaaa3', code: 'DE_C' })],
  };
  const live = {
    dataElements: [
      local,
      de({ id: 'aaaaaaaaaa2', code: 'DE_B' }),
      de({ id: 'aaaaaaaaaa3', code: 'DE_C' }),
      de({ id: 'zzzzzzzzzz9', code: 'LOCAL' }),
    ],
  };
  const next = {
    dataElements: [
      base,
      de({ id: 'aaaaaaaaaa2', code: 'DE_B', name: 'New' }),
      de({ id: 'aaaaaaaaaa4', code: 'DE_D' }),
    ],
  };

  it('classifies every package object against the ledger objects and leaves server-only objects out', () => {
    const result = classifyUpgrade(baseBundle, live, next);
    expect(result.items.map((i) => `${i.id}:${i.classification}`)).toEqual([
      'aaaaaaaaaa1:customised-locally',
      'aaaaaaaaaa2:changed-upstream',
      'aaaaaaaaaa3:changed-upstream',
      'aaaaaaaaaa4:changed-upstream',
    ]);
    expect(result.items.find((i) => i.id === 'aaaaaaaaaa3')?.upstream.kind).toBe('removed');
    expect(result.counts).toEqual({
      unchanged: 0,
      'changed-upstream': 3,
      'customised-locally': 1,
      conflict: 0,
    });
  });

  it('gives the same classification from the ledger hashes alone', () => {
    const hashes = Object.fromEntries(
      baseBundle.dataElements.map((o) => [`dataElements/${o.id}`, canonicalObjectHash('dataElements', o)]),
    );
    const fromHashes = classifyUpgrade({ kind: 'hashes', hashes }, live, next);
    const fromObjects = classifyUpgrade(baseBundle, live, next);
    expect(
      fromHashes.items.map((i) => `${i.id}:${i.classification}:${i.upstream.kind}:${i.local.kind}`),
    ).toEqual(fromObjects.items.map((i) => `${i.id}:${i.classification}:${i.upstream.kind}:${i.local.kind}`));
    expect(
      fromHashes.items.find((i) => i.id === 'aaaaaaaaaa2')?.upstream.fields.map((f) => f.pointer),
    ).toEqual(['/name']);
  });

  it('finds the live object by code when the server gave it another uid', () => {
    const renamedLive = { dataElements: [de({ id: 'serverUid01', shortName: 'Changed here' })] };
    const result = classifyUpgrade({ dataElements: [base] }, renamedLive, { dataElements: [base] });
    expect(result.items[0]?.classification).toBe('customised-locally');
  });
});
