import { overdueNoticeDue } from '../../domain/circulation/patronNotices.js';
import { findBorrowingRequest } from '../../store/borrowingRequestRepository.js';
import { appendRequestEvent } from '../../store/requestEventRepository.js';
import type { ServiceContext } from '../context.js';
import { enqueuePatronNotice } from './enqueuePatronNotice.js';

/**
 * The scheduled job behind overdue notices for our own patrons' loans: a loan past its due date
 * whose patron was not told about this due date gets one `overdue` notice (enqueuePatronNotice
 * stamps the loan's overdue_notice_at, even when notices are off, so this
 * due date is not looked at again). A renewal that moves the due date later makes the next
 * overdue noticeable again. One transaction per loan; returns how many notices it handled.
 */
export async function queueOverdueNotices(ctx: ServiceContext, options: { batch?: number } = {}): Promise<number> {
  const asOf = ctx.now();
  const batch = options.batch ?? 100;
  let handled = 0;
  for (;;) {
    const due = await ctx.db
      .selectFrom('loan')
      .select(['id', 'institution_id', 'borrowing_request_id'])
      .where('status', '=', 'active')
      .where('due_date', '<', asOf)
      .where((eb) => eb.or([eb('overdue_notice_at', 'is', null), eb('overdue_notice_at', '<', eb.ref('due_date'))]))
      .orderBy('due_date')
      .limit(batch)
      .execute();
    let progressed = 0;
    for (const row of due) {
      const done = await ctx.db.transaction().execute(async (trx) => {
        const request = await findBorrowingRequest(trx, row.institution_id, row.borrowing_request_id, { lock: true });
        const loan = await trx.selectFrom('loan').selectAll().where('id', '=', row.id).forUpdate().executeTakeFirst();
        // Returned, renewed or told meanwhile (another process ran the job): nothing to tell.
        if (!request || !loan || loan.status !== 'active' || !overdueNoticeDue(loan, asOf)) return false;
        const note = await enqueuePatronNotice(trx, request, 'overdue', { dueDate: loan.due_date }, asOf);
        await appendRequestEvent(trx, {
          institutionId: request.institution_id,
          requestKind: 'borrowing',
          requestId: request.id,
          actor: 'system:overdue',
          event: 'timer:loan-overdue',
          fromStatus: request.status,
          toStatus: request.status,
          note: `the patron's loan was due on ${loan.due_date?.toISOString().slice(0, 10) ?? '?'}; ${note}`,
          at: asOf,
        });
        return true;
      });
      if (done) progressed += 1;
    }
    handled += progressed;
    // A short batch was the last; a batch where nothing could be done would only repeat itself.
    if (due.length < batch || progressed === 0) return handled;
  }
}

