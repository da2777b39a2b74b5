import { brokerBorrowingSide } from './brokerBorrowingSide.js';
import { firstItemId } from './ncipFields.js';

/**
 * CheckInItem from the broker (seed 004, "Return Item to Lender"): the item is back with its
 * lender, so the request completes and its temporary bib, holding, item and hold go (the patron's
 * loan stays as history). A repeat for a completed request answers success again.
 */
export const checkInBorrowedItem = brokerBorrowingSide({
  event: 'broker:CheckInItem',
  refusedAs: 'Item Not Checked Out',
  answer: (request, body) => ({
    itemId: firstItemId(body) ?? { itemIdentifierValue: request.broker_item_id ?? '' },
    userId: { userIdentifierValue: request.patron_id },
  }),
});
