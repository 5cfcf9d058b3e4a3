import type { MetadataObject } from '../package/types.js';
import { RULES, type RuleId } from './rule-catalog.js';
import type { Finding } from './types.js';

/** Where a finding points: the package and file, and the object when there is one. */
export interface FindingScope {
  package: string;
  file?: string;
  objectType?: string;
  object?: MetadataObject;
  objectIndex?: number;
}

export interface FindingDetails {
  field?: string;
  value?: unknown;
  message: string;
  fix?: string;
  hispRule?: string;
  dhis2Versions?: string[];
}

/** Collects findings with the rule's default severity; overrides are applied once at the end. */
export class FindingSink {
  readonly findings: Finding[] = [];

  add(rule: RuleId, scope: FindingScope, details: FindingDetails): void {
    const info = RULES[rule];
    const object = scope.object;
    const finding: Finding = {
      rule,
      severity: info.severity,
      package: scope.package,
      message: details.message,
    };
    const hisp = details.hispRule ?? (info.hisp?.length === 1 ? info.hisp[0] : undefined);
    if (hisp) finding.hispRule = hisp;
    if ('dhis2Code' in info && info.dhis2Code) finding.dhis2Code = info.dhis2Code;
    if (scope.file) finding.file = scope.file;
    if (scope.objectType) finding.objectType = scope.objectType;
    if (object) {
      if (typeof object.id === 'string') finding.objectId = object.id;
      if (typeof object.name === 'string') finding.objectName = object.name;
      else if (typeof object.displayName === 'string') finding.objectName = object.displayName;
    }
    if (scope.objectIndex !== undefined) finding.objectIndex = scope.objectIndex;
    if (details.field !== undefined) finding.field = details.field;
    if (details.value !== undefined) finding.value = clip(details.value);
    finding.fix = details.fix ?? info.fix;
    if (details.dhis2Versions) finding.dhis2Versions = details.dhis2Versions;
    this.findings.push(finding);
  }
}

/** Long values (an HTML form, a huge array) are cut so reports stay readable. */
function clip(value: unknown): unknown {
  if (typeof value === 'string' && value.length > 200) return `${value.slice(0, 197)}...`;
  if (value && typeof value === 'object') {
    const text = JSON.stringify(value);
    if (text.length > 200) return `${text.slice(0, 197)}...`;
  }
  return value;
}

/** "/dataSetElements/3/dataElement" from path parts, escaping ~ and / as RFC 6901 says. */
export function pointer(...parts: Array<string | number>): string {
  return parts.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** `name (id)` or whatever identifies the object best, for messages. */
export function describeObject(object: MetadataObject | undefined): string {
  if (!object) return 'object';
  const name = typeof object.name === 'string' ? `"${object.name}"` : undefined;
  const id = typeof object.id === 'string' ? object.id : undefined;
  if (name && id) return `${name} (${id})`;
  return name ?? id ?? (typeof object.code === 'string' ? `code ${object.code}` : 'object');
}
