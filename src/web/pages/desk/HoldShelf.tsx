import { useEffect, useState } from 'react';
import { ApiProblem } from '../../api/client.js';
import { holdShelf, receiveSlipPath, requestPath, type HoldShelfRow } from '../../api/desk.js';
import { Link } from '../../app/router.js';
import { useMe } from '../../app/session.js';
import './desk.css';

const day = (iso: string | null) => (iso ? new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }) : '—');

/** The hold shelf: received items waiting for their patrons, those expiring first on top. */
export function HoldShelf() {
  const me = useMe();
  const [location, setLocation] = useState('');
  const [locations, setLocations] = useState<string[]>([]);
  const [rows, setRows] = useState<HoldShelfRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setError(null);
    holdShelf(me.institution, location || undefined).then(
      (loaded) => {
        if (!live) return;
        setRows(loaded);
        // The choice of pickup locations comes from the whole shelf.
        if (!location) setLocations([...new Set(loaded.map((row) => row.pickupLocation))].sort());
      },
      (caught: unknown) => live && setError(caught instanceof ApiProblem ? (caught.problem.detail ?? caught.problem.title) : 'The server could not be reached.'),
    );
    return () => {
      live = false;
    };
  }, [me.institution, location]);

  return (
    <div className="hold-shelf">
      <h1>Hold shelf</h1>
      <p>Items received for patrons and waiting to be picked up, those whose shelf time ends first on top.</p>
      <form className="hold-shelf-filter" onSubmit={(event) => event.preventDefault()}>
        <div>
          <label htmlFor="hold-shelf-location">Pickup location</label>
          <select id="hold-shelf-location" value={location} onChange={(event) => setLocation(event.target.value)}>
            <option value="">All pickup locations</option>
            {locations.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </div>
      </form>
      {error && (
        <p className="error" role="alert">
          The hold shelf could not be loaded: {error}
        </p>
      )}
      <div role="status">
        {!rows && !error && <p className="loading">Loading the hold shelf…</p>}
        {rows && (
          <p>
            {rows.length === 0 ? 'Nothing is waiting on the hold shelf' : `${rows.length} ${rows.length === 1 ? 'item is' : 'items are'} waiting`}
            {location ? ` at ${location}` : ''}.
          </p>
        )}
      </div>
      {rows && rows.length > 0 && (
        <table className="hold-shelf-table responsive">
          <thead>
            <tr>
              <th scope="col">On the shelf until</th>
              <th scope="col">Request</th>
              <th scope="col">Title</th>
              <th scope="col">Patron</th>
              <th scope="col">Pickup location</th>
              <th scope="col">Item barcode</th>
              <th scope="col">Slip</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.requestId}>
                <td data-label="On the shelf until">
                  {day(row.shelfExpiresAt)}
                  {row.lapsed && <span className="lapsed"> (shelf time over)</span>}
                </td>
                <td data-label="Request">
                  <Link to={requestPath({ kind: 'borrowing', id: row.requestId })}>{row.requestNumber}</Link>
                </td>
                <td data-label="Title">{row.title ?? '—'}</td>
                <td data-label="Patron">
                  {row.patron.name ? `${row.patron.name} (${row.patron.id})` : row.patron.id}
                </td>
                <td data-label="Pickup location">{row.pickupLocation}</td>
                <td data-label="Item barcode">{row.itemBarcode ? <code>{row.itemBarcode}</code> : '—'}</td>
                <td data-label="Slip">
                  <a href={receiveSlipPath(me.institution, row.requestId)} target="_blank" rel="noopener">
                    Print receive slip<span className="visually-hidden"> for {row.requestNumber}</span>
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
