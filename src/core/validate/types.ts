export type FindingSeverity = 'error' | 'warning' | 'info';

/** One problem found in a package: a result, never thrown. */
export interface Finding {
  /** Our rule id, dotted: "structure.required", "reference.missing", "expression.unknown-uid"... */
  rule: string;
  /** HISP's id for the same check (ALL-MQ-17, O-MQ-2...), so HISP users recognise it. */
  hispRule?: string;
  /** The DHIS2 import error code the server would answer with (E4000, E5002...), when there is one. */
  dhis2Code?: string;
  severity: FindingSeverity;
  /** Name of the package the finding belongs to. */
  package?: string;
  /** File the object came from (relative to the package for folders). */
  file?: string;
  /** 1-based line in that file, when the finding is about a line (school lists). */
  line?: number;
  objectType?: string;
  objectId?: string;
  objectName?: string;
  /** Position of the object in its type's list, for objects without an id. */
  objectIndex?: number;
  /** JSON pointer inside the object, e.g. "/dataSetElements/3/dataElement/id". */
  field?: string;
  value?: unknown;
  message: string;
  fix?: string;
  /** Only these DHIS2 versions are affected (absent: every version validated). */
  dhis2Versions?: string[];
}

export interface ValidatedPackageSummary {
  name: string;
  version: string;
  source: string;
  objects: number;
}

export interface ValidationReport {
  packages: ValidatedPackageSummary[];
  findings: Finding[];
  counts: Record<FindingSeverity, number>;
  /** The versions validated against, as one string ("2.40, 2.41"). */
  dhis2Version: string;
  dhis2Versions: string[];
}
