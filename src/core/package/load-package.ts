import { existsSync, lstatSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { inputError } from '../../errors/index.js';
import { isMetadataType } from '../dhis2-model/rules.js';
import { parseJsonText, parseYamlText, readTextFile } from '../io/read-input.js';
import { SHIPPED_PACKAGES_DIR } from '../project-paths.js';
import { didYouMean } from '../suggest.js';
import { deriveManifest, parseManifest } from './manifest.js';
import { MANIFEST_FILE, METADATA_DIR } from './layout.js';
import type { LoadedPackage, MetadataBundle, MetadataObject } from './types.js';

/**
 * Loads a package from a folder, a .tgz made by `edupkg pack`, or a plain DHIS2 metadata JSON file.
 * A bare name ("edu-core") that is not a path is looked up among the shipped packages.
 */
export async function loadPackage(
  ref: string,
  options: { searchDirs?: string[] } = {},
): Promise<LoadedPackage> {
  const path = resolvePackagePath(ref, options.searchDirs);
  const stat = statSync(path);
  if (stat.isDirectory()) return loadPackageDirectory(path);
  if (/\.(tgz|tar\.gz)$/i.test(path)) {
    const { extractArchive } = await import('./archive.js'); // tar loads only for archives
    const extracted = await extractArchive(path);
    const loaded = loadPackageDirectory(extracted.directory);
    return { ...loaded, source: { kind: 'archive', path } };
  }
  return loadMetadataFile(path);
}

export function resolvePackagePath(ref: string, searchDirs: string[] = [SHIPPED_PACKAGES_DIR]): string {
  if (existsSync(ref)) return resolve(ref);
  if (/^[a-z0-9][a-z0-9-]*$/.test(ref)) {
    for (const dir of searchDirs) {
      const candidate = join(dir, ref);
      if (existsSync(join(candidate, MANIFEST_FILE))) return candidate;
    }
  }
  const known = searchDirs.flatMap((dir) => listShippedPackageDirs(dir).map((d) => basename(d)));
  throw inputError(
    'NOT_FOUND',
    `${ref}: no such package, folder or file.${didYouMean(basename(ref), known)}`,
    {
      file: ref,
      fix: 'Give a package folder, a .tgz, a DHIS2 metadata .json, or a name listed by `edupkg list`',
    },
  );
}

export function loadPackageDirectory(dir: string): LoadedPackage {
  const manifestFile = join(dir, MANIFEST_FILE);
  if (!existsSync(manifestFile)) {
    throw inputError('NO_MANIFEST', `${dir}: not a package folder (no ${MANIFEST_FILE})`, { file: dir });
  }
  const manifest = parseManifest(parseYamlText(readPackageFile(manifestFile), manifestFile), manifestFile);
  const metadata: MetadataBundle = {};
  const files: Record<string, string> = {};
  const extras: Record<string, unknown> = {};
  const metadataDir = join(dir, METADATA_DIR);
  if (existsSync(metadataDir)) readPackageFolder(metadataDir);
  const entries = existsSync(metadataDir)
    ? readdirSync(metadataDir)
        .filter((f) => f.endsWith('.json'))
        .sort()
    : [];
  for (const entry of entries) {
    const relative = `${METADATA_DIR}/${entry}`;
    const content = parseJsonText(readPackageFile(join(metadataDir, entry)), join(dir, relative));
    splitPayload(
      content,
      join(dir, relative),
      (plural, objects) => {
        const earlier = metadata[plural];
        metadata[plural] = earlier ? earlier.concat(objects) : objects;
        files[plural] = relative;
      },
      extras,
    );
  }
  return { manifest, metadata, files, extras, manifestFile, source: { kind: 'directory', path: dir } };
}

/** A file inside a package folder: regular, within the size limit, never through a symbolic link. */
function readPackageFile(path: string): string {
  return readTextFile(path, true);
}

/** The metadata folder itself must not be a link to somewhere else. */
function readPackageFolder(path: string): void {
  if (lstatSync(path).isSymbolicLink()) {
    throw inputError('SYMLINK', `${path}: symbolic links are not followed inside a package folder`, {
      file: path,
      fix: 'Replace the link with the folder itself',
    });
  }
}

export function loadMetadataFile(path: string): LoadedPackage {
  const content = parseJsonText(readTextFile(path), path);
  const metadata: MetadataBundle = {};
  const files: Record<string, string> = {};
  const extras: Record<string, unknown> = {};
  splitPayload(
    content,
    path,
    (plural, objects) => {
      metadata[plural] = objects;
      files[plural] = basename(path);
    },
    extras,
  );
  const manifest = deriveManifest(extras.package, path);
  return { manifest, metadata, files, extras, manifestFile: path, source: { kind: 'metadata-file', path } };
}

/** Splits a DHIS2 payload into its typed arrays; other top-level keys are kept aside, as DHIS2 skips them. */
function splitPayload(
  content: unknown,
  file: string,
  onType: (plural: string, objects: MetadataObject[]) => void,
  extras: Record<string, unknown>,
): void {
  if (!content || typeof content !== 'object' || Array.isArray(content)) {
    throw inputError(
      'NOT_METADATA',
      `${file}: expected a JSON object of DHIS2 metadata ({"dataElements": [...], ...})`,
      {
        file,
      },
    );
  }
  for (const [key, value] of Object.entries(content)) {
    if (UNSAFE_KEYS.has(key)) {
      throw inputError(
        'UNSAFE_KEY',
        `${file}: /${key}: refused: "${key}" is not a DHIS2 type and could alter object prototypes`,
        {
          file,
          field: `/${key}`,
        },
      );
    }
    if (isMetadataType(key) && Array.isArray(value)) {
      onType(key, value as MetadataObject[]);
    } else if (isMetadataType(key)) {
      throw inputError(
        'NOT_METADATA',
        `${file}: /${key}: expected an array of objects, got ${typeName(value)}`,
        {
          file,
          field: `/${key}`,
        },
      );
    } else {
      extras[key] = value;
    }
  }
}

const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function typeName(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

/** Every shipped package folder name, sorted. */
export function listShippedPackageDirs(root = SHIPPED_PACKAGES_DIR): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(root, e.name, MANIFEST_FILE)))
    .map((e) => join(root, e.name))
    .sort();
}
