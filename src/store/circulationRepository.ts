import type { Insertable, Updateable } from 'kysely';
import type { Db } from './database.js';
import { textArray } from './inventoryRepository.js';
import type { Hold, HoldTable, Item, ItemTable, Loan, LoanTable } from './schema.js';

/** The temporary records of a received item, created together. */
export interface TemporaryRecordsInput {
  institutionId: string;
  requestId: string;
  libraryId: string | null;
  sourceId: string;
  marc: string;
  title: string;
  author: string | null;
  isbns: string[];
  location: string;
  barcode: string;
}

export async function insertTemporaryRecords(db: Db, input: TemporaryRecordsInput): Promise<Item> {
  const bib = await db
    .insertInto('bibliographic_record')
    .values({
      institution_id: input.institutionId,
      source_id: input.sourceId,
      marc_format: 'marcxml',
      marc: input.marc,
      title: input.title,
      author: input.author,
      isbns: textArray(input.isbns),
      issns: textArray([]),
      oclc_numbers: textArray([]),
      lccn: null,
      control_number: null,
      // Never offered to patrons or partners: the item is not ours.
      suppressed: true,
      temporary_for_request_id: input.requestId,
      updated_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const holding = await db
    .insertInto('holding')
    .values({ institution_id: input.institutionId, bibliographic_record_id: bib.id, library_id: input.libraryId, location: input.location, call_number: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return db
    .insertInto('item')
    .values({
      institution_id: input.institutionId,
      holding_id: holding.id,
      barcode: input.barcode,
      status: 'available',
      policy: null,
      requestable_for_resource_sharing: false,
      temporary_for_request_id: input.requestId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Removes the temporary bib of a request (its holding and item go with it) and its hold. */
export async function deleteTemporaryRecords(db: Db, institutionId: string, requestId: string): Promise<number> {
  const bibs = await db
    .deleteFrom('bibliographic_record')
    .where('institution_id', '=', institutionId)
    .where('temporary_for_request_id', '=', requestId)
    .executeTakeFirst();
  // An item whose bib was not temporary (should not happen) is removed on its own.
  await db.deleteFrom('item').where('institution_id', '=', institutionId).where('temporary_for_request_id', '=', requestId).execute();
  await db.deleteFrom('hold').where('institution_id', '=', institutionId).where('borrowing_request_id', '=', requestId).execute();
  return Number(bibs.numDeletedRows);
}

export async function findItemByBarcode(db: Db, institutionId: string, barcode: string): Promise<Item | undefined> {
  return db.selectFrom('item').selectAll().where('institution_id', '=', institutionId).where('barcode', '=', barcode).executeTakeFirst();
}

export async function findTemporaryItem(db: Db, institutionId: string, requestId: string): Promise<Item | undefined> {
  return db.selectFrom('item').selectAll().where('institution_id', '=', institutionId).where('temporary_for_request_id', '=', requestId).executeTakeFirst();
}

export async function findItemLentFor(db: Db, institutionId: string, lendingRequestId: string): Promise<Item | undefined> {
  return db.selectFrom('item').selectAll().where('institution_id', '=', institutionId).where('lent_for_request_id', '=', lendingRequestId).executeTakeFirst();
}

export async function updateItem(db: Db, item: Pick<Item, 'id' | 'institution_id'>, changes: Updateable<ItemTable>): Promise<void> {
  await db.updateTable('item').set(changes).where('institution_id', '=', item.institution_id).where('id', '=', item.id).execute();
}

export async function insertHold(db: Db, hold: Insertable<HoldTable>): Promise<Hold> {
  return db.insertInto('hold').values(hold).returningAll().executeTakeFirstOrThrow();
}

export async function findHold(db: Db, institutionId: string, requestId: string): Promise<Hold | undefined> {
  return db.selectFrom('hold').selectAll().where('institution_id', '=', institutionId).where('borrowing_request_id', '=', requestId).executeTakeFirst();
}

export async function updateHold(db: Db, hold: Pick<Hold, 'id' | 'institution_id'>, changes: Updateable<HoldTable>, now: Date): Promise<void> {
  await db
    .updateTable('hold')
    .set({ ...changes, updated_at: now })
    .where('institution_id', '=', hold.institution_id)
    .where('id', '=', hold.id)
    .execute();
}

export async function insertLoan(db: Db, loan: Insertable<LoanTable>): Promise<Loan> {
  return db.insertInto('loan').values(loan).returningAll().executeTakeFirstOrThrow();
}

export async function findActiveLoan(db: Db, institutionId: string, requestId: string): Promise<Loan | undefined> {
  return db
    .selectFrom('loan')
    .selectAll()
    .where('institution_id', '=', institutionId)
    .where('borrowing_request_id', '=', requestId)
    .where('status', '=', 'active')
    .executeTakeFirst();
}

export async function findLatestLoan(db: Db, institutionId: string, requestId: string): Promise<Loan | undefined> {
  return db
    .selectFrom('loan')
    .selectAll()
    .where('institution_id', '=', institutionId)
    .where('borrowing_request_id', '=', requestId)
    .orderBy('loaned_at', 'desc')
    .executeTakeFirst();
}

export async function updateLoan(db: Db, loan: Pick<Loan, 'id' | 'institution_id'>, changes: Updateable<LoanTable>): Promise<void> {
  await db.updateTable('loan').set(changes).where('institution_id', '=', loan.institution_id).where('id', '=', loan.id).execute();
}

export interface HoldShelfRow {
  holdId: string;
  requestId: string;
  requestNumber: string;
  title: string | null;
  patronBarcode: string;
  patronName: string | null;
  pickupLocation: string;
  itemBarcode: string | null;
  onShelfSince: Date | null;
  shelfExpiresAt: Date | null;
}

/** Holds waiting on the shelf, those expiring first at the top. */
export async function listHoldShelf(db: Db, institutionId: string, options: { pickupLocation?: string | undefined; limit: number }): Promise<HoldShelfRow[]> {
  let query = db
    .selectFrom('hold')
    .innerJoin('borrowing_request as r', 'r.id', 'hold.borrowing_request_id')
    .leftJoin('item', (join) =>
      join.onRef('item.temporary_for_request_id', '=', 'hold.borrowing_request_id').onRef('item.institution_id', '=', 'hold.institution_id'),
    )
    // Patrons are known by barcode regardless of case (the register's unique index is on lower()).
    .leftJoin('patron', (join) =>
      join
        .onRef('patron.institution_id', '=', 'hold.institution_id')
        .on((eb) => eb(eb.fn('lower', ['patron.barcode']), '=', eb.fn('lower', ['hold.patron_barcode']))),
    )
    .select([
      'hold.id as holdId',
      'r.id as requestId',
      'r.request_number as requestNumber',
      'r.title as title',
      'hold.patron_barcode as patronBarcode',
      'patron.name as patronName',
      'hold.pickup_location as pickupLocation',
      'item.barcode as itemBarcode',
      'hold.on_shelf_since as onShelfSince',
      'hold.shelf_expires_at as shelfExpiresAt',
    ])
    .where('hold.institution_id', '=', institutionId)
    .where('hold.status', '=', 'on_shelf');
  if (options.pickupLocation) query = query.where('hold.pickup_location', '=', options.pickupLocation);
  return query.orderBy('hold.shelf_expires_at').orderBy('r.request_number').limit(options.limit).execute();
}

/** Holds still on the shelf after their shelf date, any institution: what the expiry job works on. */
export async function listLapsedHolds(db: Db, asOf: Date, limit: number): Promise<Pick<Hold, 'institution_id' | 'borrowing_request_id'>[]> {
  return db
    .selectFrom('hold')
    .select(['institution_id', 'borrowing_request_id'])
    .where('status', '=', 'on_shelf')
    .where('shelf_expires_at', '<=', asOf)
    .orderBy('shelf_expires_at')
    .limit(limit)
    .execute();
}
