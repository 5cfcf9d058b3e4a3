import { Parser } from 'saxen';
import type { Dhis2Version, JsonObject } from '../types.js';
import { schemaIndex, type PropertyRule, type SchemaIndex } from './xml.js';

/**
 * Reads a DXF 2.0 metadata document into the JSON payload the importer takes, as 2.38's
 * MetadataImportExportController#postXmlMetadata does with renderService.fromXml(Metadata.class):
 * `<metadata>` holds one wrapper per type (`<dataElements><dataElement .../></dataElements>`);
 * within an object, attributes and child elements are its properties, collections wrapped in their
 * collectionName or repeated unwrapped, and text is typed by the schema (BOOLEAN, INTEGER, NUMBER).
 */
interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const localName = (name: string) => name.replace(/^.*:/, '');

/** The document's element tree; namespace declarations are dropped, prefixes taken off. */
function parseTree(xml: string): XmlElement {
  const root: XmlElement = { name: '', attributes: {}, children: [], text: '' };
  const stack: XmlElement[] = [root];
  const top = () => stack[stack.length - 1]!;
  new Parser()
    .on('openTag', (name, attrs, decode) => {
      // saxen hands attribute values over raw: entities (&amp;, &quot;...) are ours to decode.
      const attributes = Object.fromEntries(
        Object.entries(attrs())
          .filter(([k]) => k !== 'xmlns' && !k.startsWith('xmlns:'))
          .map(([k, v]) => [localName(k), decode(v)]),
      );
      const node: XmlElement = { name: localName(name), attributes, children: [], text: '' };
      top().children.push(node);
      stack.push(node);
    })
    .on('closeTag', () => void stack.pop())
    .on('text', (value, decode) => void (top().text += decode(value)))
    .on('cdata', (value) => void (top().text += value))
    .on('error', (error) => {
      throw error;
    })
    .parse(xml);
  const document = root.children[0];
  if (!document || root.children.length > 1 || stack.length !== 1)
    throw new Error('Unexpected end of XML document');
  return document;
}

function typed(text: string, kind: string): unknown {
  if (kind === 'BOOLEAN') return text.trim() === 'true';
  if ((kind === 'INTEGER' || kind === 'NUMBER') && text.trim() !== '' && !Number.isNaN(Number(text)))
    return Number(text);
  return text;
}

class DxfReader {
  constructor(private readonly index: SchemaIndex) {}

  object(node: XmlElement, schema: string | undefined): JsonObject {
    const rules = schema ? this.index.properties.get(schema) : undefined;
    const byElement = new Map([...(rules?.values() ?? [])].map((r) => [r.element, r]));
    const out: JsonObject = {};
    for (const [name, text] of Object.entries(node.attributes))
      out[name] = typed(text, rules?.get(name)?.kind ?? 'TEXT');
    for (const child of node.children) {
      const wrapped = rules?.get(child.name);
      if (wrapped?.collection && wrapped.wrapping) {
        out[wrapped.key] = child.children.map((item) => this.value(item, wrapped));
        continue;
      }
      const rule = byElement.get(child.name);
      if (rule?.collection) {
        const list = (out[rule.key] ??= []) as unknown[];
        list.push(this.value(child, rule));
      } else out[rule?.key ?? child.name] = this.value(child, rule);
    }
    return out;
  }

  /** A property's value: an object (a schema type, or any element with structure) or typed text. */
  private value(node: XmlElement, rule: PropertyRule | undefined): unknown {
    const structured = node.children.length > 0 || Object.keys(node.attributes).length > 0;
    if (rule?.schema || structured) return this.object(node, rule?.schema);
    return typed(node.text, rule?.kind ?? 'TEXT');
  }
}

/** The importer's JSON payload for a DXF 2.0 `<metadata>` document; throws on malformed XML. */
export function readDxfMetadata(xml: string, version: Dhis2Version): JsonObject {
  const document = parseTree(xml);
  if (document.name !== 'metadata') throw new Error(`Unexpected root element <${document.name}>`);
  const index = schemaIndex(version);
  const reader = new DxfReader(index);
  const out: JsonObject = {};
  for (const wrapper of document.children) {
    const singular = index.byPlural.get(wrapper.name);
    // Metadata's other fields (system, date) say where the document came from; the import ignores them.
    if (!singular) continue;
    out[wrapper.name] = wrapper.children.map((item) => reader.object(item, singular));
  }
  return out;
}
