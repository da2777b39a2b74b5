import {
  arrivedNote,
  chooseTemporaryBarcode,
  holdPickupLocation,
  holdRefusal,
  holdShelfExpiry,
  inTransitNote,
  patronDueDate,
  placeReceivedItem,
} from '../../domain/circulation/borrowedItem.js';
import type { Citation } from '../../domain/citation.js';
import {
  deleteTemporaryRecords,
  findActiveLoan,
  findHold,
  findItemByBarcode,
  findTemporaryItem,
  insertHold,
  insertLoan,
  insertTemporaryRecords,
  updateHold,
  updateItem,
  updateLoan,
} from '../../store/circulationRepository.js';
import type { Db } from '../../store/database.js';
import { findPartner } from '../../store/partnerRepository.js';
import type { BorrowingRequest } from '../../store/schema.js';
import { listLibraries } from '../../store/taskListRepository.js';
import { ActionNotAllowedError } from '../errors.js';
import { enqueuePatronNotice } from '../notices/enqueuePatronNotice.js';
import { readSettings } from '../settings/librarySettings.js';
import { temporaryMarcXml } from './temporaryMarc.js';

/**
 * The built-in circulation's side of the borrowing table's effects, run in the transaction that
 * changes the request's status. Each returns a few words for the request's history.
 */

/**
 * Receive: temporary bib (suppressed), holding at the pickup location, item, and a hold. When the
 * patron picks up at another library of the institution the hold waits and the item is in transit
 * there; otherwise the hold is on the shelf here and the patron is told.
 */
export async function createTemporaryItem(trx: Db, request: BorrowingRequest, lenderPartnerId: string | undefined, now: Date): Promise<string> {
  // Receiving again (e.g. after a cancelled receipt was undone) keeps the records already there.
  const existing = await findTemporaryItem(trx, request.institution_id, request.id);
  if (existing) return `temporary item ${existing.barcode} already there`;
  const partner = lenderPartnerId ? await findPartner(trx, request.institution_id, lenderPartnerId) : undefined;
  const lenderBarcode = typeof request.terms.lenderItemId === 'string' ? request.terms.lenderItemId : undefined;
  const taken = lenderBarcode ? (await findItemByBarcode(trx, request.institution_id, lenderBarcode.trim())) !== undefined : false;
  const choice = chooseTemporaryBarcode({
    requestNumber: request.request_number,
    sharedBarcodes: partner?.shared_barcodes ?? false,
    lenderBarcode,
    lenderBarcodeTaken: taken,
  });
  const settings = await readSettings(trx, request.institution_id, 'borrowing');
  const location = holdPickupLocation(request.pickup_location, { pickup: settings.defaultPickupLocation, location: settings.defaultLocation });
  const placement = placeReceivedItem({
    pickupLocation: location,
    receivingLibraryId: request.library_id,
    libraries: await listLibraries(trx, request.institution_id),
    holdShelfDays: settings.holdShelfDays,
    now,
  });
  const citation = request.citation as unknown as Citation;
  const title = request.title ?? citation.title ?? `Interlibrary loan ${request.request_number}`;
  const isbn = typeof citation.isbn === 'string' && citation.isbn.trim() ? [citation.isbn.trim()] : [];
  const item = await insertTemporaryRecords(trx, {
    institutionId: request.institution_id,
    requestId: request.id,
    libraryId: request.library_id,
    sourceId: `ill:${request.request_number}`,
    marc: temporaryMarcXml({ controlNumber: `ill:${request.request_number}`, title, author: request.author, isbns: isbn }),
    title,
    author: request.author,
    isbns: isbn,
    location,
    barcode: choice.barcode,
  });
  const fallback = choice.fallbackReason ? ` (${choice.fallbackReason})` : '';
  const hold = { institution_id: request.institution_id, borrowing_request_id: request.id, patron_barcode: request.patron_id, pickup_location: location, updated_at: now };
  if (placement.kind === 'in-transit') {
    await updateItem(trx, item, { status: 'in_transit' });
    await insertHold(trx, { ...hold, status: 'waiting', on_shelf_since: null, shelf_expires_at: null });
    return `${inTransitNote(item.barcode, placement.to.name)}${fallback}`;
  }
  await insertHold(trx, { ...hold, status: 'on_shelf', on_shelf_since: placement.onShelfSince, shelf_expires_at: placement.shelfExpiresAt });
  const told = await enqueuePatronNotice(trx, request, 'on-hold-shelf', { dueDate: request.due_date }, now);
  return `temporary item ${item.barcode}${fallback} on hold shelf ${location} until ${placement.shelfExpiresAt.toISOString().slice(0, 10)}; ${told}`;
}

/**
 * The item in transit reached the pickup library (scanned there): its hold goes on the shelf for
 * `holdShelfDays`, the item is available for the loan, and the patron is told. Refused unless
 * the hold is waiting. Runs in the caller's transaction; returns the words for the history.
 */
export async function arriveAtPickup(trx: Db, request: BorrowingRequest, now: Date): Promise<string> {
  const hold = await findHold(trx, request.institution_id, request.id);
  if (!hold || hold.status !== 'waiting') {
    throw new ActionNotAllowedError(`request ${request.request_number} has no item in transit to a pickup library${hold ? ` (its hold is ${hold.status})` : ''}`, request.status, []);
  }
  const { holdShelfDays } = await readSettings(trx, request.institution_id, 'borrowing');
  const expires = holdShelfExpiry(now, holdShelfDays);
  await updateHold(trx, hold, { status: 'on_shelf', on_shelf_since: now, shelf_expires_at: expires }, now);
  const item = await findTemporaryItem(trx, request.institution_id, request.id);
  if (item) await updateItem(trx, item, { status: 'available' });
  const told = await enqueuePatronNotice(trx, request, 'on-hold-shelf', { dueDate: request.due_date }, now);
  return `${arrivedNote(hold.pickup_location, expires)}; ${told}`;
}

/** Why the built-in circulation refuses a staff action on the request now (its hold still in transit …), or undefined. */
export async function circulationRefusal(db: Db, request: BorrowingRequest, action: string): Promise<string | undefined> {
  return holdRefusal(action, await findHold(db, request.institution_id, request.id));
}

/** Loan to patron: the hold is fulfilled and the patron keeps the item until the lender's due date. */
export async function startPatronLoan(trx: Db, request: BorrowingRequest, now: Date): Promise<string> {
  const item = await findTemporaryItem(trx, request.institution_id, request.id);
  const hold = await findHold(trx, request.institution_id, request.id);
  if (hold) await updateHold(trx, hold, { status: 'fulfilled' }, now);
  if (item) await updateItem(trx, item, { status: 'on_loan' });
  const barcode = item?.barcode ?? `TMP-${request.request_number}`;
  const due = patronDueDate(request.due_date);
  await insertLoan(trx, {
    institution_id: request.institution_id,
    item_id: item?.id ?? null,
    item_barcode: barcode,
    borrowing_request_id: request.id,
    patron_barcode: request.patron_id,
    due_date: due,
    status: 'active',
    loaned_at: now,
    returned_at: null,
  });
  return `loaned ${barcode} to ${request.patron_id}${due ? ` until ${due.toISOString().slice(0, 10)}` : ''}`;
}

/** The lender changed the due date (renewal, recall): the patron's loan follows it. */
export async function followLenderDueDate(trx: Db, request: BorrowingRequest, dueDate: Date | null, renewed: boolean): Promise<string | undefined> {
  const loan = await findActiveLoan(trx, request.institution_id, request.id);
  if (!loan) return undefined;
  await updateLoan(trx, loan, { due_date: patronDueDate(dueDate), ...(renewed ? { renewals: loan.renewals + 1 } : {}) });
  return renewed ? `patron loan renewed${dueDate ? ` until ${dueDate.toISOString().slice(0, 10)}` : ''}` : undefined;
}

export async function endPatronLoan(trx: Db, request: BorrowingRequest, now: Date): Promise<string> {
  const loan = await findActiveLoan(trx, request.institution_id, request.id);
  if (loan) await updateLoan(trx, loan, { status: 'returned', returned_at: now });
  const item = await findTemporaryItem(trx, request.institution_id, request.id);
  if (item) await updateItem(trx, item, { status: 'available' });
  return 'patron loan ended';
}

export async function markItemInTransit(trx: Db, request: BorrowingRequest): Promise<string | undefined> {
  const item = await findTemporaryItem(trx, request.institution_id, request.id);
  if (!item) return undefined;
  await updateItem(trx, item, { status: 'in_transit' });
  return `${item.barcode} in transit to the lender`;
}

/** Cancelled after receipt: the patron will not get the item; it stays until it goes back. */
export async function cancelPatronHold(trx: Db, request: BorrowingRequest, now: Date): Promise<string> {
  const hold = await findHold(trx, request.institution_id, request.id);
  if (hold && (hold.status === 'on_shelf' || hold.status === 'waiting')) await updateHold(trx, hold, { status: 'cancelled' }, now);
  return 'patron hold cancelled';
}

export async function removeTemporaryRecords(trx: Db, request: BorrowingRequest): Promise<string | undefined> {
  const removed = await deleteTemporaryRecords(trx, request.institution_id, request.id);
  return removed > 0 ? 'temporary records removed' : undefined;
}
