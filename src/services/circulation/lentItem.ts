import { RESOURCE_SHARING_LOCATION, RESOURCE_SHARING_PROCESS } from '../../domain/circulation/lentItem.js';
import { findItemByBarcode, findItemLentFor, updateItem } from '../../store/circulationRepository.js';
import type { Db } from '../../store/database.js';
import type { LendingRequest } from '../../store/schema.js';

/**
 * The built-in circulation's side of the lending table's ship and check-in, in the transaction
 * that changes the request's status. Returns a few words for the request's history.
 */

/** Ship: the item (by the barcode staff scanned) is on loan to the borrowing partner, at the resource-sharing location. */
export async function lendItem(trx: Db, request: LendingRequest, barcode: string | undefined): Promise<string> {
  const scanned = barcode?.trim();
  if (!scanned) return 'shipped without a barcode: no inventory item marked';
  const item = await findItemByBarcode(trx, request.institution_id, scanned);
  // Items that were never catalogued can still be lent; the request keeps the barcode.
  if (!item) return `item ${scanned} is not in the inventory: nothing marked on loan`;
  await updateItem(trx, item, {
    status: 'on_loan',
    process_type: RESOURCE_SHARING_PROCESS,
    on_loan_to_partner_id: request.partner_id,
    lent_for_request_id: request.id,
    temporary_location: RESOURCE_SHARING_LOCATION,
  });
  return `item ${item.barcode} on loan to the borrower at ${RESOURCE_SHARING_LOCATION}`;
}

/** Check-in: the item is available again at its holding's own location. */
export async function returnLentItem(trx: Db, request: LendingRequest): Promise<string | undefined> {
  const item = await findItemLentFor(trx, request.institution_id, request.id);
  if (!item) return undefined;
  await updateItem(trx, item, { status: 'available', process_type: null, on_loan_to_partner_id: null, lent_for_request_id: null, temporary_location: null });
  return `item ${item.barcode} checked in`;
}
