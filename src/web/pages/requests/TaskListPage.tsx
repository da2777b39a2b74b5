import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { requestsApi, type BulkResult, type Kind, type RequestSummary, type TaskListFacets, type TaskListPage as Page } from '../../api/requests.js';
import { Link, useRouter } from '../../app/router.js';
import { useMe } from '../../app/session.js';
import { formatDate } from '../../components/requests/format.js';
import { problemText } from '../../components/requests/ProblemMessage.js';
import { usePolling } from '../../app/usePolling.js';
import { actionLabel, buildActionBody, REASONS_UNFILLED } from '../../text/actionForms.js';
import {
  apiQuery,
  clearFilters,
  CREATED,
  CREATED_LABELS,
  filtersToSearch,
  isFiltered,
  readFilters,
  SORT_LABELS,
  SORTS,
  toggle,
  type MultiFacet,
  type TaskListFilters,
} from '../../text/taskListQuery.js';
import '../../components/requests/requests.css';

/** The workflow actions offered for several requests at once (those whose form is at most a reason and a note). */
const BULK_ACTIONS: Record<Kind, string[]> = {
  borrowing: ['send', 'approve', 'cancel', 'receive', 'loan-to-patron', 'patron-return', 'return-to-lender', 'complete'],
  lending: ['will-supply', 'expect-to-supply', 'reject', 'mark-overdue', 'check-in', 'complete'],
};

const PAGE = 25;

/** A fingerprint of a page: polling re-renders only when a request changed, came or went. */
const fingerprint = (page: Page) => `${page.total}|${page.items.map((i) => `${i.id}:${i.version}`).join(',')}`;

function TaskList({ kind }: { kind: Kind }) {
  const me = useMe();
  const { query, navigate } = useRouter();
  const filters = useMemo(() => readFilters(query), [query]);
  const [items, setItems] = useState<RequestSummary[]>([]);
  const [page, setPage] = useState<Page | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [message, setMessage] = useState<{ text: string; error?: boolean } | null>(null);
  const [live, setLive] = useState('');
  const [q, setQ] = useState(filters.q);
  const shown = useRef('');
  const title = kind === 'borrowing' ? 'Borrowing' : 'Lending';
  const base = `/staff/${kind}`;

  const load = useCallback(
    async (options: { limit?: number; quiet?: boolean } = {}) => {
      try {
        const next = await requestsApi.list(me.institution, kind, apiQuery(filters, { limit: options.limit ?? PAGE }));
        const print = fingerprint(next);
        if (options.quiet && print === shown.current) return;
        shown.current = print;
        setPage(next);
        setItems(next.items);
        setError(null);
        if (options.quiet) setLive(`Updated at ${new Date().toLocaleTimeString()}.`);
      } catch (e) {
        if (!options.quiet) setError(problemText(e));
      }
    },
    [me.institution, kind, filters],
  );

  useEffect(() => {
    setQ(filters.q);
    setSelected(new Set());
    setPage(null);
    shown.current = '';
    void load();
  }, [load, filters.q]);

  usePolling(() => void load({ limit: Math.min(200, Math.max(PAGE, items.length)), quiet: true }));

  const go = (next: TaskListFilters) => navigate(`${base}${filtersToSearch(next)}`);
  const more = async () => {
    if (!page?.next) return;
    try {
      const next = await requestsApi.list(me.institution, kind, apiQuery(filters, { limit: PAGE, after: page.next }));
      setItems((old) => [...old, ...next.items]);
      setPage({ ...next, facets: page.facets });
      shown.current = '';
    } catch (e) {
      setError(problemText(e));
    }
  };
  const myId = page?.facets?.assignedTo.find((f) => f.me)?.value ?? null;

  const assign = async (item: RequestSummary, to: boolean) => {
    try {
      await requestsApi.assign(me.institution, kind, item.id, to);
      setMessage({ text: to ? `Request ${item.number} is assigned to you.` : `Request ${item.number} is unassigned.` });
      await load({ limit: Math.max(PAGE, items.length) });
    } catch (e) {
      setMessage({ text: problemText(e), error: true });
    }
  };

  const onSearch = (event: FormEvent) => {
    event.preventDefault();
    go({ ...filters, q: q.trim() });
  };

  const allSelected = items.length > 0 && items.every((i) => selected.has(i.id));

  return (
    <div className="task-list">
      <h1>{title}</h1>
      <p className="live" role="status" aria-live="polite">
        {live}
      </p>
      <form className="search" role="search" onSubmit={onSearch}>
        <label htmlFor="task-search">Search title, author, request number or patron</label>
        <div className="search-row">
          <input id="task-search" type="search" value={q} onChange={(e) => setQ(e.target.value)} />
          <button type="submit">Search</button>
        </div>
      </form>
      <div className="task-layout">
        <Facets facets={page?.facets} filters={filters} go={go} />
        <div className="task-results">
          <div className="sort-row">
            <div>
              <label htmlFor="task-sort">Sort by</label>
              <select id="task-sort" value={filters.sort} onChange={(e) => go({ ...filters, sort: e.target.value as TaskListFilters['sort'], order: null })}>
                {SORTS.map((s) => (
                  <option key={s} value={s}>
                    {SORT_LABELS[s]}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor="task-order">Order</label>
              <select id="task-order" value={filters.order ?? ''} onChange={(e) => go({ ...filters, order: e.target.value === '' ? null : (e.target.value as 'asc' | 'desc') })}>
                <option value="">Default</option>
                <option value="asc">Ascending</option>
                <option value="desc">Descending</option>
              </select>
            </div>
            {isFiltered(filters) && (
              <button type="button" className="secondary" onClick={() => go(clearFilters(filters))}>
                Clear filters
              </button>
            )}
          </div>
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
          {message && (
            <p role={message.error ? 'alert' : 'status'} className={message.error ? 'error' : 'success'}>
              {message.text}
            </p>
          )}
          {page === null && !error ? (
            <p className="loading" role="status">
              Loading…
            </p>
          ) : (
            <>
              <p className="count">
                {page?.total ?? 0} request{page?.total === 1 ? '' : 's'}
                {isFiltered(filters) ? ' match' : ''}; showing {items.length}.
              </p>
              <BulkBar
                kind={kind}
                ids={[...selected]}
                onDone={async (result, action) => {
                  const failures = result.results.filter((r) => !r.ok).map((r) => `${items.find((i) => i.id === r.id)?.number ?? r.id}: ${'detail' in r ? (r.detail ?? r.title) : ''}`);
                  setMessage({
                    text: `${actionLabel(action)}: ${result.succeeded} done, ${result.failed} refused.${failures.length ? ` ${failures.join('; ')}` : ''}`,
                    error: result.failed > 0 && result.succeeded === 0,
                  });
                  setSelected(new Set());
                  await load({ limit: Math.max(PAGE, items.length) });
                }}
              />
              <table className="responsive requests">
                <thead>
                  <tr>
                    <th scope="col">
                      <input
                        type="checkbox"
                        aria-label="Select every request on this page"
                        checked={allSelected}
                        onChange={() => setSelected(allSelected ? new Set() : new Set(items.map((i) => i.id)))}
                      />
                    </th>
                    <th scope="col">Request</th>
                    <th scope="col">Title</th>
                    <th scope="col">Status</th>
                    <th scope="col">{kind === 'borrowing' ? 'Patron' : 'Requester'}</th>
                    <th scope="col">Due</th>
                    <th scope="col">Assigned</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((item) => {
                    const mine = item.assignedTo !== null && item.assignedTo === myId;
                    return (
                      <tr key={item.id}>
                        <td data-label="Select">
                          <input
                            type="checkbox"
                            aria-label={`Select request ${item.number}`}
                            checked={selected.has(item.id)}
                            onChange={() =>
                              setSelected((old) => {
                                const next = new Set(old);
                                if (next.has(item.id)) next.delete(item.id);
                                else next.add(item.id);
                                return next;
                              })
                            }
                          />
                        </td>
                        <td data-label="Request">
                          <Link to={`${base}/${item.id}`}>{item.number}</Link>
                        </td>
                        <td data-label="Title">
                          {item.title ?? '—'}
                          {item.author ? <span className="author"> · {item.author}</span> : null}
                          {item.needsAttention && (
                            <span className="attention-flag">
                              {' '}
                              <strong>Needs attention:</strong> {item.needsAttention}
                            </span>
                          )}
                        </td>
                        <td data-label="Status">{item.statusLabel}</td>
                        <td data-label={kind === 'borrowing' ? 'Patron' : 'Requester'}>{kind === 'borrowing' ? item.patronId : item.requester}</td>
                        <td data-label="Due">{formatDate(item.dueDate)}</td>
                        <td data-label="Assigned">
                          {item.assignedTo === null ? 'Nobody' : mine ? 'Me' : 'Someone else'}
                          {!mine && (
                            <button type="button" className="small secondary" aria-label={`Assign to me: request ${item.number}`} onClick={() => void assign(item, true)}>
                              Assign to me
                            </button>
                          )}
                          {item.assignedTo !== null && (
                            <button type="button" className="small secondary" aria-label={`Unassign: request ${item.number}`} onClick={() => void assign(item, false)}>
                              Unassign
                            </button>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              {items.length === 0 && <p>No requests{isFiltered(filters) ? ' match these filters' : ''}.</p>}
              {page?.next && (
                <button type="button" className="secondary" onClick={() => void more()}>
                  Show more
                </button>
              )}
            </>
          )}
        </div>
      </div>
    </div>
  );
}

function Facets({ facets, filters, go }: { facets: TaskListFacets | undefined; filters: TaskListFilters; go: (f: TaskListFilters) => void }) {
  if (!facets) return <aside className="facets" aria-label="Filters" />;
  const group = (facet: MultiFacet, legend: string, options: { value: string; label: string; count: number }[]) => (
    <fieldset>
      <legend>{legend}</legend>
      {options.length === 0 && <p className="hint">None.</p>}
      {options.map((o) => {
        const id = `facet-${facet}-${o.value}`;
        return (
          <div key={o.value} className="facet-option">
            <input id={id} type="checkbox" checked={filters[facet].includes(o.value)} onChange={() => go(toggle(filters, facet, o.value))} />
            <label htmlFor={id} className="inline">
              {o.label} ({o.count})
            </label>
          </div>
        );
      })}
    </fieldset>
  );
  return (
    <aside className="facets" aria-label="Filters">
      <h2>Filters</h2>
      {group(
        'status',
        'Status',
        facets.status.map((f) => ({ value: f.value, label: f.label, count: f.count })),
      )}
      {group(
        'partner',
        'Partner',
        facets.partner.filter((f) => f.partner !== null).map((f) => ({ value: f.partner?.code ?? '', label: f.partner?.name ?? '', count: f.count })),
      )}
      {group(
        'assignedTo',
        'Assigned to',
        facets.assignedTo.map((f) => ({ value: f.value === null ? 'unassigned' : f.me ? 'me' : f.value, label: f.value === null ? 'Nobody' : f.me ? 'Me' : `Another user (${f.value.slice(0, 8)})`, count: f.count })),
      )}
      <div className="facet-created">
        <label htmlFor="facet-created">Created</label>
        <select id="facet-created" value={filters.created ?? ''} onChange={(e) => go({ ...filters, created: e.target.value === '' ? null : (e.target.value as TaskListFilters['created']) })}>
          <option value="">Any time</option>
          {CREATED.map((c) => (
            <option key={c} value={c}>
              {CREATED_LABELS[c]} ({facets.created[c]})
            </option>
          ))}
        </select>
      </div>
      <fieldset>
        <legend>Attention</legend>
        <div className="facet-option">
          <input id="facet-attention" type="checkbox" checked={filters.needsAttention === true} onChange={() => go({ ...filters, needsAttention: filters.needsAttention === true ? null : true })} />
          <label htmlFor="facet-attention" className="inline">
            Needs attention ({facets.needsAttention.yes})
          </label>
        </div>
      </fieldset>
    </aside>
  );
}

function BulkBar({ kind, ids, onDone }: { kind: Kind; ids: string[]; onDone: (result: BulkResult, action: string) => Promise<void> }) {
  const me = useMe();
  const [action, setAction] = useState('assign');
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    let body = {};
    if (action !== 'assign' && action !== 'unassign') {
      const built = buildActionBody(action, { reason, note });
      if (!built.ok) {
        setError(built.error);
        return;
      }
      body = built.body;
    }
    setBusy(true);
    try {
      await onDone(await requestsApi.bulk(me.institution, kind, action, ids, body), action);
    } catch (e) {
      setError(problemText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="bulk-bar" onSubmit={(e) => void onSubmit(e)} aria-label="Bulk action on the selected requests">
      <div>
        <label htmlFor="bulk-action">With {ids.length} selected</label>
        <select id="bulk-action" value={action} onChange={(e) => setAction(e.target.value)}>
          <option value="assign">Assign to me</option>
          <option value="unassign">Unassign</option>
          {BULK_ACTIONS[kind].map((a) => (
            <option key={a} value={a}>
              {actionLabel(a)}
            </option>
          ))}
        </select>
      </div>
      {action === 'reject' && (
        <div>
          <label htmlFor="bulk-reason">Reason</label>
          <select id="bulk-reason" value={reason} onChange={(e) => setReason(e.target.value)}>
            <option value="">Choose a reason…</option>
            {REASONS_UNFILLED.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label} ({r.value})
              </option>
            ))}
          </select>
        </div>
      )}
      {action !== 'assign' && action !== 'unassign' && (
        <div>
          <label htmlFor="bulk-note">Note (optional)</label>
          <input id="bulk-note" type="text" value={note} onChange={(e) => setNote(e.target.value)} />
        </div>
      )}
      <button type="submit" disabled={busy || ids.length === 0}>
        Apply to selected
      </button>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </form>
  );
}

export function BorrowingTaskList() {
  return <TaskList key="borrowing" kind="borrowing" />;
}

export function LendingTaskList() {
  return <TaskList key="lending" kind="lending" />;
}
