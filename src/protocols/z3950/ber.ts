/**
 * A small BER (X.690 Basic Encoding Rules) encoder and decoder, enough for Z39.50.
 *
 * Encoding always uses definite lengths (short or long form) and high tag numbers (> 30) in the
 * multi-byte form. Decoding accepts definite and indefinite lengths. Malformed or truncated
 * input raises a `BerError` (never anything else); `frameLength` tells a stream reader whether a
 * complete element is buffered yet.
 */

export type TagClass = 'universal' | 'application' | 'context' | 'private';

export interface BerNode {
  cls: TagClass;
  tag: number;
  constructed: boolean;
  /** Content octets of a primitive element (empty for constructed ones). */
  value: Buffer;
  /** Child elements of a constructed element (empty for primitive ones). */
  children: BerNode[];
}

export type BerErrorCode = 'truncated' | 'malformed' | 'too-deep' | 'range';

export class BerError extends Error {
  override readonly name = 'BerError';
  constructor(
    readonly code: BerErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const CLASS_BITS: Record<TagClass, number> = { universal: 0x00, application: 0x40, context: 0x80, private: 0xc0 };
const CLASSES: readonly TagClass[] = ['universal', 'application', 'context', 'private'];
const MAX_DEPTH = 64;

/** Universal tag numbers used here. */
export const UNIVERSAL = {
  BOOLEAN: 1,
  INTEGER: 2,
  BIT_STRING: 3,
  OCTET_STRING: 4,
  NULL: 5,
  OID: 6,
  EXTERNAL: 8,
  SEQUENCE: 16,
  VISIBLE_STRING: 26,
  GENERAL_STRING: 27,
} as const;

// ---------------------------------------------------------------------------------------------
// Building nodes

export function primitive(cls: TagClass, tag: number, value: Buffer): BerNode {
  return { cls, tag, constructed: false, value, children: [] };
}

export function constructed(cls: TagClass, tag: number, children: BerNode[]): BerNode {
  return { cls, tag, constructed: true, value: Buffer.alloc(0), children };
}

export const ctx = {
  int: (tag: number, n: number): BerNode => primitive('context', tag, integerContent(n)),
  bool: (tag: number, b: boolean): BerNode => primitive('context', tag, Buffer.from([b ? 0xff : 0x00])),
  str: (tag: number, s: string): BerNode => primitive('context', tag, Buffer.from(s, 'utf8')),
  octets: (tag: number, b: Buffer): BerNode => primitive('context', tag, b),
  oid: (tag: number, oid: string): BerNode => primitive('context', tag, oidContent(oid)),
  bits: (tag: number, bits: readonly number[], length: number): BerNode => primitive('context', tag, bitStringContent(bits, length)),
  seq: (tag: number, children: BerNode[]): BerNode => constructed('context', tag, children),
};

export const uni = {
  int: (n: number): BerNode => primitive('universal', UNIVERSAL.INTEGER, integerContent(n)),
  oid: (oid: string): BerNode => primitive('universal', UNIVERSAL.OID, oidContent(oid)),
  octets: (b: Buffer): BerNode => primitive('universal', UNIVERSAL.OCTET_STRING, b),
  seq: (children: BerNode[]): BerNode => constructed('universal', UNIVERSAL.SEQUENCE, children),
};

// ---------------------------------------------------------------------------------------------
// Content encoders

export function integerContent(n: number): Buffer {
  if (!Number.isSafeInteger(n)) throw new BerError('range', `not a safe integer: ${n}`);
  const bytes: number[] = [];
  let v = BigInt(n);
  for (;;) {
    const byte = Number(v & 0xffn);
    bytes.unshift(byte);
    v >>= 8n;
    // Stop when the remaining value is pure sign extension of the byte just written.
    if ((v === 0n && (byte & 0x80) === 0) || (v === -1n && (byte & 0x80) !== 0)) break;
  }
  return Buffer.from(bytes);
}

export function oidContent(oid: string): Buffer {
  const arcs = oid.split('.').map((s) => {
    if (!/^\d+$/.test(s)) throw new BerError('range', `bad OID ${oid}`);
    return Number(s);
  });
  const [first, second, ...rest] = arcs;
  if (first === undefined || second === undefined || first > 2 || (first < 2 && second > 39)) {
    throw new BerError('range', `bad OID ${oid}`);
  }
  const out: number[] = [];
  for (const arc of [first * 40 + second, ...rest]) {
    if (!Number.isSafeInteger(arc)) throw new BerError('range', `bad OID ${oid}`);
    out.push(...base128(arc));
  }
  return Buffer.from(out);
}

/** Named-bit BIT STRING content: `bits` lists the bit numbers set, `length` the bits in total. */
export function bitStringContent(bits: readonly number[], length: number): Buffer {
  const bytes = Buffer.alloc(Math.ceil(length / 8));
  for (const bit of bits) {
    if (bit < 0 || bit >= length) throw new BerError('range', `bit ${bit} out of range`);
    const index = Math.floor(bit / 8);
    bytes[index] = (bytes[index] ?? 0) | (0x80 >> (bit % 8));
  }
  return Buffer.concat([Buffer.from([bytes.length * 8 - length]), bytes]);
}

function base128(n: number): number[] {
  const out = [n % 128];
  let v = Math.floor(n / 128);
  while (v > 0) {
    out.unshift((v % 128) | 0x80);
    v = Math.floor(v / 128);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Encoding

export function encode(node: BerNode): Buffer {
  const content = node.constructed ? Buffer.concat(node.children.map(encode)) : node.value;
  return Buffer.concat([identifier(node.cls, node.tag, node.constructed), lengthOctets(content.length), content]);
}

function identifier(cls: TagClass, tag: number, isConstructed: boolean): Buffer {
  if (!Number.isSafeInteger(tag) || tag < 0) throw new BerError('range', `bad tag ${tag}`);
  const first = CLASS_BITS[cls] | (isConstructed ? 0x20 : 0);
  if (tag < 31) return Buffer.from([first | tag]);
  return Buffer.from([first | 0x1f, ...base128(tag)]);
}

function lengthOctets(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  let v = length;
  while (v > 0) {
    bytes.unshift(v & 0xff);
    v = Math.floor(v / 256);
  }
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

// ---------------------------------------------------------------------------------------------
// Decoding

interface Header {
  cls: TagClass;
  tag: number;
  constructed: boolean;
  /** Offset of the first content octet. */
  contentStart: number;
  /** Content length, or null for the indefinite form. */
  length: number | null;
}

function readHeader(buf: Buffer, offset: number): Header {
  const first = buf[offset];
  if (first === undefined) throw new BerError('truncated', 'missing identifier octet');
  const cls = CLASSES[first >> 6] ?? 'universal';
  const isConstructed = (first & 0x20) !== 0;
  let tag = first & 0x1f;
  let pos = offset + 1;
  if (tag === 0x1f) {
    tag = 0;
    for (let count = 0; ; count++) {
      const b = buf[pos++];
      if (b === undefined) throw new BerError('truncated', 'truncated tag number');
      if (count === 0 && b === 0x80) throw new BerError('malformed', 'tag number with leading zero');
      if (count >= 7) throw new BerError('range', 'tag number too large');
      tag = tag * 128 + (b & 0x7f);
      if ((b & 0x80) === 0) break;
    }
  }
  const l = buf[pos++];
  if (l === undefined) throw new BerError('truncated', 'missing length octet');
  if (l === 0x80) {
    if (!isConstructed) throw new BerError('malformed', 'indefinite length on a primitive element');
    return { cls, tag, constructed: isConstructed, contentStart: pos, length: null };
  }
  if (l === 0xff) throw new BerError('malformed', 'reserved length octet 0xff');
  if ((l & 0x80) === 0) return { cls, tag, constructed: isConstructed, contentStart: pos, length: l };
  const n = l & 0x7f;
  if (n > 6) throw new BerError('range', `length of ${n} octets is too large`);
  let length = 0;
  for (let i = 0; i < n; i++) {
    const b = buf[pos++];
    if (b === undefined) throw new BerError('truncated', 'truncated length');
    length = length * 256 + b;
  }
  return { cls, tag, constructed: isConstructed, contentStart: pos, length };
}

/** Decodes the element at `offset`; returns it and the offset just past it. */
export function decodeAt(buf: Buffer, offset = 0, depth = 0): { node: BerNode; end: number } {
  if (depth > MAX_DEPTH) throw new BerError('too-deep', `nesting deeper than ${MAX_DEPTH}`);
  const h = readHeader(buf, offset);
  if (h.length === null) {
    const children: BerNode[] = [];
    let pos = h.contentStart;
    for (;;) {
      if (pos + 2 > buf.length) throw new BerError('truncated', 'missing end-of-contents');
      if (buf[pos] === 0 && buf[pos + 1] === 0) return { node: constructed(h.cls, h.tag, children), end: pos + 2 };
      const child = decodeAt(buf, pos, depth + 1);
      children.push(child.node);
      pos = child.end;
    }
  }
  const end = h.contentStart + h.length;
  if (end > buf.length) throw new BerError('truncated', `element needs ${end - offset} octets, ${buf.length - offset} available`);
  if (!h.constructed) {
    return { node: primitive(h.cls, h.tag, buf.subarray(h.contentStart, end)), end };
  }
  const children: BerNode[] = [];
  let pos = h.contentStart;
  while (pos < end) {
    const child = decodeAt(buf.subarray(0, end), pos, depth + 1);
    children.push(child.node);
    pos = child.end;
  }
  return { node: constructed(h.cls, h.tag, children), end };
}

/** Decodes exactly one element filling `buf`. */
export function decode(buf: Buffer): BerNode {
  const { node, end } = decodeAt(buf, 0);
  if (end !== buf.length) throw new BerError('malformed', `${buf.length - end} trailing octets`);
  return node;
}

/**
 * Total octets of the first element in `buf` if it is complete, `null` if more input is needed.
 * Throws `BerError` ('malformed'/'range'/'too-deep') when the input can never become valid.
 */
export function frameLength(buf: Buffer): number | null {
  try {
    const h = readHeader(buf, 0);
    if (h.length !== null) return h.contentStart + h.length <= buf.length ? h.contentStart + h.length : null;
    return decodeAt(buf, 0).end;
  } catch (e) {
    if (e instanceof BerError && e.code === 'truncated') return null;
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Content decoders

export function decodeInteger(node: BerNode): number {
  const v = node.value;
  if (node.constructed || v.length === 0) throw new BerError('malformed', 'bad INTEGER');
  if (v.length > 7) throw new BerError('range', 'INTEGER too large');
  const n = BigInt.asIntN(v.length * 8, BigInt(`0x${v.toString('hex')}`));
  if (n > BigInt(Number.MAX_SAFE_INTEGER) || n < BigInt(Number.MIN_SAFE_INTEGER)) throw new BerError('range', 'INTEGER too large');
  return Number(n);
}

export function decodeBoolean(node: BerNode): boolean {
  if (node.constructed || node.value.length !== 1) throw new BerError('malformed', 'bad BOOLEAN');
  return node.value[0] !== 0;
}

export function decodeOid(node: BerNode): string {
  const v = node.value;
  if (node.constructed || v.length === 0) throw new BerError('malformed', 'bad OBJECT IDENTIFIER');
  const arcs: number[] = [];
  let n = 0;
  for (let i = 0; i < v.length; i++) {
    const b = v[i] ?? 0;
    n = n * 128 + (b & 0x7f);
    if (!Number.isSafeInteger(n)) throw new BerError('range', 'OID arc too large');
    if ((b & 0x80) === 0) {
      arcs.push(n);
      n = 0;
    } else if (i === v.length - 1) {
      throw new BerError('malformed', 'truncated OID arc');
    }
  }
  const [first = 0, ...rest] = arcs;
  const head = first < 80 ? [Math.floor(first / 40), first % 40] : [2, first - 80];
  return [...head, ...rest].join('.');
}

/** Bit numbers set in a BIT STRING. */
export function decodeBitString(node: BerNode): number[] {
  const v = node.value;
  if (node.constructed || v.length === 0) throw new BerError('malformed', 'bad BIT STRING');
  const unused = v[0] ?? 0;
  if (unused > 7) throw new BerError('malformed', 'bad BIT STRING padding');
  const total = (v.length - 1) * 8 - unused;
  const bits: number[] = [];
  for (let bit = 0; bit < total; bit++) {
    if (((v[1 + Math.floor(bit / 8)] ?? 0) & (0x80 >> (bit % 8))) !== 0) bits.push(bit);
  }
  return bits;
}

/** Text of a primitive string element (constructed strings are concatenated). */
export function decodeString(node: BerNode): string {
  return octets(node).toString('utf8');
}

export function octets(node: BerNode): Buffer {
  if (!node.constructed) return node.value;
  return Buffer.concat(node.children.map(octets));
}

// ---------------------------------------------------------------------------------------------
// Lookup helpers

export function find(node: BerNode, cls: TagClass, tag: number): BerNode | undefined {
  return node.children.find((c) => c.cls === cls && c.tag === tag);
}

export function findCtx(node: BerNode, tag: number): BerNode | undefined {
  return find(node, 'context', tag);
}

export function describe(node: BerNode): string {
  return `[${node.cls} ${node.tag}${node.constructed ? ' constructed' : ''}]`;
}
