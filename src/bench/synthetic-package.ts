import { uidFromCode } from '../core/dhis2-model/uid.js';
import type { LoadedPackage, MetadataBundle, MetadataObject } from '../core/package/types.js';

const OPTIONS_PER_CATEGORY = 3;
const DATA_ELEMENTS_PER_BLOCK = 40;
const INDICATORS_PER_BLOCK = 30;
const VISUALIZATIONS_PER_BLOCK = 10;

/**
 * A valid, realistic package of about `objectCount` objects for benchmarks: blocks of category
 * options, categories, a combo with all its option combos, data elements, indicators with
 * expressions, a data set, groups and visualizations, every reference resolvable. Deterministic.
 */
export function generateSyntheticPackage(objectCount: number): LoadedPackage {
  const metadata: MetadataBundle = {};
  const push = (plural: string, object: MetadataObject) => (metadata[plural] ??= []).push(object);
  const ref = (plural: string, code: string) => ({ id: uidFromCode(plural, code) });
  const sharing = {
    owner: 'AbCdEfGhIj0',
    public: 'r-------',
    external: false,
    userGroups: {
      [uidFromCode('userGroups', 'SYN_ADMIN')]: {
        id: uidFromCode('userGroups', 'SYN_ADMIN'),
        access: 'rw------',
      },
    },
    users: {},
  };
  const named = (plural: string, code: string, name: string, extra: MetadataObject = {}): MetadataObject => ({
    id: uidFromCode(plural, code),
    code,
    name,
    shortName: name.slice(0, 50),
    description: `${name} (synthetic)`,
    sharing,
    translations: [{ locale: 'fr', property: 'NAME', value: `${name} (fr)` }],
    ...extra,
  });
  push('userGroups', { id: uidFromCode('userGroups', 'SYN_ADMIN'), code: 'SYN_ADMIN', name: 'SYN admin' });
  push('indicatorTypes', {
    ...named('indicatorTypes', 'SYN_PERCENT', 'SYN percentage'),
    factor: 100,
    number: false,
  });
  let count = 2;
  for (let block = 0; count < objectCount; block++) {
    const b = `B${block}`;
    const categories: Array<{ code: string; options: string[] }> = [];
    for (let c = 0; c < 2; c++) {
      const options: string[] = [];
      for (let o = 0; o < OPTIONS_PER_CATEGORY; o++) {
        const code = `SYN_${b}_C${c}_O${o}`;
        push('categoryOptions', named('categoryOptions', code, `Option ${b}.${c}.${o}`));
        options.push(code);
      }
      const code = `SYN_${b}_C${c}`;
      push(
        'categories',
        named('categories', code, `Category ${b}.${c}`, {
          dataDimensionType: 'DISAGGREGATION',
          categoryOptions: options.map((o) => ref('categoryOptions', o)),
        }),
      );
      categories.push({ code, options });
    }
    const combo = `SYN_${b}_CC`;
    push(
      'categoryCombos',
      named('categoryCombos', combo, `Combo ${b}`, {
        dataDimensionType: 'DISAGGREGATION',
        categories: categories.map((c) => ref('categories', c.code)),
      }),
    );
    const cocs: string[] = [];
    for (const first of categories[0]!.options) {
      for (const second of categories[1]!.options) {
        const code = `${first}_${second.slice(-5)}`;
        push('categoryOptionCombos', {
          id: uidFromCode('categoryOptionCombos', code),
          code,
          name: `${first}, ${second}`,
          categoryCombo: ref('categoryCombos', combo),
          categoryOptions: [ref('categoryOptions', first), ref('categoryOptions', second)],
        });
        cocs.push(code);
      }
    }
    const elements: string[] = [];
    for (let d = 0; d < DATA_ELEMENTS_PER_BLOCK; d++) {
      const code = `SYN_${b}_DE${d}`;
      push(
        'dataElements',
        named('dataElements', code, `Enrolment ${b} ${d}`, {
          valueType: 'INTEGER_ZERO_OR_POSITIVE',
          domainType: 'AGGREGATE',
          aggregationType: 'SUM',
          categoryCombo: ref('categoryCombos', combo),
          zeroIsSignificant: false,
        }),
      );
      elements.push(code);
    }
    const indicators: string[] = [];
    for (let i = 0; i < INDICATORS_PER_BLOCK; i++) {
      const numerator = uidFromCode('dataElements', elements[i % elements.length]!);
      const denominator = uidFromCode('dataElements', elements[(i + 1) % elements.length]!);
      const coc = uidFromCode('categoryOptionCombos', cocs[i % cocs.length]!);
      const code = `SYN_${b}_IN${i}`;
      push(
        'indicators',
        named('indicators', code, `Enrolment ratio ${b} ${i}`, {
          indicatorType: ref('indicatorTypes', 'SYN_PERCENT'),
          numerator: `#{${numerator}.${coc}} + #{${numerator}}.periodOffset(-1)`,
          denominator: `if(isNull(#{${denominator}}), 1, #{${denominator}})`,
          numeratorDescription: 'Enrolled',
          denominatorDescription: 'Population',
          annualized: false,
        }),
      );
      indicators.push(code);
    }
    push(
      'dataSets',
      named('dataSets', `SYN_${b}_DS`, `Census ${b}`, {
        periodType: 'Yearly',
        categoryCombo: { id: 'bjDvmb4bfuf' },
        dataSetElements: elements.map((e) => ({ dataElement: ref('dataElements', e) })),
      }),
    );
    push(
      'dataElementGroups',
      named('dataElementGroups', `SYN_${b}_DEG`, `Enrolment ${b}`, {
        dataElements: elements.map((e) => ref('dataElements', e)),
      }),
    );
    push(
      'indicatorGroups',
      named('indicatorGroups', `SYN_${b}_ING`, `Ratios ${b}`, {
        indicators: indicators.map((i) => ref('indicators', i)),
      }),
    );
    for (let v = 0; v < VISUALIZATIONS_PER_BLOCK; v++) {
      push(
        'visualizations',
        named('visualizations', `SYN_${b}_VIS${v}`, `Chart ${b} ${v}`, {
          type: 'COLUMN',
          dataDimensionItems: [
            { dataDimensionItemType: 'INDICATOR', indicator: ref('indicators', indicators[v]!) },
          ],
        }),
      );
    }
    count +=
      6 + 2 + 1 + cocs.length + DATA_ELEMENTS_PER_BLOCK + INDICATORS_PER_BLOCK + 3 + VISUALIZATIONS_PER_BLOCK;
  }
  const files = Object.fromEntries(
    Object.keys(metadata).map((plural) => [plural, `metadata/${plural}.json`]),
  );
  return {
    manifest: {
      name: 'synthetic',
      version: '1.0.0',
      title: 'Synthetic benchmark package',
      dhis2: '>=2.40 <2.43',
      codePrefix: 'SYN_',
      locales: ['en', 'fr'],
    },
    metadata,
    files,
    extras: {},
    manifestFile: '<synthetic>/package.yaml',
    source: { kind: 'directory', path: '<synthetic>' },
  };
}
