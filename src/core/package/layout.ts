/** Names inside a package folder and archive (docs/package-format.md). */
export const MANIFEST_FILE = 'package.yaml';
export const METADATA_DIR = 'metadata';
export const ARCHIVE_ROOT = 'package';
