/**
 * ISO 2709 (MARC21 transmission format) reader. Own implementation: byte-exact, bounded, and it never
 * throws on malformed input — each record yields `{ ok: true, record }` or `{ ok: false, error }`.
 *
 * Character coding: leader/09 = 'a' → UTF-8; otherwise (MARC-8) the bytes are decoded as Latin-1,
 * which is exact for ASCII and best effort beyond (MARC-8 diacritics are not converted).
 */
import { MarcParseError, type MarcControlField, type MarcDataField, type MarcReadResult } from './record.js';

const RECORD_TERMINATOR = 0x1d;
const FIELD_TERMINATOR = 0x1e;
const SUBFIELD_DELIMITER = 0x1f;

const utf8 = new TextDecoder('utf-8', { fatal: false });
const latin1 = new TextDecoder('latin1');

function fail(code: MarcParseError['code'], message: string): MarcReadResult {
  return { ok: false, error: new MarcParseError(code, message) };
}

function digits(s: string): number | undefined {
  return /^[0-9]+$/.test(s) ? Number(s) : undefined;
}

/** Parses one record (the bytes up to and including its record terminator, or without it). */
export function parseIso2709Record(bytes: Uint8Array): MarcReadResult {
  if (bytes.length === 0) return fail('empty', 'empty record');
  if (bytes.length < 25) return fail('bad-leader', `record too short for a leader (${bytes.length} bytes)`);
  const leader = latin1.decode(bytes.subarray(0, 24));
  const declaredLength = digits(leader.slice(0, 5));
  const baseAddress = digits(leader.slice(12, 17));
  if (declaredLength === undefined || baseAddress === undefined) {
    return fail('bad-leader', `leader record length / base address not numeric: ${JSON.stringify(leader)}`);
  }
  if (declaredLength !== bytes.length && declaredLength !== bytes.length + 1) {
    // +1: caller may have split the terminator off.
    return fail('bad-length', `leader says ${declaredLength} bytes, record has ${bytes.length}`);
  }
  if (baseAddress < 25 || baseAddress > bytes.length) {
    return fail('bad-leader', `base address ${baseAddress} outside record of ${bytes.length} bytes`);
  }
  const decode = leader[9] === 'a' ? (b: Uint8Array) => utf8.decode(b) : (b: Uint8Array) => latin1.decode(b);
  // Directory: 12-byte entries from 24 to the field terminator before the base address.
  const dirEnd = baseAddress - 1;
  if (bytes[dirEnd] !== FIELD_TERMINATOR) return fail('bad-directory', 'directory not terminated at base address - 1');
  if ((dirEnd - 24) % 12 !== 0) return fail('bad-directory', `directory length ${dirEnd - 24} is not a multiple of 12`);
  const controlFields: MarcControlField[] = [];
  const dataFields: MarcDataField[] = [];
  for (let p = 24; p < dirEnd; p += 12) {
    const entry = latin1.decode(bytes.subarray(p, p + 12));
    const tag = entry.slice(0, 3);
    const length = digits(entry.slice(3, 7));
    const start = digits(entry.slice(7, 12));
    if (!/^[0-9A-Za-z]{3}$/.test(tag) || length === undefined || start === undefined) {
      return fail('bad-directory', `bad directory entry ${JSON.stringify(entry)}`);
    }
    const from = baseAddress + start;
    const to = from + length;
    if (length < 1 || to > bytes.length) return fail('bad-field', `field ${tag} at ${start}+${length} runs past the record`);
    let body = bytes.subarray(from, to);
    if (body[body.length - 1] === FIELD_TERMINATOR) body = body.subarray(0, body.length - 1);
    if (tag.startsWith('00')) {
      controlFields.push({ tag, value: decode(body) });
      continue;
    }
    if (body.length < 2) return fail('bad-field', `data field ${tag} has no indicators`);
    const ind1 = latin1.decode(body.subarray(0, 1));
    const ind2 = latin1.decode(body.subarray(1, 2));
    const subfields: MarcDataField['subfields'] = [];
    let i = 2;
    if (i < body.length && body[i] !== SUBFIELD_DELIMITER) return fail('bad-field', `data field ${tag} does not start with a subfield`);
    while (i < body.length) {
      let j = i + 1;
      while (j < body.length && body[j] !== SUBFIELD_DELIMITER) j++;
      const chunk = body.subarray(i + 1, j);
      if (chunk.length >= 1) subfields.push({ code: latin1.decode(chunk.subarray(0, 1)), value: decode(chunk.subarray(1)) });
      i = j;
    }
    dataFields.push({ tag, ind1, ind2, subfields });
  }
  return { ok: true, record: { leader, controlFields, dataFields } };
}

/** Splits a file of concatenated records on the record terminator and parses each. */
export function readIso2709(bytes: Uint8Array): MarcReadResult[] {
  const results: MarcReadResult[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === RECORD_TERMINATOR) {
      results.push(parseIso2709Record(bytes.subarray(start, i + 1)));
      start = i + 1;
    }
  }
  const rest = bytes.subarray(start);
  // Trailing newline/whitespace after the last record is common in files; anything else is a truncated record.
  if (rest.some((b) => b !== 0x0a && b !== 0x0d && b !== 0x20)) results.push(parseIso2709Record(rest));
  if (results.length === 0) results.push(fail('empty', 'no records in input'));
  return results;
}
