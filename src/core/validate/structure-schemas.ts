import type { ErrorObject, ValidateFunction } from 'ajv';
import { factFor, loadDhis2Rules, type PropertyRule, type TypeRule } from '../dhis2-model/rules.js';
import { validatorFor } from '../schema/ajv.js';

/**
 * DHIS2's period types by version: DHIS2 keeps them as free text in /api/schemas (periodType is a
 * text column), so the enum is ours. QuarterlyNov arrived with 2.41.
 */
const PERIOD_TYPES = [
  'Daily',
  'Weekly',
  'WeeklyWednesday',
  'WeeklyThursday',
  'WeeklySaturday',
  'WeeklySunday',
  'BiWeekly',
  'Monthly',
  'BiMonthly',
  'Quarterly',
  'SixMonthly',
  'SixMonthlyApril',
  'SixMonthlyNov',
  'Yearly',
  'FinancialApril',
  'FinancialJuly',
  'FinancialOct',
  'FinancialNov',
];
const PERIOD_TYPES_FROM_241 = ['QuarterlyNov', 'FinancialSep'];

export function periodTypesFor(version: string): string[] {
  return Number(version.split('.')[1]) >= 41 ? [...PERIOD_TYPES, ...PERIOD_TYPES_FROM_241] : PERIOD_TYPES;
}

const STRING_KINDS = new Set([
  'text',
  'identifier',
  'url',
  'email',
  'phonenumber',
  'color',
  'password',
  'date',
  'constant',
]);
const JSON_TYPE_OF_KIND: Record<string, string> = {
  boolean: 'boolean',
  integer: 'integer',
  number: 'number',
  reference: 'object',
  collection: 'array',
};

/** The JSON Schema of one type for one DHIS2 version, generated from the derived rules. */
export function buildTypeSchema(plural: string, rule: TypeRule, version: string): Record<string, unknown> {
  const rules = loadDhis2Rules();
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  for (const [name, property] of Object.entries(rule.properties)) {
    if (property.versions && !property.versions.includes(version)) continue;
    const kind = factFor(property.kind, version);
    if (!kind || property.transient || property.readOnly) continue;
    const isRequired = factFor(property.required, version) === true;
    const schema = propertySchema(plural, name, property, kind, version, rules.uidPattern);
    if (!schema) continue;
    if (isRequired) required.push(name);
    else {
      // DHIS2 reads null as "not given" for optional properties.
      schema.type = [schema.type as string, 'null'];
      if (Array.isArray(schema.enum)) schema.enum = [...(schema.enum as string[]), null];
    }
    properties[name] = schema;
  }
  return { type: 'object', properties, required };
}

function propertySchema(
  plural: string,
  name: string,
  property: PropertyRule,
  kind: string,
  version: string,
  uidPattern: string,
): Record<string, unknown> | undefined {
  if (name === 'id') return { type: 'string', pattern: uidPattern };
  if (STRING_KINDS.has(kind)) {
    const schema: Record<string, unknown> = { type: 'string' };
    const maxLength = factFor(property.maxLength, version);
    if (maxLength !== undefined && kind !== 'constant') schema.maxLength = maxLength;
    const values = factFor(property.values, version);
    if (kind === 'constant' && values) schema.enum = values;
    if (name === 'periodType') schema.enum = periodTypesFor(version);
    return schema;
  }
  // A reference is {id} (or {code} with identifier=CODE): an id of another JSON type is malformed.
  if (kind === 'reference')
    return { type: 'object', properties: { id: { type: 'string' }, code: { type: 'string' } } };
  const type = JSON_TYPE_OF_KIND[kind];
  return type ? { type } : undefined;
}

const compiledBySchema = new Map<string, ValidateFunction>();
const validatorCache = new Map<string, ValidateFunction | null>();

/** The generated schema of a type for a version and its JSON text (the key of its validator). */
export function typeSchemaOf(plural: string, version: string): { schema: object; text: string } | undefined {
  const rule = loadDhis2Rules().types[plural];
  if (!rule) return undefined;
  const schema = buildTypeSchema(plural, rule, version);
  return { schema, text: JSON.stringify(schema) };
}

/**
 * The validator of a type for a version: generated at build time (scripts/build-validators.js) or
 * compiled once; versions with identical schemas share one.
 */
export function typeValidator(plural: string, version: string): ValidateFunction | undefined {
  const key = `${plural}@${version}`;
  const cached = validatorCache.get(key);
  if (cached !== undefined) return cached ?? undefined;
  const typeSchema = typeSchemaOf(plural, version);
  if (!typeSchema) {
    validatorCache.set(key, null);
    return undefined;
  }
  let validate = compiledBySchema.get(typeSchema.text);
  if (!validate) {
    validate = validatorFor(typeSchema.schema, typeSchema.text);
    compiledBySchema.set(typeSchema.text, validate);
  }
  validatorCache.set(key, validate);
  return validate;
}

export type StructureProblem =
  | { rule: 'structure.required'; field: string; property: string }
  | { rule: 'structure.enum'; field: string; allowed: string[] }
  | { rule: 'structure.max-length'; field: string; limit: number }
  | { rule: 'structure.uid-format'; field: string }
  | { rule: 'structure.type' | 'structure.scalar-type'; field: string; expected: string };

/** Turns ajv's errors into our problems; null on a required property reads as "missing". */
export function describeStructureErrors(
  errors: ErrorObject[],
  object: Record<string, unknown>,
): StructureProblem[] {
  const problems: StructureProblem[] = [];
  for (const error of errors) {
    const field = error.instancePath;
    switch (error.keyword) {
      case 'required': {
        const property = String(error.params.missingProperty);
        problems.push({ rule: 'structure.required', field: `/${property}`, property });
        break;
      }
      case 'type': {
        const property = field.slice(1);
        const actual = object[property];
        const expected = String(error.params.type).split(',')[0]!; // optional properties allow "type,null"
        if (actual === null) problems.push({ rule: 'structure.required', field, property });
        else if (isScalar(actual) && ['string', 'boolean', 'integer', 'number'].includes(expected))
          problems.push({ rule: 'structure.scalar-type', field, expected });
        else problems.push({ rule: 'structure.type', field, expected });
        break;
      }
      case 'enum':
        problems.push({ rule: 'structure.enum', field, allowed: error.params.allowedValues as string[] });
        break;
      case 'maxLength':
        problems.push({ rule: 'structure.max-length', field, limit: Number(error.params.limit) });
        break;
      case 'pattern':
        problems.push({ rule: 'structure.uid-format', field });
        break;
      default:
        break;
    }
  }
  return problems;
}

function isScalar(value: unknown): boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}
