import type { ProtocolMessage } from '../../api/requests.js';
import { prettyXml } from '../../text/prettyXml.js';
import { formatDateTime } from './format.js';

/** The raw protocol messages, newest last: direction, kind, status, the XML and its confirmation. */
export function Messages({ messages }: { messages: ProtocolMessage[] }) {
  if (messages.length === 0) return <p>No protocol messages yet.</p>;
  return (
    <ol className="messages">
      {messages.map((m, i) => {
        const title = `${m.direction === 'in' ? 'Inbound' : 'Outbound'} ${m.kind}`;
        return (
          <li key={`${m.at}-${i}`} className={`message ${m.direction === 'in' ? 'inbound' : 'outbound'}`}>
            <h3>
              {m.direction === 'in' ? '← ' : '→ '}
              {title}
            </h3>
            <dl className="facts">
              <dt>When</dt>
              <dd>
                <time dateTime={m.at}>{formatDateTime(m.at)}</time>
              </dd>
              <dt>Protocol</dt>
              <dd>
                {m.protocol}
                {m.version ? ` ${m.version}` : ''}
              </dd>
              {m.peer && (
                <>
                  <dt>{m.direction === 'in' ? 'From' : 'To'}</dt>
                  <dd>{m.peer}</dd>
                </>
              )}
              <dt>Status</dt>
              <dd>
                {m.status}
                {m.errorType ? ` (${m.errorType}${m.errorValue ? `: ${m.errorValue}` : ''})` : ''}
              </dd>
              {m.summary && (
                <>
                  <dt>Summary</dt>
                  <dd>{m.summary}</dd>
                </>
              )}
            </dl>
            <pre className="xml" tabIndex={0} aria-label={`${title} message XML`}>
              {prettyXml(m.body)}
            </pre>
            {m.confirmation && (
              <>
                <h4>Confirmation</h4>
                <pre className="xml" tabIndex={0} aria-label={`${title} confirmation XML`}>
                  {prettyXml(m.confirmation)}
                </pre>
              </>
            )}
          </li>
        );
      })}
    </ol>
  );
}
