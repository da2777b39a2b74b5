/**
 * The safe XML front door: turns an untrusted string into a small namespace-resolved element
 * tree, or a readable reason why it is not acceptable XML. Never throws.
 *
 * Safety rules
 * - Any DOCTYPE or ENTITY declaration is refused before parsing (XXE, billion laughs).
 * - Only the five predefined entities and numeric character references are expanded; any other
 *   entity reference, a bare '&', or a reference to a character XML forbids is refused.
 * - Characters outside the XML 1.0 Char production are refused.
 * - fast-xml-parser runs with entity processing off; expansion is done here.
 *
 * XML rules applied here that fast-xml-parser leaves out: line-end normalisation (CRLF/CR → LF),
 * attribute-value normalisation (literal TAB/LF → space), a single root element, no '<' in
 * attribute values, namespace prefixes resolved to URIs (unbound prefixes refused).
 *
 * Leniency: a leading byte-order mark and whitespace before the XML declaration are skipped.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface XmlAttribute {
  /** Namespace URI; undefined for an unprefixed attribute. */
  ns: string | undefined;
  name: string;
  value: string;
}

export interface XmlElement {
  /** Namespace URI; undefined when the element is in no namespace. */
  ns: string | undefined;
  /** Local name. */
  name: string;
  attributes: XmlAttribute[];
  children: XmlElement[];
  /** Character data directly inside the element (text and CDATA, entity references expanded). */
  text: string;
}

export type XmlReadResult = { ok: true; root: XmlElement } | { ok: false; reason: string };

const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const MAX_DEPTH = 64;

// Anything outside the XML 1.0 Char production (lone surrogates included, thanks to the u flag).
const INVALID_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const DECLARATION = /<!\s*(DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)/i;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  processEntities: false,
  htmlEntities: false,
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  cdataPropName: '#cdata',
  commentPropName: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  removeNSPrefix: false,
});

class XmlReadError extends Error {}

export function isXmlChar(codePoint: number): boolean {
  return (
    codePoint === 0x9 ||
    codePoint === 0xa ||
    codePoint === 0xd ||
    (codePoint >= 0x20 && codePoint <= 0xd7ff) ||
    (codePoint >= 0xe000 && codePoint <= 0xfffd) ||
    (codePoint >= 0x10000 && codePoint <= 0x10ffff)
  );
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const REFERENCE = /&(?:#([0-9]+)|#x([0-9a-fA-F]+)|(lt|gt|amp|quot|apos));/y;

/** Expands the predefined entities and character references; refuses anything else. */
export function decodeReferences(raw: string): string {
  if (!raw.includes('&')) return raw;
  let out = '';
  let i = 0;
  while (i < raw.length) {
    const amp = raw.indexOf('&', i);
    if (amp < 0) {
      out += raw.slice(i);
      break;
    }
    out += raw.slice(i, amp);
    REFERENCE.lastIndex = amp;
    const m = REFERENCE.exec(raw);
    if (!m) {
      const shown = raw.slice(amp, amp + 12).split(/[\s<]/)[0] ?? '&';
      throw new XmlReadError(`Undefined entity reference or bare '&' (${JSON.stringify(shown)})`);
    }
    if (m[3] !== undefined) {
      out += PREDEFINED[m[3]] ?? '';
    } else {
      const digits = m[1] ?? m[2] ?? '';
      const codePoint = m[1] !== undefined ? Number.parseInt(digits, 10) : Number.parseInt(digits, 16);
      if (digits.length > 8 || !isXmlChar(codePoint)) {
        throw new XmlReadError(`Character reference ${m[0]} does not denote an XML character`);
      }
      out += String.fromCodePoint(codePoint);
    }
    i = amp + m[0].length;
  }
  return out;
}

type FxpNode = Record<string, unknown>;

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

interface Scope {
  prefixes: Map<string, string>;
  defaultNs: string | undefined;
}

function splitQName(qname: string): [prefix: string | undefined, local: string] {
  const colon = qname.indexOf(':');
  if (colon < 0) return [undefined, qname];
  const prefix = qname.slice(0, colon);
  const local = qname.slice(colon + 1);
  if (prefix === '' || local === '' || local.includes(':')) {
    throw new XmlReadError(`Invalid qualified name ${JSON.stringify(qname)}`);
  }
  return [prefix, local];
}

function resolvePrefix(scope: Scope, prefix: string): string {
  if (prefix === 'xml') return XML_NS;
  const uri = scope.prefixes.get(prefix);
  if (uri === undefined) throw new XmlReadError(`Namespace prefix "${prefix}" is not declared`);
  return uri;
}

function convertElement(node: FxpNode, parentScope: Scope, depth: number): XmlElement {
  if (depth > MAX_DEPTH) throw new XmlReadError(`Elements are nested deeper than ${MAX_DEPTH} levels`);
  const keys = Object.keys(node).filter((k) => k !== ':@');
  const tag = keys[0];
  if (keys.length !== 1 || tag === undefined) throw new XmlReadError('Unsupported element name');
  const rawChildren = node[tag];
  const rawAttributes = node[':@'];

  // Namespace declarations first: they apply to the element's own name and attributes.
  const scope: Scope = { prefixes: new Map(parentScope.prefixes), defaultNs: parentScope.defaultNs };
  const plainAttributes: [string, string][] = [];
  if (isRecord(rawAttributes)) {
    for (const [qname, rawValue] of Object.entries(rawAttributes)) {
      if (typeof rawValue !== 'string') throw new XmlReadError(`Attribute ${qname} has no value`);
      if (rawValue.includes('<')) throw new XmlReadError(`Attribute ${qname} contains '<'`);
      const value = decodeReferences(rawValue.replace(/[\t\n\r]/g, ' '));
      if (qname === 'xmlns') {
        scope.defaultNs = value === '' ? undefined : value;
      } else if (qname.startsWith('xmlns:')) {
        const prefix = qname.slice(6);
        if (value === '') throw new XmlReadError(`Namespace prefix "${prefix}" is bound to an empty URI`);
        scope.prefixes.set(prefix, value);
      } else {
        plainAttributes.push([qname, value]);
      }
    }
  }

  const [prefix, name] = splitQName(tag);
  const ns = prefix === undefined ? scope.defaultNs : resolvePrefix(scope, prefix);
  const attributes: XmlAttribute[] = plainAttributes.map(([qname, value]) => {
    const [p, local] = splitQName(qname);
    return { ns: p === undefined ? undefined : resolvePrefix(scope, p), name: local, value };
  });

  const children: XmlElement[] = [];
  let text = '';
  if (Array.isArray(rawChildren)) {
    for (const child of rawChildren) {
      if (!isRecord(child)) continue;
      if ('#text' in child) {
        text += decodeReferences(String(child['#text']));
      } else if ('#cdata' in child) {
        const parts = child['#cdata'];
        if (Array.isArray(parts)) {
          for (const part of parts) if (isRecord(part) && '#text' in part) text += String(part['#text']);
        }
      } else {
        children.push(convertElement(child, scope, depth + 1));
      }
    }
  }
  return { ns, name, attributes, children, text };
}

/** Reads untrusted XML. Never throws. */
export function readXml(input: string): XmlReadResult {
  try {
    if (typeof input !== 'string') return { ok: false, reason: 'The message is not a string' };
    let xml = input.startsWith('\uFEFF') ? input.slice(1) : input;
    xml = xml.trimStart();
    if (xml === '') return { ok: false, reason: 'The message is empty' };
    if (DECLARATION.test(xml)) {
      return { ok: false, reason: 'DOCTYPE and ENTITY declarations are not accepted' };
    }
    const bad = INVALID_CHAR.exec(xml);
    if (bad) {
      const cp = bad[0].codePointAt(0) ?? 0;
      return { ok: false, reason: `The message contains a character not allowed in XML (U+${cp.toString(16).toUpperCase().padStart(4, '0')})` };
    }
    xml = xml.replace(/\r\n?/g, '\n');
    const valid = XMLValidator.validate(xml, { allowBooleanAttributes: false });
    if (valid !== true) {
      return { ok: false, reason: `The message is not well-formed XML: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})` };
    }
    const parsed: unknown = parser.parse(xml);
    if (!Array.isArray(parsed)) return { ok: false, reason: 'The message is not well-formed XML' };
    const elements: FxpNode[] = [];
    for (const node of parsed) {
      if (!isRecord(node)) continue;
      if ('#text' in node) {
        if (String(node['#text']).trim() !== '') return { ok: false, reason: 'Text outside the root element' };
        continue;
      }
      if ('#cdata' in node) return { ok: false, reason: 'CDATA outside the root element' };
      elements.push(node);
    }
    const [rootNode] = elements;
    if (elements.length !== 1 || rootNode === undefined) {
      return { ok: false, reason: elements.length === 0 ? 'The message has no root element' : 'The message has more than one root element' };
    }
    const root = convertElement(rootNode, { prefixes: new Map(), defaultNs: undefined }, 1);
    return { ok: true, root };
  } catch (error) {
    if (error instanceof XmlReadError) return { ok: false, reason: error.message };
    // Unexpected failures inside the XML library are still the sender's malformed input to us.
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: `The message is not well-formed XML: ${message}` };
  }
}
