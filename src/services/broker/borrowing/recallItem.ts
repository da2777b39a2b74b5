import { isoDateTime } from '../../context.js';
import { brokerBorrowingSide } from './brokerBorrowingSide.js';
import { firstItemId, instantOf } from './ncipFields.js';

/**
 * RecallItem from the broker: the lender wants its item back, by DesiredDateDue when given. The
 * request and the patron's loan take the new due date and the patron gets a recall notice.
 */
export const recallBorrowedItem = brokerBorrowingSide({
  event: 'broker:Recalled',
  refusedAs: 'Item Not Checked Out',
  terms: (body) => {
    const dueDate = instantOf(body.desiredDateDue);
    return dueDate ? { dueDate } : {};
  },
  repeated: (request, terms) => request.status === 'recalled' && (terms.dueDate === undefined || request.due_date?.getTime() === terms.dueDate.getTime()),
  answer: (request, body) => ({
    itemId: firstItemId(body) ?? { itemIdentifierValue: request.broker_item_id ?? '' },
    userId: { userIdentifierValue: request.patron_id },
    ...(request.due_date ? { dateDue: isoDateTime(request.due_date) } : {}),
  }),
});
