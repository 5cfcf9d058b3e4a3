import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCHEMAS_DIR } from '../project-paths.js';

/** A fact that may differ by DHIS2 version: either one value or a value per "2.NN". */
export type Versioned<T> = T | Record<string, T | null>;

export interface PropertyRule {
  kind: string; // text | identifier | constant | reference | collection | complex | boolean | integer | ...
  item?: string; // for collections: reference | complex | text ...
  target?: string; // plural of the referenced type
  klass?: string; // Java class of an embedded/complex value
  embedded?: boolean;
  ordered?: boolean;
  owner?: boolean;
  transient?: boolean;
  readOnly?: boolean;
  required?: Versioned<boolean>;
  unique?: Versioned<boolean>;
  maxLength?: Versioned<number>;
  values?: Versioned<string[]>;
  versions?: string[]; // versions where the property exists, when not all
  initial?: boolean | number; // Java's initial value when not false / [] (Category#dataDimension: true)
}

export interface TypeRule {
  klass: string;
  singular: string;
  order: number;
  identifiable: boolean;
  nameable: boolean;
  shareable: boolean;
  translatable: boolean;
  since: string;
  properties: Record<string, PropertyRule>;
}

export interface Dhis2Rules {
  versions: string[];
  uidPattern: string;
  defaults: Record<string, string>;
  types: Record<string, TypeRule>;
}

let cached: Dhis2Rules | undefined;

/** DHIS2's per-type facts, derived once from /api/schemas by scripts/derive-dhis2-rules.js. */
export function loadDhis2Rules(): Dhis2Rules {
  cached ??= JSON.parse(readFileSync(join(SCHEMAS_DIR, 'dhis2-rules.json'), 'utf8')) as Dhis2Rules;
  return cached;
}

/** "2.41.3", "2.41-SNAPSHOT", "41" -> "2.41"; clamps to the versions we have facts for. */
export function apiVersionOf(version: string): string {
  const m = /^(?:2\.)?(\d+)/.exec(version.trim());
  const minor = m ? Number(m[1]) : 41;
  const clamped = Math.min(Math.max(minor, 38), 42);
  return `2.${clamped}`;
}

/** Resolves a versioned fact for one DHIS2 version ("2.41"). */
export function factFor<T>(fact: Versioned<T> | undefined, version: string): T | undefined {
  if (fact === undefined || fact === null) return undefined;
  if (typeof fact === 'object' && !Array.isArray(fact)) {
    const value = (fact as Record<string, T | null>)[apiVersionOf(version)];
    return value ?? undefined;
  }
  return fact;
}

export function typeRule(plural: string): TypeRule | undefined {
  return loadDhis2Rules().types[plural];
}

export function isMetadataType(plural: string): boolean {
  return Object.hasOwn(loadDhis2Rules().types, plural);
}

export function pluralOfKlass(klass: string): string | undefined {
  for (const [plural, rule] of Object.entries(loadDhis2Rules().types))
    if (rule.klass === klass) return plural;
  return undefined;
}

/** Types in DHIS2's commit order (schema `order`, then plural), as the importer processes them. */
export function commitOrder(plurals: Iterable<string>): string[] {
  const rules = loadDhis2Rules().types;
  return [...plurals].sort((a, b) => {
    const oa = rules[a]?.order ?? Number.MAX_SAFE_INTEGER;
    const ob = rules[b]?.order ?? Number.MAX_SAFE_INTEGER;
    return oa - ob || a.localeCompare(b);
  });
}

/** The UIDs DHIS2 gives its default category model; exempt from uniqueness and reference checks. */
export const DEFAULT_CATEGORY_MODEL: Readonly<Record<string, string>> = {
  categoryCombos: 'bjDvmb4bfuf',
  categories: 'GLevLNI9wkl',
  categoryOptions: 'xYerKDKCefk',
  categoryOptionCombos: 'HllvX50cXC0',
};

export const UID_PATTERN = /^[a-zA-Z][a-zA-Z0-9]{10}$/;
