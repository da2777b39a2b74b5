/**
 * Imports a MARCXML or ISO 2709 file into one institution's inventory, record by record: each
 * record is its own upsert (by 001, or a hash of the record when it has none), so one bad record
 * never stops the others. Parsing and match fields come from src/protocols/marc; this is the I/O.
 */
import { createHash } from 'node:crypto';
import { extractMatchFields, parseIso2709Record, readMarcXml, type MarcHolding, type MarcReadResult } from '../../protocols/marc/index.js';
import type { Db } from '../../store/database.js';
import { BarcodeTakenError, insertBibliographicRecords, libraryLookup, upsertBibliographicRecord, type BibliographicRecordInput, type ItemInput, type NewBibliographicRecord } from '../../store/inventoryRepository.js';
import type { ItemStatus } from '../../store/schema.js';
import { iso2709Text, marcXmlRecord, splitIso2709 } from './marcText.js';

export type MarcFileFormat = 'iso2709' | 'marcxml';

export interface ImportMarcOptions {
  institutionId: string;
  /** Called after each record (done from 1 to total). */
  onProgress?: (done: number, total: number) => void;
  /**
   * The institution has no records yet (a network file's first load): records are checked
   * against each other here and written in a few multi-row statements, not one upsert each.
   */
  emptyCatalogue?: boolean;
}

export interface ImportRejection {
  /** Position of the record in the file, from 1. */
  index: number;
  reason: string;
}

export interface ImportMarcResult {
  format: MarcFileFormat;
  total: number;
  imported: number;
  updated: number;
  rejected: ImportRejection[];
}

/** MARCXML when the content starts (after a BOM and white space) with '<'; ISO 2709 otherwise. */
export function detectMarcFormat(bytes: Uint8Array): MarcFileFormat {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  return bytes[i] === 0x3c ? 'marcxml' : 'iso2709';
}

interface Parsed {
  result: MarcReadResult;
  /** The record kept whole (for ISO 2709 the original bytes as text; for MARCXML re-serialised). */
  text: () => string;
}

function parseFile(bytes: Uint8Array, format: MarcFileFormat): Parsed[] {
  if (format === 'marcxml') {
    return readMarcXml(new TextDecoder('utf-8').decode(bytes)).map((result) => ({
      result,
      text: () => (result.ok ? marcXmlRecord(result.record) : ''),
    }));
  }
  const chunks = splitIso2709(bytes);
  if (chunks.length === 0) return [{ result: parseIso2709Record(new Uint8Array()), text: () => '' }];
  return chunks.map((chunk) => ({ result: parseIso2709Record(chunk), text: () => iso2709Text(chunk) }));
}

const ITEM_STATUS: Record<MarcHolding['status'], ItemStatus> = {
  available: 'available',
  'on-loan': 'on_loan',
  // 952 withdrawn / lost / damaged / not for loan: not on the shelf to lend.
  unavailable: 'missing',
  // 852 says nothing about circulation: an item we hold is taken to be on the shelf.
  unknown: 'available',
};

function itemsFrom(holdings: MarcHolding[], libraries: Map<string, string>): ItemInput[] | string {
  const items: ItemInput[] = [];
  const seen = new Set<string>();
  for (const h of holdings) {
    if (h.barcode === undefined) continue;
    if (seen.has(h.barcode)) return `barcode ${h.barcode} appears twice in the record`;
    seen.add(h.barcode);
    const libraryId = h.library === undefined ? null : (libraries.get(h.library.toLowerCase()) ?? null);
    items.push({
      libraryId,
      // A library we do not know keeps its name as the location rather than being lost.
      location: h.location ?? (libraryId === null ? (h.library ?? null) : null),
      callNumber: h.callNumber ?? null,
      barcode: h.barcode,
      status: ITEM_STATUS[h.status],
      policy: h.note ?? null,
      requestableForResourceSharing: h.status !== 'unavailable',
    });
  }
  return items;
}

export async function importMarc(db: Db, bytes: Uint8Array, options: ImportMarcOptions): Promise<ImportMarcResult> {
  const format = detectMarcFormat(bytes);
  const records = parseFile(bytes, format);
  const libraries = await libraryLookup(db, options.institutionId);
  const out: ImportMarcResult = { format, total: records.length, imported: 0, updated: 0, rejected: [] };
  const batch = options.emptyCatalogue ? new NewRecords() : undefined;
  for (const [i, { result, text }] of records.entries()) {
    const index = i + 1;
    const reject = (reason: string) => out.rejected.push({ index, reason });
    if (!result.ok) {
      reject(`parse error (${result.error.code}): ${result.error.message}`);
    } else {
      const fields = extractMatchFields(result.record);
      const items = itemsFrom(fields.holdings, libraries);
      if (fields.title === undefined) reject('no title (245 $a/$b)');
      else if (typeof items === 'string') reject(items);
      else {
        const marc = text();
        const sourceId = fields.controlNumber ?? `sha256:${createHash('sha256').update(marc).digest('hex')}`;
        const record: BibliographicRecordInput = {
          institutionId: options.institutionId,
          sourceId,
          marcFormat: format,
          marc,
          title: fields.title,
          author: fields.author ?? null,
          isbns: fields.isbns,
          issns: fields.issns,
          lccn: fields.lccn ?? null,
          oclcNumbers: fields.oclcNumbers,
          controlNumber: fields.controlNumber ?? null,
        };
        try {
          const { created } = batch ? batch.add(record, items) : await upsertBibliographicRecord(db, record, items);
          if (created) out.imported++;
          else out.updated++;
        } catch (error) {
          // Anything else (the database gone) fails the import rather than rejecting every record.
          if (!(error instanceof BarcodeTakenError)) throw error;
          reject(error.message);
        }
      }
    }
    options.onProgress?.(index, records.length);
  }
  if (batch) await insertBibliographicRecords(db, batch.entries());
  return out;
}

/** Records of one file bound for an empty catalogue: a repeated source id replaces the earlier record, as an upsert would. */
class NewRecords {
  private readonly bySource = new Map<string, NewBibliographicRecord>();
  private readonly barcodes = new Map<string, string>();

  add(record: BibliographicRecordInput, items: ItemInput[]): { created: boolean } {
    for (const { barcode } of items) {
      const owner = this.barcodes.get(barcode);
      if (owner !== undefined && owner !== record.sourceId) throw new BarcodeTakenError(barcode, owner);
    }
    const previous = this.bySource.get(record.sourceId);
    for (const { barcode } of previous?.items ?? []) this.barcodes.delete(barcode);
    for (const { barcode } of items) this.barcodes.set(barcode, record.sourceId);
    this.bySource.set(record.sourceId, { record, items });
    return { created: previous === undefined };
  }

  entries(): NewBibliographicRecord[] {
    return [...this.bySource.values()];
  }
}
