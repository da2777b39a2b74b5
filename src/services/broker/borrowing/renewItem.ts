import { isoDateTime } from '../../context.js';
import { brokerBorrowingSide } from './brokerBorrowingSide.js';
import { firstItemId, instantOf } from './ncipFields.js';

/**
 * RenewItem from the broker: the lender approved a renewal (ours or one it granted itself) and
 * DesiredDateDue is the new due date; the patron's loan follows it. Answered with DateDue.
 */
export const renewBorrowedItem = brokerBorrowingSide({
  event: 'broker:RenewAccepted',
  refusedAs: 'Item Not Renewable',
  terms: (body) => {
    const dueDate = instantOf(body.desiredDateDue) ?? instantOf(typeof body.desiredDateForReturn === 'string' ? body.desiredDateForReturn : undefined);
    return dueDate ? { dueDate } : {};
  },
  repeated: (request, terms) => request.status === 'renewed' && terms.dueDate !== undefined && request.due_date?.getTime() === terms.dueDate.getTime(),
  answer: (request, body) => ({
    itemId: firstItemId(body) ?? { itemIdentifierValue: request.broker_item_id ?? '' },
    userId: { userIdentifierValue: request.patron_id },
    ...(request.due_date ? { dateDue: isoDateTime(request.due_date) } : {}),
  }),
});
