import { serviceProblem } from '../../../protocols/ncip/index.js';
import { applyLendingEvent } from '../../lending/applyLendingEvent.js';
import type { NcipSideHandler } from '../../ncip/responder/service.js';
import { notNow, refuse, respond } from './answers.js';
import { findLatestShipped, findLentFor } from './findBrokerLendingRequest.js';
import { findShelfItem } from './itemToPick.js';
import { barcodeOf, itemIdOf } from './messageFields.js';
import { brokerActor } from './openBrokerLendingRequest.js';
import { RolledBack, serveInTransaction } from './serveInTransaction.js';

/**
 * The lending side of CheckInItem (seed 004, step 7): our item is back, the request completed
 * and the loan released (the item available again at its own location). A check-in repeated
 * for a request it already completed is answered the same, with nothing changed. Our own item
 * that no broker lent out is "Item Not Checked Out"; an item that is not ours is not this side's.
 */
export const checkInLentItem: NcipSideHandler = async (request, pass) => {
  const { ctx, institution, partner, message } = request;
  const barcode = barcodeOf(message.body);
  if (!barcode) return undefined;
  return serveInTransaction(ctx, async (trx) => {
    const lent = await findLentFor(trx, institution.id, barcode);
    if (!lent && pass === 'open') return undefined;
    const lending = lent ?? (await findLatestShipped(trx, institution.id, barcode));
    if (!lending) {
      const item = await findShelfItem(trx, institution.id, barcode);
      if (!item) return undefined;
      const why = item.status === 'on_loan' ? 'is on loan, but not for a request a broker manages' : 'is not on loan';
      return refuse(serviceProblem('CheckInItem', 'Item Not Checked Out', `${barcode} ${why}`, 'ItemIdentifierValue', barcode));
    }
    const answer = respond(request, { itemId: itemIdOf(message.body) ?? { itemIdentifierValue: barcode } }, lending);
    if (lending.status === 'completed') return answer;
    if (lending.partner_id !== partner.id) return notNow(request, lending, 'another broker manages it');
    const applied = await applyLendingEvent(trx, lending, 'broker:CheckInItem', { actor: brokerActor(partner) }, ctx.now());
    if (!applied.ok) throw new RolledBack(notNow(request, lending, 'the item has not been shipped'));
    return answer;
  });
};
