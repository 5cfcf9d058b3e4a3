import { factFor, typeRule } from '../dhis2-model/rules.js';
import type { MetadataObject } from '../package/types.js';
import type { PackageCheckContext } from './check-context.js';
import { eachObject } from './check-context.js';
import { describeObject, pointer, type FindingSink } from './finding-sink.js';
import { isDefaultObject } from './package-scope.js';

/**
 * Duplicate ids (E5004) and unique properties (E5003) per type, as DHIS2's importer checks them:
 * the first object wins, null is not a value but "" is, the default category model is exempt, and
 * a property unique only in some versions (dataSet.shortName from 2.40) is reported for those.
 */
export function checkUniqueness(ctx: PackageCheckContext, sink: FindingSink): void {
  const uniqueByType = new Map<string, Array<{ property: string; versions: string[] }>>();
  const seenIds = new Map<string, Map<string, MetadataObject>>();
  const seenValues = new Map<string, Map<string, MetadataObject>>();
  for (const [plural, object, index] of eachObject(ctx.pkg)) {
    if (isDefaultObject(object)) continue;
    const scope = () => ctx.scopeOf(plural, object, index);
    if (typeof object.id === 'string') {
      const ids = seenIds.get(plural) ?? new Map<string, MetadataObject>();
      seenIds.set(plural, ids);
      const first = ids.get(object.id);
      if (first) {
        sink.add('unique.duplicate-id', scope(), {
          field: '/id',
          value: object.id,
          message: `${plural} id ${object.id} is used by ${describeObject(first)} and ${describeObject(object)}; DHIS2 keeps only the first`,
        });
        continue;
      }
      ids.set(object.id, object);
    }
    for (const { property, versions } of uniquePropertiesOf(plural, ctx.versions, uniqueByType)) {
      const value = object[property];
      if (value === null || value === undefined || typeof value === 'object') continue;
      const mapKey = `${plural}.${property}`;
      let values = seenValues.get(mapKey);
      if (!values) seenValues.set(mapKey, (values = new Map<string, MetadataObject>()));
      // DHIS2 compares the stored text, so 1 and "1" collide.
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      const first = values.get(text);
      if (!first) {
        values.set(text, object);
        continue;
      }
      sink.add('unique.property', scope(), {
        field: pointer(property),
        value,
        message: `${plural} ${property} ${JSON.stringify(value)} of ${describeObject(object)} is already used by ${describeObject(first)}`,
        dhis2Versions: versions.length === ctx.versions.length ? undefined : versions,
      });
    }
  }
}

function uniquePropertiesOf(
  plural: string,
  versions: string[],
  cache: Map<string, Array<{ property: string; versions: string[] }>>,
) {
  let list = cache.get(plural);
  if (list) return list;
  list = [];
  const rule = typeRule(plural);
  for (const [property, facts] of Object.entries(rule?.properties ?? {})) {
    if (property === 'id' || facts.transient) continue;
    const uniqueIn = versions.filter((v) => factFor(facts.unique, v) === true);
    if (uniqueIn.length > 0) list.push({ property, versions: uniqueIn });
  }
  cache.set(plural, list);
  return list;
}
