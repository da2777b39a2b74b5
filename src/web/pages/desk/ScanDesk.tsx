import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiProblem } from '../../api/client.js';
import {
  actOnRequest,
  requestPath,
  requestSummary,
  scan,
  SCAN_ACTION_LABELS,
  SCAN_ACTIONS,
  type ScanAction,
  type ScanCandidate,
  type ScanRequestRef,
} from '../../api/desk.js';
import { Link } from '../../app/router.js';
import { useMe } from '../../app/session.js';
import './desk.css';

/** One scan as the desk sees it: what was scanned, what happened in plain words, and the request. */
interface ScanEntry {
  at: string;
  barcode: string;
  outcome: 'done' | 'suggested' | 'not-found' | 'ambiguous' | 'refused';
  message: string;
  request?: ScanRequestRef & { statusLabel?: string; title?: string | null };
}

const LOG_KEY = 'interlend.scan-log';

function loadLog(): ScanEntry[] {
  try {
    const stored = JSON.parse(sessionStorage.getItem(LOG_KEY) ?? '[]') as unknown;
    return Array.isArray(stored) ? (stored as ScanEntry[]) : [];
  } catch {
    return [];
  }
}

const OUTCOME_WORDS: Record<ScanEntry['outcome'], string> = {
  done: 'Done',
  suggested: 'Needs a due date',
  'not-found': 'Unknown barcode',
  ambiguous: 'Choose the request',
  refused: 'Not done',
};

const kindWord = (kind: 'borrowing' | 'lending') => (kind === 'borrowing' ? 'Borrowing' : 'Lending');

/**
 * The scan desk: a scanner is a keyboard that types the barcode and presses Enter. Each scan
 * takes the next circulation step of the barcode's request (or the named action), says what
 * happened in plain words, and leaves the field empty and focused for the next one.
 */
export function ScanDesk() {
  const me = useMe();
  const field = useRef<HTMLInputElement>(null);
  const [barcode, setBarcode] = useState('');
  const [action, setAction] = useState<ScanAction | 'auto'>('auto');
  const [dueDate, setDueDate] = useState('');
  const [busy, setBusy] = useState(false);
  const [latest, setLatest] = useState<ScanEntry | null>(null);
  const [candidates, setCandidates] = useState<{ barcode: string; options: ScanCandidate[] } | null>(null);
  const [suggestion, setSuggestion] = useState<{ barcode: string } | null>(null);
  const [log, setLog] = useState<ScanEntry[]>(loadLog);

  useEffect(() => {
    field.current?.focus();
  }, []);

  const record = (entry: ScanEntry) => {
    setLatest(entry);
    setLog((previous) => {
      const next = [entry, ...previous].slice(0, 200);
      sessionStorage.setItem(LOG_KEY, JSON.stringify(next));
      return next;
    });
  };

  /** The request's status in plain words (the scan answers only its code). */
  const describe = async (request: ScanRequestRef) => {
    try {
      const summary = await requestSummary(me.institution, request);
      return { ...request, status: summary.status, statusLabel: summary.statusLabel, title: summary.title ?? summary.citation?.title ?? null };
    } catch {
      return request;
    }
  };

  const failed = (code: string, caught: unknown) => {
    if (caught instanceof ApiProblem) {
      const detail = caught.problem.detail ?? caught.problem.title;
      const options = caught.problem.candidates as ScanCandidate[] | undefined;
      if (caught.status === 409 && Array.isArray(options) && options.length > 0) {
        setCandidates({ barcode: code, options });
        record({ at: new Date().toISOString(), barcode: code, outcome: 'ambiguous', message: `${code} matches more than one request: choose which one below.` });
        return;
      }
      if (caught.status === 404) {
        record({ at: new Date().toISOString(), barcode: code, outcome: 'not-found', message: `Nothing to scan for ${code}: ${detail}.` });
        return;
      }
      record({ at: new Date().toISOString(), barcode: code, outcome: 'refused', message: detail });
      return;
    }
    record({ at: new Date().toISOString(), barcode: code, outcome: 'refused', message: 'The server could not be reached; scan again.' });
  };

  const runScan = async (code: string, chosen: ScanAction | 'auto', due: string) => {
    setBusy(true);
    setCandidates(null);
    setSuggestion(null);
    try {
      const outcome = await scan(me.institution, { barcode: code, action: chosen, ...(chosen === 'ship' && due ? { dueDate: due } : {}) });
      const request = await describe(outcome.request);
      if ('suggested' in outcome) {
        setAction(outcome.suggested);
        if (outcome.dueDate) setDueDate(outcome.dueDate.slice(0, 10));
        setSuggestion({ barcode: code });
        record({ at: new Date().toISOString(), barcode: code, outcome: 'suggested', message: outcome.message, request });
      } else {
        // A named action applies to one scan; the next one is automatic again.
        setAction('auto');
        record({ at: new Date().toISOString(), barcode: code, outcome: 'done', message: outcome.message, request });
      }
    } catch (caught) {
      failed(code, caught);
    } finally {
      setBusy(false);
      field.current?.focus();
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const code = barcode.trim();
    setBarcode('');
    if (!code) {
      field.current?.focus();
      return;
    }
    void runScan(code, action, dueDate);
  };

  /** Staff chose one of an ambiguous barcode's requests: its own action (arrive is only a scan). */
  const choose = async (code: string, option: ScanCandidate) => {
    if (option.action === 'arrive') {
      await runScan(code, 'arrive', dueDate);
      return;
    }
    setBusy(true);
    try {
      const body = option.action === 'ship' ? { barcode: code, ...(dueDate ? { dueDate } : {}) } : {};
      const summary = await actOnRequest(me.institution, option.request, option.action, body);
      setCandidates(null);
      record({
        at: new Date().toISOString(),
        barcode: code,
        outcome: 'done',
        message: `${SCAN_ACTION_LABELS[option.action]}: ${kindWord(option.request.kind).toLowerCase()} request ${summary.number} is now ${summary.statusLabel}.`,
        request: { ...option.request, status: summary.status, statusLabel: summary.statusLabel, title: summary.title ?? null },
      });
    } catch (caught) {
      failed(code, caught);
    } finally {
      setBusy(false);
      field.current?.focus();
    }
  };

  return (
    <div className="scan-desk">
      <h1>Scan desk</h1>
      <p>Scan a barcode (or type it and press Enter): the lender’s barcode of a parcel, a temporary item, or one of our items coming back.</p>
      <form className="scan-form" onSubmit={submit}>
        <div className="scan-barcode">
          <label htmlFor="scan-barcode">Barcode</label>
          <input id="scan-barcode" ref={field} value={barcode} onChange={(event) => setBarcode(event.target.value)} autoComplete="off" spellCheck={false} inputMode="text" />
        </div>
        <div>
          <label htmlFor="scan-action">Action</label>
          <select id="scan-action" value={action} onChange={(event) => setAction(event.target.value as ScanAction | 'auto')}>
            <option value="auto">Automatic: the next step for this barcode</option>
            {SCAN_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {SCAN_ACTION_LABELS[a]}
              </option>
            ))}
          </select>
        </div>
        {action === 'ship' && (
          <div>
            <label htmlFor="scan-due-date">Due date (for shipping)</label>
            <input id="scan-due-date" type="date" value={dueDate} onChange={(event) => setDueDate(event.target.value)} />
          </div>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Scanning…' : 'Scan'}
        </button>
      </form>

      <div className="scan-result" role="status" aria-live="polite">
        {latest && <ScanResult entry={latest} />}
        {suggestion && latest?.outcome === 'suggested' && (
          <p>
            The due date is filled in below the action “{SCAN_ACTION_LABELS.ship}”: scan {suggestion.barcode} again, or{' '}
            <button type="button" className="inline" disabled={busy} onClick={() => void runScan(suggestion.barcode, 'ship', dueDate)}>
              Ship {suggestion.barcode} now
            </button>
          </p>
        )}
      </div>
      {candidates && (
        <section aria-labelledby="scan-candidates-heading" className="scan-candidates">
          <h2 id="scan-candidates-heading">Which request is {candidates.barcode} for?</h2>
          <ul>
            {candidates.options.map((option) => (
              <li key={`${option.request.id}-${option.action}`}>
                <button type="button" disabled={busy} onClick={() => void choose(candidates.barcode, option)}>
                  {SCAN_ACTION_LABELS[option.action]}: {kindWord(option.request.kind).toLowerCase()} request {option.request.number}
                </button>{' '}
                <Link to={requestPath(option.request)}>open request {option.request.number}</Link>
              </li>
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="scan-log-heading">
        <h2 id="scan-log-heading">Scans this session</h2>
        {log.length === 0 ? (
          <p>No scans yet.</p>
        ) : (
          <>
            <table className="scan-log responsive">
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Barcode</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">Request</th>
                </tr>
              </thead>
              <tbody>
                {log.map((entry, index) => (
                  <tr key={`${entry.at}-${index}`}>
                    <td data-label="Time">{new Date(entry.at).toLocaleTimeString()}</td>
                    <td data-label="Barcode">
                      <code>{entry.barcode}</code>
                    </td>
                    <td data-label="Outcome">
                      <strong>{OUTCOME_WORDS[entry.outcome]}</strong>: {entry.message}
                    </td>
                    <td data-label="Request">
                      {entry.request ? (
                        <>
                          <Link to={requestPath(entry.request)}>
                            {kindWord(entry.request.kind)} {entry.request.number}
                          </Link>
                          {entry.request.statusLabel ? ` (${entry.request.statusLabel})` : ''}
                        </>
                      ) : (
                        '—'
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <button
              type="button"
              className="secondary"
              onClick={() => {
                sessionStorage.removeItem(LOG_KEY);
                setLog([]);
                field.current?.focus();
              }}
            >
              Clear the list
            </button>
          </>
        )}
      </section>
    </div>
  );
}

function ScanResult({ entry }: { entry: ScanEntry }) {
  const ok = entry.outcome === 'done' || entry.outcome === 'suggested';
  return (
    <div className={`scan-answer ${ok ? 'scan-ok' : 'scan-problem'}`}>
      <p>
        <strong>{OUTCOME_WORDS[entry.outcome]}.</strong> {entry.message}
      </p>
      {entry.request && (
        <p>
          <Link to={requestPath(entry.request)}>
            {kindWord(entry.request.kind)} request {entry.request.number}
          </Link>
          {entry.request.title ? `: ${entry.request.title}` : ''}
          {entry.request.statusLabel ? ` — now ${entry.request.statusLabel}` : ''}
        </p>
      )}
    </div>
  );
}
