import { lendingStates, type LendingStatus } from '../../../domain/lending/table.js';
import { processingProblem, serviceProblem, type NcipBody, type UserId } from '../../../protocols/ncip/index.js';
import { findItemByBarcode } from '../../../store/circulationRepository.js';
import type { Db } from '../../../store/database.js';
import { updateLendingRequest } from '../../../store/lendingRequestRepository.js';
import { picksOfLendingRequest, setPickStatus } from '../../../store/pickRequestRepository.js';
import type { LendingRequest } from '../../../store/schema.js';
import { isoDateTime } from '../../context.js';
import { applyLendingEvent } from '../../lending/applyLendingEvent.js';
import type { NcipServiceAnswer, NcipServiceRequest } from '../../ncip/responder/service.js';
import { neededDataMissing, notNow, refuse, respond, unknownItem } from './answers.js';
import { brokerDueDate } from './dueDate.js';
import { findByBrokerRequestId, findLentFor, findPickedFor } from './findBrokerLendingRequest.js';
import { findShelfItem } from './itemToPick.js';
import { barcodeOf, borrowerOf, brokerRequestIdOf, dateOf, itemIdOf, userIdOf } from './messageFields.js';
import { brokerActor, openBrokerLendingRequest } from './openBrokerLendingRequest.js';
import { RolledBack, serveInTransaction } from './serveInTransaction.js';

/**
 * CheckOutItem from the broker (seed 004, step 4: "equivalent to a shipping action"): our item
 * went to the borrowing institution. The request is the one of the broker's RequestId, else the
 * one the item is on loan or picked for; with none (a RequestItem "may" be sent) it is created
 * here and shipped at once. The item goes on loan to the broker at the resource-sharing
 * location until the due date the broker wants (else our loan period's).
 */
export async function checkOutItem(request: NcipServiceRequest): Promise<NcipServiceAnswer> {
  const { ctx, institution, partner, message } = request;
  const body = message.body;
  const barcode = barcodeOf(body);
  if (!barcode) return neededDataMissing('ItemIdentifierValue', 'CheckOutItem must name our item by its barcode');
  const brokerRequestId = brokerRequestIdOf(body);
  const borrower = borrowerOf(body);

  return serveInTransaction(ctx, async (trx) => {
    const now = ctx.now();
    const item = await findShelfItem(trx, institution.id, barcode);
    if (!item) return unknownItem(request, barcode);

    let lending = brokerRequestId ? await findByBrokerRequestId(trx, institution.id, brokerRequestId) : undefined;
    if (lending && lending.partner_id !== partner.id) {
      return refuse(processingProblem('Unauthorized Combination Of Element Values For Agency', `RequestId ${brokerRequestId ?? ''} belongs to a request of another partner`, 'RequestIdentifierValue', brokerRequestId));
    }
    lending ??= (await findLentFor(trx, institution.id, barcode)) ?? (await findPickedFor(trx, institution.id, barcode));
    const stock = await findItemByBarcode(trx, institution.id, barcode);
    if (stock?.lent_for_request_id && stock.lent_for_request_id !== lending?.id) {
      return refuse(serviceProblem('CheckOutItem', 'Resource Cannot Be Provided', `${barcode} is already on loan for another request`, 'ItemIdentifierValue', barcode), lending);
    }

    if (!lending) {
      if (!brokerRequestId) return neededDataMissing('RequestId', `no request of ${institution.code} is open for ${barcode}: name the broker's RequestId to open one`);
      const opened = await openBrokerLendingRequest(
        trx,
        institution,
        partner,
        {
          brokerRequestId,
          borrower,
          serviceType: 'Loan',
          bibliographicInfo: { title: item.title, ...(item.author ? { author: item.author } : {}) },
          headline: { title: item.title, author: item.author },
          openedBy: 'CheckOutItem',
        },
        now,
      );
      // A concurrent delivery of the same RequestId committed first: go on with its request.
      lending = opened ?? (await findByBrokerRequestId(trx, institution.id, brokerRequestId));
      if (!lending) throw new Error(`broker lending request ${brokerRequestId} vanished after a conflict`);
    }

    const wanted = await brokerDueDate(trx, institution.id, dateOf(body.desiredDateDue), now);
    if (isRepeat(lending, barcode, wanted)) return respond(request, answerBody(body, lending, userIdOf(body), borrower), lending);

    const applied = await applyLendingEvent(trx, lending, 'broker:CheckOutItem', { actor: brokerActor(partner), dueDate: wanted, barcode }, now);
    if (!applied.ok) throw new RolledBack(notNow(request, lending, 'it can no longer be shipped'));
    const terms = borrower && applied.request.terms['borrower'] === undefined ? { terms: JSON.stringify({ ...applied.request.terms, borrower }) } : {};
    const shipped = await updateLendingRequest(trx, applied.request, { broker_item_id: barcode, ...terms }, now);
    await settlePicks(trx, shipped, barcode, now);
    return respond(request, answerBody(body, shipped, userIdOf(body), borrower), shipped);
  });
}

/** The same check-out again (same item, same due date) on a request it already shipped: answered, not applied twice. */
function isRepeat(lending: LendingRequest, barcode: string, dueDate: Date | undefined): boolean {
  if (lending.broker_item_id !== barcode) return false;
  if ('terminal' in lendingStates[lending.status as LendingStatus]) return true;
  const sameDue = dueDate === undefined || Math.floor(dueDate.getTime() / 1000) * 1000 === lending.due_date?.getTime();
  return lending.status !== 'created' && lending.status !== 'will_supply' && sameDue;
}

/** The item is off the shelf: its pick is done, any other copy's pick is not needed any more. */
async function settlePicks(trx: Db, lending: LendingRequest, barcode: string, now: Date): Promise<void> {
  for (const pick of await picksOfLendingRequest(trx, lending.institution_id, lending.id)) {
    if (pick.status === 'open') await setPickStatus(trx, lending.institution_id, pick.id, pick.barcode === barcode ? 'picked' : 'cancelled', now);
  }
}

function answerBody(sent: NcipBody, lending: LendingRequest, userId: UserId | undefined, borrower: string | undefined): NcipBody {
  const itemId = itemIdOf(sent) ?? { itemIdentifierValue: lending.broker_item_id ?? '' };
  const user: UserId = userId ?? { userIdentifierValue: borrower ?? lending.requesting_agency_id_value };
  if (lending.service_type === 'Copy') return { itemId, userId: user, nonReturnableFlag: true };
  // Without a due date (none asked for, no loan period set) the loan has no fixed end.
  return { itemId, userId: user, ...(lending.due_date ? { dateDue: isoDateTime(lending.due_date) } : { indeterminateLoanPeriodFlag: true }) };
}
