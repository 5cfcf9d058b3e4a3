export type FindingSeverity = 'error' | 'warning' | 'info';

/** One problem found in a package: a result, never thrown. */
export interface Finding {
  /** Our rule id, dotted: "structure.required", "reference.missing", "expression.unknown-uid"... */
  rule: string;
  /** HISP's id for the same check (ALL-MQ-17, O-MQ-2...), so HISP users recognise it. */
  hispRule?: string;
  severity: FindingSeverity;
  /** File the object came from (relative to the package for folders). */
  file?: string;
  objectType?: string;
  objectId?: string;
  objectName?: string;
  /** JSON pointer inside the object, e.g. "/dataSetElements/3/dataElement/id". */
  field?: string;
  value?: unknown;
  message: string;
  fix?: string;
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
  dhis2Version: string;
}
