import { sql } from 'kysely';
import { borrowingStates } from '../../../domain/borrowing/table.js';
import type { Db } from '../../../store/database.js';
import type { BorrowingRequest } from '../../../store/schema.js';

/** How a broker's message names a borrowing request: its RequestId, or the ItemId of the item. */
export interface BrokerNames {
  requestId?: string | undefined;
  itemId?: string | undefined;
}

const FINISHED = Object.entries(borrowingStates)
  .filter(([, state]) => 'terminal' in state)
  .map(([status]) => status);

/**
 * The broker-managed borrowing request of `partner` (the broker whose rota entry it carries) that
 * a message names: by RequestId (`broker_request_id`), else by ItemId (`broker_item_id`, or the
 * barcode of the request's temporary item). The same lender item may be borrowed again later, so
 * an open request wins over a closed one, and a newer over an older.
 */
export async function findBrokerBorrowing(db: Db, institutionId: string, partnerId: string, names: BrokerNames, options: { openOnly?: boolean } = {}): Promise<BorrowingRequest | undefined> {
  const requestId = names.requestId?.trim();
  const itemId = names.itemId?.trim();
  let base = db
    .selectFrom('borrowing_request')
    .selectAll('borrowing_request')
    .where('borrowing_request.institution_id', '=', institutionId)
    .where('borrowing_request.managed_by', '=', 'broker')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('rota_entry')
          .select('rota_entry.id')
          .whereRef('rota_entry.borrowing_request_id', '=', 'borrowing_request.id')
          .where('rota_entry.partner_id', '=', partnerId),
      ),
    );
  if (options.openOnly) base = base.where('borrowing_request.status', 'not in', FINISHED);
  if (requestId) {
    const byRequest = await base.where('borrowing_request.broker_request_id', '=', requestId).executeTakeFirst();
    if (byRequest) return byRequest;
  }
  if (!itemId) return undefined;
  return base
    .where((eb) =>
      eb.or([
        eb('borrowing_request.broker_item_id', '=', itemId),
        eb(
          'borrowing_request.id',
          'in',
          eb.selectFrom('item').select('item.temporary_for_request_id').where('item.institution_id', '=', institutionId).where('item.barcode', '=', itemId),
        ),
      ]),
    )
    .orderBy(sql`borrowing_request.status in (${sql.join(FINISHED)})`)
    .orderBy('borrowing_request.created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}
