import type { BrokerBorrowingEvent } from '../../../domain/borrowing/table.js';
import { serviceProblem, type NcipBody } from '../../../protocols/ncip/index.js';
import { findBorrowingRequest, listRotaEntries } from '../../../store/borrowingRequestRepository.js';
import type { BorrowingRequest } from '../../../store/schema.js';
import { applyBorrowingEvent, decideBorrowing, loadBorrowingConfiguration, type LenderTerms } from '../../borrowing/applyBorrowingEvent.js';
import type { NcipServiceAnswer, NcipServiceRequest, NcipSideHandler } from '../../ncip/responder/service.js';
import { findBrokerBorrowing } from './findBrokerBorrowing.js';
import { firstItemId, present } from './ncipFields.js';

/** What one broker message means for a broker-managed borrowing request, and how it is answered. */
export interface BrokerBorrowingMessage {
  event: BrokerBorrowingEvent;
  /** The service's own Problem type when the request's status does not allow the event now. */
  refusedAs: string;
  /** Terms the message carries (a new due date). */
  terms?: (body: NcipBody) => LenderTerms;
  /**
   * The message was already applied (same status, same terms): answered again without a
   * second change, so a broker's retry never renews or recalls twice.
   */
  repeated?: (request: BorrowingRequest, terms: LenderTerms) => boolean;
  /** The response body (without header) for the request as it now stands. */
  answer: (request: BorrowingRequest, body: NcipBody) => NcipBody;
}

export function actorOf(request: NcipServiceRequest): string {
  return `ncip:${request.partner.id_type}:${request.partner.id_value}`;
}

/**
 * The borrowing side of a broker message (CheckInItem, RenewItem, RecallItem, CancelRequestItem):
 * undefined when the message names none of this broker's borrowing requests (the lending side
 * may own it). Otherwise one transaction on the locked request: the table's decision applied,
 * or its refusal answered as a Problem with nothing changed.
 */
export function brokerBorrowingSide(spec: BrokerBorrowingMessage): NcipSideHandler {
  return async (request, pass) => {
    const { ctx, institution, partner, message } = request;
    if (partner.profile_type !== 'broker') return undefined;
    const body = message.body;
    const names = { requestId: present(body.requestId?.requestIdentifierValue), itemId: present(firstItemId(body)?.itemIdentifierValue) };
    const found = await findBrokerBorrowing(ctx.db, institution.id, partner.id, names, { openOnly: pass === 'open' });
    if (!found) return undefined;
    const terms = spec.terms?.(body) ?? {};
    const now = ctx.now();
    const concerns = { kind: 'borrowing' as const, id: found.id };
    const respond = (current: BorrowingRequest): NcipServiceAnswer => ({
      message: { kind: `${message.kind}Response`, body: { ...(request.responseHeader ? { responseHeader: request.responseHeader } : {}), ...spec.answer(current, body) } },
      concerns,
    });

    return ctx.db.transaction().execute(async (trx): Promise<NcipServiceAnswer> => {
      const locked = await findBorrowingRequest(trx, institution.id, found.id, { lock: true });
      if (!locked) throw new Error(`borrowing request ${found.id} vanished`);
      if (spec.repeated?.(locked, terms)) return respond(locked);
      const rota = await listRotaEntries(trx, institution.id, locked.id);
      const decision = decideBorrowing(locked, rota, spec.event, await loadBorrowingConfiguration(trx, locked, rota, now));
      if (!decision.ok) {
        const named = names.requestId ?? names.itemId;
        return {
          problem: serviceProblem(message.kind, spec.refusedAs, `request ${locked.request_number}: ${decision.reason}`, names.requestId ? 'RequestId' : 'ItemId', named),
          concerns,
        };
      }
      // A repeat the table only acknowledges (check-in or cancel of a closed request) changes nothing.
      if (!decision.changed && decision.effects.length === 0) return respond(locked);
      const applied = await applyBorrowingEvent(trx, locked, spec.event, { actor: actorOf(request), terms }, now);
      if (!applied.ok) throw new Error(`${spec.event} refused after it was allowed: ${applied.reason}`);
      return respond(applied.request);
    });
  };
}
