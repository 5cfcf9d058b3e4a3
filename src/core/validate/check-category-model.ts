import { DEFAULT_CATEGORY_MODEL } from '../dhis2-model/rules.js';
import type { MetadataObject } from '../package/types.js';
import { eachObject, type PackageCheckContext } from './check-context.js';
import { describeObject, type FindingSink } from './finding-sink.js';
import { isDefaultObject, isObject } from './package-scope.js';

const idsOf = (list: unknown): string[] =>
  Array.isArray(list) ? list.flatMap((e) => (isObject(e) && typeof e.id === 'string' ? [e.id] : [])) : [];
const refId = (value: unknown): string | undefined =>
  isObject(value) && typeof value.id === 'string' ? value.id : undefined;

/**
 * Category combo <-> option combo consistency (E1125/E1130/E1132 on recent DHIS2): a COC takes one
 * option from each category of its combo, a combo has one COC per option combination, never two
 * with the same options; default objects keep DHIS2's standard UIDs (dhis2-api.md trap 4).
 */
export function checkCategoryModel(ctx: PackageCheckContext, sink: FindingSink): void {
  const find = (type: string, id: string): MetadataObject | undefined => {
    const found = ctx.references.find(type, id);
    return found === true ? undefined : found;
  };
  const cocsByCombo = new Map<string, Array<{ coc: MetadataObject; options: string[] }>>();
  for (const [plural, coc, index] of eachObject(ctx.pkg, ['categoryOptionCombos'])) {
    if (isDefaultObject(coc)) continue;
    const scope = ctx.scopeOf(plural, coc, index);
    const comboId = refId(coc.categoryCombo);
    const options = idsOf(coc.categoryOptions);
    if (!comboId) continue;
    const entry = cocsByCombo.get(comboId) ?? [];
    const key = [...options].sort().join(',');
    const twin = entry.find((e) => [...e.options].sort().join(',') === key);
    if (twin) {
      sink.add('category.coc-duplicate', scope, {
        field: '/categoryOptions',
        value: options,
        message: `categoryOptionCombos ${describeObject(coc)} has the same options as ${describeObject(twin.coc)} in combo ${comboId}`,
      });
    }
    entry.push({ coc, options });
    cocsByCombo.set(comboId, entry);
    const combo = find('categoryCombos', comboId);
    if (!combo) continue;
    const categories = idsOf(combo.categories).map((id) => find('categories', id));
    if (categories.some((c) => !c)) continue; // unknown categories: reference findings say so
    const unmatched = new Set(options);
    const missing: string[] = [];
    for (const category of categories) {
      const hit = idsOf(category!.categoryOptions).filter((o) => unmatched.has(o));
      if (hit.length !== 1) missing.push(describeObject(category));
      for (const o of hit.slice(0, 1)) unmatched.delete(o);
    }
    if (missing.length > 0 || unmatched.size > 0) {
      sink.add('category.coc-options', scope, {
        field: '/categoryOptions',
        value: options,
        message: `categoryOptionCombos ${describeObject(coc)} in combo ${describeObject(combo)}: ${
          missing.length ? `needs exactly one option of ${missing.join(', ')}` : ''
        }${missing.length && unmatched.size ? '; ' : ''}${unmatched.size ? `options ${[...unmatched].join(', ')} belong to no category of the combo` : ''}`,
      });
    }
  }
  for (const [plural, combo, index] of eachObject(ctx.pkg, ['categoryCombos'])) {
    const shipped = cocsByCombo.get(String(combo.id));
    if (!shipped || isDefaultObject(combo)) continue;
    const categories = idsOf(combo.categories).map((id) => find('categories', id));
    if (categories.some((c) => !c)) continue;
    const expected = categories.reduce((n, c) => n * idsOf(c!.categoryOptions).length, 1);
    if (expected !== shipped.length) {
      sink.add('category.coc-count', ctx.scopeOf(plural, combo, index), {
        field: '/categories',
        value: shipped.length,
        message: `categoryCombos ${describeObject(combo)} has ${shipped.length} option combos in the package; its categories make ${expected}`,
      });
    }
  }
  checkDefaultModel(ctx, sink);
}

function checkDefaultModel(ctx: PackageCheckContext, sink: FindingSink): void {
  for (const [plural, standard] of Object.entries(DEFAULT_CATEGORY_MODEL)) {
    for (const [, object, index] of eachObject(ctx.pkg, [plural])) {
      if ((object.name === 'default' || object.code === 'default') && object.id !== standard) {
        sink.add('category.default-model', ctx.scopeOf(plural, object, index), {
          field: '/id',
          value: object.id,
          message: `${plural} ${describeObject(object)} is a default object but not DHIS2's standard ${standard}; it will collide with or duplicate the target's default`,
        });
      }
    }
  }
}
