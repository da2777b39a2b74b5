/**
 * Hostile variants of a protocol XML message, for POST /iso18626 and POST /ncip: structural
 * mutations (truncation, element duplication, removal, reordering, values swapped between
 * fields), byte-level damage (flips, invalid UTF-8, UTF-16 and BOMs), entity attacks (billion
 * laughs, XXE, parameter entities), deep nesting, huge text and attributes on both sides of the
 * 1 MiB body cap, and transport abuse (wrong content types, empty bodies).
 */
import { int, pick, type Random } from './run.js';

export interface XmlCase {
  label: string;
  body: string | Buffer;
  /** undefined: no Content-Type header at all. */
  contentType: string | undefined;
}

/** The body cap of every protocol endpoint (src/http/routes/*.ts). */
export const BODY_CAP = 1024 * 1024;

const XML_TYPES = ['application/xml', 'text/xml', 'application/xml; charset=utf-8', 'text/xml; charset=UTF-8', 'application/iso18626+xml'];
const WRONG_TYPES = ['application/json', 'text/plain', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'text/html', 'application/octet-stream', 'xml', ';;;', 'application/xml-dtd'];

/** Leaf elements (no child elements): `<p:name attrs>text</p:name>`. */
const LEAF = /<((?:[\w.-]+:)?[\w.-]+)(\s[^<>]*)?>([^<]*)<\/\1\s*>/g;

interface Span {
  start: number;
  end: number;
  name: string;
  text: string;
}

function leaves(xml: string): Span[] {
  return [...xml.matchAll(LEAF)].map((m) => ({ start: m.index, end: m.index + m[0].length, name: m[1] ?? '', text: m[3] ?? '' }));
}

/** Elements with children too: from an opening tag to the first matching closing tag (good enough to damage). */
function anyElement(r: Random, xml: string): Span | undefined {
  const opens = [...xml.matchAll(/<((?:[\w.-]+:)?[\w.-]+)(\s[^<>]*)?>/g)];
  if (opens.length === 0) return undefined;
  const open = pick(r, opens);
  const name = open[1] ?? '';
  const close = xml.indexOf(`</${name}>`, open.index);
  if (close < 0) return undefined;
  return { start: open.index, end: close + name.length + 3, name, text: '' };
}

const SPECIALS = ['<', '>', '&', '&amp;', '&#0;', '&#x1F;', '&#xD800;', '&unknown;', ']]>', '<![CDATA[x]]>', '<!-- c -->', '<?pi x?>', '"', "'", '\u0000', '\u0001', '\uFFFE', '\uD800', '😀', '<__proto__/>', '<constructor>x</constructor>', 'xmlns:ns1="urn:evil"', '<x:y xmlns:x="urn:x"/>', '\r\n', ' '.repeat(100)];

const BOMBS: Record<string, (root: string) => string> = {
  billionLaughs: (root) =>
    `<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;"><!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">]>\n${root.replace(/>([^<]{1,40})</, '>&lol5;<')}`,
  xxeFile: (root) => `<?xml version="1.0"?>\n<!DOCTYPE m [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n${root.replace(/>([^<]{1,40})</, '>&xxe;<')}`,
  xxeHttp: (root) => `<?xml version="1.0"?>\n<!DOCTYPE m [<!ENTITY xxe SYSTEM "http://127.0.0.1:9/steal">]>\n${root.replace(/>([^<]{1,40})</, '>&xxe;<')}`,
  parameterEntity: (root) => `<?xml version="1.0"?>\n<!DOCTYPE m [<!ENTITY % p SYSTEM "http://127.0.0.1:9/evil.dtd"> %p; <!ENTITY % q "<!ENTITY r 'x'>"> %q;]>\n${root}`,
  externalDtd: (root) => `<?xml version="1.0"?>\n<!DOCTYPE m SYSTEM "file:///etc/passwd">\n${root}`,
  quadraticBlowup: (root) => `<?xml version="1.0"?>\n<!DOCTYPE m [<!ENTITY a "${'a'.repeat(50_000)}">]>\n${root.replace(/>([^<]{1,40})</, `>${'&a;'.repeat(5_000)}<`)}`,
  entityInAttribute: (root) => `<!DOCTYPE m [<!ENTITY e "&#38;#60;x/&#62;">]>${root.replace(/(<[\w:]+\s)/, '$1a="&e;" ')}`,
};

function stripProlog(xml: string): string {
  return xml.replace(/^\uFEFF?<\?xml[^>]*\?>\s*/, '');
}

function insertInside(xml: string, r: Random, fragment: string): string {
  const spans = leaves(xml);
  if (spans.length === 0) return xml + fragment;
  const at = pick(r, spans);
  return xml.slice(0, at.end) + fragment + xml.slice(at.end);
}

/** Random letters: a repeated character compresses to nothing and would hide size limits in the database. */
function randomLetters(r: Random, length: number): string {
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  const out = new Array<string>(length);
  for (let i = 0; i < length; i++) out[i] = letters[int(r, letters.length)] as string;
  return out.join('');
}

/** Text so that the whole body lands just under or just over the cap. */
function padTo(xml: string, r: Random, total: number, asAttribute: boolean): string {
  const spans = leaves(xml);
  const span = spans.length > 0 ? pick(r, spans) : undefined;
  const room = Math.max(0, total - Buffer.byteLength(xml, 'utf8'));
  const filler = randomLetters(r, room);
  if (!span) return xml + filler;
  if (asAttribute) {
    const tagEnd = xml.indexOf('>', span.start);
    return `${xml.slice(0, tagEnd)} huge="${filler.slice(8)}"${xml.slice(tagEnd)}`;
  }
  const textStart = xml.indexOf('>', span.start) + 1;
  return xml.slice(0, textStart) + filler + xml.slice(textStart);
}

export type Mutation = (xml: string, r: Random) => { label: string; body: string | Buffer; contentType?: string | undefined };

/** Mutations that keep the body text (they can be chained). */
const TEXT_MUTATIONS: Record<string, (xml: string, r: Random) => string> = {
  truncate: (xml, r) => xml.slice(0, int(r, xml.length)),
  duplicateElement: (xml, r) => {
    const el = anyElement(r, xml);
    return el ? xml.slice(0, el.end) + xml.slice(el.start, el.end) + xml.slice(el.end) : xml;
  },
  removeElement: (xml, r) => {
    const el = anyElement(r, xml);
    return el ? xml.slice(0, el.start) + xml.slice(el.end) : xml;
  },
  reorderElements: (xml, r) => {
    const spans = leaves(xml);
    if (spans.length < 2) return xml;
    const i = int(r, spans.length - 1);
    const a = spans[i] as Span;
    const b = spans[i + 1 + int(r, Math.min(3, spans.length - i - 1))] as Span;
    return xml.slice(0, a.start) + xml.slice(b.start, b.end) + xml.slice(a.end, b.start) + xml.slice(a.start, a.end) + xml.slice(b.end);
  },
  swapValues: (xml, r) => {
    const spans = leaves(xml);
    if (spans.length < 2) return xml;
    const a = pick(r, spans);
    const b = pick(r, spans);
    if (a === b) return xml;
    const [first, second] = a.start < b.start ? [a, b] : [b, a];
    const swap = (s: Span, text: string) => xml.slice(s.start, s.end).replace(`>${s.text}<`, `>${text}<`);
    return xml.slice(0, first.start) + swap(first, second.text) + xml.slice(first.end, second.start) + swap(second, first.text) + xml.slice(second.end);
  },
  renameElement: (xml, r) => {
    const spans = leaves(xml);
    if (spans.length === 0) return xml;
    const s = pick(r, spans);
    const other = pick(r, ['colour', 'x', s.name.toUpperCase(), `${s.name}Extra`, 'ns9:title', 'Ext']);
    return xml.slice(0, s.start) + `<${other}>${s.text}</${other}>` + xml.slice(s.end);
  },
  specials: (xml, r) => {
    const at = int(r, xml.length + 1);
    return xml.slice(0, at) + pick(r, SPECIALS) + xml.slice(at);
  },
  replaceValue: (xml, r) => {
    const spans = leaves(xml);
    if (spans.length === 0) return xml;
    const s = pick(r, spans);
    const value = pick(r, ['', ' ', '-1', '0', '99999999999999999999', '2026-13-45T25:61:61Z', 'NaN', 'true', 'x'.repeat(5000), '&lt;script&gt;', 'null', '__proto__', '1e309', 'ÿþ']);
    return xml.slice(0, s.start) + xml.slice(s.start, s.end).replace(`>${s.text}<`, `>${value}<`) + xml.slice(s.end);
  },
  attributeNoise: (xml, r) => xml.replace(/<([\w:.-]+)(\s|>)/, (_m, name: string, after: string) => `<${name} ${pick(r, ['a="1" a="2"', 'xmlns=""', 'xmlns:ns1="urn:other"', 'ns1:version="9.9"', 'x:y="z"', `z="${'"'.repeat(3)}"`])}${after}`),
};

function encodeUtf16(xml: string, bigEndian: boolean): Buffer {
  const le = Buffer.from(`\uFEFF${xml.replace(/encoding="[^"]*"/, 'encoding="UTF-16"')}`, 'utf16le');
  if (!bigEndian) return le;
  const be = Buffer.alloc(le.length);
  for (let i = 0; i + 1 < le.length; i += 2) {
    be[i] = le[i + 1] as number;
    be[i + 1] = le[i] as number;
  }
  return be;
}

const INVALID_UTF8 = [[0xc3, 0x28], [0xff], [0xfe, 0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0x80]];

/** Mutations that end the chain: they change bytes, transport or wrap the whole document. */
const FINAL_MUTATIONS: Record<string, Mutation> = {
  byteFlip: (xml, r) => {
    const bytes = Buffer.from(xml, 'utf8');
    for (let n = 1 + int(r, 4); n > 0 && bytes.length > 0; n--) {
      const i = int(r, bytes.length);
      bytes[i] = (bytes[i] as number) ^ (1 << int(r, 8));
    }
    return { label: 'byteFlip', body: bytes };
  },
  invalidUtf8: (xml, r) => {
    const bytes = Buffer.from(xml, 'utf8');
    const at = int(r, bytes.length + 1);
    return { label: 'invalidUtf8', body: Buffer.concat([bytes.subarray(0, at), Buffer.from(pick(r, INVALID_UTF8)), bytes.subarray(at)]) };
  },
  utf16: (xml, r) => ({ label: 'utf16', body: encodeUtf16(xml, r() < 0.5) }),
  bom: (xml, r) => {
    const kind = pick(r, ['utf8Bom', 'utf8BomDeclaredUtf16', 'utf16BomOnly', 'doubleBom']);
    if (kind === 'utf8Bom') return { label: 'bom', body: `\uFEFF${xml}` };
    if (kind === 'utf8BomDeclaredUtf16') return { label: 'bom', body: `\uFEFF${xml.replace(/encoding="[^"]*"/, 'encoding="UTF-16"')}` };
    if (kind === 'utf16BomOnly') return { label: 'bom', body: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, 'utf8')]) };
    return { label: 'bom', body: `\uFEFF\uFEFF${xml}` };
  },
  entityBomb: (xml, r) => {
    const name = pick(r, Object.keys(BOMBS));
    return { label: `bomb:${name}`, body: (BOMBS[name] as (root: string) => string)(stripProlog(xml)) };
  },
  deepNesting: (xml, r) => {
    const depth = pick(r, [10_000, 1_000, 200]);
    const tag = pick(r, ['a', 'ns1:title', 'Ext']);
    return { label: 'deepNesting', body: insertInside(xml, r, `<${tag}>`.repeat(depth) + `</${tag}>`.repeat(depth)) };
  },
  hugeUnderCap: (xml, r) => ({ label: 'hugeUnderCap', body: padTo(xml, r, BODY_CAP - 200 - int(r, 2000), r() < 0.5) }),
  hugeOverCap: (xml, r) => ({ label: 'hugeOverCap', body: padTo(xml, r, BODY_CAP + 1 + int(r, 4096), r() < 0.5) }),
  manyElements: (xml, r) => ({ label: 'manyElements', body: insertInside(xml, r, '<x/>'.repeat(50_000)) }),
  wrongContentType: (xml, r) => ({ label: 'wrongContentType', body: xml, contentType: pick(r, WRONG_TYPES) }),
  noContentType: (xml) => ({ label: 'noContentType', body: xml, contentType: undefined }),
  emptyBody: (_xml, r) => ({ label: 'emptyBody', body: pick(r, ['', ' ', '\n', '\uFEFF', '<?xml version="1.0"?>']) }),
  notXml: (_xml, r) => ({ label: 'notXml', body: pick(r, ['{"request":{}}', 'hello', '<html><body>hi</body></html>', '\u0000\u0000', '<a>', '</a>', '<<<<', 'a=b&c=d']) }),
};

/**
 * One hostile case made from `seed`: 1–3 text mutations (sometimes none: the seed as it is),
 * then sometimes one final mutation. Rare expensive ones (huge bodies, bombs, deep nesting) are
 * kept rare so 10,000 cases stay within the CI budget.
 */
export function mutateXml(seed: string, r: Random, extraTextMutations: Record<string, (xml: string, r: Random) => string> = {}): XmlCase {
  const textMutations = { ...TEXT_MUTATIONS, ...extraTextMutations };
  const roll = r();
  let xml = seed;
  const labels: string[] = [];
  if (roll >= 0.15) {
    for (let n = 1 + int(r, 3); n > 0; n--) {
      const name = pick(r, Object.keys(textMutations));
      xml = (textMutations[name] as (xml: string, r: Random) => string)(xml, r);
      labels.push(name);
    }
  }
  const contentType = pick(r, XML_TYPES);
  if (r() < 0.3) {
    const expensive = ['hugeUnderCap', 'hugeOverCap', 'deepNesting', 'manyElements', 'entityBomb'];
    const cheap = Object.keys(FINAL_MUTATIONS).filter((m) => !expensive.includes(m));
    const name = r() < 0.15 ? pick(r, expensive) : pick(r, cheap);
    const out = (FINAL_MUTATIONS[name] as Mutation)(xml, r);
    return { label: out.label, body: out.body, contentType: 'contentType' in out ? out.contentType : contentType };
  }
  return { label: labels.length === 0 ? 'seed' : (labels.length === 1 ? (labels[0] as string) : 'chain'), body: xml, contentType };
}
