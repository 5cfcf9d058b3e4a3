import semver from 'semver';
import { EdupkgError } from '../../errors/index.js';
import type { LoadedPackage } from '../package/types.js';
import type { FindingSink } from './finding-sink.js';

/** Finds a declared dependency of `requester`; undefined when there is none. */
export type DependencyResolver = (
  name: string,
  range: string,
  requester: LoadedPackage,
) => Promise<LoadedPackage | undefined>;

/** Beside the requester, the same country's build, then the shipped packages (packages-metadata/). */
export const resolveShippedDependency: DependencyResolver = async (name, _range, requester) => {
  try {
    // The content builders behind it load only when a package declares dependencies.
    const { loadDependency } = await import('../content/dependency-loader.js');
    return await loadDependency(name, requester);
  } catch (error) {
    if (error instanceof EdupkgError && error.code === 'INPUT.NOT_FOUND') return undefined;
    throw error;
  }
};

/**
 * A package's dependencies, transitively: first among the packages validated together, then through
 * the resolver. Unresolved names and versions outside the declared range are findings.
 */
export async function collectDependencies(
  pkg: LoadedPackage,
  given: readonly LoadedPackage[],
  resolver: DependencyResolver,
  sink: FindingSink,
  manifestFile: string,
): Promise<LoadedPackage[]> {
  const found = new Map<string, LoadedPackage>();
  const queue: Array<[LoadedPackage, boolean]> = [[pkg, true]];
  while (queue.length > 0) {
    const [current, direct] = queue.shift()!;
    for (const [name, range] of Object.entries(current.manifest.dependencies ?? {})) {
      if (found.has(name) || name === pkg.manifest.name) continue;
      const dependency =
        given.find((p) => p.manifest.name === name) ?? (await resolver(name, range, current));
      const scope = { package: pkg.manifest.name, file: manifestFile };
      const field = `/dependencies/${name}`;
      if (!dependency) {
        if (direct)
          sink.add('reference.dependency-unresolved', scope, {
            field,
            value: range,
            message: `dependency ${name} ${range} was not given and is not a shipped package`,
          });
        continue;
      }
      if (direct && !semver.satisfies(dependency.manifest.version, range, { includePrerelease: true })) {
        sink.add('reference.dependency-version', scope, {
          field,
          value: dependency.manifest.version,
          message: `dependency ${name} is version ${dependency.manifest.version}, outside the declared range ${range}`,
        });
      }
      found.set(name, dependency);
      queue.push([dependency, false]);
    }
  }
  return [...found.values()];
}
