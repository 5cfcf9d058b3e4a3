import { isAbsolute, join } from 'node:path';
import { locateJsonPointers, type SourcePosition } from '../io/json-positions.js';
import { readTextFile } from '../io/read-input.js';
import type { LoadedPackage } from '../package/types.js';
import type { Finding } from './types.js';

/** The file on disk a finding points into, and where in it when the file is JSON we can read. */
export interface FindingLocation {
  /** Absolute path: the package's JSON file, its package.yaml, or the archive it came from. */
  path: string;
  position?: SourcePosition;
}

/**
 * Locates findings in their source files for CI formats (SARIF, GitHub annotations). Reads each
 * JSON file that has findings once more and scans it only as deep as the findings point; the
 * text and JSON outputs never pay for this.
 */
export function locateFindings(
  findings: readonly Finding[],
  packages: readonly LoadedPackage[],
): Map<Finding, FindingLocation> {
  const byName = new Map<string, LoadedPackage>();
  for (const pkg of packages) if (!byName.has(pkg.manifest.name)) byName.set(pkg.manifest.name, pkg);
  const located = new Map<Finding, FindingLocation>();
  const perFile = new Map<string, Array<{ finding: Finding; pointer: string }>>();
  for (const finding of findings) {
    const pkg = finding.package === undefined ? undefined : byName.get(finding.package);
    if (!pkg) continue;
    const path = sourcePath(pkg, finding.file);
    located.set(finding, { path });
    if (pkg.source.kind === 'archive' || !path.endsWith('.json') || !finding.objectType) continue;
    const pointer =
      finding.objectIndex === undefined
        ? `/${finding.objectType}`
        : `/${finding.objectType}/${finding.objectIndex}${finding.field ?? ''}`;
    perFile.set(path, [...(perFile.get(path) ?? []), { finding, pointer }]);
  }
  for (const [path, wanted] of perFile) {
    let positions: Map<string, SourcePosition>;
    try {
      positions = locateJsonPointers(
        readTextFile(path),
        wanted.map((w) => w.pointer),
      );
    } catch {
      continue; // The file changed or vanished since validation: the finding keeps its file only.
    }
    for (const { finding, pointer } of wanted) {
      const position = deepestKnown(positions, pointer);
      if (position) located.set(finding, { path, position });
    }
  }
  return located;
}

function sourcePath(pkg: LoadedPackage, file: string | undefined): string {
  if (pkg.source.kind !== 'directory') return pkg.source.path;
  if (!file) return pkg.manifestFile;
  return isAbsolute(file) ? file : join(pkg.source.path, file);
}

/** A field that is missing (a required property) points at its object; an object not found, at its type. */
function deepestKnown(positions: Map<string, SourcePosition>, pointer: string): SourcePosition | undefined {
  for (let p = pointer; ; p = p.slice(0, p.lastIndexOf('/'))) {
    const found = positions.get(p);
    if (found || p === '') return found;
  }
}
