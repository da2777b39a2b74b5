import { serviceProblem } from '../../../protocols/ncip/index.js';
import { cancelLendingRequest } from '../../broker/lending/cancelLendingRequest.js';
import { checkInLentItem } from '../../broker/lending/checkInLentItem.js';
import { checkOutItem } from '../../broker/lending/checkOutItem.js';
import { renewLentItem } from '../../broker/lending/renewLentItem.js';
import { requestItem } from '../../broker/lending/requestItem.js';
import { lookupUser } from './lookupUser.js';
import { acceptBrokerItem } from '../../broker/borrowing/acceptItem.js';
import { cancelBorrowingRequest } from '../../broker/borrowing/cancelRequestItem.js';
import { checkInBorrowedItem } from '../../broker/borrowing/checkInItem.js';
import { recallBorrowedItem } from '../../broker/borrowing/recallItem.js';
import { renewBorrowedItem } from '../../broker/borrowing/renewItem.js';
import type { NcipServiceAnswer, NcipServiceRequest, NcipSideHandler } from './service.js';

/**
 * Which handler serves which NCIP service at `POST /ncip`. CheckInItem, RenewItem and
 * CancelRequestItem name an item or request that may be one we borrowed (broker borrowing) or
 * one we lent (broker lending): each side says whether the message is its own.
 */
export type NcipService = (request: NcipServiceRequest) => Promise<NcipServiceAnswer> | NcipServiceAnswer;

/** The first side that recognises the message as about an open request serves it, else the first that recognises it at all; none: the service's own "unknown" Problem. */
export function eitherSide(unknown: { type: string; element: string; value: (request: NcipServiceRequest) => string | undefined }, ...sides: NcipSideHandler[]): NcipService {
  return async (request) => {
    for (const pass of ['open', 'any'] as const) {
      for (const side of sides) {
        const answer = await side(request, pass);
        if (answer) return answer;
      }
    }
    const value = unknown.value(request);
    const { kind } = request.message;
    return { problem: serviceProblem(kind, unknown.type, `no broker-managed request of ${request.institution.code} matches`, unknown.element, value) };
  };
}

/** The ItemIdentifierValue a message names (the first, when it names several). */
function itemIdValue(request: NcipServiceRequest): string | undefined {
  const { itemId } = request.message.body;
  return (Array.isArray(itemId) ? itemId[0] : itemId)?.itemIdentifierValue;
}

export const NCIP_SERVICES: Readonly<Record<string, NcipService>> = {
  LookupUser: lookupUser,
  AcceptItem: acceptBrokerItem,
  RequestItem: requestItem,
  CheckOutItem: checkOutItem,
  RecallItem: eitherSide({ type: 'Unknown Item', element: 'ItemIdentifierValue', value: itemIdValue }, recallBorrowedItem),
  CheckInItem: eitherSide({ type: 'Unknown Item', element: 'ItemIdentifierValue', value: itemIdValue }, checkInBorrowedItem, checkInLentItem),
  RenewItem: eitherSide({ type: 'Unknown Item', element: 'ItemIdentifierValue', value: itemIdValue }, renewBorrowedItem, renewLentItem),
  CancelRequestItem: eitherSide({ type: 'Unknown Request', element: 'RequestIdentifierValue', value: (r) => r.message.body.requestId?.requestIdentifierValue ?? itemIdValue(r) }, cancelBorrowingRequest, cancelLendingRequest),
};
