import type { HoldShelfRow } from '../../store/circulationRepository.js';
import type { RequestCirculation } from '../../services/circulation/requestCirculation.js';

const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;

/** The built-in circulation of a borrowing request: null parts are not there (yet, or any more). */
export function presentRequestCirculation(circulation: RequestCirculation) {
  const { item, hold, loan } = circulation;
  return {
    item: item ? { barcode: item.barcode, status: item.status } : null,
    hold: hold
      ? {
          status: hold.status,
          patronId: hold.patron_barcode,
          pickupLocation: hold.pickup_location,
          onShelfSince: iso(hold.on_shelf_since),
          shelfExpiresAt: iso(hold.shelf_expires_at),
        }
      : null,
    loan: loan
      ? {
          status: loan.status,
          itemBarcode: loan.item_barcode,
          patronId: loan.patron_barcode,
          dueDate: iso(loan.due_date),
          renewals: loan.renewals,
          loanedAt: iso(loan.loaned_at),
          returnedAt: iso(loan.returned_at),
        }
      : null,
  };
}

export function presentHoldShelfRow(row: HoldShelfRow, now: Date) {
  return {
    requestId: row.requestId,
    requestNumber: row.requestNumber,
    title: row.title,
    patron: { id: row.patronBarcode, name: row.patronName },
    pickupLocation: row.pickupLocation,
    itemBarcode: row.itemBarcode,
    onShelfSince: iso(row.onShelfSince),
    shelfExpiresAt: iso(row.shelfExpiresAt),
    lapsed: row.shelfExpiresAt !== null && row.shelfExpiresAt.getTime() <= now.getTime(),
  };
}
