import { basename } from 'node:path';
import semver from 'semver';
import { apiVersionOf, loadDhis2Rules } from '../dhis2-model/rules.js';
import type { LoadedPackage } from '../package/types.js';
import { createCategoryModelCheck } from './check-category-model.js';
import { createCheckContext, runChecks, type CheckFactory } from './check-context.js';
import { checkProfileFindings, type ProfileInput } from './check-profile.js';
import { createConventionsCheck } from './check-conventions.js';
import { createExpressionCheck } from './check-expressions.js';
import { createHispCheck } from './check-hisp.js';
import { createHygieneCheck } from './check-hygiene.js';
import { createPrivilegedCheck } from './check-privileged.js';
import { createReferenceCheck } from './check-references.js';
import { createStructureCheck } from './check-structure.js';
import { createUniquenessCheck } from './check-uniqueness.js';
import { FindingSink } from './finding-sink.js';
import { PackageIndex, ReferenceScope } from './package-scope.js';
import {
  collectDependencies,
  resolveShippedDependency,
  type DependencyResolver,
} from './resolve-dependencies.js';
import { effectiveSeverity, type SeverityOverrides } from './severity.js';
import type { Finding, FindingSeverity, ValidationReport } from './types.js';

export interface ValidateOptions {
  /** Validate for this DHIS2 version only (default: every version the package's `dhis2` range covers). */
  dhis2Version?: string;
  /** Rule id, HISP alias, `family.*` or `*` -> severity or 'off'. */
  severity?: SeverityOverrides;
  /** Finds declared dependencies not among `packages` (default: the shipped packages). */
  resolveDependency?: DependencyResolver;
  /** Country profiles to check too (schema, and official entrance ages and durations). */
  profiles?: readonly ProfileInput[];
}

const CHECKS: readonly CheckFactory[] = [
  createStructureCheck,
  createUniquenessCheck,
  createReferenceCheck,
  createExpressionCheck,
  createCategoryModelCheck,
  createHygieneCheck,
  createPrivilegedCheck,
  createHispCheck,
  createConventionsCheck,
];

/**
 * Validates packages offline: structure per DHIS2 version, uniqueness, reference closure,
 * expressions, category model, sharing/volatile/translation hygiene and HISP's package checks.
 * Findings are results; nothing here throws for an invalid package.
 */
export async function validatePackages(
  packages: readonly LoadedPackage[],
  options: ValidateOptions = {},
): Promise<ValidationReport> {
  const sink = new FindingSink();
  const resolver = options.resolveDependency ?? resolveShippedDependency;
  const indexes = new Map<LoadedPackage, PackageIndex>();
  const indexOf = (pkg: LoadedPackage) => {
    let index = indexes.get(pkg);
    if (!index) indexes.set(pkg, (index = new PackageIndex(pkg)));
    return index;
  };
  const allVersions = new Set<string>();
  for (const pkg of packages) {
    const manifestFile = pkg.source.kind === 'metadata-file' ? basename(pkg.manifestFile) : 'package.yaml';
    const versions = versionsFor(pkg, options.dhis2Version, sink, manifestFile);
    versions.forEach((v) => allVersions.add(v));
    const dependencies = await collectDependencies(pkg, packages, resolver, sink, manifestFile);
    const scope = new ReferenceScope(indexOf(pkg), dependencies.map(indexOf));
    const ctx = createCheckContext(pkg, versions, indexOf(pkg), scope);
    runChecks(
      ctx,
      CHECKS.map((create) => create(ctx, sink)),
    );
  }
  for (const profile of options.profiles ?? []) checkProfileFindings(profile, sink);
  const findings = applySeverities(sink.findings, options.severity ?? {});
  const counts: Record<FindingSeverity, number> = { error: 0, warning: 0, info: 0 };
  for (const finding of findings) counts[finding.severity]++;
  const dhis2Versions = [...allVersions].sort(compareVersions);
  return {
    packages: packages.map((pkg) => ({
      name: pkg.manifest.name,
      version: pkg.manifest.version,
      source: pkg.source.path,
      objects: Object.values(pkg.metadata).reduce((n, list) => n + list.length, 0),
    })),
    findings,
    counts,
    dhis2Version: dhis2Versions.join(', '),
    dhis2Versions,
  };
}

/** The DHIS2 API versions to validate a package for. */
function versionsFor(
  pkg: LoadedPackage,
  requested: string | undefined,
  sink: FindingSink,
  manifestFile: string,
): string[] {
  const range = pkg.manifest.dhis2;
  if (requested) {
    const version = apiVersionOf(requested);
    const asSemver = `${version}.0`;
    if (semver.validRange(range) && !semver.satisfies(asSemver, range)) {
      sink.add(
        'manifest.dhis2-version',
        { package: pkg.manifest.name, file: manifestFile },
        { field: '/dhis2', value: range, message: `DHIS2 ${version} is outside the package range ${range}` },
      );
    }
    return [version];
  }
  const known = loadDhis2Rules().versions;
  const covered = known.filter((v) => semver.satisfies(`${v}.0`, range));
  if (covered.length > 0) return covered;
  // A package made for a version we have no facts for (2.34, 2.36...) is checked against the closest.
  const lowest = semver.validRange(range) ? semver.minVersion(range)?.version : undefined;
  return [apiVersionOf(lowest ?? known[known.length - 1]!)];
}

function applySeverities(findings: Finding[], overrides: SeverityOverrides): Finding[] {
  const kept: Finding[] = [];
  for (const finding of findings) {
    const severity = effectiveSeverity(finding, overrides);
    if (severity) kept.push(severity === finding.severity ? finding : { ...finding, severity });
  }
  return kept.sort(compareFindings);
}

const SEVERITY_ORDER: Record<FindingSeverity, number> = { error: 0, warning: 1, info: 2 };

function compareFindings(a: Finding, b: Finding): number {
  return (
    (a.package ?? '').localeCompare(b.package ?? '') ||
    (a.file ?? '').localeCompare(b.file ?? '') ||
    (a.objectType ?? '').localeCompare(b.objectType ?? '') ||
    (a.objectIndex ?? -1) - (b.objectIndex ?? -1) ||
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    a.rule.localeCompare(b.rule)
  );
}

function compareVersions(a: string, b: string): number {
  return Number(a.split('.')[1]) - Number(b.split('.')[1]);
}
