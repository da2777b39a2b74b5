/**
 * Builds NCIP 2.02 XML from the model, in XSD order: each struct's properties are mapped back to
 * elements (camelCase → element name, via the parent's content model) and sorted by the order
 * the grammar gives; the result is checked against the content model, so an unrepresentable
 * message (a missing mandatory element, a bad dateTime) throws NcipBuildError — a programming
 * error on our side, never something a partner can trigger.
 *
 * Output: UTF-8 declaration, elements in the default NCIP namespace, the namespace also bound
 * to `ns1` for the qualified `ns1:version` and `ns1:Scheme` attributes (attributeFormDefault is
 * qualified). Two-space indentation, because staff read raw messages.
 */
import { escapeAttribute, escapeText } from '../iso18626/build.js';
import { isXsdDateTime } from '../iso18626/lexical.js';
import type { XmlElement } from '../iso18626/xml.js';
import { arrangeChildren, definitionOf, type LeafKind } from './grammar.js';
import { keyOf, NCIP_NAMESPACE, VERSION_ATTRIBUTE, type NcipHeader, type NcipMessage, type NcipProblem, type NcipStruct, type NcipValue, type NcipVersion } from './model.js';

export class NcipBuildError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
    this.name = 'NcipBuildError';
  }
}

function isStruct(v: unknown): v is NcipStruct {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function writeLeaf(out: string[], name: string, leaf: LeafKind, value: unknown, path: string, indent: string, values?: readonly string[]): void {
  const fail = (what: string): never => {
    throw new NcipBuildError(`${path}: ${what} (${JSON.stringify(value)})`, path);
  };
  switch (leaf) {
    case 'empty':
      if (value !== true) fail('expected true for a flag element');
      out.push(`${indent}<${name}/>`);
      return;
    case 'string':
    case 'token':
      if (typeof value !== 'string' || (values !== undefined && !values.includes(value))) fail('expected a string (of the enumeration)');
      out.push(`${indent}<${name}>${escapeText(value as string)}</${name}>`);
      return;
    case 'dateTime':
      if (typeof value !== 'string' || !isXsdDateTime(value)) fail('not an xs:dateTime');
      out.push(`${indent}<${name}>${value as string}</${name}>`);
      return;
    case 'scheme': {
      if (!isStruct(value) || typeof value.value !== 'string') return fail('expected { scheme?, value }');
      const scheme = typeof value.scheme === 'string' ? ` ns1:Scheme="${escapeAttribute(value.scheme)}"` : '';
      out.push(`${indent}<${name}${scheme}>${escapeText(value.value)}</${name}>`);
      return;
    }
    default: {
      const min = leaf === 'positiveInteger' ? 1 : leaf === 'nonNegativeInteger' ? 0 : -Infinity;
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) fail(`not a ${leaf}`);
      out.push(`${indent}<${name}>${String(value)}</${name}>`);
    }
  }
}

/** Writes raw Ext content back, declaring each element's namespace where it changes. */
function writeRaw(out: string[], el: XmlElement, parentNs: string | undefined, indent: string): void {
  const nsDecl = el.ns !== parentNs ? ` xmlns="${escapeAttribute(el.ns ?? '')}"` : '';
  const attrs = el.attributes
    .filter((a) => a.ns === undefined)
    .map((a) => ` ${a.name}="${escapeAttribute(a.value)}"`)
    .join('');
  if (el.children.length === 0) {
    out.push(`${indent}<${el.name}${nsDecl}${attrs}>${escapeText(el.text)}</${el.name}>`);
    return;
  }
  out.push(`${indent}<${el.name}${nsDecl}${attrs}>`);
  for (const child of el.children) writeRaw(out, child, el.ns, `${indent}  `);
  out.push(`${indent}</${el.name}>`);
}

function writeElement(out: string[], name: string, value: unknown, path: string, depth: number): void {
  const indent = '  '.repeat(depth);
  const def = definitionOf(name);
  if (!def) throw new NcipBuildError(`${path}: unknown element`, path);
  if (def.t === 'leaf') return writeLeaf(out, name, def.leaf, value, path, indent, def.values);
  if (name === 'Ext') {
    if (!Array.isArray(value)) throw new NcipBuildError(`${path}: Ext must be a list of XML elements`, path);
    out.push(`${indent}<Ext>`);
    for (const el of value as XmlElement[]) writeRaw(out, el, NCIP_NAMESPACE, `${indent}  `);
    out.push(`${indent}</Ext>`);
    return;
  }
  if (!isStruct(value)) throw new NcipBuildError(`${path}: expected an object`, path);
  const byKey = new Map([...def.order.keys()].map((n) => [keyOf(n), n]));
  const children: [name: string, value: NcipValue][] = [];
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined) continue;
    const childName = byKey.get(key);
    if (!childName) throw new NcipBuildError(`${path}: ${name} has no element for property ${JSON.stringify(key)}`, `${path}/${key}`);
    const list: NcipValue[] = Array.isArray(v) && childName !== 'Ext' ? (v as NcipValue[]) : [v];
    for (const item of list) children.push([childName, item]);
  }
  const order = arrangeChildren(def.content, children.map(([n]) => n));
  if (!order) {
    throw new NcipBuildError(`${path}: the elements given do not fit ${name} (${children.map(([n]) => n).join(', ') || 'none'})`, path);
  }
  if (children.length === 0) {
    out.push(`${indent}<${name}/>`);
    return;
  }
  out.push(`${indent}<${name}>`);
  // Values of one name keep their relative order; the names follow the content model.
  const queues = new Map<string, NcipValue[]>();
  for (const [n, v] of children) {
    const queue = queues.get(n);
    if (queue) queue.push(v);
    else queues.set(n, [v]);
  }
  const taken = new Map<string, number>();
  for (const childName of order) {
    const i = taken.get(childName) ?? 0;
    taken.set(childName, i + 1);
    writeElement(out, childName, queues.get(childName)?.[i], `${path}/${childName}`, depth + 1);
  }
  out.push(`${indent}</${name}>`);
}

function document(body: string[], version: NcipVersion): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<NCIPMessage xmlns="${NCIP_NAMESPACE}" xmlns:ns1="${NCIP_NAMESPACE}" ns1:version="${VERSION_ATTRIBUTE[version]}">`,
    ...body,
    '</NCIPMessage>',
    '',
  ].join('\n');
}

/** Builds any NCIP message (request or response). Throws NcipBuildError when it cannot be valid. */
export function buildNcipMessage(message: NcipMessage, version: NcipVersion = '2.02'): string {
  const body: string[] = [];
  if (message.kind === 'Problem') {
    const problems = message.body.problem ?? [];
    if (problems.length === 0) throw new NcipBuildError('A bare Problem message needs at least one problem', 'Problem');
    for (const p of problems) writeElement(body, 'Problem', p, 'Problem', 1);
  } else {
    const def = definitionOf('NCIPMessage');
    if (def?.t !== 'complex' || !def.names.has(message.kind) || message.kind === 'Ext') {
      throw new NcipBuildError(`Unknown NCIP message ${JSON.stringify(message.kind)}`, message.kind);
    }
    writeElement(body, message.kind, message.body, message.kind, 1);
  }
  return document(body, version);
}

/** The header of a response: the initiation header's agencies and systems swapped. */
export function responseHeaderFor(initiation: NcipHeader | undefined): NcipHeader | undefined {
  if (!initiation) return undefined;
  const header: NcipHeader = { fromAgencyId: { agencyId: initiation.toAgencyId.agencyId }, toAgencyId: { agencyId: initiation.fromAgencyId.agencyId } };
  if (initiation.toSystemId) header.fromSystemId = initiation.toSystemId;
  if (initiation.fromSystemId) header.toSystemId = initiation.fromSystemId;
  return header;
}

/**
 * The answer to a message that could not be served: `<KindResponse>` with the problem when the
 * kind is known and has a response, else a bare NCIPMessage/Problem. Always XSD-valid.
 */
export function buildProblemResponse(problem: NcipProblem, context: { kind?: string; header?: NcipHeader } = {}, version: NcipVersion = '2.02'): string {
  const responseKind = context.kind === undefined ? undefined : `${context.kind}Response`;
  const def = responseKind === undefined ? undefined : definitionOf(responseKind);
  if (responseKind !== undefined && def?.t === 'complex' && def.names.has('Problem')) {
    const header = responseHeaderFor(context.header);
    return buildNcipMessage({ kind: responseKind, body: { ...(header ? { responseHeader: header } : {}), problem: [problem] } }, version);
  }
  return buildNcipMessage({ kind: 'Problem', body: { problem: [problem] } }, version);
}
