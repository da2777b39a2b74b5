import { useCallback, useEffect, useRef, useState } from 'react';
import { requestsApi, SLIPS, type Kind, type RequestView } from '../../api/requests.js';
import { Link, useRouter } from '../../app/router.js';
import { useMe } from '../../app/session.js';
import { ActionPanel } from '../../components/requests/ActionPanel.js';
import { CirculationTab } from '../../components/requests/CirculationTab.js';
import { formatDate } from '../../components/requests/format.js';
import { Messages } from '../../components/requests/Messages.js';
import { problemText } from '../../components/requests/ProblemMessage.js';
import { RotaTab } from '../../components/requests/RotaTab.js';
import { Tabs, type Tab } from '../../components/requests/Tabs.js';
import { Timeline } from '../../components/requests/Timeline.js';
import { usePolling } from '../../app/usePolling.js';
import { citationFacts } from '../../text/citation.js';
import '../../components/requests/requests.css';

function RequestPage({ kind, id }: { kind: Kind; id: string }) {
  const me = useMe();
  const { query, path } = useRouter();
  const [view, setView] = useState<RequestView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [live, setLive] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const version = useRef<number | null>(null);
  const [tab, setTab] = useState(query.get('tab') ?? 'timeline');

  const show = useCallback((next: RequestView) => {
    version.current = next.version;
    setView(next);
  }, []);

  useEffect(() => {
    version.current = null;
    setView(null);
    requestsApi.get(me.institution, kind, id).then(show, (e: unknown) => setError(problemText(e)));
  }, [me.institution, kind, id, show]);

  // Live updates: only a new version re-renders the page.
  usePolling(() => {
    requestsApi.get(me.institution, kind, id).then(
      (next) => {
        if (next.version !== version.current) {
          show(next);
          setLive(`Updated at ${new Date().toLocaleTimeString()}: status ${next.statusLabel}.`);
        }
      },
      () => undefined,
    );
  });

  const onDone = (next: RequestView, message: string) => {
    show(next);
    setDone(message);
  };

  if (error)
    return (
      <>
        <h1>Request not found</h1>
        <p role="alert" className="error">
          {error}
        </p>
        <Link to={`/staff/${kind}`}>Back to the {kind} list</Link>
      </>
    );
  if (!view)
    return (
      <p className="loading" role="status">
        Loading the request…
      </p>
    );

  const currentPartner = kind === 'lending' ? view.partner : [...(view.rota ?? [])].reverse().find((e) => e.sentAt !== null)?.partner;
  const slips = SLIPS[kind].filter((s) => s.statuses.includes(view.status));
  const tabs: Tab[] = [
    { id: 'timeline', label: 'Timeline', content: () => <Timeline history={view.history} /> },
    { id: 'messages', label: `Messages (${view.messages.length})`, content: () => <Messages messages={view.messages} /> },
  ];
  if (kind === 'borrowing') {
    tabs.push({ id: 'rota', label: 'Rota', content: () => <RotaTab symbol={me.institution} view={view} onDone={onDone} /> });
    tabs.push({ id: 'circulation', label: 'Circulation', content: () => <CirculationTab circulation={view.circulation} /> });
  }
  const citation = citationFacts(view.citation);

  return (
    <div className="request-page">
      <p className="breadcrumb">
        <Link to={`/staff/${kind}`}>{kind === 'borrowing' ? 'Borrowing' : 'Lending'}</Link> › {kind === 'borrowing' ? 'Borrowing' : 'Lending'} request {view.number}
      </p>
      <h1>{view.title ?? `Request ${view.number}`}</h1>
      <p className="live" role="status" aria-live="polite">
        {live}
      </p>
      {view.needsAttention && (
        <div className="attention-banner" role="note" aria-label="Needs attention">
          <strong>Needs attention:</strong> {view.needsAttention}
        </div>
      )}
      <dl className="facts summary">
        <dt>Request</dt>
        <dd>{view.number}</dd>
        <dt>Status</dt>
        <dd className="status-label">{view.statusLabel}</dd>
        <dt>Due date</dt>
        <dd>{formatDate(view.dueDate)}</dd>
        {kind === 'borrowing' ? (
          <>
            <dt>Patron</dt>
            <dd>{view.patronId}</dd>
            <dt>Pickup location</dt>
            <dd>{view.pickupLocation ?? '—'}</dd>
            <dt>Needed before</dt>
            <dd>{formatDate(view.neededBefore)}</dd>
          </>
        ) : (
          <>
            <dt>Requester</dt>
            <dd>
              {view.requester} (their request {view.requesterRequestId})
            </dd>
          </>
        )}
        <dt>Partner</dt>
        <dd>{currentPartner ? `${currentPartner.name} (${currentPartner.symbol})` : '—'}</dd>
        <dt>Service</dt>
        <dd>{view.serviceType}</dd>
      </dl>

      <section aria-labelledby="citation-heading">
        <h2 id="citation-heading">Citation</h2>
        <dl className="facts">
          {citation.map(([label, value], i) => (
            <div key={`${label}-${i}`} className="fact">
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      </section>

      {done && (
        <p role="status" className="success">
          {done}
        </p>
      )}
      <ActionPanel symbol={me.institution} kind={kind} view={view} onDone={onDone} />

      {slips.length > 0 && (
        <section aria-labelledby="slips-heading">
          <h2 id="slips-heading">Slips</h2>
          <ul className="slips">
            {slips.map((slip) => (
              <li key={slip.kind}>
                {slip.label}:{' '}
                <a href={requestsApi.slipUrl(me.institution, kind, view.id, slip.kind)} target="_blank" rel="noopener">
                  {slip.label} (HTML)
                </a>{' '}
                ·{' '}
                <a href={requestsApi.slipUrl(me.institution, kind, view.id, slip.kind, true)} target="_blank" rel="noopener">
                  {slip.label} (PDF)
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}

      <Tabs tabs={tabs} selected={tab} label="Request details" onSelect={(next) => {
          setTab(next);
          // The tab is in the URL for sharing, without a new history entry or a jump to the top.
          window.history.replaceState(null, '', `${path}${next === 'timeline' ? '' : `?tab=${next}`}`);
        }} />
    </div>
  );
}

export function BorrowingRequestPage({ params }: { params: Record<string, string> }) {
  return <RequestPage kind="borrowing" id={params['id'] ?? ''} />;
}

export function LendingRequestPage({ params }: { params: Record<string, string> }) {
  return <RequestPage kind="lending" id={params['id'] ?? ''} />;
}
