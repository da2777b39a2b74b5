import { randomUUID } from 'node:crypto';
import { sql, type Insertable, type RawBuilder } from 'kysely';
import type { Db } from './database.js';
import type { Database, ItemStatus } from './schema.js';

/** A text[] parameter written as an array literal: the same on pg and PGlite, whatever their array serialisers do. */
export function textArray(values: readonly string[]): RawBuilder<string[]> {
  const literal = `{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
  return sql<string[]>`${literal}::text[]`;
}

export interface BibliographicRecordInput {
  institutionId: string;
  sourceId: string;
  marcFormat: 'iso2709' | 'marcxml';
  marc: string;
  title: string;
  author: string | null;
  isbns: string[];
  issns: string[];
  lccn: string | null;
  oclcNumbers: string[];
  controlNumber: string | null;
}

export interface ItemInput {
  libraryId: string | null;
  location: string | null;
  callNumber: string | null;
  barcode: string;
  status: ItemStatus;
  policy: string | null;
  requestableForResourceSharing: boolean;
}

/** A barcode of the record is already an item of another record of the institution. */
export class BarcodeTakenError extends Error {
  override readonly name = 'BarcodeTakenError';
  constructor(
    readonly barcode: string,
    readonly sourceId: string,
  ) {
    super(`barcode ${barcode} already belongs to record ${sourceId}`);
  }
}

/**
 * Inserts or replaces one record by (institution, source id), with its holdings and items
 * (an update replaces them all), in one transaction. Returns whether the record was new.
 */
export async function upsertBibliographicRecord(db: Db, record: BibliographicRecordInput, items: ItemInput[]): Promise<{ id: string; created: boolean }> {
  // Inside a caller's transaction (a network file load imports whole catalogues in one) the record joins it.
  if (db.isTransaction) return writeBibliographicRecord(db, record, items);
  return db.transaction().execute((trx) => writeBibliographicRecord(trx, record, items));
}

async function writeBibliographicRecord(trx: Db, record: BibliographicRecordInput, items: ItemInput[]): Promise<{ id: string; created: boolean }> {
  // Checked before writing, so a refused record leaves nothing behind in a caller's transaction.
  if (items.length > 0) {
    const taken = await trx
      .selectFrom('item')
      .innerJoin('holding', 'holding.id', 'item.holding_id')
      .innerJoin('bibliographic_record', 'bibliographic_record.id', 'holding.bibliographic_record_id')
      .select(['item.barcode', 'bibliographic_record.source_id'])
      .where('item.institution_id', '=', record.institutionId)
      .where('bibliographic_record.source_id', '<>', record.sourceId)
      .where(
        'item.barcode',
        'in',
        items.map((i) => i.barcode),
      )
      .executeTakeFirst();
    if (taken) throw new BarcodeTakenError(taken.barcode, taken.source_id);
  }
  const values = recordValues(record);
  const existing = await trx
    .selectFrom('bibliographic_record')
    .select('id')
    .where('institution_id', '=', record.institutionId)
    .where('source_id', '=', record.sourceId)
    .forUpdate()
    .executeTakeFirst();
  let id: string;
  if (existing) {
    id = existing.id;
    await trx.updateTable('bibliographic_record').set({ ...values, updated_at: sql<Date>`now()` }).where('id', '=', id).execute();
    await trx.deleteFrom('holding').where('bibliographic_record_id', '=', id).execute();
  } else {
    id = (
      await trx
        .insertInto('bibliographic_record')
        .values({ ...values, institution_id: record.institutionId, source_id: record.sourceId, updated_at: sql<Date>`now()` })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  }
  for (const item of items) {
    const holding = await trx
      .insertInto('holding')
      .values({ institution_id: record.institutionId, bibliographic_record_id: id, library_id: item.libraryId, location: item.location, call_number: item.callNumber })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('item')
      .values({
        institution_id: record.institutionId,
        holding_id: holding.id,
        barcode: item.barcode,
        status: item.status,
        policy: item.policy,
        requestable_for_resource_sharing: item.requestableForResourceSharing,
      })
      .execute();
  }
  return { id, created: !existing };
}

function recordValues(record: BibliographicRecordInput) {
  return {
    marc_format: record.marcFormat,
    marc: record.marc,
    title: record.title,
    author: record.author,
    isbns: textArray(record.isbns),
    issns: textArray(record.issns),
    lccn: record.lccn,
    oclc_numbers: textArray(record.oclcNumbers),
    control_number: record.controlNumber,
  };
}

export interface NewBibliographicRecord {
  record: BibliographicRecordInput;
  items: ItemInput[];
}

/** Records per statement: keeps every insert far below PostgreSQL's 65535 parameters. */
const INSERT_BATCH = 100;

/**
 * Inserts new records with their holdings and items in a few multi-row statements, for loading
 * a whole file into a catalogue that has none of its source ids or barcodes yet (the caller
 * checked). Ids are made here so holdings and items name their parents without a round trip each.
 */
export async function insertBibliographicRecords(db: Db, entries: readonly NewBibliographicRecord[]): Promise<void> {
  if (!db.isTransaction) return db.transaction().execute((trx) => insertBibliographicRecords(trx, entries));
  for (let start = 0; start < entries.length; start += INSERT_BATCH) {
    const chunk = entries.slice(start, start + INSERT_BATCH);
    const holdings: Insertable<Database['holding']>[] = [];
    const items: Insertable<Database['item']>[] = [];
    const records = chunk.map(({ record, items: recordItems }) => {
      const id = randomUUID();
      for (const item of recordItems) {
        const holdingId = randomUUID();
        holdings.push({ id: holdingId, institution_id: record.institutionId, bibliographic_record_id: id, library_id: item.libraryId, location: item.location, call_number: item.callNumber });
        items.push({
          institution_id: record.institutionId,
          holding_id: holdingId,
          barcode: item.barcode,
          status: item.status,
          policy: item.policy,
          requestable_for_resource_sharing: item.requestableForResourceSharing,
        });
      }
      return { id, ...recordValues(record), institution_id: record.institutionId, source_id: record.sourceId, updated_at: sql<Date>`now()` };
    });
    if (records.length === 0) continue;
    await db.insertInto('bibliographic_record').values(records).execute();
    if (holdings.length > 0) await db.insertInto('holding').values(holdings).execute();
    if (items.length > 0) await db.insertInto('item').values(items).execute();
  }
}

/** The institution's libraries by code and by name (lower case), for placing imported holdings. */
export async function libraryLookup(db: Db, institutionId: string): Promise<Map<string, string>> {
  const rows = await db.selectFrom('library').select(['id', 'code', 'name']).where('institution_id', '=', institutionId).execute();
  const map = new Map<string, string>();
  for (const r of rows) {
    map.set(r.name.toLowerCase(), r.id);
    map.set(r.code.toLowerCase(), r.id);
  }
  return map;
}
