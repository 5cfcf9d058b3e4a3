import { factFor, typeRule } from '../dhis2-model/rules.js';
import type { MetadataObject } from '../package/types.js';
import type { PackageCheck, PackageCheckContext } from './check-context.js';
import { describeObject, pointer, type FindingSink } from './finding-sink.js';
import { isDefaultObject, type TypeIndex } from './package-scope.js';

interface UniqueProperty {
  property: string;
  versions: string[];
  /** Stored text -> the first object holding it. */
  firstByValue: Map<string, MetadataObject>;
}

/**
 * Duplicate ids (E5004) and unique properties (E5003) per type, as DHIS2's importer checks them:
 * the first object wins, null is not a value but "" is, the default category model is exempt, and
 * a property unique only in some versions (dataSet.shortName from 2.40) is reported for those.
 */
export function createUniquenessCheck(ctx: PackageCheckContext, sink: FindingSink): PackageCheck {
  // Types are visited one after the other, so the maps of the current type are all that is needed.
  let ids: TypeIndex | undefined;
  let unique: UniqueProperty[] = [];
  return {
    enterType(plural) {
      ids = ctx.index.types.get(plural);
      unique = uniquePropertiesOf(plural, ctx.versions);
    },
    visit(site) {
      const { plural, object } = site;
      if (isDefaultObject(object)) return;
      // The package index already knows each id's first object: default objects, skipped here, have ids no other object has.
      if (ids?.laterIdHolders.size && typeof object.id === 'string' && ids.laterIdHolders.has(site.index)) {
        const first = ids.ids.get(object.id);
        sink.add('unique.duplicate-id', site.scope, {
          field: '/id',
          value: object.id,
          message: `${plural} id ${object.id} is used by ${describeObject(first)} and ${describeObject(object)}; DHIS2 keeps only the first`,
        });
        return;
      }
      for (const { property, versions, firstByValue } of unique) {
        const value = object[property];
        if (value === null || value === undefined || typeof value === 'object') continue;
        // DHIS2 compares the stored text, so 1 and "1" collide.
        const text = typeof value === 'string' ? value : JSON.stringify(value);
        const first = firstByValue.get(text);
        if (!first) {
          firstByValue.set(text, object);
          continue;
        }
        sink.add('unique.property', site.scope, {
          field: pointer(property),
          value,
          message: `${plural} ${property} ${JSON.stringify(value)} of ${describeObject(object)} is already used by ${describeObject(first)}`,
          dhis2Versions: versions.length === ctx.versions.length ? undefined : versions,
        });
      }
    },
  };
}

function uniquePropertiesOf(plural: string, versions: string[]): UniqueProperty[] {
  const list: UniqueProperty[] = [];
  for (const [property, facts] of Object.entries(typeRule(plural)?.properties ?? {})) {
    if (property === 'id' || facts.transient) continue;
    const uniqueIn = versions.filter((v) => factFor(facts.unique, v) === true);
    if (uniqueIn.length > 0) list.push({ property, versions: uniqueIn, firstByValue: new Map() });
  }
  return list;
}
