import { applyLendingEvent } from '../../lending/applyLendingEvent.js';
import type { NcipSideHandler } from '../../ncip/responder/service.js';
import { isoDateTime } from '../../context.js';
import { neededDataMissing, notNow, respond } from './answers.js';
import { brokerDueDate } from './dueDate.js';
import { findLentFor } from './findBrokerLendingRequest.js';
import { barcodeOf, dateOf, itemIdOf, userIdOf } from './messageFields.js';
import { brokerActor } from './openBrokerLendingRequest.js';
import { RolledBack, serveInTransaction } from './serveInTransaction.js';

/**
 * The lending side of RenewItem: the broker renewed the loan of our item (seed 004, step 5) and
 * tells us the new due date (DesiredDateDue; without one, our loan period from today). Answered
 * with the due date now in force. An item not on loan through a broker is not this side's.
 */
export const renewLentItem: NcipSideHandler = async (request) => {
  const { ctx, institution, partner, message } = request;
  const body = message.body;
  const barcode = barcodeOf(body);
  if (!barcode) return undefined;
  return serveInTransaction(ctx, async (trx) => {
    const lending = await findLentFor(trx, institution.id, barcode);
    if (!lending) return undefined;
    if (lending.partner_id !== partner.id) return notNow(request, lending, 'another broker manages it');
    const now = ctx.now();
    const dueDate = await brokerDueDate(trx, institution.id, dateOf(body.desiredDateDue), now);
    if (!dueDate) return neededDataMissing('DesiredDateDue', 'RenewItem must carry DesiredDateDue: no loan period is set to renew by');
    const applied = await applyLendingEvent(trx, lending, 'broker:RenewItem', { actor: brokerActor(partner), dueDate, note: `due ${isoDateTime(dueDate)}` }, now);
    if (!applied.ok) throw new RolledBack(notNow(request, lending, 'the loan cannot be renewed now'));
    const userId = userIdOf(body);
    const renewed = applied.request;
    return respond(
      request,
      { itemId: itemIdOf(body) ?? { itemIdentifierValue: barcode }, ...(userId ? { userId } : {}), ...(renewed.due_date ? { dateDue: isoDateTime(renewed.due_date) } : {}) },
      renewed,
    );
  });
};
