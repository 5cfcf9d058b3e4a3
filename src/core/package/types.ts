/** A DHIS2 metadata object as it appears in a payload: open-ended, identified by id and/or code. */
export interface MetadataObject {
  id?: string;
  code?: string;
  name?: string;
  [property: string]: unknown;
}

/** Objects by DHIS2 schema plural ("dataElements" -> [...]), the shape of an import payload. */
export type MetadataBundle = Record<string, MetadataObject[]>;

export type ParameterType = 'orgUnit' | 'orgUnitLevel' | 'orgUnitGroup' | 'locale' | 'string' | 'number';

export interface ParameterSpec {
  type: ParameterType;
  description?: string;
  default?: string | number;
  required?: boolean;
}

export type PostInstallStep =
  | {
      assignDataSets: {
        dataSets: string[];
        orgUnitLevel?: string | number;
        orgUnitGroup?: string;
        /** Data set (code or id) -> org-unit group code: only members get it, once the group has any. */
        memberGroups?: Record<string, string>;
      };
    }
  | { share: { userGroups: string[]; access?: string; types?: string[] } };

export interface PackageManifest {
  name: string;
  version: string;
  title: string;
  description?: string;
  license?: string;
  dhis2: string;
  codePrefix?: string;
  dependencies?: Record<string, string>;
  locales?: string[];
  parameters?: Record<string, ParameterSpec>;
  externalReferences?: Array<{ type: string; id: string; reason?: string }>;
  postInstall?: PostInstallStep[];
  profile?: string;
}

export type PackageSourceKind = 'directory' | 'archive' | 'metadata-file';

export interface LoadedPackage {
  manifest: PackageManifest;
  metadata: MetadataBundle;
  source: { kind: PackageSourceKind; path: string };
  /** File (relative to source.path for folders/archives) each type was read from, for findings. */
  files: Record<string, string>;
  /** Top-level keys that are not DHIS2 types (`system`, `package`, ...): kept aside, like DHIS2 does. */
  extras: Record<string, unknown>;
  /** Absolute path of package.yaml, or of the metadata file the manifest was derived from. */
  manifestFile: string;
}
