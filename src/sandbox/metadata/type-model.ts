import {
  apiVersionOf,
  DEFAULT_CATEGORY_MODEL,
  factFor,
  loadDhis2Rules,
  type PropertyRule,
  type Versioned,
} from '../../core/dhis2-model/rules.js';
import type { Dhis2Version } from '../types.js';

/** One property of one type, with every versioned fact resolved for the sandbox's DHIS2 version. */
export interface ResolvedProperty {
  name: string;
  kind: string;
  item: string | undefined;
  target: string | undefined;
  klass: string | undefined;
  embedded: boolean;
  ordered: boolean;
  owner: boolean;
  persisted: boolean;
  required: boolean;
  unique: boolean;
  maxLength: number | undefined;
  values: string[] | undefined;
}

export interface ResolvedType {
  plural: string;
  singular: string;
  klass: string;
  simpleName: string;
  order: number;
  properties: ResolvedProperty[];
  byName: Map<string, ResolvedProperty>;
  /** Owner, persisted properties: what the importer stores and `:owner` exports. */
  owned: ResolvedProperty[];
}

const cache = new Map<string, ResolvedType | null>();

function resolveProperty(
  name: string,
  rule: PropertyRule,
  version: Dhis2Version,
): ResolvedProperty | undefined {
  if (rule.versions && !rule.versions.includes(apiVersionOf(version))) return undefined;
  const kind = factFor(rule.kind as Versioned<string>, version) ?? 'text';
  return {
    name,
    kind,
    item: factFor(rule.item, version),
    target: factFor(rule.target, version),
    klass: factFor(rule.klass, version),
    embedded: factFor(rule.embedded, version) === true,
    ordered: factFor(rule.ordered, version) === true,
    owner: factFor(rule.owner, version) === true,
    persisted: factFor(rule.transient, version) !== true,
    required: factFor(rule.required, version) === true,
    unique: factFor(rule.unique, version) === true,
    maxLength: factFor(rule.maxLength, version),
    values: factFor(rule.values, version),
  };
}

/** The schema facts of one metadata type (by plural) as they hold in `version`; undefined for non-metadata keys. */
export function resolvedType(plural: string, version: Dhis2Version): ResolvedType | undefined {
  const key = `${version}:${plural}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit ?? undefined;
  const rules = loadDhis2Rules();
  const rule = Object.hasOwn(rules.types, plural) ? rules.types[plural] : undefined;
  if (!rule || Number(rule.since.slice(2)) > Number(version.slice(2))) {
    cache.set(key, null);
    return undefined;
  }
  const properties: ResolvedProperty[] = [];
  for (const [name, propertyRule] of Object.entries(rule.properties)) {
    const resolved = resolveProperty(name, propertyRule, version);
    if (resolved) properties.push(resolved);
  }
  const type: ResolvedType = {
    plural,
    singular: rule.singular,
    klass: rule.klass,
    simpleName: rule.klass.slice(rule.klass.lastIndexOf('.') + 1),
    order: rule.order,
    properties,
    byName: new Map(properties.map((p) => [p.name, p])),
    owned: properties.filter((p) => p.owner && (p.persisted || OWNED_TRANSIENTS.has(p.name))),
  };
  cache.set(key, type);
  return type;
}

/**
 * Properties DHIS2 lists as transient in /api/schemas but still stores and exports with `:owner`:
 * sharing lives in a jsonb column; user credentials are folded into the user on import.
 */
const OWNED_TRANSIENTS = new Set(['sharing', 'userCredentials']);

/** Every metadata plural the sandbox serves in `version`. */
export function metadataPlurals(version: Dhis2Version): string[] {
  return Object.keys(loadDhis2Rules().types).filter((plural) => resolvedType(plural, version) !== undefined);
}

export function pluralOfSingular(singular: string, version: Dhis2Version): string | undefined {
  return metadataPlurals(version).find((plural) => resolvedType(plural, version)?.singular === singular);
}

/** Java primitives (int, double) always hold a value, so DHIS2 never reports them missing. */
export function isPrimitiveKind(kind: string): boolean {
  return kind === 'integer' || kind === 'number' || kind === 'boolean';
}

/**
 * References inside embedded objects, which /api/schemas does not describe (their classes are not
 * metadata types): property -> target plural, per embedded class. From the DHIS2 entity classes.
 */
export const EMBEDDED_REFERENCES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'org.hisp.dhis.dataset.DataSetElement': { dataElement: 'dataElements', categoryCombo: 'categoryCombos' },
  'org.hisp.dhis.common.DataDimensionItem': {
    indicator: 'indicators',
    dataElement: 'dataElements',
    programIndicator: 'programIndicators',
    expressionDimensionItem: 'expressionDimensionItems',
  },
  'org.hisp.dhis.attribute.AttributeValue': { attribute: 'attributes' },
  'org.hisp.dhis.dashboard.DashboardItem': {
    visualization: 'visualizations',
    map: 'maps',
    eventReport: 'eventReports',
    eventChart: 'eventCharts',
    eventVisualization: 'eventVisualizations',
  },
  'org.hisp.dhis.legend.Legend': {},
};

/** Where DHIS2 puts a type's default for a missing single category-model reference. */
export const DEFAULTED_REFERENCES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  dataElements: { categoryCombo: DEFAULT_CATEGORY_MODEL.categoryCombos! },
  dataSets: { categoryCombo: DEFAULT_CATEGORY_MODEL.categoryCombos! },
  programs: { categoryCombo: DEFAULT_CATEGORY_MODEL.categoryCombos! },
};

const DEFAULT_UIDS = new Set(Object.values(DEFAULT_CATEGORY_MODEL));

/** True for the instance's default category model objects (exempt from uniqueness and reference errors). */
export function isDefaultObject(uid: unknown): boolean {
  return typeof uid === 'string' && DEFAULT_UIDS.has(uid);
}

/** User references DHIS2 fills in from the importing user and never checks. */
export const UNCHECKED_REFERENCES = new Set(['createdBy', 'lastUpdatedBy', 'user']);
