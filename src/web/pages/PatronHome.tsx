import { useCallback, useEffect, useRef, useState } from 'react';
import { usePolling } from '../app/usePolling.js';
import { ApiProblem } from '../api/client.js';
import { listMyRequests, pickupLocations, takeAction, type PatronRequestDetail } from '../api/patron.js';
import { Link } from '../app/router.js';
import { useMe } from '../app/session.js';
import { dayInWords, PATRON_ACTIONS, patronStatus } from './patron/patronStatus.js';
import './patron/patron.css';

type Action = 'cancel' | 'request-renewal';

/** "My requests": the patron's borrowing requests with their status in plain words, renew and cancel where allowed. */
export function PatronHome() {
  const me = useMe();
  const [requests, setRequests] = useState<PatronRequestDetail[] | null>(null);
  const [places, setPlaces] = useState<Map<string, string>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const messageRef = useRef<HTMLParagraphElement>(null);

  const load = useCallback(async () => {
    try {
      const [mine, pickup] = await Promise.all([listMyRequests(me.institution), pickupLocations(me.institution).catch(() => ({ locations: [], defaultLocation: null }))]);
      setRequests(mine);
      setPlaces(new Map(pickup.locations.map((l) => [l.code, l.name])));
      setError(null);
    } catch (caught) {
      setError(caught instanceof ApiProblem ? (caught.problem.detail ?? caught.problem.title) : 'Your requests could not be loaded. Please try again.');
    }
  }, [me.institution]);

  useEffect(() => {
    void load();
  }, [load]);
  // The library's side moves on without the patron: their list follows while the page is open.
  usePolling(() => void load(), 15_000);

  const act = async (request: PatronRequestDetail, action: Action) => {
    setBusy(request.id);
    setConfirming(null);
    try {
      const updated = await takeAction(me.institution, request.id, action);
      setRequests((list) => list?.map((r) => (r.id === updated.id ? updated : r)) ?? null);
      setMessage(action === 'cancel' ? `Request ${request.number} is cancelled.` : `Renewal asked for ${request.number}: the library will tell you the new due date.`);
    } catch (caught) {
      setMessage(caught instanceof ApiProblem ? `${request.number}: ${caught.problem.detail ?? caught.problem.title}` : 'The library could not be reached. Please try again.');
    } finally {
      setBusy(null);
      messageRef.current?.focus();
    }
  };

  return (
    <section className="patron-page">
      <h1>My requests</h1>
      <p>
        Signed in at {me.institutionName} as {me.username}. <Link to="/patron/request">Ask for a book or a copy</Link>
      </p>
      <p role="status" className="patron-message" tabIndex={-1} ref={messageRef}>
        {message}
      </p>
      {error && (
        <p role="alert" className="patron-problems">
          {error}
        </p>
      )}
      {requests === null && !error && <p role="status">Loading your requests…</p>}
      {requests?.length === 0 && <p>You have no requests yet.</p>}
      {requests && requests.length > 0 && (
        <ul className="patron-requests" aria-label="Your requests">
          {requests.map((request) => {
            const place = request.pickupLocation ? (places.get(request.pickupLocation) ?? request.pickupLocation) : null;
            const words = patronStatus({ status: request.status, pickupLocation: place, dueDate: request.dueDate });
            const actions = PATRON_ACTIONS.filter((a) => request.allowedActions.includes(a.action));
            const headingId = `request-${request.id}`;
            return (
              <li key={request.id} className="patron-request" aria-labelledby={headingId}>
                <h2 id={headingId}>{request.title ?? 'Untitled request'}</h2>
                <dl>
                  <dt>Status</dt>
                  <dd className={`patron-status patron-status-${words.phase}`}>{words.text}</dd>
                  <dt>Request number</dt>
                  <dd>{request.number}</dd>
                  <dt>Kind</dt>
                  <dd>{request.serviceType === 'copy' ? 'Copy' : 'Loan'}</dd>
                  {request.author && (
                    <>
                      <dt>Author</dt>
                      <dd>{request.author}</dd>
                    </>
                  )}
                  {request.dueDate && (
                    <>
                      <dt>Due</dt>
                      <dd>{dayInWords(request.dueDate)}</dd>
                    </>
                  )}
                  {place && (
                    <>
                      <dt>Pick up at</dt>
                      <dd>{place}</dd>
                    </>
                  )}
                  <dt>Asked for</dt>
                  <dd>{dayInWords(request.createdAt)}</dd>
                </dl>
                {actions.length > 0 && confirming !== request.id && (
                  <div className="patron-actions">
                    {actions.map((a) =>
                      a.action === 'cancel' ? (
                        <button key={a.action} type="button" className="patron-button patron-button-secondary" disabled={busy === request.id} onClick={() => setConfirming(request.id)} aria-describedby={headingId}>
                          {a.label}
                        </button>
                      ) : (
                        <button key={a.action} type="button" className="patron-button" disabled={busy === request.id} onClick={() => void act(request, a.action as Action)} aria-describedby={headingId}>
                          {a.label}
                        </button>
                      ),
                    )}
                  </div>
                )}
                {confirming === request.id && (
                  <div className="patron-confirm" role="group" aria-label={`Cancel ${request.number}?`}>
                    <p>Cancel this request? The library stops looking for it.</p>
                    <div className="patron-actions">
                      <button type="button" className="patron-button patron-button-danger" onClick={() => void act(request, 'cancel')}>
                        Yes, cancel it
                      </button>
                      <button type="button" className="patron-button patron-button-secondary" onClick={() => setConfirming(null)}>
                        Keep it
                      </button>
                    </div>
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
