/**
 * Projection of a model message onto one version: what a message looks like after it has been
 * written in that version and read back. The builder writes exactly the projection, so
 * `parseIso18626(buildIso18626(m, v)).message` deep-equals `toVersion(m, v)`.
 *
 * Mappings (an obvious equivalent exists):
 * - 1.x: retryInfo.offeredCosts[0] / retryAfter / retryBefore are written in messageInfo.
 * - 1.x: several bibliographicInfo.volume values are joined with "; " into one.
 * - 1.x: serviceInfo.preferredEdition, when anyEdition is absent, becomes anyEdition
 *        (AnyEdition → Y, ThisEdition → N; MostRecentEdition has no equivalent).
 * - 2021: physicalAddress.region is a plain string: its scheme is dropped.
 * - serviceInfo.itemFormat / deliveryInfo.deliveryMethod / deliveryInfo.itemFormat are written
 *   as preferredFormat / sentVia / deliveredFormat in 1.x (same model field).
 *
 * Dropped (no equivalent in the target version):
 * - in 1.x: header.consortialId; bibliographicInfo.authorId; publicationInfo.publisherId;
 *   serviceInfo.preferredEdition, serviceInfo.loanCondition; requestedDeliveryInfo.deliveryMethod,
 *   courierName; retryInfo except the three fields above; deliveryInfo.URL, address, serviceType,
 *   paymentMethod; shippingInfo; action HoldReturn/Lost and status HoldReturn/ReleaseHoldReturn
 *   (optional echoes are dropped; a mandatory one makes the builder throw); all but the first
 *   itemId, loanCondition, deliveryCosts, offeredCosts and errorData; requestSubType beyond 3.
 * - in 1.1 additionally: multipleItemRequestId, requestSubType, startDate, endDate.
 * - in 2021: header.multipleItemRequestId except in request headers; supplyingAgencyRequestId in
 *   request headers; requestingAgencyAuthentication in supplyingAgencyMessage headers;
 *   confirmationHeader.multipleItemRequestId; a negative sortOrder (2021 requires ≥ 0).
 * - everywhere: an empty multipleItemRequestId (read as absent), empty arrays, a scheme that
 *   cannot be made a valid xs:anyURI (otherwise it is percent-encoded), unknown properties.
 *   Characters XML cannot carry (C0 controls other than TAB/LF/CR, U+FFFE/U+FFFF, lone
 *   surrogates) are replaced by U+FFFD.
 */
import { isOneOf, type Iso18626Version } from './codeLists.js';
import type { Iso18626Message, MessageKind } from './model.js';
import { toSafeAnyUri } from './lexical.js';
import { messageSchema, type ComplexType, type FieldType, type Layout } from './schema.js';

/** A message body shaped like the XML of one layout (model keys, 1.x messageInfo contents). */
export type Wire = Record<string, unknown>;

export function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Replaces characters that XML 1.0 cannot carry with U+FFFD. */
export function toXmlChars(value: string): string {
  return value.replace(NOT_XML_CHAR, '\uFFFD');
}

function projectValue(value: unknown, type: FieldType, layout: Layout): unknown {
  switch (type.t) {
    case 'string':
      return typeof value === 'string' ? toXmlChars(value) : undefined;
    case 'dateTime':
    case 'decimal':
      // Kept as given; the builder rejects an invalid lexical form loudly.
      return typeof value === 'string' ? value.trim() : value;
    case 'integer':
      if (typeof value === 'number' && type.min !== undefined && value < type.min) return undefined;
      return value;
    case 'boolean':
      return value;
    case 'code':
      return typeof value === 'string' && isOneOf(type.list, value) ? value : undefined;
    case 'schemeValue':
    case 'schemeValueAsString': {
      if (!isRecord(value) || typeof value.value !== 'string') return undefined;
      const out: Record<string, unknown> = { value: toXmlChars(value.value) };
      if (type.t === 'schemeValue' && typeof value.scheme === 'string') {
        const scheme = toSafeAnyUri(toXmlChars(value.scheme));
        if (scheme !== undefined) out.scheme = scheme;
      }
      return out;
    }
    case 'complex':
      return projectComplex(value, type, layout);
  }
}

function projectComplex(value: unknown, spec: ComplexType, layout: Layout): Wire | undefined {
  if (!isRecord(value)) return undefined;
  const out: Wire = {};
  for (const field of spec.fields) {
    if (spec.choice && Object.keys(out).length > 0) break;
    const v = value[field.key];
    if (v === undefined || v === null) continue;
    if (field.array) {
      const items = (Array.isArray(v) ? v : [v])
        .map((item) => projectValue(item, field.type, layout))
        .filter((item) => item !== undefined)
        .slice(0, field.max);
      if (items.length > 0) out[field.key] = items;
    } else {
      const item = projectValue(Array.isArray(v) ? v[0] : v, field.type, layout);
      if (item !== undefined) out[field.key] = item;
    }
  }
  return out;
}

function dropEmptyMultipleItemRequestId(header: unknown): void {
  if (isRecord(header) && header.multipleItemRequestId === '') delete header.multipleItemRequestId;
}

/** Model-level conversions before the schema-driven projection (works on a deep copy). */
function preMap(message: Iso18626Message, version: Iso18626Version): Wire {
  const m = structuredClone(message) as unknown as Wire;
  dropEmptyMultipleItemRequestId(m.header);
  dropEmptyMultipleItemRequestId(m.confirmationHeader);
  if (version === '2021') return m;

  const bib = m.bibliographicInfo;
  if (isRecord(bib) && Array.isArray(bib.volume) && bib.volume.length > 1) {
    bib.volume = [bib.volume.filter((v): v is string => typeof v === 'string').join('; ')];
  }
  const si = m.serviceInfo;
  if (isRecord(si) && si.anyEdition === undefined && typeof si.preferredEdition === 'string') {
    if (si.preferredEdition === 'AnyEdition') si.anyEdition = 'Y';
    else if (si.preferredEdition === 'ThisEdition') si.anyEdition = 'N';
  }
  if (message.kind === 'supplyingAgencyMessage') {
    const retry = m.retryInfo;
    delete m.retryInfo;
    if (isRecord(retry) && isRecord(m.messageInfo)) {
      const info = m.messageInfo;
      const costs: unknown = Array.isArray(retry.offeredCosts) ? (retry.offeredCosts as unknown[])[0] : undefined;
      if (costs !== undefined) info.offeredCosts = costs;
      if (retry.retryAfter !== undefined) info.retryAfter = retry.retryAfter;
      if (retry.retryBefore !== undefined) info.retryBefore = retry.retryBefore;
    }
  }
  return m;
}

/** Wire shape → model shape (the inverse of the 1.x messageInfo/retryInfo move). */
export function fromWire(kind: MessageKind, wire: Wire, version: Iso18626Version): Iso18626Message {
  const m: Wire = { kind, ...wire };
  if (version !== '2021' && kind === 'supplyingAgencyMessage' && isRecord(m.messageInfo)) {
    const info = m.messageInfo;
    const retry: Wire = {};
    if (info.offeredCosts !== undefined) retry.offeredCosts = [info.offeredCosts];
    if (info.retryBefore !== undefined) retry.retryBefore = info.retryBefore;
    if (info.retryAfter !== undefined) retry.retryAfter = info.retryAfter;
    delete info.offeredCosts;
    delete info.retryAfter;
    delete info.retryBefore;
    if (Object.keys(retry).length > 0) m.retryInfo = retry;
  }
  // The schema tables and model.ts describe the same shapes; the round-trip tests hold them together.
  return m as unknown as Iso18626Message;
}

/** The wire shape written for `version` (what the builder serialises). */
export function toWire(message: Iso18626Message, version: Iso18626Version): Wire {
  const spec = messageSchema(version, message.kind);
  return projectComplex(preMap(message, version), spec, version) ?? {};
}

/** The message as it reads after being written in `version` and parsed again. */
export function toVersion<M extends Iso18626Message>(message: M, version: Iso18626Version): M {
  return fromWire(message.kind, toWire(message, version), version) as M;
}
