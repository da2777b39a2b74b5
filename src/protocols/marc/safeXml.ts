/**
 * Hostile-input-safe XML parsing for MARCXML and SRU responses.
 *
 * fast-xml-parser runs with entity processing OFF and any DOCTYPE / ENTITY declaration is refused
 * before parsing (no entity expansion, no external fetches, no billion laughs). The five predefined
 * XML entities and numeric character references are decoded here, explicitly.
 *
 * Element names keep their prefixes (`zs:record`); use `localName()` to compare. Namespace
 * declarations stay as attributes, so a subtree can be re-serialised faithfully (`serialise`).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface XmlElement {
  /** Qualified name as written (`zs:record`, `record`). */
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
}
export type XmlNode = XmlElement | string;

export class XmlRefusedError extends Error {
  override readonly name = 'XmlRefusedError';
  constructor(
    readonly reason: 'doctype' | 'malformed' | 'empty' | 'too-deep',
    message: string,
  ) {
    super(message);
  }
}

const MAX_DEPTH = 200;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  commentPropName: false,
  removeNSPrefix: false,
});

export function localName(qname: string): string {
  const i = qname.indexOf(':');
  return i < 0 ? qname : qname.slice(i + 1);
}

export function decodeXmlText(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_m, ent: string) => {
    switch (ent) {
      case 'amp':
        return '&';
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
      default: {
        const cp = ent.startsWith('#x') ? parseInt(ent.slice(2), 16) : parseInt(ent.slice(1), 10);
        if (!Number.isFinite(cp) || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return '\uFFFD';
        return String.fromCodePoint(cp);
      }
    }
  });
}

export function escapeXmlText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
export function escapeXmlAttr(s: string): string {
  return escapeXmlText(s).replace(/"/g, '&quot;');
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function convert(nodes: unknown, depth: number): XmlNode[] {
  if (depth > MAX_DEPTH) throw new XmlRefusedError('too-deep', `XML nested deeper than ${MAX_DEPTH}`);
  if (!Array.isArray(nodes)) return [];
  const out: XmlNode[] = [];
  for (const n of nodes as unknown[]) {
    if (!isRecord(n)) continue;
    for (const [key, value] of Object.entries(n)) {
      if (key === ':@') continue;
      if (key === '#text') {
        out.push(decodeXmlText(typeof value === 'string' ? value : String(value)));
        continue;
      }
      if (key.startsWith('?') || key === '#comment') continue;
      const attrs: Record<string, string> = {};
      const rawAttrs = n[':@'];
      if (isRecord(rawAttrs)) {
        for (const [an, av] of Object.entries(rawAttrs)) {
          if (typeof av === 'string') attrs[an] = decodeXmlText(av);
        }
      }
      out.push({ name: key, attrs, children: convert(value, depth + 1) });
    }
  }
  return out;
}

/** Parses a whole document and returns its root element. Throws `XmlRefusedError` only. */
export function parseXmlDocument(xml: string): XmlElement {
  if (xml.trim() === '') throw new XmlRefusedError('empty', 'empty document');
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new XmlRefusedError('doctype', 'DOCTYPE / ENTITY declarations are refused');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new XmlRefusedError('malformed', `not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
  }
  let parsed: unknown;
  try {
    parsed = parser.parse(xml);
  } catch (e) {
    throw new XmlRefusedError('malformed', `not well-formed XML: ${e instanceof Error ? e.message : String(e)}`);
  }
  const roots = convert(parsed, 0).filter((n): n is XmlElement => typeof n !== 'string');
  const root = roots[0];
  if (!root || roots.length > 1) throw new XmlRefusedError('malformed', 'document must have exactly one root element');
  return root;
}

export function childElements(el: XmlElement, local?: string): XmlElement[] {
  return el.children.filter((c): c is XmlElement => typeof c !== 'string' && (local === undefined || localName(c.name) === local));
}
export function firstChild(el: XmlElement, local: string): XmlElement | undefined {
  return childElements(el, local)[0];
}
export function textOf(el: XmlElement | undefined): string {
  if (!el) return '';
  return el.children.map((c) => (typeof c === 'string' ? c : textOf(c))).join('');
}

/** Serialises an element; `inherited` namespace declarations are added to the root when not redeclared. */
export function serialise(el: XmlElement, inherited: Record<string, string> = {}): string {
  const attrs: Record<string, string> = { ...el.attrs };
  for (const [k, v] of Object.entries(inherited)) if (!(k in attrs)) attrs[k] = v;
  const a = Object.entries(attrs)
    .map(([k, v]) => ` ${k}="${escapeXmlAttr(v)}"`)
    .join('');
  if (el.children.length === 0) return `<${el.name}${a}/>`;
  const inner = el.children.map((c) => (typeof c === 'string' ? escapeXmlText(c) : serialise(c))).join('');
  return `<${el.name}${a}>${inner}</${el.name}>`;
}

export function namespaceDecls(el: XmlElement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(el.attrs)) if (k === 'xmlns' || k.startsWith('xmlns:')) out[k] = v;
  return out;
}
