#!/usr/bin/env node
// Part of `npm run build` (after tsc): writes ajv standalone validators to dist/validators/, one
// CommonJS file per distinct schema, named by the digest of the schema's text. At run time
// src/core/schema/ajv.ts loads the file for exactly that text and never compiles (ajv code
// generation cost ~0.2 s per `edupkg validate`); a schema with no file is compiled as before.
// Covered: every DHIS2 type x version structure schema, and the schemas/*.json the CLI reads.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const { Ajv } = require('ajv');
const addFormats = require('ajv-formats');
const standaloneCode = require('ajv/dist/standalone').default;
const { _ } = require('ajv/dist/compile/codegen');

const dist = new URL('../dist/', import.meta.url);
const { AJV_OPTIONS, PRECOMPILED_DIR, schemaDigest } = await import(new URL('core/schema/ajv.js', dist).href);
const { SCHEMAS_DIR } = await import(new URL('core/project-paths.js', dist).href);
const { loadDhis2Rules } = await import(new URL('core/dhis2-model/rules.js', dist).href);
const { typeSchemaOf } = await import(new URL('core/validate/structure-schemas.js', dist).href);

/** text -> schema: identical schemas (most types are the same in several versions) are built once. */
const schemas = new Map();
const rules = loadDhis2Rules();
for (const plural of Object.keys(rules.types))
  for (const version of rules.versions) {
    const typeSchema = typeSchemaOf(plural, version);
    if (typeSchema) schemas.set(typeSchema.text, typeSchema.schema);
  }
for (const file of readdirSync(SCHEMAS_DIR).filter((f) => f.endsWith('.schema.json'))) {
  const text = readFileSync(join(SCHEMAS_DIR, file), 'utf8');
  schemas.set(text, JSON.parse(text));
}

rmSync(PRECOMPILED_DIR, { recursive: true, force: true });
mkdirSync(PRECOMPILED_DIR, { recursive: true });
let bytes = 0;
for (const [text, schema] of schemas) {
  // A fresh instance per schema: schemas with the same $id cannot share one.
  const ajv = new Ajv({
    ...AJV_OPTIONS,
    code: { source: true, formats: _`require("ajv-formats/dist/formats").fullFormats` },
  });
  addFormats(ajv);
  const code = standaloneCode(ajv, ajv.compile(schema));
  writeFileSync(join(PRECOMPILED_DIR, `${schemaDigest(text)}.cjs`), code);
  bytes += code.length;
}
process.stdout.write(
  `build-validators: ${schemas.size} validators, ${Math.round(bytes / 1024)} KB -> ${PRECOMPILED_DIR}\n`,
);
