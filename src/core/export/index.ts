export { exportPackage, type ExportOptions, type ExportResult } from './export-package.js';
export {
  computeClosure,
  type Closure,
  type ClosureOptions,
  type DanglingReference,
  type ExportRoots,
} from './closure.js';
export { normaliseExport, type DataSetAssignment, type NormalisedExport } from './normalise.js';
export { collectReferences, type ObjectReference } from './references.js';
export { fetchByIdentifiers, fetchLiveBundle, type MetadataSource } from './metadata-source.js';
export { compareSides, type CompareSidesOptions, type DiffSide } from './compare-sides.js';
