import type { Circulation } from '../../api/requests.js';
import { formatDate, formatDateTime } from './format.js';

/** The temporary item, the patron's hold and the loan of a borrowed item. */
export function CirculationTab({ circulation }: { circulation: Circulation | undefined }) {
  if (!circulation || (!circulation.item && !circulation.hold && !circulation.loan)) return <p>Nothing in circulation yet: the item has not been received.</p>;
  const { item, hold, loan } = circulation;
  return (
    <div className="circulation">
      <h2>Temporary item</h2>
      {item ? (
        <dl className="facts">
          <dt>Barcode</dt>
          <dd>
            <code>{item.barcode}</code>
          </dd>
          <dt>Status</dt>
          <dd>{item.status}</dd>
        </dl>
      ) : (
        <p>None.</p>
      )}
      <h2>Hold</h2>
      {hold ? (
        <dl className="facts">
          <dt>Status</dt>
          <dd>{hold.status}</dd>
          <dt>Patron</dt>
          <dd>{hold.patronId}</dd>
          <dt>Pickup location</dt>
          <dd>{hold.pickupLocation ?? '—'}</dd>
          <dt>On the shelf since</dt>
          <dd>{formatDateTime(hold.onShelfSince)}</dd>
          <dt>Shelf expires</dt>
          <dd>{formatDate(hold.shelfExpiresAt)}</dd>
        </dl>
      ) : (
        <p>None.</p>
      )}
      <h2>Loan</h2>
      {loan ? (
        <dl className="facts">
          <dt>Status</dt>
          <dd>{loan.status}</dd>
          <dt>Item</dt>
          <dd>
            <code>{loan.itemBarcode}</code>
          </dd>
          <dt>Patron</dt>
          <dd>{loan.patronId}</dd>
          <dt>Due</dt>
          <dd>{formatDate(loan.dueDate)}</dd>
          <dt>Renewals</dt>
          <dd>{loan.renewals}</dd>
          <dt>Loaned</dt>
          <dd>{formatDateTime(loan.loanedAt)}</dd>
          <dt>Returned</dt>
          <dd>{formatDateTime(loan.returnedAt)}</dd>
        </dl>
      ) : (
        <p>None.</p>
      )}
    </div>
  );
}
