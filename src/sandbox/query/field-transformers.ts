import type { JsonObject } from '../types.js';
import type { FieldTransformer } from './field-parser.js';
import { textOf } from '../json-text.js';

/**
 * Field transformers applied to a rendered field, as dhis2-core `fieldfiltering/transformers/*`:
 * size (array length, string length, numbers unchanged), isEmpty/isNotEmpty (arrays only),
 * pluck(field) (array of objects -> array of that field, default `id`), keyBy(field) (array ->
 * object keyed by the field), rename(name) (always last: RenameFieldTransformer#getOrder is 10).
 * Unknown names are ignored, as FieldFilterService#getTransformers does.
 */
export function applyTransformers(out: JsonObject, name: string, transformers: FieldTransformer[]): void {
  const ordered = [...transformers].sort(
    (a, b) => Number(a.name.toLowerCase() === 'rename') - Number(b.name.toLowerCase() === 'rename'),
  );
  let key = name;
  for (const { name: transformer, args } of ordered) {
    const value = out[key];
    if (value === undefined) return;
    switch (transformer.toLowerCase()) {
      case 'size':
        if (Array.isArray(value)) out[key] = value.length;
        else if (typeof value === 'string') out[key] = value.length;
        break;
      case 'isempty':
        if (Array.isArray(value)) out[key] = value.length === 0;
        break;
      case 'isnotempty':
        if (Array.isArray(value)) out[key] = value.length > 0;
        break;
      case 'pluck': {
        const field = args[0] ?? 'id';
        if (Array.isArray(value))
          out[key] = value.map((item: unknown) => (isObject(item) && field in item ? item[field] : item));
        break;
      }
      case 'keyby': {
        const field = args[0] ?? 'id';
        if (Array.isArray(value)) {
          const keyed: JsonObject = {};
          for (const item of value as unknown[])
            if (isObject(item) && item[field] !== undefined) keyed[textOf(item[field])] = item;
          out[key] = keyed;
        }
        break;
      }
      case 'rename':
        if (args[0] === undefined) break;
        delete out[key];
        out[args[0]] = value;
        key = args[0];
        break;
      default:
        break;
    }
  }
}

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
