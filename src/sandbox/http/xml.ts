import { capturedSchemas } from '../schema-catalog.js';
import type { Dhis2Version, JsonObject } from '../types.js';
import { escapeMarkup } from '../../output/markup.js';

/**
 * DHIS2 2.38's XML (DXF 2.0), the last release that serves it for metadata (2.39 kept XML only for
 * tracker, dataValueSets and completeDataSetRegistrations: WebMvcConfig.XML_PATTERNS). Three writers:
 * - RootNode answers (object lists, single objects, /api/metadata) go through StAXNodeSerializer:
 *   an XML declaration, the root in the DXF default namespace, properties the schema marks
 *   `attribute` (id, name, code, created, lastUpdated, href, shortName) as attributes, collections
 *   wrapped in their collectionName with one element per item, nulls and empty collections left out.
 * - WebMessages go through Jackson's XmlMapper: no declaration, `<webMessage>` whose httpStatus,
 *   httpStatusCode, status and errorCode are attributes (WebMessage's @JacksonXmlProperty).
 * - Jackson trees (/api/me, /api/schemas) go through the same XmlMapper: see jacksonTreeXml.
 * Reading DXF (2.38's XML metadata import) is http/dxf-read.ts, on the same schema index.
 */
const DXF_2_0 = 'http://dhis2.org/schema/dxf/2.0';

export interface PropertyRule {
  /** The JSON key (a collection's collectionName). */
  key: string;
  element: string;
  attribute: boolean;
  wrapping: boolean;
  collection: boolean;
  /** The propertyType of the value, or of each item of a collection (BOOLEAN, INTEGER, TEXT...). */
  kind: string;
  /** The schema of the value (or of each item), when it is a schema type. */
  schema: string | undefined;
}

export interface SchemaIndex {
  /** Per schema singular name: its properties by JSON key. */
  properties: Map<string, Map<string, PropertyRule>>;
  byPlural: Map<string, string>;
}

const indexes = new Map<Dhis2Version, SchemaIndex>();

/** DHIS2's per-property XML facts (attribute, collectionWrapping) from the served /api/schemas. */
export function schemaIndex(version: Dhis2Version): SchemaIndex {
  const cached = indexes.get(version);
  if (cached) return cached;
  const schemas = capturedSchemas(version);
  const byKlass = new Map(schemas.map((s) => [String(s.klass), String(s.singular)]));
  const index: SchemaIndex = { properties: new Map(), byPlural: new Map() };
  for (const schema of schemas) {
    index.byPlural.set(String(schema.plural), String(schema.singular));
    const rules = new Map<string, PropertyRule>();
    for (const p of schema.properties as JsonObject[]) {
      const collection = p.propertyType === 'COLLECTION';
      const key = String(collection ? (p.collectionName ?? p.name) : p.name);
      rules.set(key, {
        key,
        element: String(p.name),
        attribute: p.attribute === true,
        wrapping: p.collectionWrapping === true,
        collection,
        kind: textOf((collection ? p.itemPropertyType : p.propertyType) ?? 'TEXT'),
        schema: byKlass.get(String(collection ? p.itemKlass : p.klass)),
      });
    }
    index.properties.set(String(schema.singular), rules);
  }
  indexes.set(version, index);
  return index;
}

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const textOf = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

function element(name: string, attributes: string, content: string, rootNamespace = false): string {
  const ns = rootNamespace ? ` xmlns="${DXF_2_0}"` : '';
  return content === '' ? `<${name}${ns}${attributes}/>` : `<${name}${ns}${attributes}>${content}</${name}>`;
}

/** NodeUtils.createPager's order, whatever order the JSON pager has. */
const PAGER_ORDER = ['page', 'pageCount', 'total', 'pageSize', 'nextPage', 'prevPage'];

type RuleOf = (key: string) => PropertyRule | undefined;

class NodeWriter {
  constructor(private readonly index: SchemaIndex) {}

  complex(name: string, value: JsonObject, schema: string | undefined, root = false): string {
    const rules = schema ? this.index.properties.get(schema) : undefined;
    const keys = name === 'pager' ? PAGER_ORDER.filter((k) => k in value) : Object.keys(value);
    const { attributes, content } = this.members(
      value,
      keys,
      (key) => rules?.get(key) ?? (root ? this.topLevelRule(key) : undefined),
    );
    return element(name, attributes, content, root);
  }

  /** Attribute properties first, whatever their key order: StAX cannot add them after content. */
  members(value: JsonObject, keys: string[], ruleOf: RuleOf): { attributes: string; content: string } {
    let attributes = '';
    let content = '';
    for (const key of keys) {
      const child = value[key];
      if (child === null || child === undefined) continue;
      const rule = ruleOf(key);
      if (rule?.attribute && !isObject(child) && !Array.isArray(child))
        attributes += ` ${key}="${escapeMarkup(textOf(child))}"`;
      else content += this.node(key, child, rule);
    }
    return { attributes, content };
  }

  /** Under <metadata>, a key naming a metadata type is that type's collection (lists, exports). */
  private topLevelRule(key: string): PropertyRule | undefined {
    const singular = this.index.byPlural.get(key);
    if (!singular) return undefined;
    return {
      key,
      element: singular,
      attribute: false,
      wrapping: true,
      collection: true,
      kind: 'REFERENCE',
      schema: singular,
    };
  }

  /** Jackson's default for an unknown list is a wrapper and items of the same name. */
  private node(key: string, value: unknown, rule: PropertyRule | undefined): string {
    if (Array.isArray(value)) {
      if (value.length === 0) return '';
      const itemName = rule?.schema ?? rule?.element ?? key;
      const items = value.map((item) => this.item(itemName, item, rule?.schema)).join('');
      return rule && !rule.wrapping ? items : `<${key}>${items}</${key}>`;
    }
    return this.item(rule?.element ?? key, value, rule?.schema);
  }

  private item(name: string, value: unknown, schema: string | undefined): string {
    if (isObject(value)) return this.complex(name, value, schema);
    return `<${name}>${escapeMarkup(textOf(value))}</${name}>`;
  }
}

/**
 * A RootNode answer as DHIS2 2.38 writes it: `root` is "metadata" (lists and exports) or the
 * singular name of the one object in `body`.
 */
export function rootNodeXml(root: string, body: JsonObject, version: Dhis2Version): string {
  const index = schemaIndex(version);
  const schema = index.properties.has(root) ? root : undefined;
  // Woodstox, DHIS2's StAX implementation, writes the declaration with single quotes.
  return `<?xml version='1.0' encoding='UTF-8'?>${new NodeWriter(index).complex(root, body, schema, true)}`;
}

/** webMessage() bodies are recognised by shape: every route builds them with the same helper. */
export function isWebMessage(body: unknown): body is JsonObject {
  return (
    isObject(body) &&
    typeof body.httpStatus === 'string' &&
    typeof body.httpStatusCode === 'number' &&
    typeof body.status === 'string'
  );
}

const WEB_MESSAGE_ATTRIBUTES = new Set(['httpStatus', 'httpStatusCode', 'status', 'errorCode']);
const ATTRIBUTE: PropertyRule = {
  key: '',
  element: '',
  attribute: true,
  wrapping: false,
  collection: false,
  kind: 'TEXT',
  schema: undefined,
};

/** A WebMessage as Jackson's XmlMapper writes it (its `response` as plain nested elements). */
export function webMessageXml(message: JsonObject, version: Dhis2Version): string {
  const { attributes, content } = new NodeWriter(schemaIndex(version)).members(
    message,
    Object.keys(message),
    (key) => (WEB_MESSAGE_ATTRIBUTES.has(key) ? ATTRIBUTE : undefined),
  );
  return element('webMessage', attributes, content, true);
}

/**
 * A Jackson tree (the ObjectNode of /api/me and /api/schemas/{type}, the JsonRoot of /api/schemas)
 * as 2.38's XmlMapper writes it: no declaration; the root is the class's XML name (`ObjectNode`,
 * unannotated; JsonRoot's @JsonRootName `root` in the DXF namespace); ToXmlGenerator gives each
 * field its parent's namespace; a tree array is one element per item under the field's name, none
 * when empty; a null is an empty element.
 */
export function jacksonTreeXml(root: JacksonRoot, body: JsonObject): string {
  const field = (name: string, value: unknown): string => {
    if (Array.isArray(value)) return value.map((item) => field(name, item)).join('');
    if (value === null || value === undefined) return `<${name}/>`;
    if (isObject(value)) return element(name, '', fields(value));
    return `<${name}>${escapeMarkup(textOf(value))}</${name}>`;
  };
  const fields = (value: JsonObject) =>
    Object.entries(value)
      .map(([k, v]) => field(k, v))
      .join('');
  return element(root, '', fields(body), root === 'root');
}

/** The XML root of a Jackson tree answer: an ObjectNode, or DHIS2's JsonRoot. */
export type JacksonRoot = 'ObjectNode' | 'root';
