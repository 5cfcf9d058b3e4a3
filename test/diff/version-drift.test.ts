import { join } from 'node:path';
import { diffBundles, type BundleDiff } from '../../src/core/diff/index.js';
import { loadMetadataFile } from '../../src/core/package/index.js';
import { REPO_ROOT } from '../support/run-cli.js';
import { hasSharedFixtures, sharedFixture } from '../support/shared-fixtures.js';

/** "type kind /pointer" with array indices folded, and how often it occurs. */
function changeSet(diff: BundleDiff): Record<string, number> {
  const set: Record<string, number> = {};
  for (const change of diff.changes) {
    if (change.fields.length === 0)
      set[`${change.type} ${change.kind}`] = (set[`${change.type} ${change.kind}`] ?? 0) + 1;
    for (const field of change.fields) {
      const key = `${change.type} ${field.kind} ${field.pointer.replace(/\/\d+(?=\/|$)/g, '/*')}`;
      set[key] = (set[key] ?? 0) + 1;
    }
  }
  return set;
}

describe('diffing one package across DHIS2 versions', () => {
  it('names exactly the drift of the hand-made 2.40 -> 2.41 miniature', () => {
    const dir = join(REPO_ROOT, 'test', 'fixtures', 'diff');
    const diff = diffBundles(
      loadMetadataFile(join(dir, 'hep-mini-2.40.json')).metadata,
      loadMetadataFile(join(dir, 'hep-mini-2.41.json')).metadata,
    );
    // 2.41's new false attribute flags and empty lists are DHIS2's implicit defaults: no change.
    expect(changeSet(diff)).toEqual({
      'dataSets changed /version': 1,
      'visualizations removed /relativePeriods': 1,
    });
    expect(diff.summary.dataElements).toEqual({ added: 0, removed: 0, changed: 0, unchanged: 2 });
    expect(diff.summary.dataElementGroups?.unchanged).toBe(1);
  });

  it('names exactly the real changes between HEP_AGG 2.40.5 and 2.41.3 (shared fixtures)', () => {
    if (!hasSharedFixtures) return; // the miniature above covers the same semantics without them
    const before = loadMetadataFile(sharedFixture('dhis2', 'pkg-HEP_AGG-complete-DHIS2.40.5.json')).metadata;
    const after = loadMetadataFile(sharedFixture('dhis2', 'pkg-HEP_AGG-complete-DHIS2.41.3.json')).metadata;
    const diff = diffBundles(before, after);
    const mapViewDefaults = [
      'colSubTotals',
      'colTotals',
      'cumulativeValues',
      'hideEmptyRowItems',
      'hideEmptyRows',
      'hideLegend',
      'noSpaceBetweenColumns',
      'percentStackedValues',
      'regressionType',
      'rowSubTotals',
      'rowTotals',
      'showData',
      'showDimensionLabels',
      'showHierarchy',
    ];
    // 2.41's six new attribute flags (all false), empty data set assignments and empty
    // visualization sorting are DHIS2's implicit defaults: not changes.
    expect(changeSet(diff)).toEqual({
      // the 2.41 export names the sharing owner (the package_admin user)
      'categories added /sharing/owner': 1,
      'dataSets changed /version': 1,
      // 2.41 serialises the analytical defaults of map views, and the relative periods of one
      ...Object.fromEntries(mapViewDefaults.map((f) => [`maps added /mapViews/*/${f}`, 2])),
      'maps added /mapViews/*/relativePeriods': 1,
      'visualizations removed /relativePeriods': 23,
    });
    // Reordered sets (group members, data set elements) and legacy sharing are not changes.
    expect(diff.totals).toEqual({ added: 0, removed: 0, changed: 26, unchanged: 56 });
  });
});
