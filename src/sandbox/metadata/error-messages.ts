import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCHEMAS_DIR } from '../../core/project-paths.js';
import type { Dhis2Version } from '../types.js';
import { apiVersionOf } from '../../core/dhis2-model/rules.js';
import { textOf } from '../json-text.js';

interface ErrorMessageFile {
  codes: Record<string, string | Record<string, string | null>>;
}

let templates: ErrorMessageFile['codes'] | undefined;

/** DHIS2's ErrorCode template for `code` in `version` (schemas/dhis2-error-messages.json). */
export function errorTemplate(code: string, version: Dhis2Version): string {
  templates ??= (
    JSON.parse(readFileSync(join(SCHEMAS_DIR, 'dhis2-error-messages.json'), 'utf8')) as ErrorMessageFile
  ).codes;
  const entry = templates[code];
  // Modes newer than the derived table (2.43, 2.44) use its newest line's wording.
  const template = typeof entry === 'string' ? entry : entry?.[apiVersionOf(version)];
  if (!template) throw new Error(`no DHIS2 ${version} message template for ${code}`);
  return template;
}

/** java.text.MessageFormat as DHIS2 uses it: numbers get locale grouping ("1,000"), null prints "null". */
export function formatMessage(template: string, args: readonly unknown[]): string {
  return template.replace(/\{(\d+)\}/g, (_, index: string) => {
    const value = args[Number(index)];
    if (typeof value === 'number') return value.toLocaleString('en-US');
    return value === undefined || value === null ? 'null' : textOf(value);
  });
}

export function errorMessage(code: string, version: Dhis2Version, args: readonly unknown[]): string {
  return formatMessage(errorTemplate(code, version), args);
}
