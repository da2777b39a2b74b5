import type { BorrowingAction, BorrowingEvent } from '../../../domain/borrowing/table.js';
import type { Citation } from '../../../domain/citation.js';
import { BORROWING_ILS_CALLS, borrowedIlsItemId, ncipDateTime, type IlsService } from '../../../domain/circulation/ilsCalls.js';
import type { BibliographicDescription } from '../../../protocols/ncip/index.js';
import type { BorrowingRequest } from '../../../store/schema.js';
import type { OutsideCall, OutsideCallOutcome } from '../../outsideCalls.js';
import { ilsConnectionFor } from './circulationSettings.js';
import type { ExchangeRecord, IlsResult } from './exchange.js';
import { acceptItem, checkInItem, checkOutItem } from './services.js';

/**
 * The ILS's part of a staff action on a borrowing request, in circulation mode `ncip`
 * (src/domain/circulation/ilsCalls.ts): receive → AcceptItem, loan to patron → CheckOutItem,
 * patron return → CheckInItem. Other actions, and built-in circulation, need nothing.
 */
export const ilsBorrowingCall: OutsideCall<BorrowingRequest, BorrowingAction, BorrowingEvent> = async (ctx, request, action) => {
  const service: IlsService | undefined = (BORROWING_ILS_CALLS as Partial<Record<BorrowingAction, IlsService>>)[action];
  if (!service) return undefined;
  const connection = await ilsConnectionFor(ctx.db, request.institution_id);
  if (!connection) return undefined;
  const record: ExchangeRecord = { db: ctx.db, institutionId: request.institution_id, requestKind: 'borrowing', requestId: request.id };
  const itemId = borrowedIlsItemId(request);
  const dueDate = request.due_date ? ncipDateTime(request.due_date) : undefined;
  switch (service) {
    case 'AcceptItem': {
      const accepted = await acceptItem(
        connection,
        {
          requestId: request.request_number,
          itemId,
          userId: request.patron_id,
          bibliographic: bibliographicOf(request),
          ...(request.pickup_location ? { pickupLocation: request.pickup_location } : {}),
          ...(dueDate ? { dueDate } : {}),
        },
        record,
      );
      return outcomeOf(accepted, () => `ILS accepted item ${itemId} for ${request.patron_id} (AcceptItem)`);
    }
    case 'CheckOutItem': {
      const lent = await checkOutItem(connection, itemId, request.patron_id, dueDate, record);
      return outcomeOf(lent, (ok) => `ILS lent ${ok.loan.itemId} to ${request.patron_id}${ok.loan.dueDate ? ` due ${ok.loan.dueDate}` : ''} (CheckOutItem)`);
    }
    case 'CheckInItem': {
      const returned = await checkInItem(connection, itemId, record);
      return outcomeOf(returned, (ok) => `ILS checked in ${ok.itemId} (CheckInItem)`);
    }
    default:
      return undefined;
  }
};

/** A failed ILS call in the ILS's own words; a success as a note for the request's history. */
export function outcomeOf<T extends object, Event extends string>(result: IlsResult<T>, note: (ok: T) => string): OutsideCallOutcome<Event> {
  return result.ok ? { ok: true, note: note(result) } : { ok: false, system: 'ils', message: result.problem.message };
}

/** What the request asks for, as the ILS's temporary record should describe it. */
function bibliographicOf(request: BorrowingRequest): BibliographicDescription {
  const citation = request.citation as unknown as Citation;
  const title = request.title ?? citation.title;
  const author = request.author ?? citation.author;
  const isbn = typeof citation.isbn === 'string' ? citation.isbn.trim() : '';
  return {
    ...(author ? { author } : {}),
    ...(isbn ? { bibliographicItemId: { bibliographicItemIdentifier: isbn, bibliographicItemIdentifierCode: { value: 'ISBN' } } } : {}),
    title: title ?? `Interlibrary loan ${request.request_number}`,
  };
}
