import { findLendingRequest, listLapsedConditionalOffers } from '../../store/lendingRequestRepository.js';
import type { ServiceContext } from '../context.js';
import { applyLendingEvent } from './applyLendingEvent.js';

/**
 * The scheduled job behind a conditional offer's reply-by date: an offer the borrower has not
 * answered in time expires, and the borrower is told Unfilled. One transaction per request.
 */
export async function expireConditionalOffers(ctx: ServiceContext, options: { batch?: number } = {}): Promise<number> {
  const asOf = ctx.now();
  let expired = 0;
  for (const due of await listLapsedConditionalOffers(ctx.db, asOf, options.batch ?? 100)) {
    const applied = await ctx.db.transaction().execute(async (trx) => {
      const request = await findLendingRequest(trx, due.institution_id, due.id, { lock: true });
      return request ? (await applyLendingEvent(trx, request, 'timer:expire', { actor: 'system:expiry', reason: 'NoAnswerToConditions' }, asOf)).ok : false;
    });
    if (applied) expired += 1;
  }
  if (expired > 0) ctx.outboxNotify?.();
  return expired;
}
