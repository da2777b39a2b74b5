import { LENDING_ILS_CALLS, ncipDateTime, type IlsService } from '../../../domain/circulation/ilsCalls.js';
import type { LendingAction, LendingEvent } from '../../../domain/lending/table.js';
import { dueDateForLoanPeriod } from '../../../domain/settings/libraryCalendar.js';
import type { Db } from '../../../store/database.js';
import { picksOfLendingRequest } from '../../../store/pickRequestRepository.js';
import type { LendingRequest } from '../../../store/schema.js';
import type { ActionInput } from '../../actionInput.js';
import type { OutsideCall } from '../../outsideCalls.js';
import { readSettings } from '../../settings/librarySettings.js';
import { ilsConnectionFor } from './circulationSettings.js';
import type { ExchangeRecord } from './exchange.js';
import { outcomeOf } from './ilsBorrowingCalls.js';
import { checkInItem, checkOutItem, requestItem } from './services.js';

/**
 * The ILS's part of a staff action on a lending request, in circulation mode `ncip`
 * (src/domain/circulation/ilsCalls.ts): will supply → RequestItem (page the item), ship →
 * CheckOutItem to the borrowing institution, check-in → CheckInItem. The borrowing
 * institution's ILS user is its symbol value, as ILSs that lend to libraries register them.
 */
export const ilsLendingCall: OutsideCall<LendingRequest, LendingAction, LendingEvent> = async (ctx, request, action, input) => {
  const service: IlsService | undefined = (LENDING_ILS_CALLS as Partial<Record<LendingAction, IlsService>>)[action];
  if (!service) return undefined;
  const connection = await ilsConnectionFor(ctx.db, request.institution_id);
  if (!connection) return undefined;
  const record: ExchangeRecord = { db: ctx.db, institutionId: request.institution_id, requestKind: 'lending', requestId: request.id };
  const borrower = request.requesting_agency_id_value;
  switch (service) {
    case 'RequestItem': {
      const itemId = await itemToPage(ctx.db, request, input);
      if (!itemId) return { ok: true, note: 'no item located yet: nothing requested in the ILS' };
      const requested = await requestItem(connection, { userId: borrower, itemId, requestId: request.supplying_agency_request_id }, record);
      return outcomeOf(requested, () => `ILS paging ${itemId} for ${borrower} (RequestItem)`);
    }
    case 'CheckOutItem': {
      const itemId = input.barcode?.trim();
      if (!itemId) return { ok: true, note: 'shipped without a barcode: nothing checked out in the ILS' };
      const due = input.dueDate ?? (await loanPeriodDueDate(ctx.db, request.institution_id, ctx.now()));
      const lent = await checkOutItem(connection, itemId, borrower, due ? ncipDateTime(due) : undefined, record);
      return outcomeOf(lent, (ok) => `ILS lent ${ok.loan.itemId} to ${borrower}${ok.loan.dueDate ? ` due ${ok.loan.dueDate}` : ''} (CheckOutItem)`);
    }
    case 'CheckInItem': {
      const itemId = shippedBarcode(request);
      if (!itemId) return { ok: true, note: 'shipped without a barcode: nothing checked in in the ILS' };
      const returned = await checkInItem(connection, itemId, record);
      return outcomeOf(returned, (ok) => `ILS checked in ${ok.itemId} (CheckInItem)`);
    }
    default:
      return undefined;
  }
};

/** The item to page: the barcode staff give, else the pick request's, else the one locate found available. */
async function itemToPage(db: Db, request: LendingRequest, input: ActionInput): Promise<string | undefined> {
  const given = input.barcode?.trim();
  if (given) return given;
  const pick = (await picksOfLendingRequest(db, request.institution_id, request.id)).reverse().find((p) => p.status !== 'cancelled');
  if (pick) return pick.barcode;
  const located = await db
    .selectFrom('locate_result')
    .select('availability')
    .where('institution_id', '=', request.institution_id)
    .where('request_kind', '=', 'lending')
    .where('request_id', '=', request.id)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return located?.availability.find((a) => a.status === 'available' && a.requestable !== false && a.barcode)?.barcode;
}

function shippedBarcode(request: LendingRequest): string | undefined {
  const barcode = request.terms.barcode;
  if (typeof barcode === 'string' && barcode.trim()) return barcode.trim();
  return request.broker_item_id ?? undefined;
}

/** The due date ship will set when staff give none (performLendingAction does the same from the terms of use). */
async function loanPeriodDueDate(db: Db, institutionId: string, now: Date): Promise<Date | undefined> {
  const { loanPeriodDays } = await readSettings(db, institutionId, 'termsOfUse');
  return loanPeriodDays === null ? undefined : dueDateForLoanPeriod(now, loanPeriodDays);
}
