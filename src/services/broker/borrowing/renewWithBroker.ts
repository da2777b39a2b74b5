import type { BorrowingAction, BorrowingEvent } from '../../../domain/borrowing/table.js';
import { listRotaEntries } from '../../../store/borrowingRequestRepository.js';
import { primarySymbol } from '../../../store/institutionRepository.js';
import { findPartner } from '../../../store/partnerRepository.js';
import type { BorrowingRequest } from '../../../store/schema.js';
import { isoDateTime } from '../../context.js';
import { exchange } from '../../ncip/client/exchange.js';
import type { NcipConnection } from '../../ncip/client/index.js';
import type { OutsideCall } from '../../outsideCalls.js';
import { instantOf } from './ncipFields.js';

/** How long staff wait for the broker before the renewal request fails (and may be overridden). */
const BROKER_TIMEOUT_MS = 10_000;

/** The broker's words: its Problem as it wrote it, without our ILS wording. */
function brokerWords(problem: { type: string; detail?: string; value?: string }): string {
  return [problem.type, problem.detail && problem.detail !== problem.type ? problem.detail : undefined, problem.value ? `(${problem.value})` : undefined].filter(Boolean).join(': ');
}

/**
 * A renewal request on a broker-managed borrowing request goes to the broker first (seed 004,
 * "Recall/Renew Items"): RenewItem naming the item by the broker's ItemId, for our patron, with
 * the due date staff ask for. The broker's answer decides what follows in the same transaction:
 * a DateDue is the lender's approval (renewed), Pending means the lender decides later (the
 * broker's own RenewItem will say so), a Problem is a refusal. An unreachable broker stops the
 * action (staff may override).
 */
export const renewWithBroker: OutsideCall<BorrowingRequest, BorrowingAction, BorrowingEvent> = async (ctx, request, action, input) => {
  if (request.managed_by !== 'broker' || action !== 'request-renewal') return undefined;
  const broker = (await listRotaEntries(ctx.db, request.institution_id, request.id)).find((entry) => entry.status === 'supplying');
  const partner = broker ? await findPartner(ctx.db, request.institution_id, broker.partner_id) : undefined;
  if (!partner?.endpoint_url) {
    return { ok: false, system: 'broker', message: `the broker of request ${request.request_number} has no NCIP endpoint to send RenewItem to` };
  }
  const us = await primarySymbol(ctx.db, request.institution_id);
  const connection: NcipConnection = { url: partner.endpoint_url, toAgencyId: partner.id_value, fromAgencyId: us.idValue, timeoutMs: BROKER_TIMEOUT_MS };
  const result = await exchange(
    connection,
    'RenewItem',
    {
      userId: { userIdentifierValue: request.patron_id },
      itemId: { itemIdentifierValue: request.broker_item_id ?? '' },
      ...(input.dueDate ? { desiredDateDue: isoDateTime(input.dueDate) } : {}),
    },
    { db: ctx.db, institutionId: request.institution_id, requestKind: 'borrowing', requestId: request.id },
  );
  if (!result.ok) {
    const { problem } = result;
    if (problem.kind === 'ncip-problem') {
      const words = brokerWords(problem);
      return { ok: true, note: `broker ${partner.code} refused the renewal: ${words}`, then: [{ event: 'broker:RenewRefused', input: { note: words } }] };
    }
    return { ok: false, system: 'broker', message: problem.message.replace(/\bthe ILS\b/g, `broker ${partner.code}`) };
  }
  if (result.response.pending !== undefined) return { ok: true, note: `broker ${partner.code}: renewal pending, the lender answers later` };
  const dueDate = instantOf(result.response.dateDue);
  if (!dueDate) return { ok: true, note: `broker ${partner.code} answered without a due date: waiting for its RenewItem` };
  return { ok: true, note: `broker ${partner.code} renewed until ${isoDateTime(dueDate)}`, then: [{ event: 'broker:RenewAccepted', input: { terms: { dueDate } } }] };
};
