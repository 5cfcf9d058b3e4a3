import type { ValidateFunction } from 'ajv';
import { loadDhis2Rules } from '../dhis2-model/rules.js';
import { describeObject, type FindingSink } from './finding-sink.js';
import { isObject } from './package-scope.js';
import { describeStructureErrors, typeValidator } from './structure-schemas.js';
import type { PackageCheckContext } from './check-context.js';

/**
 * Structure per type and DHIS2 version with the generated ajv schemas. Versions whose schema is the
 * same share one validator run, so a package valid for 2.38-2.42 costs about one pass, not five.
 */
export function checkStructure(ctx: PackageCheckContext, sink: FindingSink): void {
  const uid = new RegExp(loadDhis2Rules().uidPattern);
  for (const [plural, objects] of Object.entries(ctx.pkg.metadata)) {
    const groups = new Map<ValidateFunction, string[]>();
    for (const version of ctx.versions) {
      const validate = typeValidator(plural, version);
      if (validate) groups.set(validate, [...(groups.get(validate) ?? []), version]);
    }
    objects.forEach((object, index) => {
      const scope = ctx.scopeOf(plural, object, index);
      if (!isObject(object)) {
        sink.add('structure.not-an-object', scope, {
          field: '',
          value: object,
          message: `entry ${index} of ${plural} is ${object === null ? 'null' : typeof object}, not an object`,
        });
        return;
      }
      if (groups.size === 0 && typeof object.id === 'string' && !uid.test(object.id)) {
        sink.add('structure.uid-format', scope, {
          field: '/id',
          value: object.id,
          message: `id "${object.id}" is not a valid UID`,
        });
      }
      const seen = new Map<string, { versions: string[]; emit: (versions: string[] | undefined) => void }>();
      for (const [validate, versions] of groups) {
        if (validate(object)) continue;
        for (const problem of describeStructureErrors(validate.errors ?? [], object)) {
          const key = `${problem.rule}${problem.field}`;
          const existing = seen.get(key);
          if (existing) {
            existing.versions.push(...versions);
            continue;
          }
          const value = problem.field ? valueAt(object, problem.field) : undefined;
          const emit = (only: string[] | undefined) => {
            const details = { field: problem.field, value, dhis2Versions: only };
            const what = `${plural} ${describeObject(object)}`;
            switch (problem.rule) {
              case 'structure.required':
                return sink.add(problem.rule, scope, {
                  ...details,
                  value: undefined,
                  message: `${what}: missing required property "${problem.property}"`,
                });
              case 'structure.enum':
                return sink.add(problem.rule, scope, {
                  ...details,
                  message: `${what}: ${problem.field.slice(1)} ${JSON.stringify(value)} is not one of ${problem.allowed.filter((v) => v !== null).join(', ')}`,
                });
              case 'structure.max-length':
                return sink.add(problem.rule, scope, {
                  ...details,
                  message: `${what}: ${problem.field.slice(1)} is ${String(value).length} characters, DHIS2 stores at most ${problem.limit}`,
                });
              case 'structure.uid-format':
                return sink.add(problem.rule, scope, {
                  ...details,
                  message: `${what}: ${problem.field.slice(1)} "${String(value)}" is not a valid UID`,
                });
              default:
                return sink.add(problem.rule, scope, {
                  ...details,
                  message: `${what}: ${problem.field.slice(1)} should be ${article(problem.expected)}, got ${jsonType(value)}`,
                });
            }
          };
          seen.set(key, { versions: [...versions], emit });
        }
      }
      for (const { versions, emit } of seen.values())
        emit(versions.length === ctx.versions.length ? undefined : versions.sort());
    });
  }
}

function valueAt(object: Record<string, unknown>, field: string): unknown {
  return object[field.slice(1).split('/')[0] ?? ''];
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
