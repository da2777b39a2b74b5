/**
 * SRU searchRetrieve client (versions 1.1, 1.2, 2.0) over `fetch`, HTTP GET.
 *
 * Never throws for network or protocol problems: every outcome is a `SruResult`. Responses are parsed
 * with the hostile-input-safe parser (no DOCTYPE, no entity expansion) and capped in size.
 *
 * Request parameters: 1.1/1.2 send `recordPacking=xml`; 2.0 sends `recordXMLEscaping=xml` (in 2.0
 * `recordPacking` means packed/unpacked). `recordSchema: 'marcxml'` is sent as the short name that
 * most servers (YAZ, Koha, Alma, FOLIO edge) accept.
 */
import { childElements, firstChild, localName, namespaceDecls, parseXmlDocument, serialise, textOf, XmlRefusedError, type XmlElement } from '../marc/safeXml.js';

export type SruVersion = '1.1' | '1.2' | '2.0';

export interface SearchRetrieveRequest {
  /** Endpoint including database path, e.g. `http://host:210/Default`. */
  baseUrl: string;
  version: SruVersion;
  /** CQL query (see `cqlFor`). */
  query: string;
  recordSchema?: 'marcxml' | (string & {});
  maximumRecords?: number;
  startRecord?: number;
  /** Whole request (connect + response body). Default 10 000 ms. */
  timeoutMs?: number;
  /** Response size cap, default 16 MiB; larger is `invalid-response`. */
  maxResponseBytes?: number;
  /** For tests / custom agents; defaults to global fetch. */
  fetchImpl?: typeof fetch;
}

export interface SruDiagnostic {
  uri: string;
  message: string;
  details: string;
}

export interface SruRecord {
  /** recordSchema as reported by the server, e.g. `info:srw/schema/1/marcxml-1.1`. */
  schema: string;
  /** The record XML (the recordData element's content, namespace declarations in scope added). */
  xml: string;
  position?: number;
  /** Set for surrogate diagnostics (record-level errors) instead of a record. */
  diagnostic?: SruDiagnostic;
}

export type SruResult =
  | { kind: 'hits'; count: number; records: SruRecord[]; nextRecordPosition?: number; diagnostics?: SruDiagnostic[] }
  | { kind: 'diagnostic'; uri: string; message: string; details: string }
  | { kind: 'timeout' }
  | { kind: 'unreachable'; error: string }
  | { kind: 'invalid-response'; reason: string };

export function buildSearchRetrieveUrl(req: SearchRetrieveRequest): string {
  const url = new URL(req.baseUrl);
  const p = url.searchParams;
  p.set('operation', 'searchRetrieve');
  p.set('version', req.version);
  p.set('query', req.query);
  if (req.recordSchema) p.set('recordSchema', req.recordSchema);
  if (req.maximumRecords !== undefined) p.set('maximumRecords', String(req.maximumRecords));
  if (req.startRecord !== undefined) p.set('startRecord', String(req.startRecord));
  if (req.version === '2.0') p.set('recordXMLEscaping', 'xml');
  else p.set('recordPacking', 'xml');
  return url.toString();
}

const SURROGATE_DIAG = /diagnostic/i;

function describeError(e: unknown): string {
  if (e instanceof Error) {
    const cause = (e as Error & { cause?: unknown }).cause;
    if (cause instanceof Error) return `${e.message}: ${(cause as Error & { code?: string }).code ?? cause.message}`;
    return e.message;
  }
  return String(e);
}

async function readCapped(res: Response, max: number): Promise<string | { tooLarge: true }> {
  if (!res.body) return '';
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const value of res.body as unknown as AsyncIterable<Uint8Array>) {
    total += value.byteLength;
    if (total > max) return { tooLarge: true }; // leaving the loop cancels the stream
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function searchRetrieve(req: SearchRetrieveRequest): Promise<SruResult> {
  let url: string;
  try {
    url = buildSearchRetrieveUrl(req);
  } catch (e) {
    return { kind: 'unreachable', error: `bad base URL: ${describeError(e)}` };
  }
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, req.timeoutMs ?? 10_000);
  try {
    let res: Response;
    try {
      res = await (req.fetchImpl ?? fetch)(url, { signal: controller.signal, headers: { accept: 'text/xml, application/xml, application/sru+xml' } });
    } catch (e) {
      if (timedOut) return { kind: 'timeout' };
      return { kind: 'unreachable', error: describeError(e) };
    }
    let body: string | { tooLarge: true };
    try {
      body = await readCapped(res, req.maxResponseBytes ?? 16 * 1024 * 1024);
    } catch (e) {
      if (timedOut) return { kind: 'timeout' };
      return { kind: 'invalid-response', reason: `response body could not be read: ${describeError(e)}` };
    }
    if (typeof body !== 'string') return { kind: 'invalid-response', reason: 'response too large' };
    return parseSearchRetrieveResponse(body, res.status);
  } finally {
    clearTimeout(timer);
  }
}

function parseDiagnostic(el: XmlElement): SruDiagnostic {
  return {
    uri: textOf(firstChild(el, 'uri')).trim(),
    message: textOf(firstChild(el, 'message')).trim(),
    details: textOf(firstChild(el, 'details')).trim(),
  };
}

/** Parses a searchRetrieveResponse body (exported for tests and for other transports). */
export function parseSearchRetrieveResponse(body: string, httpStatus = 200): SruResult {
  let root: XmlElement;
  try {
    root = parseXmlDocument(body);
  } catch (e) {
    const why = e instanceof XmlRefusedError ? e.message : describeError(e);
    return { kind: 'invalid-response', reason: httpStatus >= 400 ? `HTTP ${httpStatus}; ${why}` : why };
  }
  const rootName = localName(root.name);
  // Some servers answer a fatal error with a bare <diagnostics> document.
  if (rootName === 'diagnostics') {
    const d = childElements(root, 'diagnostic')[0];
    if (d) return { kind: 'diagnostic', ...parseDiagnostic(d) };
  }
  if (rootName !== 'searchRetrieveResponse') {
    return { kind: 'invalid-response', reason: `HTTP ${httpStatus}; root element <${root.name}> is not searchRetrieveResponse` };
  }
  const diagEl = firstChild(root, 'diagnostics');
  const diagnostics = diagEl ? childElements(diagEl, 'diagnostic').map(parseDiagnostic) : [];
  const countText = textOf(firstChild(root, 'numberOfRecords')).trim();
  const recordsEl = firstChild(root, 'records');
  const recordEls = recordsEl ? childElements(recordsEl, 'record') : [];
  // Fatal diagnostic: diagnostics and no records (numberOfRecords is then 0 or absent).
  if (diagnostics.length > 0 && recordEls.length === 0) return { kind: 'diagnostic', ...diagnostics[0]! };
  if (!/^[0-9]+$/.test(countText)) return { kind: 'invalid-response', reason: `numberOfRecords missing or not a number: ${JSON.stringify(countText)}` };
  const inherited = namespaceDecls(root);
  const records: SruRecord[] = [];
  for (const r of recordEls) {
    const schema = textOf(firstChild(r, 'recordSchema')).trim();
    const packing = (textOf(firstChild(r, 'recordPacking')) || textOf(firstChild(r, 'recordXMLEscaping'))).trim() || 'xml';
    const data = firstChild(r, 'recordData');
    if (!data) return { kind: 'invalid-response', reason: 'record without recordData' };
    let xml: string;
    let payload: XmlElement | undefined;
    if (packing === 'string') {
      xml = textOf(data).trim();
      try {
        payload = parseXmlDocument(xml);
      } catch {
        payload = undefined;
      }
    } else {
      payload = childElements(data)[0];
      if (!payload) return { kind: 'invalid-response', reason: 'recordData has no element' };
      xml = serialise(payload, { ...inherited, ...namespaceDecls(recordsEl!), ...namespaceDecls(r), ...namespaceDecls(data) });
    }
    const posText = textOf(firstChild(r, 'recordPosition')).trim();
    const rec: SruRecord = { schema, xml };
    if (/^[0-9]+$/.test(posText)) rec.position = Number(posText);
    if (SURROGATE_DIAG.test(schema) && payload && localName(payload.name) === 'diagnostic') rec.diagnostic = parseDiagnostic(payload);
    records.push(rec);
  }
  const result: SruResult = { kind: 'hits', count: Number(countText), records };
  const next = textOf(firstChild(root, 'nextRecordPosition')).trim();
  if (/^[0-9]+$/.test(next)) result.nextRecordPosition = Number(next);
  if (diagnostics.length > 0) result.diagnostics = diagnostics;
  return result;
}
