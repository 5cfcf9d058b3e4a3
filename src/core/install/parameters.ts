import { inputError, usageError } from '../../errors/index.js';
import { UID_PATTERN } from '../dhis2-model/rules.js';
import type { MetadataBundle, PackageManifest, ParameterSpec } from '../package/types.js';
import { didYouMean } from '../suggest.js';

/** What the target knows that parameters are resolved against (read in the plan's one state request). */
export interface TargetFacts {
  orgUnitLevels: Array<{ level: number; name: string }>;
  rootOrgUnits: Array<{ id: string; name?: string; code?: string }>;
  orgUnitGroups: Array<{ id: string; name?: string; code?: string; shortName?: string }>;
}

export interface ParameterSources {
  /** `--param key=value`, highest priority. */
  overrides: Record<string, string>;
  /** `targets.<name>.parameters` in edupkg.config.yaml. */
  target: Record<string, string | number>;
}

export interface ResolvedParameters {
  values: Record<string, string>;
  warnings: string[];
}

/**
 * A `--param` that no package being installed declares is a typo, not a setting: refuse it with the
 * closest declared names rather than install with the default silently.
 */
export function assertDeclaredOverrides(
  manifests: readonly PackageManifest[],
  overrides: Record<string, string>,
): void {
  const declared = new Set(manifests.flatMap((m) => Object.keys(m.parameters ?? {})));
  for (const name of Object.keys(overrides)) {
    if (declared.has(name)) continue;
    const known = [...declared].sort();
    throw usageError(
      'UNKNOWN_PARAMETER',
      `--param ${name}: no package being installed declares this parameter.${didYouMean(name, known)}`,
      {
        fix: known.length
          ? `Use one of: ${known.join(', ')} (see each package's package.yaml)`
          : 'These packages take no parameters; drop --param',
      },
    );
  }
}

/** Resolves every declared parameter: flag, then target config, then the manifest default, then the server. */
export function resolveParameters(
  manifest: PackageManifest,
  sources: ParameterSources,
  facts: TargetFacts,
): ResolvedParameters {
  const values: Record<string, string> = {};
  const warnings: string[] = [];
  for (const [name, spec] of Object.entries(manifest.parameters ?? {}).sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    const given = sources.overrides[name] ?? sources.target[name] ?? spec.default;
    if (given === undefined) {
      if (spec.required) {
        throw usageError('MISSING_PARAMETER', `${manifest.name}: parameter ${name} has no value`, {
          fix: `Pass --param ${name}=VALUE`,
        });
      }
      continue;
    }
    values[name] = resolveOne(manifest.name, name, spec, String(given), facts, warnings);
  }
  return { values, warnings };
}

function resolveOne(
  pkg: string,
  name: string,
  spec: ParameterSpec,
  given: string,
  facts: TargetFacts,
  warnings: string[],
): string {
  const fail = (what: string, known: string[]) =>
    usageError('BAD_PARAMETER', `${pkg}: parameter ${name}=${given}: ${what}`, {
      fix: `${known.length ? `Known: ${known.slice(0, 10).join(', ')}. ` : ''}Pass --param ${name}=VALUE`,
    });
  // A server without an org-unit hierarchy can take the metadata; the org-unit steps are skipped.
  const noHierarchy = facts.orgUnitLevels.length === 0 && facts.rootOrgUnits.length === 0;
  switch (spec.type) {
    case 'orgUnit': {
      if (noHierarchy) return unresolved(pkg, name, warnings);
      const roots = [...facts.rootOrgUnits].sort((a, b) => (a.name ?? a.id).localeCompare(b.name ?? b.id));
      if (given === '@root') return roots[0]?.id ?? unresolved(pkg, name, warnings);
      const match = roots.find((o) => o.id === given || o.code === given || o.name === given);
      if (match) return match.id;
      if (UID_PATTERN.test(given)) return given;
      throw fail(
        'no such organisation unit (give its UID, or a root by name or code)',
        roots.map((o) => o.name ?? o.id),
      );
    }
    case 'orgUnitLevel': {
      if (noHierarchy) return unresolved(pkg, name, warnings);
      const byNumber = /^\d+$/.test(given)
        ? facts.orgUnitLevels.find((l) => l.level === Number(given))
        : undefined;
      const byName = facts.orgUnitLevels.find((l) => l.name.toLowerCase() === given.toLowerCase());
      const level = byNumber ?? byName;
      if (!level)
        throw fail(
          'no such organisation unit level',
          facts.orgUnitLevels.map((l) => `${l.level} ${l.name}`),
        );
      return String(level.level);
    }
    case 'orgUnitGroup': {
      const group = facts.orgUnitGroups.find(
        (g) => g.id === given || g.code === given || g.name === given || g.shortName === given,
      );
      if (!group)
        throw fail(
          'no such organisation unit group',
          facts.orgUnitGroups.map((g) => g.name ?? g.id),
        );
      return group.id;
    }
    case 'number':
      if (!Number.isFinite(Number(given))) throw fail('not a number', []);
      return given;
    case 'locale':
    case 'string':
      return given;
  }
}

function unresolved(pkg: string, name: string, warnings: string[]): string {
  warnings.push(`${pkg}: parameter ${name} left empty: the server has no organisation units`);
  return '';
}

const PLACEHOLDER = /\$\{([A-Za-z0-9_.-]+)\}/g;

/** Replaces `${name}` in every string of the metadata and returns a new bundle; unknown names are an error. */
export function substituteParameters(
  bundle: MetadataBundle,
  values: Record<string, string>,
  pkg: string,
): MetadataBundle {
  const replace = (text: string, where: string) =>
    text.replace(PLACEHOLDER, (_match, key: string) => {
      const value = values[key];
      if (value === undefined) {
        throw inputError('UNKNOWN_PARAMETER', `${pkg}: ${where}: \${${key}} is not a declared parameter`, {
          fix: 'Declare it under `parameters:` in package.yaml',
        });
      }
      return value;
    });
  const walk = (value: unknown, where: string): unknown => {
    if (typeof value === 'string') return value.includes('${') ? replace(value, where) : value;
    if (Array.isArray(value)) return value.map((v) => walk(v, where));
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = walk(v, where);
      return out;
    }
    return value;
  };
  const out: MetadataBundle = {};
  for (const [type, objects] of Object.entries(bundle)) {
    out[type] = objects.map((o) => walk(o, `${type} ${o.id ?? o.code ?? ''}`) as typeof o);
  }
  return out;
}

/** The same substitution for one value (post-install steps). */
export function substituteValue<T>(value: T, values: Record<string, string>, pkg: string): T {
  const bundle = substituteParameters({ steps: [{ value }] }, values, pkg);
  return (bundle.steps?.[0] as { value: T } | undefined)?.value as T;
}
