import { createHash } from 'node:crypto';
import { stableStringify } from './canonical.js';
import type { MetadataBundle, MetadataObject } from './types.js';

export const CHECKSUMS_FILE = 'CHECKSUMS.json';

export interface PackageChecksums {
  algorithm: 'sha256';
  files: Record<string, string>;
  objects: Record<string, string>;
}

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The content hash of one object: sha256 of its canonical (sorted-key) JSON. */
export function objectHash(object: MetadataObject): string {
  return sha256(stableStringify(object));
}

/** "dataElements/AbCdEfGhIj1" (or "dataElements#code" / "dataElements[3]" without an id). */
export function objectKey(plural: string, object: MetadataObject, index: number): string {
  if (object.id) return `${plural}/${object.id}`;
  if (object.code) return `${plural}#${object.code}`;
  return `${plural}[${index}]`;
}

export function objectHashes(bundle: MetadataBundle): Record<string, string> {
  const hashes: Record<string, string> = {};
  for (const [plural, objects] of Object.entries(bundle)) {
    objects.forEach((object, index) => {
      hashes[objectKey(plural, object, index)] = objectHash(object);
    });
  }
  return hashes;
}
