/**
 * Transports for ISO 18626: over HTTP to a partner's endpoint, or in-process to an institution
 * of this deployment. Both classify the partner's answer with the same function, so a local
 * partner behaves exactly like a remote one (serialize → deliver → inbound handler →
 * confirmation).
 */
import { parseIso18626 } from '../protocols/iso18626/index.js';
import type { DeliveryResult, OutboxRow, Transport } from './transport.js';
import { readBodyCapped } from '../protocols/httpBody.js';
import { outboundRefusal } from '../services/outboundDeny.js';

/**
 * What a stored message becomes on its way to its partner: the bytes to send (shaped for the
 * partner's system, with the header credentials it requires) and extra HTTP headers
 * (Authorization). Done at delivery, so the outbox and the request history never hold a secret.
 */
export interface PreparedDelivery {
  body: string;
  headers: Record<string, string>;
}
export type PrepareDelivery = (message: OutboxRow) => Promise<PreparedDelivery>;

const AS_STORED: PrepareDelivery = (message) => Promise.resolve({ body: message.body, headers: {} });

/** Keep well below the worker's leaseMs (default 30 s), or a slow partner gets the message twice. */
const DEFAULT_TIMEOUT_MS = 20_000;
/** Larger answers are not read to the end (a confirmation is a few hundred bytes). */
const MAX_ANSWER_BYTES = 1024 * 1024;
const SHOWN_CHARS = 200;

/**
 * Reads a confirmation. OK → accepted; ERROR → answered, not accepted, with
 * "errorType: errorValue"; anything that is not an ISO 18626 confirmation → failed, retryable
 * (a partner returning garbage is usually a partner having a bad moment).
 */
export function classifyConfirmation(text: string): DeliveryResult {
  const parsed = parseIso18626(text);
  if (!parsed.ok) {
    return { kind: 'failed', retryable: true, error: `answer is not a readable ISO 18626 message (${parsed.issue.type}: ${parsed.issue.value}): ${shorten(text)}` };
  }
  const message = parsed.message;
  if (!('confirmationHeader' in message)) {
    return { kind: 'failed', retryable: true, error: `answer is a ${message.kind}, not a confirmation` };
  }
  if (message.confirmationHeader.messageStatus === 'OK') return { kind: 'answered', confirmation: text, accepted: true };
  const errors = (message.errorData ?? []).map((e) => (e.errorValue ? `${e.errorType}: ${e.errorValue}` : e.errorType));
  return { kind: 'answered', confirmation: text, accepted: false, error: errors.length > 0 ? errors.join('; ') : 'ERROR without errorData' };
}

/**
 * POSTs the body (Content-Type application/xml) to the row's endpoint_url.
 * - 2xx with a confirmation: OK → accepted, ERROR → answered, not accepted.
 * - 4xx with a confirmation (e.g. 413/415 from a server like ours): answered, not accepted.
 * - 4xx without one: failed, not retryable (we sent something the partner will never take);
 *   except 408 and 429, which are retryable.
 * - 5xx, connection refused/reset, DNS failure, timeout, garbage: failed, retryable.
 * - 3xx: failed, not retryable: a POST must not be re-sent as a GET; staff fix the URL.
 * `timeoutMs` covers the whole exchange, headers and answer body.
 */
export function httpIso18626Transport(options: { timeoutMs?: number; prepare?: PrepareDelivery } = {}): Transport {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const prepare = options.prepare ?? AS_STORED;
  return {
    async deliver(message: OutboxRow): Promise<DeliveryResult> {
      if (message.endpoint_url === null) return { kind: 'failed', retryable: false, error: 'message has no endpoint_url; it must be delivered in-process' };
      let url: URL;
      try {
        url = new URL(message.endpoint_url);
      } catch {
        return { kind: 'failed', retryable: false, error: `endpoint_url is not a URL: ${shorten(message.endpoint_url)}` };
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        return { kind: 'failed', retryable: false, error: `endpoint_url must be http or https, not ${url.protocol}` };
      }
      const refusal = await outboundRefusal(url);
      if (refusal) return { kind: 'failed', retryable: false, error: refusal };
      const prepared = await prepareSafely(prepare, message);
      if ('kind' in prepared) return prepared;
      const signal = AbortSignal.timeout(timeoutMs);
      let status: number;
      let text: string;
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { ...prepared.headers, 'content-type': 'application/xml; charset=utf-8', accept: 'application/xml, text/xml' },
          body: prepared.body,
          redirect: 'manual',
          signal,
        });
        status = response.status;
        const answer = await readBodyCapped(response, MAX_ANSWER_BYTES);
        if (answer === undefined) return { kind: 'failed', retryable: true, error: `HTTP ${status}: answer larger than ${MAX_ANSWER_BYTES} bytes` };
        text = answer;
      } catch (error) {
        if (signal.aborted) return { kind: 'failed', retryable: true, error: `timed out after ${timeoutMs} ms` };
        return { kind: 'failed', retryable: true, error: `HTTP request failed: ${describeError(error)}` };
      }
      return classifyHttpAnswer(status, text);
    },
  };
}

/** The HTTP status plus body classification (exported for tests). */
export function classifyHttpAnswer(status: number, text: string): DeliveryResult {
  if (status >= 500) return { kind: 'failed', retryable: true, error: `HTTP ${status}: ${shorten(text)}` };
  if (status >= 300 && status < 400) return { kind: 'failed', retryable: false, error: `HTTP ${status}: the endpoint redirects; update the partner's endpoint URL` };
  const classified = classifyConfirmation(text);
  if (status >= 200 && status < 300) return classified;
  if (status >= 400) {
    if (classified.kind === 'answered') {
      return { ...classified, accepted: false, error: `HTTP ${status}${classified.error ? `: ${classified.error}` : ''}` };
    }
    const retryable = status === 408 || status === 429;
    return { kind: 'failed', retryable, error: `HTTP ${status} without a confirmation: ${shorten(text)}` };
  }
  return { kind: 'failed', retryable: true, error: `unexpected HTTP status ${status}` };
}

/**
 * For messages to institutions of this deployment (endpoint_url NULL): hands the XML to the
 * in-process inbound handler, e.g. `(body) => receiveIso18626Message(ctx, body).then((o) =>
 * o.confirmation)`, and classifies its confirmation exactly like an HTTP answer. The handler
 * runs its own transaction; the worker holds none while it delivers, which matters on PGlite
 * (one connection). A handler that throws is a retryable failure.
 */
export function localIso18626Transport(receive: (body: string) => Promise<string>, options: { prepare?: PrepareDelivery } = {}): Transport {
  const prepare = options.prepare ?? AS_STORED;
  return {
    async deliver(message: OutboxRow): Promise<DeliveryResult> {
      // In-process there are no HTTP headers: only what the message itself carries travels.
      const prepared = await prepareSafely(prepare, message);
      if ('kind' in prepared) return prepared;
      let confirmation: string;
      try {
        confirmation = await receive(prepared.body);
      } catch (error) {
        return { kind: 'failed', retryable: true, error: `in-process delivery failed: ${describeError(error)}` };
      }
      return classifyConfirmation(confirmation);
    },
  };
}

/** endpoint_url NULL → `local`, otherwise → `remote`. */
export function routingTransport(local: Transport, remote: Transport): Transport {
  return {
    deliver: (message: OutboxRow) => (message.endpoint_url === null ? local.deliver(message) : remote.deliver(message)),
  };
}

/** A preparation that fails (e.g. the database is briefly away) is a retryable failure. */
async function prepareSafely(prepare: PrepareDelivery, message: OutboxRow): Promise<PreparedDelivery | DeliveryResult> {
  try {
    return await prepare(message);
  } catch (error) {
    return { kind: 'failed', retryable: true, error: `could not prepare the message for its partner: ${describeError(error)}` };
  }
}


function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause: unknown = error.cause;
  if (cause instanceof Error) {
    const code = (cause as NodeJS.ErrnoException).code;
    return `${error.message}: ${code ? `${code} ` : ''}${cause.message}`;
  }
  return error.message;
}

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > SHOWN_CHARS ? `${flat.slice(0, SHOWN_CHARS)}…` : flat || '(empty)';
}
