/**
 * parseNcipMessage: untrusted bytes or text in, a typed message or one NCIP Problem out. Never throws.
 *
 * Decisions
 * - Strict to the XSD: the message must match the 2.02 content models in element order and
 *   cardinality (all 43 OCLC samples do). What is accepted can therefore always be rebuilt valid.
 * - An element the XSD does not have where it stands (or in another namespace) is refused with
 *   Messaging Error "Unknown Element" (ProblemElement = its local name, ProblemValue = its path).
 *   Extension content belongs in `Ext`, whose children (any namespace) are kept raw.
 * - Missing, repeated or misordered elements: "Invalid Message Syntax Error" with the parent
 *   element named. Not XML, DOCTYPE/ENTITY, too large (> 1 MB), too deep (> 64), invalid UTF-8,
 *   wrong root or namespace, missing/unknown version: "Invalid Message Syntax Error" or
 *   "Protocol Error" (version). A bad xs:dateTime is General Processing Error "Invalid Date".
 * - Attributes other than version and Scheme are ignored (xsi:schemaLocation …); both are
 *   accepted qualified (as the XSD requires) or unqualified (some senders omit the prefix).
 * - On failure the message kind and header are returned when they could be read, so the
 *   responder can answer with `<KindResponse>` addressed back to the sender.
 */
import { isXsdDateTime } from '../iso18626/lexical.js';
import { readXml, type XmlElement } from '../iso18626/xml.js';
import { definitionOf, matchesContent, requiredNames, type LeafKind } from './grammar.js';
import { keyOf, NCIP_NAMESPACE, type NcipBody, type NcipHeader, type NcipMessage, type NcipProblem, type NcipStruct, type NcipValue, type NcipVersion } from './model.js';
import { messagingProblem, processingProblem } from './problems.js';

export const MAX_MESSAGE_BYTES = 1024 * 1024;

export type NcipParseResult =
  | { ok: true; version: NcipVersion; message: NcipMessage }
  | { ok: false; problem: NcipProblem; kind?: string; header?: NcipHeader };

class Refusal extends Error {
  constructor(readonly problem: NcipProblem) {
    super(problem.problemDetail);
  }
}

function attribute(el: XmlElement, name: string): string | undefined {
  const qualified = el.attributes.find((a) => a.ns === NCIP_NAMESPACE && a.name === name);
  return (qualified ?? el.attributes.find((a) => a.ns === undefined && a.name === name))?.value;
}

export function versionFromAttribute(value: string | undefined): NcipVersion | undefined {
  const m = value === undefined ? null : /\/ncip\/v2_(0|01|02)\/(?:imp1\/)?(?:xsd\/)?ncip_v2_(0|01|02)\.xsd$/.exec(value.trim());
  if (!m || m[1] !== m[2]) return undefined;
  return m[1] === '0' ? '2.0' : m[1] === '01' ? '2.01' : '2.02';
}

const INTEGER = /^[+-]?[0-9]+$/;

function leafValue(el: XmlElement, leaf: LeafKind, path: string, values?: readonly string[]): NcipValue {
  const [child] = el.children;
  if (child) throw new Refusal(messagingProblem('Unknown Element', `Element ${path} has no child elements`, child.name, `${path}/${child.name}`));
  const text = el.text;
  switch (leaf) {
    case 'empty':
      if (text.trim() !== '') throw new Refusal(messagingProblem('Invalid Message Syntax Error', `Element ${path} must be empty`, el.name, path));
      return true;
    case 'string':
      return text;
    case 'token': {
      // xs:token collapses whitespace before the enumeration is checked.
      const token = text.replace(/\s+/g, ' ').trim();
      if (values && !values.includes(token)) {
        throw new Refusal(messagingProblem('Unknown Value From Known Scheme', `${path} must be one of ${values.join(', ')}`, el.name, text));
      }
      return token;
    }
    case 'scheme': {
      const scheme = attribute(el, 'Scheme');
      return scheme === undefined ? { value: text } : { scheme, value: text };
    }
    case 'dateTime':
      if (!isXsdDateTime(text.trim())) throw new Refusal(processingProblem('Invalid Date', `${path} is not an xs:dateTime`, el.name, text));
      return text.trim();
    default: {
      const t = text.trim();
      const n = Number(t);
      const min = leaf === 'positiveInteger' ? 1 : leaf === 'nonNegativeInteger' ? 0 : -Infinity;
      if (!INTEGER.test(t) || !Number.isSafeInteger(n) || n < min) {
        throw new Refusal(messagingProblem('Invalid Message Syntax Error', `${path} is not a valid ${leaf}`, el.name, text));
      }
      return n;
    }
  }
}

function structValue(el: XmlElement, path: string): NcipValue {
  const def = definitionOf(el.name);
  if (!def) throw new Refusal(messagingProblem('Unknown Element', `Unknown element ${path}`, el.name, path));
  if (def.t === 'leaf') return leafValue(el, def.leaf, path, def.values);
  if (el.name === 'Ext') return el.children;
  if (el.text.trim() !== '') throw new Refusal(messagingProblem('Invalid Message Syntax Error', `Unexpected text in element ${path}`, el.name, el.text.trim()));
  for (const child of el.children) {
    if (child.ns !== NCIP_NAMESPACE || !def.names.has(child.name)) {
      const shown = child.ns === NCIP_NAMESPACE ? child.name : `{${child.ns ?? ''}}${child.name}`;
      throw new Refusal(messagingProblem('Unknown Element', `Element ${path} cannot contain ${shown}`, child.name, `${path}/${child.name}`));
    }
  }
  const names = el.children.map((c) => c.name);
  if (!matchesContent(def.content, names)) {
    const present = new Set(names);
    const missing = requiredNames(def.content).filter((n) => !present.has(n));
    const detail = missing.length > 0 ? `Missing element ${path}/${missing.join(`, ${path}/`)}` : `The elements inside ${path} are missing, repeated or out of order`;
    throw new Refusal(messagingProblem('Invalid Message Syntax Error', detail, missing[0] ?? el.name, path));
  }
  const counts = new Map<string, number>();
  for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
  const out: NcipStruct = {};
  for (const child of el.children) {
    const key = keyOf(child.name);
    const value = structValue(child, `${path}/${child.name}`);
    const repeats = (counts.get(child.name) ?? 0) > 1 || canRepeat(el.name, child.name);
    if (repeats) {
      const list = (out[key] as NcipValue[] | undefined) ?? [];
      list.push(value);
      out[key] = list;
    } else {
      out[key] = value;
    }
  }
  return out;
}

const repeatCache = new Map<string, boolean>();

/** Whether `child` may occur more than once in `parent` (then it is always an array). */
export function canRepeat(parent: string, child: string): boolean {
  const cacheKey = `${parent}/${child}`;
  const cached = repeatCache.get(cacheKey);
  if (cached !== undefined) return cached;
  const def = definitionOf(parent);
  const result = def?.t === 'complex' && matchesContentPrefix(def.content, child);
  repeatCache.set(cacheKey, result);
  return result;
}

function matchesContentPrefix(content: Parameters<typeof matchesContent>[0], child: string): boolean {
  const walk = (p: typeof content, repeated: boolean): boolean => {
    const r = repeated || p.max > 1;
    if (p.p === 'element') return p.name === child && r;
    if (p.p === 'any') return false;
    return p.items.some((item) => walk(item, r));
  };
  return walk(content, false);
}

function decode(input: string | Uint8Array): string {
  if (typeof input === 'string') {
    if (input.length > MAX_MESSAGE_BYTES) throw new Refusal(messagingProblem('Invalid Message Syntax Error', `The message is larger than ${MAX_MESSAGE_BYTES} bytes`));
    return input;
  }
  if (input.byteLength > MAX_MESSAGE_BYTES) throw new Refusal(messagingProblem('Invalid Message Syntax Error', `The message is larger than ${MAX_MESSAGE_BYTES} bytes`));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(input);
  } catch {
    throw new Refusal(messagingProblem('Invalid Message Syntax Error', 'The message is not valid UTF-8'));
  }
}

function partialHeader(messageEl: XmlElement | undefined): NcipHeader | undefined {
  const headerEl = messageEl?.children.find((c) => c.ns === NCIP_NAMESPACE && (c.name === 'InitiationHeader' || c.name === 'ResponseHeader'));
  if (!headerEl) return undefined;
  try {
    return structValue(headerEl, headerEl.name) as NcipHeader;
  } catch {
    return undefined;
  }
}

function parseDocument(input: string | Uint8Array): NcipParseResult {
  const read = readXml(decode(input));
  if (!read.ok) return { ok: false, problem: messagingProblem('Invalid Message Syntax Error', read.reason) };
  const root = read.root;
  if (root.name !== 'NCIPMessage' || root.ns !== NCIP_NAMESPACE) {
    const shown = root.ns === undefined ? root.name : `{${root.ns}}${root.name}`;
    return { ok: false, problem: messagingProblem('Invalid Message Syntax Error', `The root element must be NCIPMessage in namespace ${NCIP_NAMESPACE}, not ${shown}`, root.name) };
  }
  const [messageEl] = root.children;
  const kind = messageEl?.ns === NCIP_NAMESPACE ? messageEl.name : undefined;
  const known = kind !== undefined && kind !== 'Problem' && kind !== 'Ext' && definitionOf(kind) !== undefined;
  const header = known ? partialHeader(messageEl) : undefined;
  const fail = (problem: NcipProblem): NcipParseResult => ({ ok: false, problem, ...(known ? { kind } : {}), ...(header ? { header } : {}) });
  const rawVersion = attribute(root, 'version');
  const version = versionFromAttribute(rawVersion);
  if (!version) {
    return fail(messagingProblem('Protocol Error', `Unsupported or missing NCIP version ${JSON.stringify(rawVersion ?? '')}; 2.0, 2.01 and 2.02 are understood`, 'NCIPMessage', rawVersion));
  }
  try {
    if (messageEl && !known && messageEl.ns === NCIP_NAMESPACE && messageEl.name !== 'Problem' && messageEl.name !== 'Ext') {
      return fail(messagingProblem('Unknown Service', `${messageEl.name} is not an NCIP 2.02 message`, messageEl.name));
    }
    const top = structValue(root, 'NCIPMessage') as NcipStruct;
    const [key] = Object.keys(top);
    if (key === undefined || !messageEl) return fail(messagingProblem('Invalid Message Syntax Error', 'NCIPMessage contains no message'));
    const value = top[key];
    const body = (messageEl.name === 'Problem' || messageEl.name === 'Ext' ? { [key]: value } : value) as NcipBody;
    return { ok: true, version, message: { kind: messageEl.name, body } };
  } catch (error) {
    if (error instanceof Refusal) return fail(error.problem);
    throw error;
  }
}

/** Parses an NCIP message. Never throws, whatever the input. */
export function parseNcipMessage(input: string | Uint8Array): NcipParseResult {
  try {
    return parseDocument(input);
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, problem: error.problem };
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, problem: messagingProblem('Invalid Message Syntax Error', `The message could not be read: ${detail}`) };
  }
}
