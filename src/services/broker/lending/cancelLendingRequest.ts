import { lendingStates, type LendingStatus } from '../../../domain/lending/table.js';
import type { UserId } from '../../../protocols/ncip/index.js';
import type { LendingRequest } from '../../../store/schema.js';
import { applyLendingEvent } from '../../lending/applyLendingEvent.js';
import type { NcipSideHandler } from '../../ncip/responder/service.js';
import { notNow, respond } from './answers.js';
import { findByBrokerRequestId, findLentFor, findPickedFor } from './findBrokerLendingRequest.js';
import { barcodeOf, brokerRequestIdOf, userIdOf } from './messageFields.js';
import { brokerActor } from './openBrokerLendingRequest.js';
import { RolledBack, serveInTransaction } from './serveInTransaction.js';

/**
 * The lending side of CancelRequestItem: the broker withdrew the request before we shipped it
 * (cancelled, its pick cancelled with it). Once the item is on its way it is too late: a
 * Problem says so and nothing changes. A cancel repeated for a cancelled request is answered
 * the same. A RequestId or item no broker lending request of ours has is not this side's.
 */
export const cancelLendingRequest: NcipSideHandler = async (request, pass) => {
  const { ctx, institution, partner, message } = request;
  const body = message.body;
  const brokerRequestId = brokerRequestIdOf(body);
  const barcode = barcodeOf(body);
  return serveInTransaction(ctx, async (trx) => {
    let lending: LendingRequest | undefined;
    if (brokerRequestId) lending = await findByBrokerRequestId(trx, institution.id, brokerRequestId);
    else if (barcode) lending = (await findPickedFor(trx, institution.id, barcode)) ?? (await findLentFor(trx, institution.id, barcode));
    if (!lending || (pass === 'open' && 'terminal' in lendingStates[lending.status as LendingStatus])) return undefined;
    const borrower = lending.terms['borrower'];
    const userId: UserId = userIdOf(body) ?? { userIdentifierValue: typeof borrower === 'string' ? borrower : lending.requesting_agency_id_value };
    const answer = respond(request, { ...(body.requestId ? { requestId: body.requestId } : { itemId: { itemIdentifierValue: barcode ?? '' } }), userId }, lending);
    if (lending.status === 'cancelled') return answer;
    if (lending.partner_id !== partner.id) return notNow(request, lending, 'another broker manages it');
    const applied = await applyLendingEvent(trx, lending, 'broker:Cancelled', { actor: brokerActor(partner) }, ctx.now());
    if (!applied.ok) {
      const why = lending.broker_item_id ? `too late to cancel: ${lending.broker_item_id} has already been shipped` : 'it can no longer be cancelled';
      throw new RolledBack(notNow(request, lending, why));
    }
    return answer;
  });
};
