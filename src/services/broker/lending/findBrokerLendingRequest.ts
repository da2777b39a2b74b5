import type { Db } from '../../../store/database.js';
import type { LendingRequest } from '../../../store/schema.js';

/**
 * The broker-managed lending request a message names, locked for the caller's transaction. The
 * broker names the transaction by its RequestId and our item by its barcode (ItemId).
 */

function brokerRequests(db: Db, institutionId: string) {
  return db.selectFrom('lending_request').selectAll().where('institution_id', '=', institutionId).where('managed_by', '=', 'broker');
}

/** By the broker's RequestId (one request per RequestId and institution). */
export async function findByBrokerRequestId(db: Db, institutionId: string, brokerRequestId: string): Promise<LendingRequest | undefined> {
  return brokerRequests(db, institutionId).where('broker_request_id', '=', brokerRequestId).forUpdate().executeTakeFirst();
}

/** The request our item is on loan for now. */
export async function findLentFor(db: Db, institutionId: string, barcode: string): Promise<LendingRequest | undefined> {
  return brokerRequests(db, institutionId)
    .where('id', 'in', (eb) => eb.selectFrom('item').select('lent_for_request_id').where('institution_id', '=', institutionId).where('barcode', '=', barcode).where('lent_for_request_id', 'is not', null))
    .forUpdate()
    .executeTakeFirst();
}

/** The latest request the item was shipped for: a message repeated after the loan was released finds its request again. */
export async function findLatestShipped(db: Db, institutionId: string, barcode: string): Promise<LendingRequest | undefined> {
  return brokerRequests(db, institutionId).where('broker_item_id', '=', barcode).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1).forUpdate().executeTakeFirst();
}

/** The open request whose pick is for the item (the broker may check out without naming its RequestId). */
export async function findPickedFor(db: Db, institutionId: string, barcode: string): Promise<LendingRequest | undefined> {
  return brokerRequests(db, institutionId)
    .where('id', 'in', (eb) => eb.selectFrom('pick_request').select('lending_request_id').where('institution_id', '=', institutionId).where('barcode', '=', barcode).where('status', 'in', ['open', 'picked']))
    .where('status', 'in', ['created', 'will_supply'])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .forUpdate()
    .executeTakeFirst();
}
