/** How an imported record is kept whole: MARCXML for MARCXML input, the ISO 2709 record as text otherwise. */
import type { MarcRecord } from '../../protocols/marc/index.js';

const escapeXml = (s: string): string =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    // Characters XML 1.0 cannot carry at all (C0 controls but tab, newline, carriage return).
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '\ufffd');

/** One `<record>` in the MARC21 slim namespace. */
export function marcXmlRecord(record: MarcRecord): string {
  const lines = ['<record xmlns="http://www.loc.gov/MARC21/slim">', `  <leader>${escapeXml(record.leader)}</leader>`];
  for (const f of record.controlFields) lines.push(`  <controlfield tag="${escapeXml(f.tag)}">${escapeXml(f.value)}</controlfield>`);
  for (const f of record.dataFields) {
    const subfields = f.subfields.map((s) => `<subfield code="${escapeXml(s.code)}">${escapeXml(s.value)}</subfield>`).join('');
    lines.push(`  <datafield tag="${escapeXml(f.tag)}" ind1="${escapeXml(f.ind1)}" ind2="${escapeXml(f.ind2)}">${subfields}</datafield>`);
  }
  lines.push('</record>');
  return lines.join('\n');
}

const RECORD_TERMINATOR = 0x1d;

/** Splits ISO 2709 bytes into records the way `readIso2709` does (trailing whitespace after the last one ignored). */
export function splitIso2709(bytes: Uint8Array): Uint8Array[] {
  const records: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === RECORD_TERMINATOR) {
      records.push(bytes.subarray(start, i + 1));
      start = i + 1;
    }
  }
  const rest = bytes.subarray(start);
  if (rest.some((b) => b !== 0x0a && b !== 0x0d && b !== 0x20)) records.push(rest);
  return records;
}

/** The ISO 2709 record as text, decoded like the reader does (leader/09 'a': UTF-8, else Latin-1). NULs cannot be stored in text. */
export function iso2709Text(bytes: Uint8Array): string {
  const decoder = new TextDecoder(bytes[9] === 0x61 ? 'utf-8' : 'latin1');
  return decoder.decode(bytes).replace(/\0/g, '\ufffd');
}
