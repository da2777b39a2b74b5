import { sql } from 'kysely';
import type { Updateable } from 'kysely';
import type { Db } from './database.js';
import type { AgencyKey } from './institutionRepository.js';
import type { LendingRequest, LendingRequestTable, NewLendingRequest } from './schema.js';

export interface TransactionKey {
  institutionId: string;
  requester: AgencyKey;
  requestingAgencyRequestId: string;
}

/** Inserts unless the ISO 18626 transaction key exists; returns undefined on that conflict. */
export async function insertLendingRequestIfNew(db: Db, request: NewLendingRequest): Promise<LendingRequest | undefined> {
  return db
    .insertInto('lending_request')
    .values(request)
    .onConflict((oc) => oc.constraint('lending_request_transaction_key').doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function findLendingRequestByTransaction(
  db: Db,
  key: TransactionKey,
  options: { lock?: boolean } = {},
): Promise<LendingRequest | undefined> {
  let query = db
    .selectFrom('lending_request')
    .selectAll()
    .where('institution_id', '=', key.institutionId)
    .where('requesting_agency_id_type', '=', key.requester.idType)
    .where('requesting_agency_id_value', '=', key.requester.idValue)
    .where('requesting_agency_request_id', '=', key.requestingAgencyRequestId);
  if (options.lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function findLendingRequest(db: Db, institutionId: string, id: string, options: { lock?: boolean } = {}): Promise<LendingRequest | undefined> {
  let query = db.selectFrom('lending_request').selectAll().where('institution_id', '=', institutionId).where('id', '=', id);
  if (options.lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

/** Applies a change to a request the caller has locked; bumps version and updated_at. */
export async function updateLendingRequest(
  db: Db,
  request: Pick<LendingRequest, 'id' | 'institution_id'>,
  changes: Updateable<LendingRequestTable>,
  now: Date,
): Promise<LendingRequest> {
  return db
    .updateTable('lending_request')
    .set((eb) => ({ ...changes, updated_at: now, version: eb('version', '+', 1) }))
    .where('institution_id', '=', request.institution_id)
    .where('id', '=', request.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Conditional offers whose reply-by date has passed without an answer. */
export async function listLapsedConditionalOffers(db: Db, asOf: Date, limit: number): Promise<Pick<LendingRequest, 'institution_id' | 'id'>[]> {
  return db
    .selectFrom('lending_request')
    .select(['institution_id', 'id'])
    .where('status', '=', 'conditional')
    .where(sql<boolean>`(terms->>'replyBy')::timestamptz <= ${asOf}`)
    .limit(limit)
    .execute();
}
