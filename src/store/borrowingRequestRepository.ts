import type { Insertable, Updateable } from 'kysely';
import type { Db } from './database.js';
import type { BorrowingRequest, BorrowingRequestTable, RotaEntry, RotaEntryTable } from './schema.js';

export async function insertBorrowingRequest(db: Db, request: Insertable<BorrowingRequestTable>): Promise<BorrowingRequest> {
  return db.insertInto('borrowing_request').values(request).returningAll().executeTakeFirstOrThrow();
}

export async function findBorrowingRequest(db: Db, institutionId: string, id: string, options: { lock?: boolean } = {}): Promise<BorrowingRequest | undefined> {
  let query = db.selectFrom('borrowing_request').selectAll().where('institution_id', '=', institutionId).where('id', '=', id);
  if (options.lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

/** Our requestingAgencyRequestId is the request number: how a lender's message finds its request. */
export async function findBorrowingRequestByNumber(db: Db, institutionId: string, number: string, options: { lock?: boolean } = {}): Promise<BorrowingRequest | undefined> {
  let query = db.selectFrom('borrowing_request').selectAll().where('institution_id', '=', institutionId).where('request_number', '=', number);
  if (options.lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function updateBorrowingRequest(
  db: Db,
  request: Pick<BorrowingRequest, 'id' | 'institution_id'>,
  changes: Updateable<BorrowingRequestTable>,
  now: Date,
): Promise<BorrowingRequest> {
  return db
    .updateTable('borrowing_request')
    .set((eb) => ({ ...changes, updated_at: now, version: eb('version', '+', 1) }))
    .where('institution_id', '=', request.institution_id)
    .where('id', '=', request.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export type RotaEntryWithPartner = RotaEntry & {
  partner_code: string;
  partner_name: string;
  partner_id_type: string;
  partner_id_value: string;
  partner_endpoint_url: string | null;
  partner_active: boolean;
  partner_supports_lending: boolean;
  partner_request_expiry: 'none' | 'days' | 'date';
  partner_request_expiry_days: number | null;
  partner_request_expiry_date: Date | null;
};

export async function insertRotaEntries(db: Db, entries: Insertable<RotaEntryTable>[]): Promise<void> {
  if (entries.length > 0) await db.insertInto('rota_entry').values(entries).execute();
}

export async function listRotaEntries(db: Db, institutionId: string, borrowingRequestId: string): Promise<RotaEntryWithPartner[]> {
  return db
    .selectFrom('rota_entry')
    .innerJoin('partner', 'partner.id', 'rota_entry.partner_id')
    .selectAll('rota_entry')
    .select([
      'partner.code as partner_code',
      'partner.name as partner_name',
      'partner.id_type as partner_id_type',
      'partner.id_value as partner_id_value',
      'partner.endpoint_url as partner_endpoint_url',
      'partner.active as partner_active',
      'partner.supports_lending as partner_supports_lending',
      'partner.request_expiry as partner_request_expiry',
      'partner.request_expiry_days as partner_request_expiry_days',
      'partner.request_expiry_date as partner_request_expiry_date',
    ])
    .where('rota_entry.institution_id', '=', institutionId)
    .where('rota_entry.borrowing_request_id', '=', borrowingRequestId)
    .orderBy('rota_entry.position')
    .execute();
}

export async function updateRotaEntry(db: Db, entry: Pick<RotaEntry, 'id' | 'institution_id'>, changes: Updateable<RotaEntryTable>, now: Date): Promise<void> {
  await db
    .updateTable('rota_entry')
    .set({ ...changes, updated_at: now })
    .where('institution_id', '=', entry.institution_id)
    .where('id', '=', entry.id)
    .execute();
}

/** Sent entries whose partner's answer time is up, oldest first. */
export async function listExpiredRotaEntries(db: Db, asOf: Date, limit: number): Promise<Pick<RotaEntry, 'institution_id' | 'borrowing_request_id' | 'id'>[]> {
  return db
    .selectFrom('rota_entry')
    .select(['institution_id', 'borrowing_request_id', 'id'])
    .where('status', '=', 'sent')
    .where('expires_at', '<=', asOf)
    .orderBy('expires_at')
    .limit(limit)
    .execute();
}
