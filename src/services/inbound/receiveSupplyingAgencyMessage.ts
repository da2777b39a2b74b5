import type { SupplyingAgencyMessage } from '../../protocols/iso18626/index.js';
import { findBorrowingRequestByNumber, listRotaEntries, updateRotaEntry } from '../../store/borrowingRequestRepository.js';
import { updateBorrowingRequest } from '../../store/borrowingRequestRepository.js';
import { findAcceptedInbound } from '../../store/protocolMessageRepository.js';
import { appendRequestEvent } from '../../store/requestEventRepository.js';
import { applyBorrowingEvent, currentEntry } from '../borrowing/applyBorrowingEvent.js';
import { accept, describe, reject, replayOutcome, summarise, type Delivery, type InboundOutcome } from './delivery.js';
import { lenderTerms, supplierEvent } from './eventMapping.js';

/** Statuses from a lender we already moved on from that mean an item may be on its way anyway. */
const NEEDS_STAFF_FROM_FORMER_LENDER = new Set(['WillSupply', 'Loaned', 'CopyCompleted']);

/**
 * A lender's message about one of our borrowing requests. Our requestingAgencyRequestId is
 * the request number; the sender must be a partner of the rota. The current lender's
 * messages drive the request through the table; a former lender's are kept on the request
 * (and flagged when it claims to supply) but change nothing.
 */
export async function receiveSupplyingAgencyMessage(delivery: Delivery<SupplyingAgencyMessage>): Promise<InboundOutcome> {
  const { ctx, institution, partner, message } = delivery;
  const result = await ctx.db.transaction().execute(async (trx) => {
    const request = await findBorrowingRequestByNumber(trx, institution.id, message.header.requestingAgencyRequestId, { lock: true });
    if (!request) {
      return reject(delivery, trx, {
        type: 'UnrecognisedDataValue',
        value: `header/requestingAgencyRequestId: no borrowing request "${message.header.requestingAgencyRequestId}" was sent to ${describe(message.header.supplyingAgencyId)}`,
      });
    }
    const ref = { kind: 'borrowing' as const, id: request.id };
    const previous = await findAcceptedInbound(trx, institution.id, delivery.bodySha256);
    if (previous?.confirmation) return replayOutcome(delivery, previous.confirmation, ref);

    const rota = await listRotaEntries(trx, institution.id, request.id);
    const entry = rota.find((e) => e.partner_id === partner.id && e.status !== 'pending');
    if (!entry) {
      return reject(delivery, trx, { type: 'UnrecognisedDataValue', value: `header/requestingAgencyRequestId: "${request.request_number}" was never sent to ${partner.code}` }, ref);
    }
    const lenderId = message.header.supplyingAgencyRequestId;
    if (lenderId && entry.supplying_agency_request_id !== lenderId) {
      await updateRotaEntry(trx, entry, { supplying_agency_request_id: lenderId }, delivery.receivedAt);
      entry.supplying_agency_request_id = lenderId;
    }
    const actor = `iso18626:${partner.id_type}:${partner.id_value}`;
    const note = message.messageInfo.note;

    if (currentEntry(rota)?.id !== entry.id) {
      const status = message.statusInfo.status;
      const attention = NEEDS_STAFF_FROM_FORMER_LENDER.has(status) ? `${partner.code}, no longer asked, says ${status}` : null;
      if (attention) await updateBorrowingRequest(trx, request, { needs_attention: attention }, delivery.receivedAt);
      await appendRequestEvent(trx, {
        institutionId: institution.id,
        requestKind: 'borrowing',
        requestId: request.id,
        actor,
        event: 'supplier:FormerLender',
        fromStatus: request.status,
        toStatus: request.status,
        note: [`from former lender ${partner.code}: ${summarise(message)}`, note].filter(Boolean).join(': '),
        at: delivery.receivedAt,
      });
      return accept(delivery, trx, ref);
    }

    const event = supplierEvent(message);
    const applied = await applyBorrowingEvent(trx, request, event, { actor, note, terms: lenderTerms(message), lenderStatus: message.statusInfo.status }, delivery.receivedAt);
    if (!applied.ok) {
      return reject(delivery, trx, { type: 'UnrecognisedDataValue', value: `statusInfo/status ${message.statusInfo.status} (${message.messageInfo.reasonForMessage}): ${applied.reason}` }, ref);
    }
    return accept(delivery, trx, ref);
  });
  ctx.outboxNotify?.();
  return result;
}
