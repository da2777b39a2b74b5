/**
 * Builds ISO 18626 XML for one version, in exact XSD sequence order.
 *
 * Output: UTF-8 XML declaration; elements in the default namespace
 * http://illtransactions.org/2013/iso18626; the same namespace bound to the prefix `ill` for the
 * qualified attributes both schemas require (attributeFormDefault="qualified"): `ill:version`
 * and `ill:scheme`. Pretty-printed with two-space indentation (staff read raw messages).
 *
 * What is written is `toWire(message, version)` (see project.ts for the fields mapped or
 * dropped per version). A message that cannot be made valid for the version — a missing
 * mandatory element (e.g. a 1.x request without supplyingAgencyId, a 2021 request without
 * serviceInfo, a status that does not exist in 1.x) or an invalid lexical value (a timestamp
 * that is not an xs:dateTime) — is a programming error and throws Iso18626BuildError.
 */
import { isOneOf, type Iso18626Version } from './codeLists.js';
import { isXsdDateTime, isXsdDecimal } from './lexical.js';
import { MESSAGE_KINDS, type Iso18626Message } from './model.js';
import { isRecord, toWire, toXmlChars } from './project.js';
import { messageSchema, type ComplexType, type Field, type FieldType } from './schema.js';
import { CANONICAL_VERSION_ATTRIBUTE } from './version.js';

export const ISO18626_NAMESPACE = 'http://illtransactions.org/2013/iso18626';
const ATTRIBUTE_PREFIX = 'ill';

export class Iso18626BuildError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
    this.name = 'Iso18626BuildError';
  }
}

export function escapeText(value: string): string {
  return toXmlChars(value).replace(/[&<>\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#13;'));
}

export function escapeAttribute(value: string): string {
  return toXmlChars(value).replace(/[&<>"'\t\n\r]/g, (c) => {
    switch (c) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      case "'":
        return '&apos;';
      default:
        return `&#${c.charCodeAt(0)};`;
    }
  });
}

function leafText(value: unknown, type: Exclude<FieldType, { t: 'complex' }>, path: string): { text: string; scheme?: string } {
  const fail = (what: string): never => {
    throw new Iso18626BuildError(`${path}: ${what} (${JSON.stringify(value)})`, path);
  };
  switch (type.t) {
    case 'string':
      return typeof value === 'string' ? { text: value } : fail('expected a string');
    case 'dateTime':
      return typeof value === 'string' && isXsdDateTime(value) ? { text: value } : fail('not an xs:dateTime');
    case 'decimal':
      return typeof value === 'string' && isXsdDecimal(value.trim()) ? { text: value.trim() } : fail('not an xs:decimal');
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value) && (type.min === undefined || value >= type.min)
        ? { text: String(value) }
        : fail('not an integer in range');
    case 'boolean':
      return typeof value === 'boolean' ? { text: value ? 'true' : 'false' } : fail('expected a boolean');
    case 'code':
      return typeof value === 'string' && isOneOf(type.list, value) ? { text: value } : fail('not a valid code for this version');
    case 'schemeValue':
    case 'schemeValueAsString': {
      if (!isRecord(value) || typeof value.value !== 'string') return fail('expected { value, scheme? }');
      return typeof value.scheme === 'string' ? { text: value.value, scheme: value.scheme } : { text: value.value };
    }
  }
}

function writeField(out: string[], field: Field, value: unknown, path: string, depth: number): void {
  const indent = '  '.repeat(depth);
  const elementPath = `${path}/${field.xml}`;
  if (field.type.t === 'complex') {
    if (!isRecord(value)) throw new Iso18626BuildError(`${elementPath}: expected an object`, elementPath);
    const body: string[] = [];
    writeComplex(body, field.type, value, elementPath, depth + 1);
    if (body.length === 0) out.push(`${indent}<${field.xml}/>`);
    else out.push(`${indent}<${field.xml}>`, ...body, `${indent}</${field.xml}>`);
    return;
  }
  const { text, scheme } = leafText(value, field.type, elementPath);
  const attribute = scheme === undefined ? '' : ` ${ATTRIBUTE_PREFIX}:scheme="${escapeAttribute(scheme)}"`;
  out.push(`${indent}<${field.xml}${attribute}>${escapeText(text)}</${field.xml}>`);
}

function writeComplex(out: string[], spec: ComplexType, value: Record<string, unknown>, path: string, depth: number): void {
  let written = 0;
  for (const field of spec.fields) {
    const v = value[field.key];
    if (v === undefined) {
      if (field.writeEmptyWhenAbsent) out.push(`${'  '.repeat(depth)}<${field.xml}/>`);
      else if (field.min === 1 && !spec.choice) {
        throw new Iso18626BuildError(`Missing mandatory element ${path}/${field.xml}`, `${path}/${field.xml}`);
      }
      continue;
    }
    const items = field.array ? (v as unknown[]) : [v];
    for (const item of items) writeField(out, field, item, path, depth);
    written += 1;
  }
  if (spec.choice && written !== 1) {
    const names = spec.fields.map((f) => f.xml).join(' or ');
    throw new Iso18626BuildError(`${path} must contain exactly one of ${names}`, path);
  }
}

/** Builds the XML for `message` in `version`. Throws Iso18626BuildError for an unrepresentable message. */
export function buildIso18626(message: Iso18626Message, version: Iso18626Version): string {
  if (!isOneOf(MESSAGE_KINDS, message.kind)) {
    throw new Iso18626BuildError(`Unknown message kind ${JSON.stringify(message.kind)}`, '');
  }
  if (!(version in CANONICAL_VERSION_ATTRIBUTE)) {
    throw new Iso18626BuildError(`Unknown ISO 18626 version ${JSON.stringify(version)}`, '');
  }
  const wire = toWire(message, version);
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<ISO18626Message xmlns="${ISO18626_NAMESPACE}" xmlns:${ATTRIBUTE_PREFIX}="${ISO18626_NAMESPACE}" ${ATTRIBUTE_PREFIX}:version="${escapeAttribute(CANONICAL_VERSION_ATTRIBUTE[version])}">`,
  ];
  const body: string[] = [];
  writeComplex(body, messageSchema(version, message.kind), wire, message.kind, 2);
  out.push(`  <${message.kind}>`, ...body, `  </${message.kind}>`, '</ISO18626Message>', '');
  return out.join('\n');
}
