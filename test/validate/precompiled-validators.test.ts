import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { loadDhis2Rules } from '../../src/core/dhis2-model/rules.js';
import { SCHEMAS_DIR } from '../../src/core/project-paths.js';
import {
  PRECOMPILED_DIR,
  schemaDigest,
  schemaValidator,
  sharedAjv,
  validatorFor,
} from '../../src/core/schema/ajv.js';
import { typeSchemaOf, typeValidator } from '../../src/core/validate/structure-schemas.js';
import { de } from './build-package.js';

// `npm run build` (which `npm test` runs first) writes dist/validators with scripts/build-validators.js.
const require = createRequire(import.meta.url);
const load = (text: string) =>
  require(join(PRECOMPILED_DIR, `${schemaDigest(text)}.cjs`)) as ValidateFunction;

/** Objects that pass and objects that break every keyword the type schemas use. */
const SAMPLES: Record<string, unknown[]> = {
  dataElements: [
    de('aaaaaaaaaa1', {}),
    de('aaaaaaaaaa2', { valueType: undefined, aggregationType: 'TOTAL' }),
    de('aaaaaaaaaa3', { shortName: 'x'.repeat(51), name: null }),
    de('1bad', { zeroIsSignificant: 'false', categoryCombo: 'bjDvmb4bfuf' }),
    { id: 'aaaaaaaaaa5', name: 'é'.repeat(231), domainType: 'AGGREGATE', legendSets: {} },
  ],
  dataSets: [
    { id: 'bbbbbbbbbb1', name: 'Census', shortName: 'Census', periodType: 'Yearly' },
    { id: 'bbbbbbbbbb2', name: 'Census', periodType: 'Fortnightly', categoryCombo: 7 },
    {},
  ],
  indicators: [{ id: 'ccccccccccc', name: 'GER', numerator: 1, indicatorType: [], annualized: 'yes' }],
};

describe('validators generated at build time', () => {
  it('exist for every type schema of every DHIS2 version and for the schemas the CLI reads', () => {
    expect(existsSync(PRECOMPILED_DIR)).toBe(true);
    const rules = loadDhis2Rules();
    const missing: string[] = [];
    for (const plural of Object.keys(rules.types))
      for (const version of rules.versions) {
        const typeSchema = typeSchemaOf(plural, version)!;
        if (!existsSync(join(PRECOMPILED_DIR, `${schemaDigest(typeSchema.text)}.cjs`)))
          missing.push(`${plural}@${version}`);
      }
    expect(missing).toEqual([]);
    expect(readdirSync(PRECOMPILED_DIR).length).toBeGreaterThan(10);
  });

  it('are what validate uses, and give exactly the errors of a validator compiled at run time', () => {
    for (const [plural, objects] of Object.entries(SAMPLES))
      for (const version of loadDhis2Rules().versions) {
        const typeSchema = typeSchemaOf(plural, version)!;
        const generated = load(typeSchema.text);
        expect(typeValidator(plural, version)).toBe(generated);
        const compiled = sharedAjv().compile(typeSchema.schema);
        for (const object of objects) {
          expect(generated(object)).toBe(compiled(object));
          expect(generated.errors).toEqual(compiled.errors);
        }
      }
  });

  it('serve the manifest schema, and a schema edited after the build is compiled instead', () => {
    const manifest = schemaValidator('package.schema.json');
    expect(manifest).toBe(load(readFileSync(join(SCHEMAS_DIR, 'package.schema.json'), 'utf8')));
    expect(manifest({ name: 'x' })).toBe(false);
    expect(manifest.errors?.length).toBeGreaterThan(0);
    const edited = { ...typeSchemaOf('dataElements', '2.41')!.schema, description: 'not built' };
    expect(existsSync(join(PRECOMPILED_DIR, `${schemaDigest(JSON.stringify(edited))}.cjs`))).toBe(false);
    const validate = validatorFor(edited);
    expect(validate(de('aaaaaaaaaa1', {}))).toBe(true);
    expect(validate(de('aaaaaaaaaa2', { valueType: 'BOGUS' }))).toBe(false);
  });
});
