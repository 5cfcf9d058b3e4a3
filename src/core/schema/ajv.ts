import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { SCHEMAS_DIR } from '../project-paths.js';

// ajv-formats ships CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

let shared: Ajv | undefined;
const compiled = new Map<string, ValidateFunction>();

/** One Ajv instance for the process; schemas compile once and are cached by file name. */
export function sharedAjv(): Ajv {
  if (!shared) {
    shared = new Ajv({ allErrors: true, strict: false });
    addFormats(shared);
  }
  return shared;
}

/** Compiles (once) a schema from schemas/, e.g. "package.schema.json" or "output/validate.json". */
export function schemaValidator(relativePath: string): ValidateFunction {
  let validate = compiled.get(relativePath);
  if (!validate) {
    const schema = JSON.parse(readFileSync(join(SCHEMAS_DIR, relativePath), 'utf8')) as object;
    validate = sharedAjv().compile(schema);
    compiled.set(relativePath, validate);
  }
  return validate;
}

/** "/dependencies/edu-core: must be string" */
export function describeAjvError(error: ErrorObject): string {
  const path = error.instancePath || '/';
  if (error.keyword === 'additionalProperties') {
    return `${path}: unknown property "${String(error.params.additionalProperty)}"`;
  }
  if (error.keyword === 'required')
    return `${path}: missing required property "${String(error.params.missingProperty)}"`;
  if (error.keyword === 'enum')
    return `${path}: must be one of ${JSON.stringify(error.params.allowedValues)}`;
  return `${path}: ${error.message ?? 'is invalid'}`;
}
