import { findBorrowingRequest, listExpiredRotaEntries, listRotaEntries } from '../../store/borrowingRequestRepository.js';
import type { ServiceContext } from '../context.js';
import { applyBorrowingEvent, currentEntry } from './applyBorrowingEvent.js';

/**
 * The scheduled job behind partner request expiry: every rota entry sent and unanswered past
 * its time moves its request to the next partner (or ends it as expired). Each request is
 * its own transaction; returns how many requests moved.
 */
export async function expireRotaEntries(ctx: ServiceContext, options: { batch?: number } = {}): Promise<number> {
  const asOf = ctx.now();
  const due = await listExpiredRotaEntries(ctx.db, asOf, options.batch ?? 100);
  let moved = 0;
  for (const entry of due) {
    const changed = await ctx.db.transaction().execute(async (trx) => {
      const request = await findBorrowingRequest(trx, entry.institution_id, entry.borrowing_request_id, { lock: true });
      if (!request) return false;
      // Re-check under the lock: the lender may have answered since the list was read.
      const rota = await listRotaEntries(trx, request.institution_id, request.id);
      const current = currentEntry(rota);
      if (current?.id !== entry.id || current.status !== 'sent') return false;
      const applied = await applyBorrowingEvent(trx, request, 'timer:expire', { actor: 'system:expiry', reason: 'no answer in time' }, asOf);
      return applied.ok;
    });
    if (changed) moved += 1;
  }
  if (moved > 0) ctx.outboxNotify?.();
  return moved;
}
