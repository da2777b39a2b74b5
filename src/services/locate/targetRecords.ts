/**
 * Reading what a locate target sent back into record ids and the holdings it reported: MARC
 * (ISO 2709 from Z39.50, MARCXML from SRU) with 852/952 holdings, or Z39.50 OPAC records.
 */
import type { ItemAvailability } from '../../domain/locate/index.js';
import { extractMatchFields, parseIso2709Record, readMarcXml, type MarcHolding, type MarcReadResult } from '../../protocols/marc/index.js';
import type { SruRecord } from '../../protocols/sru/index.js';
import type { OpacHolding, Z3950Record } from '../../protocols/z3950/index.js';
import type { LocateAvailability } from '../../store/schema.js';

export interface RecordsSeen {
  recordIds: string[];
  availability: LocateAvailability[];
}

function fromMarc(read: MarcReadResult | undefined, fallbackId: string): RecordsSeen {
  if (!read?.ok) return { recordIds: [fallbackId], availability: [] };
  const fields = extractMatchFields(read.record);
  const recordId = fields.controlNumber ?? fallbackId;
  return { recordIds: [recordId], availability: fields.holdings.map((h) => holdingSeen(recordId, h)) };
}

function holdingSeen(recordId: string, h: MarcHolding): LocateAvailability {
  return { recordId, library: h.library, location: h.location, callNumber: h.callNumber, barcode: h.barcode, status: h.status };
}

function opacSeen(recordId: string, holding: OpacHolding): LocateAvailability[] {
  const base = { recordId, library: holding.nucCode, location: holding.shelvingLocation ?? holding.localLocation, callNumber: holding.callNumber };
  if (holding.circulation.length === 0) return [{ ...base, status: 'unknown' }];
  return holding.circulation.map((c) => ({ ...base, barcode: c.itemId, status: opacStatus(c.availableNow) }));
}

function opacStatus(availableNow: boolean | undefined): ItemAvailability {
  if (availableNow === undefined) return 'unknown';
  return availableNow ? 'available' : 'on-loan';
}

function merge(parts: RecordsSeen[]): RecordsSeen {
  return { recordIds: parts.flatMap((p) => p.recordIds), availability: parts.flatMap((p) => p.availability) };
}

/** Record ids fall back to the position in the result set when a record has no 001. */
export function z3950RecordsSeen(records: readonly Z3950Record[]): RecordsSeen {
  return merge(
    records.map((record, i) => {
      const position = `#${i + 1}`;
      switch (record.kind) {
        case 'marc':
          return fromMarc(parseIso2709Record(record.data), position);
        case 'opac': {
          const bib = record.bibliographic ? fromMarc(parseIso2709Record(record.bibliographic), position) : { recordIds: [position], availability: [] };
          const recordId = bib.recordIds[0] ?? position;
          const holdings = record.holdings.flatMap((h) => opacSeen(recordId, h));
          return { recordIds: bib.recordIds, availability: holdings.length > 0 ? holdings : bib.availability };
        }
        default:
          return { recordIds: [position], availability: [] };
      }
    }),
  );
}

export function sruRecordsSeen(records: readonly SruRecord[]): RecordsSeen {
  return merge(records.filter((r) => r.diagnostic === undefined).map((r, i) => fromMarc(readMarcXml(r.xml)[0], `#${r.position ?? i + 1}`)));
}
