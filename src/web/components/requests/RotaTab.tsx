import { useEffect, useState } from 'react';
import { requestsApi, type LocateRuns, type RequestView } from '../../api/requests.js';
import { ActionPanel } from './ActionPanel.js';
import { formatDateTime } from './format.js';
import { problemText } from './ProblemMessage.js';

/** Each partner of the rota with its state and reason, the locate evidence, and cancel-partner. */
export function RotaTab({ symbol, view, onDone }: { symbol: string; view: RequestView; onDone: (view: RequestView, message: string) => void }) {
  const [runs, setRuns] = useState<LocateRuns | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    requestsApi.locateResults(symbol, view.id).then(setRuns, (e: unknown) => setError(problemText(e)));
  }, [symbol, view.id, view.version]);
  const rota = view.rota ?? [];
  return (
    <>
      <h2>Rota</h2>
      {rota.length === 0 ? (
        <p>No partners in the rota.</p>
      ) : (
        <table className="responsive">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Partner</th>
              <th scope="col">State</th>
              <th scope="col">Reason</th>
              <th scope="col">Sent</th>
              <th scope="col">Locate</th>
            </tr>
          </thead>
          <tbody>
            {rota.map((entry) => (
              <tr key={entry.position}>
                <td data-label="#">{entry.position}</td>
                <td data-label="Partner">
                  {entry.partner.name} ({entry.partner.code}){entry.partner.active ? '' : ' — inactive'}
                </td>
                <td data-label="State">{entry.status}</td>
                <td data-label="Reason">{entry.reason ?? '—'}</td>
                <td data-label="Sent">{formatDateTime(entry.sentAt)}</td>
                <td data-label="Locate">{entry.locate ? `${entry.locate.label} (${formatDateTime(entry.locate.at)})` : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {view.allowedActions.includes('cancel-partner') && <ActionPanel symbol={symbol} kind="borrowing" view={view} onDone={onDone} only={['cancel-partner']} heading="Current partner" />}
      <h2>Locate evidence</h2>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {runs && runs.runs.length === 0 && <p>No locate has run for this request.</p>}
      {runs?.runs.map((run) => (
        <table key={run.runId} className="responsive locate-run">
          <caption>Locate run of {formatDateTime(run.at)}</caption>
          <thead>
            <tr>
              <th scope="col">Partner</th>
              <th scope="col">Target</th>
              <th scope="col">Query</th>
              <th scope="col">Outcome</th>
              <th scope="col">Hits</th>
              <th scope="col">Detail</th>
            </tr>
          </thead>
          <tbody>
            {run.results.map((r) => (
              <tr key={r.id}>
                <td data-label="Partner">{r.partner ?? '—'}</td>
                <td data-label="Target">{r.target}</td>
                <td data-label="Query">
                  <code>{r.query}</code>
                </td>
                <td data-label="Outcome">{r.outcomeLabel}</td>
                <td data-label="Hits">{r.hits}</td>
                <td data-label="Detail">{r.detail ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </>
  );
}
