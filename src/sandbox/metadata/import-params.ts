import type { Dhis2Version } from '../types.js';
import { minorOf } from '../types.js';

export type ImportStrategy = 'CREATE_AND_UPDATE' | 'CREATE' | 'UPDATE' | 'DELETE';

export interface ImportParams {
  importMode: 'COMMIT' | 'VALIDATE';
  identifier: 'UID' | 'CODE';
  importStrategy: ImportStrategy;
  atomicMode: 'ALL' | 'NONE';
  mergeMode: 'REPLACE' | 'MERGE';
  importReportMode: 'ERRORS' | 'FULL' | 'ERRORS_NOT_OWNER' | 'DEBUG';
  skipSharing: boolean;
  skipTranslation: boolean;
  skipValidation: boolean;
}

/** ImportStrategy values the enum knows but the validator map has no entry for: DHIS2 answers 500. */
export const UNSUPPORTED_STRATEGIES = new Set(['SYNC', 'NEW_AND_UPDATES', 'NEW', 'UPDATES', 'DELETES']);

/**
 * Guava's Enums.getIfPresent(...).or(default): case-sensitive, and anything unknown silently
 * becomes the default — `importMode=validate` commits, exactly as on a real server.
 */
function pick<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

const isTrue = (value: string | null) => value !== null && value.toLowerCase() === 'true';

export function parseImportParams(query: URLSearchParams, version: Dhis2Version): ImportParams {
  return {
    importMode: pick(query.get('importMode'), ['COMMIT', 'VALIDATE'], 'COMMIT'),
    identifier: pick(query.get('identifier'), ['UID', 'CODE'], 'UID'),
    importStrategy: pick(
      query.get('importStrategy'),
      ['CREATE_AND_UPDATE', 'CREATE', 'UPDATE', 'DELETE'],
      'CREATE_AND_UPDATE',
    ),
    atomicMode: pick(query.get('atomicMode'), ['ALL', 'NONE'], 'ALL'),
    // mergeMode was removed from the import parameters in 2.41; from then on updates always REPLACE.
    mergeMode:
      minorOf(version) <= 40 ? pick(query.get('mergeMode'), ['REPLACE', 'MERGE'], 'REPLACE') : 'REPLACE',
    importReportMode: pick(
      query.get('importReportMode'),
      ['ERRORS', 'FULL', 'ERRORS_NOT_OWNER', 'DEBUG'],
      'ERRORS',
    ),
    skipSharing: isTrue(query.get('skipSharing')),
    skipTranslation: isTrue(query.get('skipTranslation')),
    skipValidation: isTrue(query.get('skipValidation')),
  };
}
