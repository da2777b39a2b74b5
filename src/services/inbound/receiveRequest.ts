import type { RequestMessage } from '../../protocols/iso18626/index.js';
import { findAcceptedInbound } from '../../store/protocolMessageRepository.js';
import { findLendingRequestByTransaction, insertLendingRequestIfNew } from '../../store/lendingRequestRepository.js';
import { nextRequestNumber } from '../../store/requestNumbers.js';
import { appendRequestEvent } from '../../store/requestEventRepository.js';
import type { LendingRequest } from '../../store/schema.js';
import { isInactive, untilText } from '../../domain/settings/libraryCalendar.js';
import { headline } from '../iso18626/citationMapping.js';
import { applyLendingEvent } from '../lending/applyLendingEvent.js';
import { locateOnShelves } from '../lending/locateOnShelves.js';
import { readSettings } from '../settings/librarySettings.js';
import { accept, agencyKey, describe, reject, replayOutcome, type Delivery, type InboundOutcome } from './delivery.js';

/**
 * A new request from a partner becomes a lending request in "Created lending request"; with
 * auto-locate on, lending locate runs at once in the same transaction.
 * The same bytes again are answered as the first time; a different request reusing the
 * sender's request id is refused.
 */
export async function receiveRequest(delivery: Delivery<RequestMessage>): Promise<InboundOutcome> {
  const { ctx, institution, partner, message } = delivery;
  const requester = agencyKey(message.header.requestingAgencyId);
  const key = { institutionId: institution.id, requester, requestingAgencyRequestId: message.header.requestingAgencyRequestId };
  const receiver = agencyKey(message.header.supplyingAgencyId ?? message.header.requestingAgencyId);
  const outcome = await ctx.db.transaction().execute(async (trx) => {
    const replay = async (existing: LendingRequest): Promise<InboundOutcome> => {
      const previous = await findAcceptedInbound(trx, institution.id, delivery.bodySha256);
      if (previous?.confirmation && previous.request_id === existing.id) {
        return replayOutcome(delivery, previous.confirmation, { kind: 'lending', id: existing.id });
      }
      return reject(delivery, trx, {
        type: 'UnrecognisedDataValue',
        value: `header/requestingAgencyRequestId: "${key.requestingAgencyRequestId}" already identifies a different request from ${describe(message.header.requestingAgencyId)}`,
      });
    };

    const existing = await findLendingRequestByTransaction(trx, key);
    if (existing) return replay(existing);

    const { header: _header, kind: _kind, ...citation } = message;
    const created = await insertLendingRequestIfNew(trx, {
      institution_id: institution.id,
      partner_id: partner.id,
      status: 'created',
      requesting_agency_id_type: requester.idType,
      requesting_agency_id_value: requester.idValue,
      requesting_agency_request_id: key.requestingAgencyRequestId,
      supplying_agency_id_type: receiver.idType,
      supplying_agency_id_value: receiver.idValue,
      supplying_agency_request_id: `${institution.code}-${await nextRequestNumber(trx)}`,
      protocol_version: delivery.parsed.version,
      service_type: message.serviceInfo?.serviceType ?? 'Loan',
      ...headline(message),
      citation: JSON.stringify(citation),
    });
    if (!created) {
      // A concurrent delivery of the same transaction committed first; answer as a re-delivery.
      const winner = await findLendingRequestByTransaction(trx, key);
      if (!winner) throw new Error('lending request vanished after a transaction-key conflict');
      return replay(winner);
    }
    await appendRequestEvent(trx, {
      institutionId: institution.id,
      requestKind: 'lending',
      requestId: created.id,
      actor: `iso18626:${requester.idType}:${requester.idValue}`,
      event: 'requester:Request',
      fromStatus: null,
      toStatus: 'created',
      note: `request ${key.requestingAgencyRequestId} from ${partner.code}`,
      at: delivery.receivedAt,
    });
    // A library temporarily inactive for lending keeps the request but says no at once, so the
    // borrower moves on to its next partner.
    const settings = await readSettings(trx, institution.id, 'lending');
    const closed = settings.temporarilyInactive;
    if (closed && isInactive(closed, delivery.receivedAt)) {
      const note = `${institution.name} is temporarily not lending ${untilText(closed)}`;
      const rejected = await applyLendingEvent(trx, created, 'reject', { actor: 'system:library-settings', reason: 'NotAvailableForILL', note }, delivery.receivedAt);
      if (!rejected.ok) throw new Error(`a new lending request could not be rejected: ${rejected.reason}`);
    } else if (settings.autoLocate) {
      // Our own catalogue is a query away: the borrower's first answer may already be Unfilled.
      const located = await locateOnShelves(trx, created, { actor: 'system:lending-locate', start: 'locate:start' }, delivery.receivedAt);
      if (!located.ok) throw new Error(`a new lending request could not be located: ${located.reason}`);
    }
    return accept(delivery, trx, { kind: 'lending', id: created.id });
  });
  ctx.outboxNotify?.();
  return outcome;
}
