import { DEFAULT_CATEGORY_MODEL } from '../dhis2-model/rules.js';
import type { MetadataObject } from '../package/types.js';
import { eachObject, type PackageCheck, type PackageCheckContext } from './check-context.js';
import { describeObject, type FindingSink } from './finding-sink.js';
import { isDefaultObject, isObject } from './package-scope.js';

const idsOf = (list: unknown): string[] =>
  Array.isArray(list) ? list.flatMap((e) => (isObject(e) && typeof e.id === 'string' ? [e.id] : [])) : [];
const refId = (value: unknown): string | undefined =>
  isObject(value) && typeof value.id === 'string' ? value.id : undefined;

/** A combo's categories with their option ids, resolved once per combo rather than once per option combo. */
interface ComboShape {
  combo: MetadataObject;
  /** undefined when a category cannot be found (reference findings say so). */
  categories: Array<{ category: MetadataObject; options: string[] }> | undefined;
}

/**
 * Category combo <-> option combo consistency (E1125/E1130/E1132 on recent DHIS2): a COC takes one
 * option from each category of its combo, a combo has one COC per option combination, never two
 * with the same options; default objects keep DHIS2's standard UIDs (dhis2-api.md trap 4).
 */
export function createCategoryModelCheck(ctx: PackageCheckContext, sink: FindingSink): PackageCheck {
  return { finish: () => checkCategoryModel(ctx, sink) };
}

function checkCategoryModel(ctx: PackageCheckContext, sink: FindingSink): void {
  const find = (type: string, id: string): MetadataObject | undefined => {
    const found = ctx.references.find(type, id);
    return found === true ? undefined : found;
  };
  const shapes = new Map<string, ComboShape | undefined>();
  const shapeOf = (comboId: string): ComboShape | undefined => {
    if (shapes.has(comboId)) return shapes.get(comboId);
    const combo = find('categoryCombos', comboId);
    let shape: ComboShape | undefined;
    if (combo) {
      const categories = idsOf(combo.categories).map((id) => find('categories', id));
      shape = {
        combo,
        categories: categories.every((c) => c)
          ? categories.map((c) => ({ category: c!, options: idsOf(c!.categoryOptions) }))
          : undefined,
      };
    }
    shapes.set(comboId, shape);
    return shape;
  };
  const cocsByCombo = new Map<string, number>();
  // combo id -> sorted option ids -> the first option combo with them, so twins are found without a scan.
  const firstByOptions = new Map<string, Map<string, MetadataObject>>();
  for (const [plural, coc, index] of eachObject(ctx.pkg, ['categoryOptionCombos'])) {
    if (isDefaultObject(coc)) continue;
    const comboId = refId(coc.categoryCombo);
    const options = idsOf(coc.categoryOptions);
    if (!comboId) continue;
    const scope = ctx.scopeOf(plural, coc, index);
    let byOptions = firstByOptions.get(comboId);
    if (!byOptions) firstByOptions.set(comboId, (byOptions = new Map<string, MetadataObject>()));
    const key = [...options].sort().join(',');
    const twin = byOptions.get(key);
    if (twin) {
      sink.add('category.coc-duplicate', scope, {
        field: '/categoryOptions',
        value: options,
        message: `categoryOptionCombos ${describeObject(coc)} has the same options as ${describeObject(twin)} in combo ${comboId}`,
      });
    } else byOptions.set(key, coc);
    cocsByCombo.set(comboId, (cocsByCombo.get(comboId) ?? 0) + 1);
    const shape = shapeOf(comboId);
    if (!shape?.categories) continue;
    const unmatched = new Set(options);
    const missing: string[] = [];
    for (const { category, options: categoryOptions } of shape.categories) {
      let hits = 0;
      let firstHit: string | undefined;
      for (const o of categoryOptions) {
        if (!unmatched.has(o)) continue;
        hits++;
        firstHit ??= o;
      }
      if (hits !== 1) missing.push(describeObject(category));
      if (firstHit !== undefined) unmatched.delete(firstHit);
    }
    if (missing.length > 0 || unmatched.size > 0) {
      sink.add('category.coc-options', scope, {
        field: '/categoryOptions',
        value: options,
        message: `categoryOptionCombos ${describeObject(coc)} in combo ${describeObject(shape.combo)}: ${
          missing.length ? `needs exactly one option of ${missing.join(', ')}` : ''
        }${missing.length && unmatched.size ? '; ' : ''}${unmatched.size ? `options ${[...unmatched].join(', ')} belong to no category of the combo` : ''}`,
      });
    }
  }
  for (const [plural, combo, index] of eachObject(ctx.pkg, ['categoryCombos'])) {
    const shipped = cocsByCombo.get(String(combo.id));
    if (shipped === undefined || isDefaultObject(combo)) continue;
    const categories = idsOf(combo.categories).map((id) => find('categories', id));
    if (categories.some((c) => !c)) continue;
    const expected = categories.reduce((n, c) => n * idsOf(c!.categoryOptions).length, 1);
    if (expected !== shipped) {
      sink.add('category.coc-count', ctx.scopeOf(plural, combo, index), {
        field: '/categories',
        value: shipped,
        message: `categoryCombos ${describeObject(combo)} has ${shipped} option combos in the package; its categories make ${expected}`,
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
