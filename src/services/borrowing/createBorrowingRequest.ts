import type { Citation } from '../../domain/citation.js';
import { orderRota } from '../../domain/rota/order.js';
import { insertBorrowingRequest, insertRotaEntries } from '../../store/borrowingRequestRepository.js';
import { findPartnersByName } from '../../store/partnerRepository.js';
import { nextRequestNumber } from '../../store/requestNumbers.js';
import { appendRequestEvent } from '../../store/requestEventRepository.js';
import type { BorrowingRequest, Institution } from '../../store/schema.js';
import type { ServiceContext } from '../context.js';
import { InvalidInputError } from '../errors.js';
import { applyBorrowingEvent } from './applyBorrowingEvent.js';

export interface NewBorrowingRequest {
  patronId: string;
  citation: Citation;
  format: 'physical' | 'digital';
  serviceType: 'loan' | 'copy';
  pickupLocation?: string | undefined;
  neededBefore?: Date | undefined;
  /** Partner codes or `TYPE:VALUE` symbols, in the order staff want them asked. */
  rota: string[];
  /** Ordered rotas go as given; `by-supply-time` asks the fastest partners first. */
  rotaOrder: 'ordered' | 'by-supply-time';
  /** Send to the first partner now, or leave the request "Ready to be sent" for staff. */
  send: boolean;
  actor: string;
}

/** Creates a borrowing request with its rota, and sends it when asked to, in one transaction. */
export async function createBorrowingRequest(ctx: ServiceContext, institution: Institution, input: NewBorrowingRequest): Promise<BorrowingRequest> {
  const now = ctx.now();
  const request = await ctx.db.transaction().execute(async (trx) => {
    const { found, unknown } = await findPartnersByName(trx, institution.id, input.rota);
    if (unknown.length > 0) throw new InvalidInputError(`unknown partner(s) in rota: ${unknown.join(', ')}`);
    if (new Set(found.map((p) => p.id)).size !== found.length) throw new InvalidInputError('a partner appears twice in the rota');
    const ordered = orderRota(
      found.map((p) => ({ partnerId: p.id, code: p.code, averageSupplyDays: p.average_supply_days, active: p.active })),
      input.rotaOrder,
    );
    const created = await insertBorrowingRequest(trx, {
      institution_id: institution.id,
      status: 'created',
      request_number: `${institution.code}-${await nextRequestNumber(trx)}`,
      patron_id: input.patronId,
      format: input.format,
      service_type: input.serviceType,
      pickup_location: input.pickupLocation ?? null,
      needed_before: input.neededBefore ?? null,
      title: input.citation.articleTitle ?? input.citation.title,
      author: input.citation.articleAuthor ?? input.citation.author ?? null,
      citation: JSON.stringify(input.citation),
    });
    await insertRotaEntries(
      trx,
      ordered.map((entry, position) => ({
        institution_id: institution.id,
        borrowing_request_id: created.id,
        position,
        partner_id: entry.partnerId,
        ...(entry.active ? {} : { status: 'cancelled' as const, reason: 'partner inactive' }),
      })),
    );
    await appendRequestEvent(trx, {
      institutionId: institution.id,
      requestKind: 'borrowing',
      requestId: created.id,
      actor: input.actor,
      event: 'create',
      fromStatus: null,
      toStatus: 'created',
      note: `rota: ${ordered.map((e) => e.code).join(', ') || '(empty)'} (${input.rotaOrder})`,
      at: now,
    });
    if (!input.send) return created;
    const sent = await applyBorrowingEvent(trx, created, 'send', { actor: input.actor }, now);
    if (!sent.ok) throw new InvalidInputError(`cannot send: ${sent.reason}`);
    return sent.request;
  });
  if (input.send) ctx.outboxNotify?.();
  return request;
}
