/**
 * XML parsing shared by the Atom, OAI-PMH and RSS sources (fast-xml-parser; never regex).
 * Malformed or truncated input becomes an IngestError naming the source and line:column,
 * raised before anything is written.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { IngestError } from '../shared/errors.ts';

// biome-ignore lint/suspicious/noExplicitAny: parsed XML is untyped until each parser reads it
export type XmlNode = any;

/** Parses `text`; elements named in `arrays` are always arrays (even with one child). */
export function parseXml(text: string, source: string, arrays: readonly string[]): XmlNode {
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new IngestError(
      `malformed XML: ${valid.err.msg}`,
      source,
      `line ${valid.err.line}, column ${valid.err.col}`,
    );
  }
  const always = new Set(arrays);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    // Titles such as "0" must stay strings; nothing here is a number until we say so.
    parseTagValue: false,
    parseAttributeValue: false,
    htmlEntities: true,
    trimValues: true,
    isArray: (name) => always.has(name),
  });
  try {
    return parser.parse(text);
  } catch (e) {
    // The parser refuses what it does not support (external entities: it never reads
    // anything from outside the document); that is bad input, not a crash.
    throw new IngestError(
      `refused XML: ${(e as Error).message.replace(/^External entities are not supported$/, 'external entities are not allowed')}`,
      source,
    );
  }
}

/** Text content of a node that may carry attributes (`{ '#text': … }`) or be absent. */
export function text(node: XmlNode): string {
  if (node === undefined || node === null) return '';
  if (typeof node === 'string') return node;
  if (Array.isArray(node)) return text(node[0]);
  if (typeof node === 'object' && '#text' in node) return String(node['#text']);
  return typeof node === 'object' ? '' : String(node);
}

/** Like text() but null when empty. */
export function optText(node: XmlNode): string | null {
  const t = text(node).trim();
  return t === '' ? null : t;
}

export function list(node: XmlNode): XmlNode[] {
  if (node === undefined || node === null || node === '') return [];
  return Array.isArray(node) ? node : [node];
}
