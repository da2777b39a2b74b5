import { sql } from 'kysely';
import type { Db } from './database.js';
import type { AgencyKey } from './institutionRepository.js';
import type { LendingRequest, NewLendingRequest, RequestEvent } from './schema.js';

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

export async function findLendingRequestByTransaction(db: Db, key: TransactionKey): Promise<LendingRequest | undefined> {
  return db
    .selectFrom('lending_request')
    .selectAll()
    .where('institution_id', '=', key.institutionId)
    .where('requesting_agency_id_type', '=', key.requester.idType)
    .where('requesting_agency_id_value', '=', key.requester.idValue)
    .where('requesting_agency_request_id', '=', key.requestingAgencyRequestId)
    .executeTakeFirst();
}

export async function findLendingRequest(db: Db, institutionId: string, id: string): Promise<LendingRequest | undefined> {
  return db
    .selectFrom('lending_request')
    .selectAll()
    .where('institution_id', '=', institutionId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function appendRequestEvent(
  db: Db,
  event: { institutionId: string; lendingRequestId: string; actor: string; fromStatus: string | null; toStatus: string; note?: string | undefined },
): Promise<void> {
  await db
    .insertInto('request_event')
    .values({
      institution_id: event.institutionId,
      lending_request_id: event.lendingRequestId,
      actor: event.actor,
      from_status: event.fromStatus,
      to_status: event.toStatus,
      note: event.note ?? null,
    })
    .execute();
}

export async function listRequestEvents(db: Db, institutionId: string, lendingRequestId: string): Promise<RequestEvent[]> {
  return db
    .selectFrom('request_event')
    .selectAll()
    .where('institution_id', '=', institutionId)
    .where('lending_request_id', '=', lendingRequestId)
    .orderBy('id')
    .execute();
}

export async function countLendingRequests(db: Db, institutionId: string): Promise<number> {
  const row = await db
    .selectFrom('lending_request')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('institution_id', '=', institutionId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function nextLendingRequestNumber(db: Db): Promise<string> {
  const { rows } = await sql<{ n: string }>`select nextval('lending_request_number_seq') as n`.execute(db);
  const n = rows[0]?.n;
  if (n === undefined) throw new Error('lending_request_number_seq returned no value');
  return n;
}
