import type { RequestingAgencyMessage } from '../../protocols/iso18626/index.js';
import { findLendingRequestByTransaction } from '../../store/lendingRequestRepository.js';
import { findAcceptedInbound } from '../../store/protocolMessageRepository.js';
import { applyLendingEvent } from '../lending/applyLendingEvent.js';
import { accept, agencyKey, describe, reject, replayOutcome, type Delivery, type InboundOutcome } from './delivery.js';
import { requesterEvent } from './eventMapping.js';

/** A borrower's message about one of our lending requests: matched, checked against the table, applied. */
export async function receiveRequestingAgencyMessage(delivery: Delivery<RequestingAgencyMessage>): Promise<InboundOutcome> {
  const { ctx, institution, message } = delivery;
  const result = await ctx.db.transaction().execute(async (trx) => {
    const request = await findLendingRequestByTransaction(
      trx,
      { institutionId: institution.id, requester: agencyKey(message.header.requestingAgencyId), requestingAgencyRequestId: message.header.requestingAgencyRequestId },
      { lock: true },
    );
    if (!request) {
      return reject(delivery, trx, {
        type: 'UnrecognisedDataValue',
        value: `header/requestingAgencyRequestId: no lending request "${message.header.requestingAgencyRequestId}" from ${describe(message.header.requestingAgencyId)}`,
      });
    }
    const ref = { kind: 'lending' as const, id: request.id };
    // Checked under the row lock, so two copies of one message arriving together apply once.
    const previous = await findAcceptedInbound(trx, institution.id, delivery.bodySha256);
    if (previous?.confirmation) return replayOutcome(delivery, previous.confirmation, ref);

    const ourId = message.header.supplyingAgencyRequestId;
    if (ourId !== undefined && ourId !== request.supplying_agency_request_id) {
      return reject(delivery, trx, { type: 'UnrecognisedDataValue', value: `header/supplyingAgencyRequestId: "${ourId}" does not match this request (${request.supplying_agency_request_id})` }, ref);
    }
    const applied = await applyLendingEvent(
      trx,
      request,
      requesterEvent(message),
      { actor: `iso18626:${request.requesting_agency_id_type}:${request.requesting_agency_id_value}`, note: message.note },
      delivery.receivedAt,
    );
    if (!applied.ok) return reject(delivery, trx, { type: 'UnsupportedActionType', value: `action ${message.action}: ${applied.reason}` }, ref);
    return accept(delivery, trx, ref);
  });
  ctx.outboxNotify?.();
  return result;
}
