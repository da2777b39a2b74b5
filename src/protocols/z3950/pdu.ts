/**
 * Z39.50 (ANSI/NISO Z39.50-2003, protocol version 3) PDUs: building requests and reading
 * responses. Wire format only.
 */
import {
  BerError,
  type BerNode,

  ctx,
  decodeBitString,
  decodeBoolean,
  decodeInteger,
  decodeOid,
  decodeString,
  describe,
  find,
  findCtx,
  octets,

  uni,
  UNIVERSAL,
} from './ber.js';

export const OID = {
  BIB1_ATTRIBUTES: '1.2.840.10003.3.1',
  BIB1_DIAGNOSTICS: '1.2.840.10003.4.1',
  USMARC: '1.2.840.10003.5.10',
  OPAC: '1.2.840.10003.5.102',
} as const;

export const PDU_TAG = {
  initRequest: 20,
  initResponse: 21,
  searchRequest: 22,
  searchResponse: 23,
  presentRequest: 24,
  presentResponse: 25,
  close: 48,
} as const;

/** Bib-1 use attributes for the match fields. */
export const BIB1_USE = {
  title: 4,
  isbn: 7,
  issn: 8,
  lccn: 9,
  controlNumber: 12,
  oclc: 1211,
  author: 1003,
} as const;
export type UseName = keyof typeof BIB1_USE;

export interface Z3950Diagnostic {
  code: number;
  message: string;
  addinfo?: string;
  /** Diagnostic set OID (normally Bib-1, 1.2.840.10003.4.1). */
  diagnosticSet?: string;
}

/** Bib-1 attribute types 2–6 (relation, position, structure, truncation, completeness). */
export interface TermAttributes {
  relation?: number;
  position?: number;
  structure?: number;
  truncation?: number;
  completeness?: number;
}

export interface RpnTerm {
  use: UseName | number;
  term: string;
  /** Overrides of the defaults from `defaultAttributes`. */
  attributes?: TermAttributes;
}

/**
 * Defaults: identifiers are equality (3) phrases (structure 1) at any position (3);
 * title and author are equality word lists (structure 6) at any position.
 */
export function defaultAttributes(use: UseName | number): TermAttributes {
  const words = use === 'title' || use === 'author' || use === BIB1_USE.title || use === BIB1_USE.author;
  return { relation: 3, position: 3, structure: words ? 6 : 1 };
}

// ---------------------------------------------------------------------------------------------
// Requests

const referenceId = (id: Buffer | undefined): BerNode[] => (id ? [ctx.octets(2, id)] : []);

export interface InitRequestOptions {
  referenceId?: Buffer;
  preferredMessageSize: number;
  exceptionalRecordSize: number;
  implementationName?: string;
  implementationVersion?: string;
}

export function initRequest(o: InitRequestOptions): BerNode {
  return ctx.seq(PDU_TAG.initRequest, [
    ...referenceId(o.referenceId),
    ctx.bits(3, [0, 1, 2], 3), // versions 1, 2 and 3
    ctx.bits(4, [0, 1], 16), // search, present
    ctx.int(5, o.preferredMessageSize),
    ctx.int(6, o.exceptionalRecordSize),
    ctx.str(110, 'Interlend'),
    ctx.str(111, o.implementationName ?? 'Interlend Z39.50 client'),
    ctx.str(112, o.implementationVersion ?? '0.1.0'),
  ]);
}

function attributeElement(type: number, value: number): BerNode {
  return uni.seq([ctx.int(120, type), ctx.int(121, value)]);
}

export function rpnQuery(t: RpnTerm): BerNode {
  const use = typeof t.use === 'number' ? t.use : BIB1_USE[t.use];
  const a = { ...defaultAttributes(t.use), ...t.attributes };
  const attrs = [attributeElement(1, use)];
  const types: [keyof TermAttributes, number][] = [
    ['relation', 2],
    ['position', 3],
    ['structure', 4],
    ['truncation', 5],
    ['completeness', 6],
  ];
  for (const [name, type] of types) {
    const v = a[name];
    if (v !== undefined) attrs.push(attributeElement(type, v));
  }
  const apt = ctx.seq(102, [ctx.seq(44, attrs), ctx.octets(45, Buffer.from(t.term, 'utf8'))]);
  // Query ::= type-1 [1] IMPLICIT RPNQuery; RPNStructure op [0] (explicit) Operand.
  return ctx.seq(1, [uni.oid(OID.BIB1_ATTRIBUTES), ctx.seq(0, [apt])]);
}

export interface SearchRequestOptions {
  referenceId?: Buffer;
  databases: readonly string[];
  resultSetName: string;
  query: RpnTerm;
}

export function searchRequest(o: SearchRequestOptions): BerNode {
  return ctx.seq(PDU_TAG.searchRequest, [
    ...referenceId(o.referenceId),
    ctx.int(13, 0), // smallSetUpperBound: no records piggybacked
    ctx.int(14, 1), // largeSetLowerBound
    ctx.int(15, 0), // mediumSetPresentNumber
    ctx.bool(16, true), // replaceIndicator
    ctx.str(17, o.resultSetName),
    ctx.seq(
      18,
      o.databases.map((d) => ctx.str(105, d)),
    ),
    ctx.seq(21, [rpnQuery(o.query)]),
  ]);
}

export interface PresentRequestOptions {
  referenceId?: Buffer;
  resultSetName: string;
  start: number;
  count: number;
  syntaxOid: string;
  elementSetName?: string;
}

export function presentRequest(o: PresentRequestOptions): BerNode {
  return ctx.seq(PDU_TAG.presentRequest, [
    ...referenceId(o.referenceId),
    ctx.str(31, o.resultSetName),
    ctx.int(30, o.start),
    ctx.int(29, o.count),
    ctx.seq(19, [ctx.str(0, o.elementSetName ?? 'F')]),
    ctx.oid(104, o.syntaxOid),
  ]);
}

export function closeRequest(reason = 0): BerNode {
  return ctx.seq(PDU_TAG.close, [ctx.int(211, reason)]);
}

// ---------------------------------------------------------------------------------------------
// Responses

/** A response the client cannot make sense of. */
export class Z3950ProtocolError extends Error {
  override readonly name = 'Z3950ProtocolError';
}

function need(node: BerNode, tag: number, what: string): BerNode {
  const n = findCtx(node, tag);
  if (!n) throw new Z3950ProtocolError(`${what}: missing [${tag}]`);
  return n;
}

export interface InitResponse {
  accepted: boolean;
  versions: number[];
  options: number[];
  preferredMessageSize: number;
  exceptionalRecordSize: number;
  implementationId?: string;
  implementationName?: string;
  implementationVersion?: string;
}

const optString = (node: BerNode, tag: number): string | undefined => {
  const n = findCtx(node, tag);
  return n ? decodeString(n) : undefined;
};

export function readInitResponse(pdu: BerNode): InitResponse {
  return {
    accepted: decodeBoolean(need(pdu, 12, 'initResponse result')),
    versions: decodeBitString(need(pdu, 3, 'initResponse protocolVersion')).map((b) => b + 1),
    options: decodeBitString(need(pdu, 4, 'initResponse options')),
    preferredMessageSize: decodeInteger(need(pdu, 5, 'initResponse preferredMessageSize')),
    exceptionalRecordSize: decodeInteger(need(pdu, 6, 'initResponse exceptionalRecordSize')),
    implementationId: optString(pdu, 110),
    implementationName: optString(pdu, 111),
    implementationVersion: optString(pdu, 112),
  };
}

/** Short meanings of the common Bib-1 diagnostics; others get a generic message. */
const BIB1_MESSAGES: Record<number, string> = {
  1: 'Permanent system error',
  2: 'Temporary system error',
  3: 'Unsupported search',
  4: 'Terms only exclusion (stop) words',
  5: 'Too many argument words',
  13: 'Present request out-of-range',
  14: 'System error in presenting records',
  16: 'Record not authorized to be sent intersystem',
  17: 'Record exceeds Preferred-message-size',
  18: 'Record exceeds Exceptional-record-size',
  22: 'Result set not supported as a search term',
  25: 'Specified element set name not valid for specified database',
  30: 'Specified result set does not exist',
  100: 'Unspecified error',
  108: 'Malformed query',
  109: 'Database unavailable',
  114: 'Unsupported Use attribute',
  117: 'Unsupported Relation attribute',
  118: 'Unsupported Structure attribute',
  119: 'Unsupported Position attribute',
  120: 'Unsupported Truncation attribute',
  121: 'Unsupported Attribute Set',
  122: 'Unsupported Completeness attribute',
  123: 'Unsupported attribute combination',
  227: 'No data available in requested record syntax',
  235: 'Database does not exist',
  238: 'Record not available in requested syntax',
  239: 'Record syntax not supported',
};

export function bib1Message(code: number): string {
  return BIB1_MESSAGES[code] ?? `Bib-1 diagnostic ${code}`;
}

/** DefaultDiagFormat ::= SEQUENCE { diagnosticSetId OID, condition INTEGER, addinfo CHOICE {...} } */
export function readDefaultDiag(node: BerNode): Z3950Diagnostic {
  const set = find(node, 'universal', UNIVERSAL.OID);
  const condition = find(node, 'universal', UNIVERSAL.INTEGER);
  if (!condition) throw new Z3950ProtocolError('diagnostic without condition');
  const code = decodeInteger(condition);
  const info = node.children.find(
    (c) => c.cls === 'universal' && (c.tag === UNIVERSAL.VISIBLE_STRING || c.tag === UNIVERSAL.GENERAL_STRING),
  );
  const addinfo = info ? decodeString(info) : undefined;
  return {
    code,
    message: bib1Message(code),
    ...(addinfo ? { addinfo } : {}),
    ...(set ? { diagnosticSet: decodeOid(set) } : {}),
  };
}

/** DiagRec ::= CHOICE { defaultFormat DefaultDiagFormat, externallyDefined EXTERNAL } */
function readDiagRec(node: BerNode): Z3950Diagnostic {
  if (node.cls === 'universal' && node.tag === UNIVERSAL.SEQUENCE) return readDefaultDiag(node);
  return { code: 100, message: `diagnostic in an unsupported format ${describe(node)}` };
}

export interface OpacCirculation {
  availableNow?: boolean;
  availabilityDate?: string;
  itemId?: string;
  renewable?: boolean;
  onHold?: boolean;
  temporaryLocation?: string;
}

export interface OpacHolding {
  nucCode?: string;
  localLocation?: string;
  shelvingLocation?: string;
  callNumber?: string;
  copyNumber?: string;
  publicNote?: string;
  circulation: OpacCirculation[];
}

export type Z3950Record =
  | { kind: 'marc'; database?: string; syntax: string; data: Buffer }
  | { kind: 'opac'; database?: string; syntax: string; bibliographic?: Buffer; holdings: OpacHolding[] }
  | { kind: 'other'; database?: string; syntax?: string; data: Buffer }
  | { kind: 'diagnostic'; database?: string; diagnostic: Z3950Diagnostic };

interface External {
  directReference?: string;
  /** octet-aligned content */
  octets?: Buffer;
  /** single-ASN1-type content */
  single?: BerNode;
}

/** EXTERNAL content (given the node whose children are the EXTERNAL's fields). */
function readExternal(node: BerNode): External {
  const ref = find(node, 'universal', UNIVERSAL.OID);
  const single = findCtx(node, 0);
  const aligned = findCtx(node, 1);
  return {
    ...(ref ? { directReference: decodeOid(ref) } : {}),
    ...(aligned ? { octets: octets(aligned) } : {}),
    ...(single?.children[0] ? { single: single.children[0] } : {}),
  };
}

function readOpac(opac: BerNode, database: string | undefined, syntax: string): Z3950Record {
  const bib = findCtx(opac, 1);
  const holdingsData = findCtx(opac, 2);
  const holdings: OpacHolding[] = [];
  for (const h of holdingsData?.children ?? []) {
    if (h.cls !== 'context' || h.tag !== 2) continue; // only holdingsAndCirc
    const circ = findCtx(h, 19);
    holdings.push({
      nucCode: optString(h, 8),
      localLocation: optString(h, 9),
      shelvingLocation: optString(h, 10),
      callNumber: optString(h, 11),
      copyNumber: optString(h, 13),
      publicNote: optString(h, 14),
      circulation: (circ?.children ?? []).map((c) => {
        const avail = findCtx(c, 1);
        const renewable = findCtx(c, 6);
        const onHold = findCtx(c, 7);
        return {
          availableNow: avail ? decodeBoolean(avail) : undefined,
          availabilityDate: optString(c, 2),
          itemId: optString(c, 5),
          renewable: renewable ? decodeBoolean(renewable) : undefined,
          onHold: onHold ? decodeBoolean(onHold) : undefined,
          temporaryLocation: optString(c, 10),
        };
      }),
    });
  }
  const bibliographic = bib ? readExternal(bib).octets : undefined;
  return { kind: 'opac', database, syntax, ...(bibliographic ? { bibliographic } : {}), holdings };
}

/** NamePlusRecord ::= SEQUENCE { name [0] IMPLICIT DatabaseName OPTIONAL, record [1] CHOICE {...} } */
function readNamePlusRecord(npr: BerNode): Z3950Record {
  const name = findCtx(npr, 0);
  const database = name ? decodeString(name) : undefined;
  const rec = need(npr, 1, 'namePlusRecord record');
  const choice = rec.children[0];
  if (!choice) throw new Z3950ProtocolError('empty namePlusRecord record');
  if (choice.cls === 'context' && choice.tag === 2) {
    const diag = choice.children[0];
    if (!diag) throw new Z3950ProtocolError('empty surrogate diagnostic');
    return { kind: 'diagnostic', database, diagnostic: readDiagRec(diag) };
  }
  if (choice.cls !== 'context' || choice.tag !== 1) {
    return { kind: 'other', database, data: Buffer.alloc(0) };
  }
  // retrievalRecord [1] EXTERNAL: tolerate both explicit and implicit tagging.
  const ext = choice.children[0];
  const external = readExternal(ext && ext.cls === 'universal' && ext.tag === UNIVERSAL.EXTERNAL ? ext : choice);
  const syntax = external.directReference;
  if (syntax === OID.OPAC && external.single) return readOpac(external.single, database, syntax);
  if (external.octets && syntax !== undefined && syntax.startsWith('1.2.840.10003.5.') && syntax !== OID.OPAC) {
    return { kind: 'marc', database, syntax, data: external.octets };
  }
  return { kind: 'other', database, ...(syntax ? { syntax } : {}), data: external.octets ?? Buffer.alloc(0) };
}

export interface RecordsPart {
  records: Z3950Record[];
  diagnostics: Z3950Diagnostic[];
}

/** Records ::= CHOICE { responseRecords [28], nonSurrogateDiagnostic [130], multipleNonSurDiagnostics [205] } */
function readRecords(pdu: BerNode): RecordsPart {
  const records = findCtx(pdu, 28);
  if (records) return { records: records.children.map(readNamePlusRecord), diagnostics: [] };
  const single = findCtx(pdu, 130);
  if (single) return { records: [], diagnostics: [readDefaultDiag(single)] };
  const multiple = findCtx(pdu, 205);
  if (multiple) return { records: [], diagnostics: multiple.children.map(readDiagRec) };
  return { records: [], diagnostics: [] };
}

export interface SearchResponse extends RecordsPart {
  resultCount: number;
  searchStatus: boolean;
  resultSetStatus?: number;
}

export function readSearchResponse(pdu: BerNode): SearchResponse {
  const rss = findCtx(pdu, 26);
  return {
    resultCount: decodeInteger(need(pdu, 23, 'searchResponse resultCount')),
    searchStatus: decodeBoolean(need(pdu, 22, 'searchResponse searchStatus')),
    ...(rss ? { resultSetStatus: decodeInteger(rss) } : {}),
    ...readRecords(pdu),
  };
}

export interface PresentResponse extends RecordsPart {
  numberOfRecordsReturned: number;
  nextResultSetPosition: number;
  /** 0 success, 1 partial-1 … 5 failure */
  presentStatus: number;
}

export function readPresentResponse(pdu: BerNode): PresentResponse {
  return {
    numberOfRecordsReturned: decodeInteger(need(pdu, 24, 'presentResponse numberOfRecordsReturned')),
    nextResultSetPosition: decodeInteger(need(pdu, 25, 'presentResponse nextResultSetPosition')),
    presentStatus: decodeInteger(need(pdu, 27, 'presentResponse presentStatus')),
    ...readRecords(pdu),
  };
}

/** Runs a reader, turning BER problems into protocol errors. */
export function readPdu<T>(pdu: BerNode, reader: (n: BerNode) => T): T {
  try {
    return reader(pdu);
  } catch (e) {
    if (e instanceof BerError) throw new Z3950ProtocolError(`bad ${describe(pdu)}: ${e.message}`);
    throw e;
  }
}

