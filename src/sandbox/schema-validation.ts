import { errorReport, type ErrorReport } from './metadata/report.js';
import type { Dhis2Version, JsonObject } from './types.js';

/**
 * DHIS2's DefaultSchemaValidator (dhis-service-schema .../schema/validation/DefaultSchemaValidator.java)
 * applied to a JSON object with the served schema: persisted properties only; E4000 for a missing
 * required value, E4001 column length, E4002 string min/max, E4003 email, E4004 URL, E4006 colour,
 * E4007 collection size, E4008 numeric range. What Jackson would give a value that JSON leaves out
 * is approximated: booleans are Java primitives (never null), and the category-model defaults
 * (Preheat.isDefaultClass) and the timestamps the importer sets are never "missing".
 */
const DEFAULT_CLASSES = new Set(
  ['CategoryCombo', 'Category', 'CategoryOption', 'CategoryOptionCombo'].map(
    (c) => `org.hisp.dhis.category.${c}`,
  ),
);
const SET_BY_SERVER = new Set(['id', 'created', 'lastUpdated']);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const HEX_COLOR = /^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;

type Property = JsonObject & { name: string; klass: string; propertyType: string };

function check(property: Property, value: unknown): [string, unknown[]] | undefined {
  const { name, propertyType } = property;
  const min = typeof property.min === 'number' ? property.min : undefined;
  const max = typeof property.max === 'number' ? property.max : undefined;
  const outside = (n: number) => (min !== undefined && n < min) || (max !== undefined && n > max);
  if (value === undefined || value === null) {
    const missing =
      property.required === true &&
      propertyType !== 'BOOLEAN' &&
      !DEFAULT_CLASSES.has(property.klass) &&
      !SET_BY_SERVER.has(name);
    return missing ? ['E4000', [name]] : undefined;
  }
  if (typeof value === 'string' && value !== '' && propertyType !== 'PASSWORD') {
    const length = typeof property.length === 'number' ? property.length : undefined;
    if (length !== undefined && value.length > length) return ['E4001', [name, length, value.length]];
    if (outside(value.length)) return ['E4002', [name, min, max, value.length]];
    if (propertyType === 'EMAIL' && !EMAIL.test(value)) return ['E4003', [name, value]];
    if (propertyType === 'URL' && !/^https?:\/\//.test(value)) return ['E4004', [name, value]];
    if (propertyType === 'COLOR' && !HEX_COLOR.test(value)) return ['E4006', [name, value]];
  }
  if (Array.isArray(value) && outside(value.length)) return ['E4007', [name, min, max, value.length]];
  if (typeof value === 'number' && outside(value)) return ['E4008', [name, min, max, value]];
  return undefined;
}

/** The ErrorReports POST /api/schemas/{type} answers for `object`. */
export function validateAgainstSchema(
  schema: JsonObject,
  object: JsonObject,
  version: Dhis2Version,
): ErrorReport[] {
  const reports: ErrorReport[] = [];
  for (const property of schema.properties as Property[]) {
    if (property.persisted !== true) continue;
    // Collections are read under their JSON name (collectionName: "dataSetElements", "favorites").
    const jsonName = typeof property.collectionName === 'string' ? property.collectionName : property.name;
    const problem = check(property, object[jsonName]);
    if (!problem) continue;
    const [code, args] = problem;
    reports.push(
      errorReport(version, code, args, {
        mainKlass: String(schema.klass),
        errorKlass: property.klass,
        errorProperty: property.name,
      }),
    );
  }
  return reports;
}
