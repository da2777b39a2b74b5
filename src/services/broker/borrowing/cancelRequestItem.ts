import { brokerBorrowingSide } from './brokerBorrowingSide.js';
import { firstItemId, firstUserId } from './ncipFields.js';

/**
 * CancelRequestItem from the broker: the request it owns is cancelled before the patron got the
 * item; the patron's hold is cancelled and the temporary records go. A repeat answers success.
 */
export const cancelBorrowingRequest = brokerBorrowingSide({
  event: 'broker:Cancelled',
  refusedAs: 'Request Already Processed',
  answer: (request, body) => {
    const itemId = firstItemId(body);
    return {
      ...(body.requestId ? { requestId: body.requestId } : {}),
      ...(itemId ? { itemId } : {}),
      ...(!body.requestId && !itemId ? { requestId: { requestIdentifierValue: request.broker_request_id ?? request.request_number } } : {}),
      userId: firstUserId(body) ?? { userIdentifierValue: request.patron_id },
    };
  },
});
