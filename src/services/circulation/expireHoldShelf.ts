import { isHoldShelfLapsed, notPickedUpNote } from '../../domain/circulation/borrowedItem.js';
import { findBorrowingRequest, updateBorrowingRequest } from '../../store/borrowingRequestRepository.js';
import { findHold, listLapsedHolds, updateHold } from '../../store/circulationRepository.js';
import { appendRequestEvent } from '../../store/requestEventRepository.js';
import type { ServiceContext } from '../context.js';

/**
 * The scheduled job behind the hold shelf: a hold the patron did not pick up in time expires
 * and its request asks staff for attention (return the item, or extend by hand). The request's
 * status does not change: the item is still here and still the lender's. One transaction per hold.
 */
export async function expireHoldShelf(ctx: ServiceContext, options: { batch?: number } = {}): Promise<number> {
  const asOf = ctx.now();
  let expired = 0;
  for (const due of await listLapsedHolds(ctx.db, asOf, options.batch ?? 100)) {
    const done = await ctx.db.transaction().execute(async (trx) => {
      const request = await findBorrowingRequest(trx, due.institution_id, due.borrowing_request_id, { lock: true });
      const hold = await findHold(trx, due.institution_id, due.borrowing_request_id);
      // Picked up or cancelled meanwhile, or still in transit to the pickup library (waiting, no shelf date yet): nothing to expire.
      if (!request || !hold || hold.status !== 'on_shelf' || !isHoldShelfLapsed(hold.shelf_expires_at, asOf) || !hold.shelf_expires_at) return false;
      const note = notPickedUpNote(hold.shelf_expires_at);
      await updateHold(trx, hold, { status: 'expired' }, asOf);
      await updateBorrowingRequest(trx, request, { needs_attention: note }, asOf);
      await appendRequestEvent(trx, {
        institutionId: request.institution_id,
        requestKind: 'borrowing',
        requestId: request.id,
        actor: 'system:hold-shelf',
        event: 'timer:hold-shelf-expired',
        fromStatus: request.status,
        toStatus: request.status,
        note,
        at: asOf,
      });
      return true;
    });
    if (done) expired += 1;
  }
  return expired;
}
