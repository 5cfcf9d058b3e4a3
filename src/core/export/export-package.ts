import { apiVersionOf } from '../dhis2-model/rules.js';
import { writePackage } from '../package/write-package.js';
import type { LoadedPackage, PackageManifest, ParameterSpec, PostInstallStep } from '../package/types.js';
import { computeClosure, type DanglingReference, type ExportRoots } from './closure.js';
import type { MetadataSource } from './metadata-source.js';
import { normaliseExport } from './normalise.js';

export interface ExportOptions {
  roots: ExportRoots;
  name: string;
  version: string;
  title?: string;
  /** The source server's version ("2.41.3"): sets the manifest's `dhis2` range and the schema facts. */
  serverVersion: string;
  outDir: string;
  overwrite?: boolean;
  /** Packages the export builds on: their objects are referenced, not exported again. */
  dependencies?: LoadedPackage[];
}

export interface ExportResult {
  path: string;
  manifest: PackageManifest;
  objects: Record<string, number>;
  total: number;
  dangling: DanglingReference[];
  warnings: string[];
  rounds: number;
}

const ORG_UNIT_LEVEL_PARAMETER = 'orgUnitLevel';

/** The most common level among the org units data sets were assigned to: the parameter's default. */
async function commonLevel(source: MetadataSource, orgUnits: string[]): Promise<number | undefined> {
  if (orgUnits.length === 0) return undefined;
  const sample = orgUnits.slice(0, 500);
  const answer = await source.getMetadata([
    ['organisationUnits:fields', 'id,level'],
    ['organisationUnits:filter', `id:in:[${sample.join(',')}]`],
  ]);
  const counts = new Map<number, number>();
  for (const unit of answer.organisationUnits ?? []) {
    if (typeof unit.level === 'number') counts.set(unit.level, (counts.get(unit.level) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0];
}

/**
 * Exports the dependency closure of the roots from a server as a package folder, written
 * atomically. Dangling references are reported in the result, not thrown: the package is still
 * written so the user can see and fix what is missing.
 */
export async function exportPackage(source: MetadataSource, options: ExportOptions): Promise<ExportResult> {
  const exclude = new Set<string>();
  for (const dependency of options.dependencies ?? []) {
    for (const objects of Object.values(dependency.metadata))
      for (const o of objects) if (typeof o.id === 'string') exclude.add(o.id);
  }
  const minor = apiVersionOf(options.serverVersion);
  const closure = await computeClosure(source, options.roots, { dhis2Version: minor, exclude });
  const { metadata, assignments } = normaliseExport(closure.bundle, closure.defaultRemap, exclude);

  const manifest: PackageManifest = {
    name: options.name,
    version: options.version,
    title: options.title ?? options.name,
    dhis2: `>=${minor}`,
  };
  if (options.roots.codePrefix) manifest.codePrefix = options.roots.codePrefix;
  if (options.dependencies?.length) {
    manifest.dependencies = Object.fromEntries(
      options.dependencies.map((d) => [d.manifest.name, `^${d.manifest.version}`]),
    );
  }
  if (assignments.length > 0) {
    const level = await commonLevel(source, [...new Set(assignments.flatMap((a) => a.organisationUnits))]);
    const parameter: ParameterSpec = {
      type: 'orgUnitLevel',
      description: 'Org unit level the data sets are assigned to',
    };
    if (level !== undefined) parameter.default = level;
    manifest.parameters = { [ORG_UNIT_LEVEL_PARAMETER]: parameter };
    const step: PostInstallStep = {
      assignDataSets: {
        dataSets: assignments.map((a) => a.dataSet),
        orgUnitLevel: `\${${ORG_UNIT_LEVEL_PARAMETER}}`,
      },
    };
    manifest.postInstall = [step];
  }
  const path = writePackage(options.outDir, manifest, metadata, options.overwrite ? { overwrite: true } : {});
  const objects = Object.fromEntries(Object.entries(metadata).map(([type, list]) => [type, list.length]));
  const warnings = [
    ...closure.warnings,
    ...closure.dangling.map(
      (d) =>
        `dangling reference: ${d.from.type} ${d.from.id} ${d.pointer} -> ${d.type} ${d.id} (not on the server)`,
    ),
  ];
  return {
    path,
    manifest,
    objects,
    total: Object.values(objects).reduce((n, count) => n + count, 0),
    dangling: closure.dangling,
    warnings,
    rounds: closure.rounds,
  };
}
