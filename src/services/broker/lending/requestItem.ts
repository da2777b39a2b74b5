import { bibliographicInfoOf, brokerServiceType } from '../../../domain/broker/lendingRequestItem.js';
import { processingProblem, type NcipBody, type UserId } from '../../../protocols/ncip/index.js';
import type { Db } from '../../../store/database.js';
import { updateLendingRequest } from '../../../store/lendingRequestRepository.js';
import { picksOfLendingRequest } from '../../../store/pickRequestRepository.js';
import type { LendingRequest } from '../../../store/schema.js';
import { applyLendingEvent } from '../../lending/applyLendingEvent.js';
import type { NcipServiceAnswer, NcipServiceRequest } from '../../ncip/responder/service.js';
import { neededDataMissing, refuse, respond, unknownItem } from './answers.js';
import { findByBrokerRequestId } from './findBrokerLendingRequest.js';
import { findShelfItem, locateItemToPick, type ShelfItem } from './itemToPick.js';
import { barcodeOf, borrowerOf, brokerRequestIdOf, citationOf, schemeValues, userIdOf } from './messageFields.js';
import { placePick } from '../../pickList/placePick.js';
import { brokerActor, openBrokerLendingRequest } from './openBrokerLendingRequest.js';
import { RolledBack, serveInTransaction } from './serveInTransaction.js';

/**
 * RequestItem from a broker that assigned us as lender (seed 004, step 2): a broker-managed
 * lending request in "Will supply" with a pick request for the copy to fetch — the item the
 * broker named when it is ours, else the one our catalogue finds for the title. When none is
 * found the request still stands (the broker already chose us) and is flagged for staff.
 * The same RequestId again is answered as the first time, with nothing new.
 */
export async function requestItem(request: NcipServiceRequest): Promise<NcipServiceAnswer> {
  const { ctx, institution, partner, message } = request;
  const body = message.body;
  const brokerRequestId = brokerRequestIdOf(body);
  if (!brokerRequestId) return neededDataMissing('RequestId', 'RequestItem from a broker must carry its RequestId: later messages name the request by it');
  const userId = userIdOf(body);
  const borrower = borrowerOf(body);
  if (!userId || !borrower) return neededDataMissing('UserId', 'RequestItem from a broker must name the borrowing institution in UserId');
  const barcode = barcodeOf(body);
  const citation = citationOf(body);
  const info = bibliographicInfoOf(citation);
  const requestType = body.requestType?.value ?? 'Loan';

  return serveInTransaction(ctx, async (trx) => {
    const now = ctx.now();
    const existing = await findByBrokerRequestId(trx, institution.id, brokerRequestId);
    if (existing) return repeated(trx, request, existing, userId);

    let item: ShelfItem | undefined = barcode ? await findShelfItem(trx, institution.id, barcode) : undefined;
    // An item id that is not ours, with nothing else to find the title by, names nothing we hold.
    const searchable = Object.keys(info).length > 0;
    if (barcode && !item && !searchable) return unknownItem(request, barcode);
    let shortfall: string | undefined;
    if (!item) {
      const located = await locateItemToPick(trx, institution.id, info);
      if ('item' in located) item = located.item;
      else shortfall = located.shortfall;
    }

    const opened = await openBrokerLendingRequest(
      trx,
      institution,
      partner,
      {
        brokerRequestId,
        borrower,
        serviceType: brokerServiceType(requestType, schemeValues(body['itemElementType'])),
        bibliographicInfo: info,
        headline: { title: info.title ?? item?.title ?? null, author: info.author ?? item?.author ?? null },
        openedBy: 'RequestItem',
        ncip: { requestType, requestScopeType: body.requestScopeType?.value ?? 'Bibliographic Item' },
      },
      now,
    );
    // A concurrent delivery of the same RequestId committed first: answer as a re-delivery.
    if (!opened) {
      const winner = await findByBrokerRequestId(trx, institution.id, brokerRequestId);
      if (!winner) throw new Error(`broker lending request ${brokerRequestId} vanished after a conflict`);
      return repeated(trx, request, winner, userId);
    }
    const applied = await applyLendingEvent(trx, opened, 'broker:RequestItem', { actor: brokerActor(partner), ...(shortfall ? { note: shortfall } : {}) }, now);
    if (!applied.ok) throw new RolledBack(refuse(processingProblem('Temporary Processing Failure', `a new broker lending request could not be taken on: ${applied.reason}`)));
    let current = applied.request;
    if (item) await placePick(trx, current, item, now);
    else current = await updateLendingRequest(trx, current, { needs_attention: `${shortfall ?? 'no copy found'}: find the copy to supply` }, now);
    return respond(request, answerBody(request.message.body, current, userId, item?.barcode), current);
  });
}

/** A RequestItem for a RequestId we already have: the same answer again (another broker's RequestId is refused). */
async function repeated(trx: Db, request: NcipServiceRequest, existing: LendingRequest, userId: UserId): Promise<NcipServiceAnswer> {
  if (existing.partner_id !== request.partner.id) {
    return refuse(
      processingProblem('Unauthorized Combination Of Element Values For Agency', `RequestId ${existing.broker_request_id ?? ''} belongs to a request of another partner`, 'RequestIdentifierValue', existing.broker_request_id ?? undefined),
    );
  }
  const pick = (await picksOfLendingRequest(trx, existing.institution_id, existing.id)).find((p) => p.status !== 'cancelled');
  return respond(request, answerBody(request.message.body, existing, userId, existing.broker_item_id ?? pick?.barcode), existing);
}

function answerBody(sent: NcipBody, lending: LendingRequest, userId: UserId, barcode: string | undefined): NcipBody {
  const requestId = sent.requestId ?? { requestIdentifierValue: lending.broker_request_id ?? lending.requesting_agency_request_id };
  return {
    requestId,
    ...(barcode ? { itemId: { itemIdentifierValue: barcode } } : {}),
    userId,
    requestType: sent.requestType ?? { value: 'Loan' },
    requestScopeType: sent.requestScopeType ?? { value: 'Bibliographic Item' },
  };
}
