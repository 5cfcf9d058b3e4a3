import { basename } from 'node:path';
import semver from 'semver';
import { EdupkgError, EXIT } from '../../errors/index.js';
import { describeAjvError, schemaValidator } from '../schema/ajv.js';
import type { PackageManifest } from './types.js';

/** Checks a parsed package.yaml against schemas/package.schema.json and semver rules. */
export function parseManifest(value: unknown, file: string): PackageManifest {
  const validate = schemaValidator('package.schema.json');
  if (!validate(value)) {
    const first = validate.errors?.[0];
    const field = first?.instancePath || undefined;
    throw new EdupkgError(
      'PACKAGE.INVALID_MANIFEST',
      `${file}: ${first ? describeAjvError(first) : 'invalid manifest'}`,
      EXIT.VALIDATION,
      { file, field, fix: 'See docs/package-format.md for the package.yaml fields' },
    );
  }
  const manifest = value as PackageManifest;
  if (!semver.validRange(manifest.dhis2)) {
    throw manifestError(file, '/dhis2', `"${manifest.dhis2}" is not a semver range`);
  }
  for (const [dep, range] of Object.entries(manifest.dependencies ?? {})) {
    if (!semver.validRange(range))
      throw manifestError(file, `/dependencies/${dep}`, `"${range}" is not a semver range`);
  }
  return manifest;
}

function manifestError(file: string, field: string, message: string): EdupkgError {
  return new EdupkgError('PACKAGE.INVALID_MANIFEST', `${file}: ${field}: ${message}`, EXIT.VALIDATION, {
    file,
    field,
  });
}

/** DHIS2 reports "2.41.3", "2.40.2.2" or "2.41-SNAPSHOT"; semver wants three numbers. */
export function dhis2VersionToSemver(version: string): string {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(version.trim());
  if (!m) return '0.0.0';
  return `${m[1]}.${m[2]}.${m[3] ?? 0}`;
}

/** What a package name may be (schemas/package.schema.json): also safe as a file name. */
export const PACKAGE_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** The manifest of a plain DHIS2 metadata file, from its `package` block or its file name. */
export function deriveManifest(block: unknown, file: string): PackageManifest {
  const info = block && typeof block === 'object' ? (block as Record<string, unknown>) : {};
  const text = (key: string): string | undefined => {
    const value = info[key];
    return typeof value === 'string' ? value : undefined;
  };
  const rawName = text('code') ?? text('name') ?? basename(file).replace(/(\.metadata)?\.json$/i, '');
  const name =
    rawName
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 64) || 'metadata';
  const version = semver.valid(semver.coerce(text('version') ?? '')) ?? '0.0.0';
  const built = text('DHIS2Version');
  const minor = built ? /^2\.(\d+)/.exec(built)?.[1] : undefined;
  return {
    name,
    version,
    title: text('name') ?? name,
    description: text('description'),
    dhis2: minor ? `>=2.${minor} <2.${Number(minor) + 1}` : '*',
    locales: text('locale') === undefined ? undefined : [text('locale') ?? 'en'],
  };
}
