import { deliveryOf } from '../../../domain/broker/digitalDelivery.js';
import { processingProblem, type NcipBody, type NcipStruct, type NcipValue } from '../../../protocols/ncip/index.js';
import { findBorrowingRequest } from '../../../store/borrowingRequestRepository.js';
import { findPatron } from '../../../store/patronRepository.js';
import { nextRequestNumber } from '../../../store/requestNumbers.js';
import { appendRequestEvent } from '../../../store/requestEventRepository.js';
import type { BorrowingRequest } from '../../../store/schema.js';
import { applyBorrowingEvent } from '../../borrowing/applyBorrowingEvent.js';
import { receivingLibrary } from '../../circulation/receivingLibrary.js';
import type { NcipServiceAnswer, NcipServiceRequest } from '../../ncip/responder/service.js';
import { readSettings } from '../../settings/librarySettings.js';
import { citationOf } from './acceptItemCitation.js';
import { actorOf } from './brokerBorrowingSide.js';
import { firstItemId, firstUserId, instantOf, present } from './ncipFields.js';
import { clipHeadline } from '../../iso18626/citationMapping.js';

/** The broker's ids of the item it announces, and what it says about the item. */
interface Announcement {
  requestId: string;
  itemId: string;
  patronId: string;
}

function announcementOf(body: NcipBody): Announcement | { missing: string } {
  const requestId = present(body.requestId?.requestIdentifierValue);
  if (!requestId) return { missing: 'RequestId' };
  const itemId = present(firstItemId(body)?.itemIdentifierValue);
  if (!itemId) return { missing: 'ItemId' };
  const patronId = present(firstUserId(body)?.userIdentifierValue);
  if (!patronId) return { missing: 'UserId' };
  return { requestId, itemId, patronId };
}

function isStruct(value: unknown): value is NcipStruct {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function schemeValueOf(value: NcipValue | undefined): string | undefined {
  return isStruct(value) && typeof value.value === 'string' ? value.value : undefined;
}

/**
 * AcceptItem from a broker (seed 004, "Receiving Items"): the item of a request the broker owns
 * reached us for our patron. Creates the broker-managed borrowing request, with the broker as its
 * one (supplying) rota entry, and applies `broker:AcceptItem` in the same transaction: a physical
 * item gets its temporary records and a hold, a digital one is completed or waits to be marked
 * received (the broker partner's automatic receive). The same RequestId again is answered the
 * same way and changes nothing. The broker validated the patron, so one missing from our
 * register is accepted with a note.
 */
export async function acceptBrokerItem(request: NcipServiceRequest): Promise<NcipServiceAnswer> {
  const { ctx, institution, partner, message } = request;
  const body = message.body;
  if (partner.profile_type !== 'broker') {
    return { problem: processingProblem('Unauthorized Service For Agency', `${partner.code} is not a broker of ${institution.code}: only a broker announces items it owns the request of`, 'FromAgencyId', partner.id_value) };
  }
  const announced = announcementOf(body);
  if ('missing' in announced) {
    return { problem: processingProblem('Needed Data Missing', `AcceptItem needs ${announced.missing} to create the borrowing request`, announced.missing) };
  }
  const answer = (created: BorrowingRequest): NcipServiceAnswer => ({
    message: {
      kind: 'AcceptItemResponse',
      body: {
        ...(request.responseHeader ? { responseHeader: request.responseHeader } : {}),
        requestId: body.requestId ?? { requestIdentifierValue: announced.requestId },
        itemId: firstItemId(body) ?? { itemIdentifierValue: announced.itemId },
      },
    },
    concerns: { kind: 'borrowing', id: created.id },
  });

  const optional = body.itemOptionalFields;
  const description = optional?.bibliographicDescription;
  const delivery = deliveryOf({
    electronicResource: isStruct(optional?.electronicResource),
    electronicDataFormatType: schemeValueOf(description?.electronicDataFormatType),
    mediumType: description?.mediumType?.value,
  });
  const citation = citationOf(description, announced.requestId);
  const dueDate = instantOf(body.dateForReturn);
  const now = ctx.now();
  const actor = actorOf(request);

  return ctx.db.transaction().execute(async (trx): Promise<NcipServiceAnswer> => {
    const settings = await readSettings(trx, institution.id, 'borrowing');
    const created = await trx
      .insertInto('borrowing_request')
      .values({
        institution_id: institution.id,
        library_id: await receivingLibrary(trx, institution.id, { patronId: announced.patronId }),
        status: 'created',
        request_number: `${institution.code}-${await nextRequestNumber(trx)}`,
        patron_id: announced.patronId,
        format: delivery.digital ? 'digital' : 'physical',
        service_type: delivery.digital ? 'copy' : 'loan',
        pickup_location: present(body.pickupLocation?.value) ?? settings.defaultPickupLocation,
        title: clipHeadline(citation.articleTitle ?? citation.title),
        author: clipHeadline(citation.articleAuthor ?? citation.author ?? null),
        citation: JSON.stringify(citation),
        // The lender's barcode, for a partner whose barcodes we may use as our own (shared barcodes).
        terms: JSON.stringify({ lenderItemId: announced.itemId }),
        managed_by: 'broker',
        broker_request_id: announced.requestId,
        broker_item_id: announced.itemId,
      })
      // A redelivery (or the same message twice at once) finds the request the first one made.
      .onConflict((oc) => oc.columns(['institution_id', 'broker_request_id']).where('broker_request_id', 'is not', null).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!created) {
      const existing = await trx
        .selectFrom('borrowing_request')
        .selectAll()
        .where('institution_id', '=', institution.id)
        .where('broker_request_id', '=', announced.requestId)
        .executeTakeFirstOrThrow();
      return answer(existing);
    }

    await trx
      .insertInto('rota_entry')
      .values({
        institution_id: institution.id,
        borrowing_request_id: created.id,
        position: 0,
        partner_id: partner.id,
        status: 'supplying',
        supplying_agency_request_id: announced.requestId,
        sent_at: now,
        updated_at: now,
      })
      .execute();
    const registered = await findPatron(trx, institution.id, announced.patronId);
    const notes = [
      `announced by broker ${partner.code} (request ${announced.requestId}, item ${announced.itemId})`,
      `${delivery.digital ? 'digital' : 'physical'}: ${delivery.because}`,
      ...(registered ? [] : [`patron ${announced.patronId} is not in the patron register (accepted: the broker validated the patron)`]),
    ];
    await appendRequestEvent(trx, {
      institutionId: institution.id,
      requestKind: 'borrowing',
      requestId: created.id,
      actor,
      event: 'create',
      fromStatus: null,
      toStatus: 'created',
      note: notes.join('; '),
      at: now,
    });
    const locked = await findBorrowingRequest(trx, institution.id, created.id, { lock: true });
    if (!locked) throw new Error(`borrowing request ${created.id} vanished`);
    const applied = await applyBorrowingEvent(
      trx,
      locked,
      'broker:AcceptItem',
      {
        actor,
        terms: { ...(dueDate ? { dueDate } : {}), itemId: announced.itemId },
        messageFacts: { digital: delivery.digital, automaticReceive: partner.automatic_receive },
      },
      now,
    );
    // A new request is always Created, where the table takes AcceptItem: a refusal is a bug, and rolls everything back.
    if (!applied.ok) throw new Error(`broker:AcceptItem refused on a new request: ${applied.reason}`);
    return answer(applied.request);
  });
}
