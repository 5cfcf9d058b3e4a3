// Benchmark (not a test): diff of two 50,000-object packages vs the time to JSON.parse both.
// Run after `npm run build`: node --expose-gc test/diff/bench/diff-bench.mjs
import { performance } from 'node:perf_hooks';
import { diffBundles } from '../../../dist/core/diff/index.js';

const N = 50_000;
function makeBundle(variant) {
  const dataElements = [];
  for (let i = 0; i < N; i++) {
    const id = `de${String(i).padStart(9, '0')}`;
    dataElements.push({
      id, code: `EDU_DE_${i}`, name: `Data element ${i}`, shortName: `DE ${i}`, valueType: 'INTEGER_ZERO_OR_POSITIVE',
      domainType: 'AGGREGATE', aggregationType: 'SUM', categoryCombo: { id: 'bjDvmb4bfuf' }, lastUpdated: variant ? '2025-01-01' : '2024-01-01',
      legendSets: [{ id: 'LegendAAAA1' }], aggregationLevels: [1, 2, 3],
      attributeValues: [{ attribute: { id: 'AttrAAAAAA1' }, value: `v${i}` }, { attribute: { id: 'AttrAAAAAA2' }, value: 'x' }],
      translations: [{ locale: 'fr', property: 'NAME', value: `Élément ${i}` }, { locale: 'pt', property: 'NAME', value: `Elemento ${i}` }],
      sharing: { external: false, public: 'r-------', userGroups: { GroupAAAAA1: { id: 'GroupAAAAA1', access: 'rw------' } } },
      // 1 % really changed, 10 % with a reordered set
      description: variant && i % 100 === 0 ? 'changed' : 'same',
    });
    if (variant && i % 10 === 0) dataElements[i].attributeValues.reverse();
  }
  return JSON.stringify({ dataElements });
}
const textA = makeBundle(false);
const textB = makeBundle(true);
const time = (fn, runs = 5) => {
  const samples = [];
  for (let r = 0; r < runs; r++) {
    globalThis.gc?.();
    const t = performance.now();
    fn();
    samples.push(performance.now() - t);
  }
  return samples.sort((x, y) => x - y)[Math.floor(runs / 2)];
};
const a = JSON.parse(textA);
const b = JSON.parse(textB);
const parse = time(() => { JSON.parse(textA); JSON.parse(textB); });
let result;
const diff = time(() => { result = diffBundles(a, b); });
console.log(`objects per side: ${N}, input ${(textA.length / 1e6).toFixed(1)} MB each`);
console.log(`JSON.parse both: ${parse.toFixed(0)} ms`);
console.log(`diffBundles:     ${diff.toFixed(0)} ms (${(diff / parse).toFixed(2)}x parse; target <= 2x), ${result.totals.changed} changed`);
