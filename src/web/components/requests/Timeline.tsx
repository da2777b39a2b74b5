import type { HistoryEvent } from '../../api/requests.js';
import { formatActor, formatDateTime } from './format.js';

/** The history events as a vertical timeline, oldest first: when, who, from → to, the note. */
export function Timeline({ history }: { history: HistoryEvent[] }) {
  if (history.length === 0) return <p>Nothing has happened yet.</p>;
  return (
    <ol className="timeline">
      {history.map((event, i) => (
        <li key={`${event.at}-${i}`}>
          <p className="when">
            <time dateTime={event.at}>{formatDateTime(event.at)}</time> · {formatActor(event.actor)}
          </p>
          <p className="what">
            {event.fromLabel ? (
              <>
                {event.fromLabel} → <strong>{event.toLabel}</strong>
              </>
            ) : (
              <strong>{event.toLabel}</strong>
            )}{' '}
            <span className="event">({event.event})</span>
          </p>
          {event.note && <p className="note">{event.note}</p>}
        </li>
      ))}
    </ol>
  );
}
