/**
 * parseIso18626: untrusted XML in, a typed message or exactly one protocol issue out. Never throws.
 *
 * Error mapping (the endpoint answers with `issue` as errorData):
 * - not XML / not well-formed / DOCTYPE or ENTITY / root not ISO18626Message in the ISO
 *   namespace / no or several message elements → BadlyFormedMessage (a readable sentence).
 * - an element the version's schema does not have (or one in another namespace) →
 *   UnrecognisedDataElement, value = the element path ("request/bibliographicInfo/colour").
 * - a value outside a closed code list, or not a valid xs:dateTime / xs:integer / xs:decimal /
 *   xs:boolean → UnrecognisedDataValue, value = `path: "bad value"`; except an unknown action
 *   in requestingAgencyMessage → UnsupportedActionType and an unknown reasonForMessage in
 *   supplyingAgencyMessage → UnsupportedReasonForMessageType.
 * - a missing mandatory element → BadlyFormedMessage "Missing mandatory element <path>".
 * - a non-repeating element repeated (or a repeating one beyond its maxOccurs), an address
 *   with both or neither of its choices, or text inside an element that only has element
 *   content → BadlyFormedMessage (cardinality/structure errors, like a missing element).
 * The first problem in document order is reported; missing elements are reported after the
 * element's children have been checked.
 *
 * Leniency (documented decisions)
 * - Element order is not checked (any order within a parent is accepted).
 * - Names are checked against the detected version's schema only (1.1 messages are read with
 *   the 1.2 schema, a superset). A 2021-only element in a 1.2 message is UnrecognisedDataElement.
 * - 1.x header/multipleItemRequestId may be absent (mandatory in the 1.2 XSD, "erroneously",
 *   says the 2021 XSD; 1.1 senders do not have it). An empty one is read as absent.
 * - Attributes other than version and scheme are ignored (xsi:schemaLocation, …); `version`
 *   and `scheme` are accepted qualified (as the XSDs require) or unqualified.
 * - Code values and typed values (dates, numbers, booleans) are trimmed before checking
 *   (XSD whiteSpace collapse); plain strings and open code list values are kept exactly.
 * - The scheme attribute is not checked as an xs:anyURI on input.
 */
import {
  actionsFor,
  isOneOf,
  REASONS_FOR_MESSAGE,
  type Action,
  type ErrorType,
  type Iso18626Version,
  type ReasonForMessage,
} from './codeLists.js';
import { isXsdDateTime, isXsdDecimal, isXsdInteger, parseXsdBoolean } from './lexical.js';
import { MESSAGE_KINDS, type AgencyId, type Header, type Iso18626Message, type MessageKind } from './model.js';
import { fromWire, type Wire } from './project.js';
import { messageSchema, readLayout, type ComplexType, type Field, type FieldType } from './schema.js';
import { detectVersion } from './version.js';
import { readXml, type XmlElement } from './xml.js';

export const ISO_NS = 'http://illtransactions.org/2013/iso18626';

export interface ProtocolIssue {
  type: ErrorType;
  value: string;
  /** Element path, e.g. "request/serviceInfo/serviceType"; "" when the message as a whole is at fault. */
  path: string;
}

export type ParseOutcome =
  | { ok: true; version: Iso18626Version; message: Iso18626Message }
  | {
      ok: false;
      version?: Iso18626Version;
      kind?: MessageKind;
      header?: Partial<Header>;
      /** Echo for the confirmation: the supplyingAgencyMessage's reasonForMessage, when valid. */
      reasonForMessage?: ReasonForMessage;
      /** Echo for the confirmation: the requestingAgencyMessage's action, when valid. */
      action?: Action;
      issue: ProtocolIssue;
    };

type Step<T> = { ok: true; value: T } | { ok: false; issue: ProtocolIssue };

const MAX_SHOWN = 120;

function show(value: string): string {
  return JSON.stringify(value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value);
}

function badlyFormed(value: string, path = ''): { ok: false; issue: ProtocolIssue } {
  return { ok: false, issue: { type: 'BadlyFormedMessage', value, path } };
}

function badValue(path: string, raw: string, type: ErrorType = 'UnrecognisedDataValue'): { ok: false; issue: ProtocolIssue } {
  return { ok: false, issue: { type, value: `${path}: ${show(raw)}`, path } };
}

function unknownElement(path: string): { ok: false; issue: ProtocolIssue } {
  return { ok: false, issue: { type: 'UnrecognisedDataElement', value: path, path } };
}

function isoChild(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c) => c.ns === ISO_NS && c.name === name);
}

function isoAttribute(el: XmlElement, name: string): string | undefined {
  const qualified = el.attributes.find((a) => a.ns === ISO_NS && a.name === name);
  return (qualified ?? el.attributes.find((a) => a.ns === undefined && a.name === name))?.value;
}

function parseLeaf(el: XmlElement, type: Exclude<FieldType, { t: 'complex' }>, path: string): Step<unknown> {
  const [firstChild] = el.children;
  if (firstChild) return unknownElement(`${path}/${firstChild.name}`);
  const raw = el.text;
  const trimmed = raw.trim();
  switch (type.t) {
    case 'string':
      return { ok: true, value: raw };
    case 'dateTime':
      return isXsdDateTime(trimmed) ? { ok: true, value: trimmed } : badValue(path, raw);
    case 'decimal':
      return isXsdDecimal(trimmed) ? { ok: true, value: trimmed } : badValue(path, raw);
    case 'integer': {
      if (!isXsdInteger(trimmed)) return badValue(path, raw);
      const n = Number(trimmed);
      if (!Number.isSafeInteger(n) || (type.min !== undefined && n < type.min)) return badValue(path, raw);
      return { ok: true, value: n };
    }
    case 'boolean': {
      const b = parseXsdBoolean(trimmed);
      return b === undefined ? badValue(path, raw) : { ok: true, value: b };
    }
    case 'code':
      return isOneOf(type.list, trimmed) ? { ok: true, value: trimmed } : badValue(path, raw, type.unknownError);
    case 'schemeValue':
    case 'schemeValueAsString': {
      const scheme = isoAttribute(el, 'scheme');
      return { ok: true, value: scheme === undefined ? { value: raw } : { value: raw, scheme } };
    }
  }
}

function parseComplex(el: XmlElement, spec: ComplexType, path: string): Step<Wire> {
  if (el.text.trim() !== '') return badlyFormed(`Unexpected text in element ${path}: ${show(el.text.trim())}`, path);
  const out: Wire = {};
  const counts = new Map<Field, number>();
  for (const child of el.children) {
    const childPath = `${path}/${child.name}`;
    const field = child.ns === ISO_NS ? spec.fields.find((f) => f.xml === child.name) : undefined;
    if (!field) return unknownElement(childPath);
    const count = (counts.get(field) ?? 0) + 1;
    counts.set(field, count);
    if (count > field.max) {
      return badlyFormed(
        field.max === 1
          ? `Element ${childPath} occurs more than once`
          : `Element ${childPath} occurs more than ${field.max} times`,
        childPath,
      );
    }
    const step = field.type.t === 'complex' ? parseComplex(child, field.type, childPath) : parseLeaf(child, field.type, childPath);
    if (!step.ok) return step;
    if (field.array) {
      const list = (out[field.key] as unknown[] | undefined) ?? [];
      list.push(step.value);
      out[field.key] = list;
    } else {
      out[field.key] = step.value;
    }
  }
  if (spec.choice) {
    if (counts.size !== 1) {
      const names = spec.fields.map((f) => `${path}/${f.xml}`).join(' or ');
      return badlyFormed(
        counts.size === 0 ? `Missing mandatory element ${names}` : `Element ${path} must contain only one of ${names}`,
        path,
      );
    }
  } else {
    for (const field of spec.fields) {
      if (field.min === 1 && !counts.has(field)) {
        return badlyFormed(`Missing mandatory element ${path}/${field.xml}`, `${path}/${field.xml}`);
      }
    }
  }
  if (out.multipleItemRequestId === '') delete out.multipleItemRequestId;
  return { ok: true, value: out };
}

function* elementNames(el: XmlElement): Generator<string> {
  for (const child of el.children) {
    if (child.ns === ISO_NS) yield child.name;
    yield* elementNames(child);
  }
}

function leafText(el: XmlElement | undefined): string | undefined {
  return el && el.children.length === 0 ? el.text : undefined;
}

function readAgencyId(el: XmlElement | undefined): AgencyId | undefined {
  if (!el) return undefined;
  const typeEl = isoChild(el, 'agencyIdType');
  const type = leafText(typeEl);
  const value = leafText(isoChild(el, 'agencyIdValue'));
  if (type === undefined || value === undefined || !typeEl) return undefined;
  const scheme = isoAttribute(typeEl, 'scheme');
  return { agencyIdType: scheme === undefined ? { value: type } : { value: type, scheme }, agencyIdValue: value };
}

/** Best-effort header for addressing an error confirmation: whatever could be read. */
function readPartialHeader(messageEl: XmlElement): Partial<Header> {
  const h = isoChild(messageEl, 'header') ?? isoChild(messageEl, 'confirmationHeader');
  const header: Partial<Header> = {};
  if (!h) return header;
  const supplyingAgencyId = readAgencyId(isoChild(h, 'supplyingAgencyId'));
  if (supplyingAgencyId) header.supplyingAgencyId = supplyingAgencyId;
  const requestingAgencyId = readAgencyId(isoChild(h, 'requestingAgencyId'));
  if (requestingAgencyId) header.requestingAgencyId = requestingAgencyId;
  const consortialId = readAgencyId(isoChild(h, 'consortialId'));
  if (consortialId) header.consortialId = consortialId;
  const multipleItemRequestId = leafText(isoChild(h, 'multipleItemRequestId'));
  if (multipleItemRequestId) header.multipleItemRequestId = multipleItemRequestId;
  const timestamp = leafText(isoChild(h, 'timestamp'))?.trim();
  if (timestamp !== undefined && isXsdDateTime(timestamp)) header.timestamp = timestamp;
  const requestingAgencyRequestId = leafText(isoChild(h, 'requestingAgencyRequestId'));
  if (requestingAgencyRequestId !== undefined) header.requestingAgencyRequestId = requestingAgencyRequestId;
  const supplyingAgencyRequestId = leafText(isoChild(h, 'supplyingAgencyRequestId'));
  if (supplyingAgencyRequestId !== undefined) header.supplyingAgencyRequestId = supplyingAgencyRequestId;
  return header;
}

function parseDocument(xml: string): ParseOutcome {
  const read = readXml(xml);
  if (!read.ok) return badlyFormed(read.reason);
  const root = read.root;
  if (root.name !== 'ISO18626Message' || root.ns !== ISO_NS) {
    const shown = root.ns === undefined ? root.name : `{${root.ns}}${root.name}`;
    return badlyFormed(`The root element must be ISO18626Message in namespace ${ISO_NS}, not ${shown}`);
  }
  if (root.text.trim() !== '') return badlyFormed('Unexpected text in element ISO18626Message');

  let messageEl: XmlElement | undefined;
  for (const child of root.children) {
    if (child.ns !== ISO_NS || !isOneOf(MESSAGE_KINDS, child.name)) return unknownElement(`ISO18626Message/${child.name}`);
    if (messageEl) return badlyFormed('ISO18626Message contains more than one message element');
    messageEl = child;
  }
  if (!messageEl) return badlyFormed('ISO18626Message contains no message element');
  const kind = messageEl.name as MessageKind; // checked by isOneOf above
  const version = detectVersion(isoAttribute(root, 'version'), { elementNames: elementNames(messageEl) }) ?? '1.2';

  const step = parseComplex(messageEl, messageSchema(readLayout(version), kind), kind);
  if (step.ok) return { ok: true, version, message: fromWire(kind, step.value, version) };

  const failure: ParseOutcome = { ok: false, version, kind, header: readPartialHeader(messageEl), issue: step.issue };
  if (kind === 'supplyingAgencyMessage') {
    const messageInfo = isoChild(messageEl, 'messageInfo');
    const reason = messageInfo && leafText(isoChild(messageInfo, 'reasonForMessage'))?.trim();
    if (reason !== undefined && isOneOf(REASONS_FOR_MESSAGE, reason)) failure.reasonForMessage = reason;
  }
  if (kind === 'requestingAgencyMessage') {
    const action = leafText(isoChild(messageEl, 'action'))?.trim();
    if (action !== undefined && isOneOf(actionsFor(version), action)) failure.action = action;
  }
  return failure;
}

/** Parses an ISO 18626 message. Never throws, whatever the input. */
export function parseIso18626(xml: string): ParseOutcome {
  try {
    return parseDocument(xml);
  } catch (error) {
    // Defensive: an unexpected failure is still answered as a badly formed message.
    const detail = error instanceof Error ? error.message : String(error);
    return badlyFormed(`The message could not be read: ${detail}`);
  }
}
