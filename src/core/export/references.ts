import { loadDhis2Rules, type PropertyRule, type Versioned } from '../dhis2-model/rules.js';
import { isPlainObject, pointerSegment, resolveFact } from '../diff/semantics.js';
import { expressionReferences, referenceTargets } from '../expression/index.js';
import type { MetadataObject } from '../package/types.js';

/** One reference from an exported object to another object, with where it was found. */
export interface ObjectReference {
  type: string;
  id: string;
  /** JSON pointer inside the referencing object ("/numerator" for expression references). */
  pointer: string;
}

/**
 * Names of `{id}` references inside embedded values (data set elements, dashboard items, data
 * dimension items, category dimensions...), which /api/schemas describes only as "complex".
 */
const EMBEDDED_REFERENCE_TARGETS: Readonly<Record<string, string>> = {
  attribute: 'attributes',
  category: 'categories',
  categoryCombo: 'categoryCombos',
  categoryOptionCombo: 'categoryOptionCombos',
  categoryOptions: 'categoryOptions',
  categoryOptionGroupSet: 'categoryOptionGroupSets',
  categoryOptionGroups: 'categoryOptionGroups',
  dataElement: 'dataElements',
  dataElementGroupSet: 'dataElementGroupSets',
  dataElementGroups: 'dataElementGroups',
  dataSet: 'dataSets',
  eventChart: 'eventCharts',
  eventReport: 'eventReports',
  eventVisualization: 'eventVisualizations',
  expressionDimensionItem: 'expressionDimensionItems',
  indicator: 'indicators',
  legendSet: 'legendSets',
  map: 'maps',
  optionSet: 'optionSets',
  organisationUnitGroupSet: 'organisationUnitGroupSets',
  organisationUnitGroups: 'organisationUnitGroups',
  programIndicator: 'programIndicators',
  reports: 'reports',
  resources: 'documents',
  visualization: 'visualizations',
};

/** Properties that point at people or at the hierarchy: never followed inside embedded values. */
const NOT_FOLLOWED = new Set([
  'user',
  'users',
  'createdBy',
  'lastUpdatedBy',
  'access',
  'translations',
  'sharing',
  'organisationUnits',
]);

/**
 * Collections DHIS2 does not mark as owned but which belong with their owner in a package:
 * a combo's option combos (expressions name them by uid).
 */
const ALSO_FOLLOWED: Readonly<Record<string, ReadonlySet<string>>> = {
  categoryCombos: new Set(['categoryOptionCombos']),
};

/** Expression fields per type; all hold DHIS2 aggregate expressions (§2: not validated on import). */
const EXPRESSION_FIELDS: Readonly<Record<string, ReadonlyArray<readonly string[]>>> = {
  indicators: [['numerator'], ['denominator']],
  validationRules: [
    ['leftSide', 'expression'],
    ['rightSide', 'expression'],
  ],
  predictors: [
    ['generator', 'expression'],
    ['sampleSkipTest', 'expression'],
  ],
  expressionDimensionItems: [['expression']],
};

function idOf(value: unknown): string | undefined {
  return isPlainObject(value) && typeof value.id === 'string' ? value.id : undefined;
}

function pushReferences(value: unknown, type: string, pointer: string, out: ObjectReference[]): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      const id = idOf(item);
      if (id) out.push({ type, id, pointer: `${pointer}/${index}` });
    });
    return;
  }
  const id = idOf(value);
  if (id) out.push({ type, id, pointer });
}

function scanEmbedded(value: unknown, pointer: string, out: ObjectReference[]): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => scanEmbedded(item, `${pointer}/${index}`, out));
    return;
  }
  if (!isPlainObject(value)) return;
  for (const [key, child] of Object.entries(value)) {
    if (NOT_FOLLOWED.has(key)) continue;
    const target = EMBEDDED_REFERENCE_TARGETS[key];
    const at = `${pointer}/${pointerSegment(key)}`;
    if (target && (idOf(child) || Array.isArray(child))) pushReferences(child, target, at, out);
    else scanEmbedded(child, at, out);
  }
}

function shouldFollow(
  type: string,
  name: string,
  property: PropertyRule,
  version: string | undefined,
): boolean {
  if (ALSO_FOLLOWED[type]?.has(name)) return true;
  if (resolveFact(property.transient as Versioned<boolean> | undefined, version) === true) return false;
  return resolveFact(property.owner as Versioned<boolean> | undefined, version) === true;
}

/**
 * Every object an object references, found through DHIS2's own schema facts (owned reference
 * properties), embedded values, attribute values, sharing user groups and expressions. References
 * to people and to org units are reported by the caller's stop rules, not here — except org units,
 * which are listed so that their assignments can be turned into parameters.
 */
export function collectReferences(
  type: string,
  object: MetadataObject,
  version?: string,
): { references: ObjectReference[]; expressionErrors: string[] } {
  const out: ObjectReference[] = [];
  const expressionErrors: string[] = [];
  const rule = loadDhis2Rules().types[type];
  for (const [name, value] of Object.entries(object)) {
    if (value === null || value === undefined || name === 'translations') continue;
    const pointer = `/${pointerSegment(name)}`;
    if (name === 'sharing') {
      const groups =
        isPlainObject(value) && isPlainObject(value.userGroups) ? Object.keys(value.userGroups) : [];
      for (const id of groups)
        out.push({ type: 'userGroups', id, pointer: `/sharing/userGroups/${pointerSegment(id)}` });
      continue;
    }
    if (name === 'attributeValues') {
      scanEmbedded(value, pointer, out);
      continue;
    }
    const property = rule?.properties[name];
    if (!property) continue;
    if (!shouldFollow(type, name, property, version)) continue;
    const target = resolveFact(property.target as Versioned<string> | undefined, version);
    const embedded = resolveFact(property.embedded as Versioned<boolean> | undefined, version) === true;
    if (target && embedded && loadDhis2Rules().types[target] && Array.isArray(value)) {
      // Embedded objects of a type of their own (a map's mapViews): scanned with that type's facts.
      value.forEach((item, index) => {
        if (!isPlainObject(item)) return;
        const nested = collectReferences(target, item, version);
        for (const ref of nested.references)
          out.push({ ...ref, pointer: `${pointer}/${index}${ref.pointer}` });
        expressionErrors.push(...nested.expressionErrors);
      });
    } else if (target) {
      pushReferences(value, target, pointer, out);
    } else {
      scanEmbedded(value, pointer, out);
    }
  }
  for (const path of EXPRESSION_FIELDS[type] ?? []) {
    let value: unknown = object;
    for (const key of path) value = isPlainObject(value) ? value[key] : undefined;
    if (typeof value !== 'string' || value.trim() === '') continue;
    const pointer = `/${path.map(pointerSegment).join('/')}`;
    try {
      for (const ref of expressionReferences(value)) {
        for (const target of referenceTargets(ref)) out.push({ type: target.type, id: target.id, pointer });
      }
    } catch (error) {
      expressionErrors.push(
        `${type} ${object.id ?? object.code ?? '?'}: ${pointer}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  return { references: out, expressionErrors };
}
