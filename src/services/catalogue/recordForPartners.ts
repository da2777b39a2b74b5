/**
 * A catalogue record as partners see it over SRU: the stored MARC record (MARCXML, or ISO 2709
 * kept as text) as MARCXML, with its own 852/952 item fields replaced by current ones built from
 * our item table, so a partner's locate reads today's availability rather than the import's.
 * 952 is Koha's item field, which YAZ-based and most library clients read (see holdingFrom952 in
 * src/protocols/marc/extract.ts): $a library, $c location, $o call number, $p barcode,
 * $q on loan, $1 missing, $7 not for loan (not requestable for resource sharing), $z note.
 */
import { parseIso2709Record, readMarcXml, type MarcDataField, type MarcRecord } from '../../protocols/marc/index.js';
import type { CatalogueItem, CatalogueRecord } from '../../store/catalogueRepository.js';
import { escapeXmlText } from '../../protocols/marc/safeXml.js';
import { marcXmlRecord } from '../inventory/marcText.js';

/** The stored record parsed back; undefined when it no longer parses (it did on import). */
export function storedMarc(record: Pick<CatalogueRecord, 'marcFormat' | 'marc'>): MarcRecord | undefined {
  if (record.marcFormat === 'marcxml') {
    const [first] = readMarcXml(record.marc);
    return first?.ok ? first.record : undefined;
  }
  // Kept as text decoded per leader/09 (UTF-8 when 'a', else Latin-1): encode back the same way.
  const bytes = record.marc[9] === 'a' ? new TextEncoder().encode(record.marc) : Uint8Array.from(record.marc, (c) => c.charCodeAt(0) & 0xff);
  const parsed = parseIso2709Record(bytes);
  return parsed.ok ? parsed.record : undefined;
}

export function itemField(item: CatalogueItem): MarcDataField {
  const subfields: MarcDataField['subfields'] = [];
  const add = (code: string, value: string | null) => {
    if (value !== null && value.trim() !== '') subfields.push({ code, value });
  };
  add('a', item.libraryCode);
  add('c', item.location);
  add('o', item.callNumber);
  add('p', item.barcode);
  if (item.status === 'on_loan') add('q', 'on loan');
  if (item.status === 'in_transit') add('q', 'in transit');
  if (item.status === 'missing') add('1', '1');
  if (!item.requestable) add('7', '1');
  add('z', item.electronic ? 'electronic' : null);
  return { tag: '952', ind1: ' ', ind2: ' ', subfields };
}

/** The record with current item fields, as a MARCXML `<record>` (MARC21 slim namespace). */
export function recordForPartners(record: CatalogueRecord): string | undefined {
  const marc = storedMarc(record);
  if (!marc) return undefined;
  const dataFields = [...marc.dataFields.filter((f) => f.tag !== '852' && f.tag !== '952'), ...record.items.map(itemField)];
  return marcXmlRecord({ ...marc, dataFields });
}

/** The record in SRU's Dublin Core schema (info:srw/schema/1/dc-v1.1): title, creator, identifiers. */
export function dublinCoreForPartners(record: CatalogueRecord): string {
  const el = (name: string, value: string) => `<dc:${name}>${escapeXmlText(value)}</dc:${name}>`;
  const parts = [el('title', record.title)];
  if (record.author !== null) parts.push(el('creator', record.author));
  for (const isbn of record.isbns) parts.push(el('identifier', `URN:ISBN:${isbn}`));
  for (const issn of record.issns) parts.push(el('identifier', `URN:ISSN:${issn}`));
  if (record.lccn !== null) parts.push(el('identifier', `info:lccn/${record.lccn}`));
  for (const oclc of record.oclcNumbers) parts.push(el('identifier', `info:oclcnum/${oclc}`));
  return `<srw_dc:dc xmlns:srw_dc="info:srw/schema/1/dc-schema" xmlns:dc="http://purl.org/dc/elements/1.1/">${parts.join('')}</srw_dc:dc>`;
}
