import { formatMessage } from '../metadata/error-messages.js';
import type { Dhis2Version } from '../types.js';
import { minorOf } from '../types.js';

/**
 * The conflicts of POST /api/dataValueSets as 2.38-2.42 build them: DataValueImportConflict
 * (errorCode, property, object types), ImportConflict.createConflict (object, objects, value,
 * errorCode, property, indexes) and the E76xx templates of ErrorCode.java on each branch.
 */

export interface ImportConflict {
  object: string;
  objects: Record<string, string>;
  value: string;
  errorCode: string;
  property: string;
  indexes: number[];
}

const TEMPLATES: Record<string, string> = {
  E7610: 'Data element not found or not accessible: `{0}`',
  E7611: 'Period not valid: `{0}`',
  E7612: 'Organisation unit not found or not accessible: `{0}`',
  E7613: 'Category option combo not found or not accessible for writing data: `{0}`',
  E7615: 'Attribute option combo not found or not accessible for writing data: `{0}`',
  E7618: 'Data value or comment not specified for data element: `{0}`',
  E7619: 'Value must match value type of data element `{0}`: `{1}`',
  E7620: 'Invalid comment: {0}',
  E7621: 'Data value is not a valid option of the data element option set: `{0}`',
};

/** 2.38's E7619 wording ("data element''s" is MessageFormat's escaped apostrophe). */
const E7619_238 = "Value must match data element's `{0}` type constraints: {1}";

/** code -> [property, singular names of the object types; "i18n" = a translated key]. */
const DESCRIPTORS: Record<string, [string, string[]]> = {
  E7610: ['dataElement', ['dataElement']],
  E7611: ['period', ['period']],
  E7612: ['orgUnit', ['organisationUnit']],
  E7613: ['categoryOptionCombo', ['categoryOptionCombo']],
  E7615: ['attributeOptionCombo', ['categoryOptionCombo']],
  E7618: ['value', ['dataElement']],
  E7619: ['value', ['dataElement', 'i18n']],
  E7620: ['comment', ['i18n']],
  E7621: ['value', ['dataElement']],
};

/** i18n_global.properties: the words of ValidationUtils' error keys. */
const I18N: Record<string, string> = {
  value_length_greater_than_max_length: 'Data value is greater than max length',
  value_not_numeric: 'Data value is not numeric',
  value_not_unit_interval: 'Data value is not a unit interval',
  value_not_percentage: 'Data value is not a percentage',
  value_not_integer: 'Data value is not an integer',
  value_not_positive_integer: 'Data value is not a positive integer',
  value_not_negative_integer: 'Data value is not a negative integer',
  value_not_bool: 'Data value is not a boolean',
  value_not_true_only: 'Data value is not true',
  value_not_valid_date: 'Data value is not a valid date',
  value_not_valid_letter: 'Data value is not a valid letter',
  comment_length_greater_than_max_length: 'Comment is greater than max length',
};

export function createConflict(
  version: Dhis2Version,
  index: number,
  code: string,
  args: string[],
): ImportConflict {
  const [property, types] = DESCRIPTORS[code]!;
  const objects: Record<string, string> = {};
  const words = args.map((arg, i) => {
    if (types[i] !== 'i18n') {
      objects[types[i]!] = arg;
      return arg;
    }
    objects[property] ??= arg;
    return I18N[arg] ?? arg; // I18n.getString answers the key itself when it has no text
  });
  const template = code === 'E7619' && minorOf(version) <= 38 ? E7619_238 : TEMPLATES[code]!;
  return {
    object: Object.values(objects)[0] ?? '',
    objects,
    value: formatMessage(template, words),
    errorCode: code,
    property,
    indexes: [index],
  };
}

/** ImportSummary#addConflict: conflicts with the same code and objects share one entry, indexes appended. */
export function addConflict(conflicts: ImportConflict[], conflict: ImportConflict): void {
  const key = (c: ImportConflict) => `${c.errorCode}:${JSON.stringify(c.objects)}`;
  const same = conflicts.find((c) => key(c) === key(conflict));
  if (same) same.indexes.push(...conflict.indexes);
  else conflicts.push(conflict);
}

const NUMERIC = /^(-?0|-?[1-9]\d*)(\.\d+)?$/;
const isNumeric = (v: string) => NUMERIC.test(v) && v.length < 250;
const TRUE_VARIANTS = new Set(['true', 'True', 'TRUE', 't', 'T', '1']);
const FALSE_VARIANTS = new Set(['false', 'False', 'FALSE', 'f', 'F', '0']);

/** ValidationUtils.normalizeBoolean: "1", "T", "True"... stored as true/false. */
export function normalizedValue(value: string, valueType: string): string {
  if (valueType !== 'BOOLEAN' && valueType !== 'TRUE_ONLY') return value;
  if (FALSE_VARIANTS.has(value) && valueType !== 'TRUE_ONLY') return 'false';
  return TRUE_VARIANTS.has(value) ? 'true' : value;
}

function isDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().startsWith(value);
}

/** ValidationUtils.valueIsValid(String, ValueType): the error key, or undefined when valid or blank. */
export function valueTypeError(value: string, valueType: string): string | undefined {
  if (value.trim() === '') return undefined;
  if (value.length > 50000) return 'value_length_greater_than_max_length';
  const failed = (ok: boolean, key: string) => (ok ? undefined : key);
  switch (valueType) {
    case 'LETTER':
      return failed(/^\p{L}$/u.test(value), 'value_not_valid_letter');
    case 'NUMBER':
      return failed(isNumeric(value), 'value_not_numeric');
    case 'UNIT_INTERVAL':
      return failed(isNumeric(value) && Number(value) >= 0 && Number(value) <= 1, 'value_not_unit_interval');
    case 'PERCENTAGE':
      return failed(isNumeric(value) && Number(value) >= 0 && Number(value) <= 100, 'value_not_percentage');
    case 'INTEGER':
      return failed(/^(0|-?[1-9]\d*)$/.test(value), 'value_not_integer');
    case 'INTEGER_POSITIVE':
      return failed(/^[1-9]\d*$/.test(value), 'value_not_positive_integer');
    case 'INTEGER_NEGATIVE':
      return failed(/^-[1-9]\d*$/.test(value), 'value_not_negative_integer');
    case 'INTEGER_ZERO_OR_POSITIVE':
      return failed(/^(0|[1-9]\d*)$/.test(value), 'value_not_zero_or_positive_integer');
    case 'BOOLEAN':
      return failed(['true', 'false'].includes(value.toLowerCase()), 'value_not_bool');
    case 'TRUE_ONLY':
      return failed(value.toLowerCase() === 'true', 'value_not_true_only');
    case 'DATE':
      return failed(isDate(value), 'value_not_valid_date');
    case 'AGE':
      return failed(isDate(value), 'value_not_valid_age');
    default:
      return undefined;
  }
}
