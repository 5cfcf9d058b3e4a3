import type { ValidateFunction } from 'ajv';
import { loadDhis2Rules } from '../dhis2-model/rules.js';
import type { FindingSink } from './finding-sink.js';
import { isObject } from './package-scope.js';
import { describeStructureErrors, typeValidator, type StructureProblem } from './structure-schemas.js';
import type { ObjectSite, PackageCheck, PackageCheckContext } from './check-context.js';

/**
 * Structure per type and DHIS2 version with the generated ajv schemas. Versions whose schema is the
 * same share one validator run, so a package valid for 2.38-2.42 costs about one pass, not five.
 */
export function createStructureCheck(ctx: PackageCheckContext, sink: FindingSink): PackageCheck {
  const uid = new RegExp(loadDhis2Rules().uidPattern);
  let groups = new Map<ValidateFunction, string[]>();
  return {
    enterType(plural, entries) {
      groups = new Map();
      for (const version of ctx.versions) {
        const validate = typeValidator(plural, version);
        if (validate) groups.set(validate, [...(groups.get(validate) ?? []), version]);
      }
      // The pass skips entries that are not objects; this is the one check that reports them.
      for (let index = 0; index < entries.length; index++) {
        const entry = entries[index];
        if (isObject(entry)) continue;
        sink.add('structure.not-an-object', ctx.scopeOf(plural, undefined, index), {
          field: '',
          value: entry,
          message: `entry ${index} of ${plural} is ${entry === null ? 'null' : typeof entry}, not an object`,
        });
      }
    },
    visit(site) {
      const object = site.object;
      if (groups.size === 0 && typeof object.id === 'string' && !uid.test(object.id)) {
        sink.add('structure.uid-format', site.scope, {
          field: '/id',
          value: object.id,
          message: `id "${object.id}" is not a valid UID`,
        });
      }
      // Most objects are valid: problems are collected only once a validator fails.
      let seen: Map<string, { problem: StructureProblem; versions: string[] }> | undefined;
      for (const [validate, versions] of groups) {
        if (validate(object)) continue;
        seen ??= new Map();
        for (const problem of describeStructureErrors(validate.errors ?? [], object)) {
          const key = `${problem.rule}${problem.field}`;
          const existing = seen.get(key);
          if (existing) existing.versions.push(...versions);
          else seen.set(key, { problem, versions: [...versions] });
        }
      }
      if (!seen) return;
      for (const { problem, versions } of seen.values())
        report(site, sink, problem, versions.length === ctx.versions.length ? undefined : versions.sort());
    },
  };
}

function report(
  site: ObjectSite,
  sink: FindingSink,
  problem: StructureProblem,
  only: string[] | undefined,
): void {
  const object = site.object;
  const value = problem.field ? valueAt(object, problem.field) : undefined;
  const details = { field: problem.field, value, dhis2Versions: only };
  const what = site.owner;
  switch (problem.rule) {
    case 'structure.required':
      return sink.add(problem.rule, site.scope, {
        ...details,
        value: undefined,
        message: `${what}: missing required property "${problem.property}"`,
      });
    case 'structure.enum':
      return sink.add(problem.rule, site.scope, {
        ...details,
        message: `${what}: ${problem.field.slice(1)} ${JSON.stringify(value)} is not one of ${problem.allowed.filter((v) => v !== null).join(', ')}`,
      });
    case 'structure.max-length':
      return sink.add(problem.rule, site.scope, {
        ...details,
        message: `${what}: ${problem.field.slice(1)} is ${String(value).length} characters, DHIS2 stores at most ${problem.limit}`,
      });
    case 'structure.uid-format':
      return sink.add(problem.rule, site.scope, {
        ...details,
        message: `${what}: ${problem.field.slice(1)} "${String(value)}" is not a valid UID`,
      });
    default:
      return sink.add(problem.rule, site.scope, {
        ...details,
        message: `${what}: ${problem.field.slice(1)} should be ${article(problem.expected)}, got ${jsonType(value)}`,
      });
  }
}

/** The value at a JSON pointer such as "/categoryCombo/id". */
function valueAt(object: Record<string, unknown>, field: string): unknown {
  let value: unknown = object;
  for (const key of field.slice(1).split('/')) {
    value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  }
  return value;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
