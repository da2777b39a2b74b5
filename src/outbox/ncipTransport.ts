/**
 * Delivery of queued NCIP messages to an institution's own ILS (rows with protocol `ncip`:
 * what a partner changed that the ILS must hear of, e.g. DeleteItem when a received request
 * closes). The ILS's answer decides: its `…Response` → delivered; its Problem → answered but
 * not accepted, so the message is parked for staff with the ILS's words (trying again would
 * get the same answer); no usable answer (unreachable, timeout, HTTP 5xx, garbage) → retried.
 */
import { MAX_MESSAGE_BYTES, parseNcipMessage } from '../protocols/ncip/index.js';
import { readBodyCapped } from '../protocols/httpBody.js';
import { describeProblem } from '../services/ncip/client/exchange.js';
import { outboundRefusal } from '../services/outboundDeny.js';
import type { DeliveryResult, OutboxRow, Transport } from './transport.js';

/** Keep well below the worker's leaseMs (default 30 s), or a slow ILS gets the message twice. */
const DEFAULT_TIMEOUT_MS = 20_000;
const SHOWN_CHARS = 200;

export function ncipTransport(options: { timeoutMs?: number } = {}): Transport {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return {
    async deliver(message: OutboxRow): Promise<DeliveryResult> {
      if (message.endpoint_url === null) return { kind: 'failed', retryable: false, error: 'an NCIP message needs the ILS URL as its endpoint_url' };
      const refusal = await outboundRefusal(message.endpoint_url).catch((error: unknown) => `endpoint_url is not usable: ${String(error)}`);
      if (refusal) return { kind: 'failed', retryable: false, error: refusal };
      const signal = AbortSignal.timeout(timeoutMs);
      let status: number;
      let text: string;
      try {
        const response = await fetch(message.endpoint_url, {
          method: 'POST',
          headers: { 'content-type': 'application/xml; charset=utf-8', accept: 'application/xml, text/xml' },
          body: message.body,
          redirect: 'manual',
          signal,
        });
        status = response.status;
        const answer = await readBodyCapped(response, MAX_MESSAGE_BYTES);
        if (answer === undefined) return { kind: 'failed', retryable: true, error: `HTTP ${status}: the ILS answered with more than ${MAX_MESSAGE_BYTES} bytes` };
        text = answer;
      } catch (error) {
        if (signal.aborted) return { kind: 'failed', retryable: true, error: `the ILS did not answer within ${timeoutMs} ms` };
        const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : error instanceof Error ? error.message : String(error);
        return { kind: 'failed', retryable: true, error: `the ILS at ${message.endpoint_url} could not be reached (${cause})` };
      }
      return classifyNcipAnswer(message.message_kind, status, text);
    },
  };
}

/** The ILS's answer to one `service` message, by HTTP status and body (exported for tests). */
export function classifyNcipAnswer(service: string, status: number, text: string): DeliveryResult {
  if (status >= 300 && status < 400) return { kind: 'failed', retryable: false, error: `HTTP ${status}: the ILS URL redirects; correct the circulation setting` };
  const parsed = parseNcipMessage(text);
  // An ILS may send its Problem with an HTTP error status: its words come first.
  const problem = parsed.ok ? parsed.message.body.problem?.[0] : undefined;
  if (problem) return { kind: 'answered', confirmation: text, accepted: false, error: describeProblem(service, problem) };
  if (status >= 500) return { kind: 'failed', retryable: true, error: `HTTP ${status}: ${shorten(text)}` };
  if (status >= 400) return { kind: 'failed', retryable: status === 408 || status === 429, error: `HTTP ${status} without an NCIP answer: ${shorten(text)}` };
  if (!parsed.ok) return { kind: 'failed', retryable: true, error: `the ILS's answer is not a valid NCIP message (${parsed.problem.problemDetail ?? parsed.problem.problemType.value}): ${shorten(text)}` };
  if (parsed.message.kind !== `${service}Response`) {
    return { kind: 'failed', retryable: false, error: `the ILS answered with ${parsed.message.kind} instead of ${service}Response` };
  }
  return { kind: 'answered', confirmation: text, accepted: true };
}

/** Rows with protocol `ncip` go to the ILS; every other row to `other` (ISO 18626 routing). */
export function withNcipRoute(other: Transport, ncip: Transport): Transport {
  return { deliver: (message: OutboxRow) => (message.protocol === 'ncip' ? ncip.deliver(message) : other.deliver(message)) };
}

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > SHOWN_CHARS ? `${flat.slice(0, SHOWN_CHARS)}…` : flat || '(empty)';
}
