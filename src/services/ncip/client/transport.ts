import { MAX_MESSAGE_BYTES } from '../../../protocols/ncip/index.js';
import { readBodyCapped } from '../../../protocols/httpBody.js';
import { outboundRefusal } from '../../outboundDeny.js';

/** Where and as whom we talk NCIP to an institution's own ILS. */
export interface NcipConnection {
  url: string;
  toAgencyId: string;
  fromAgencyId: string;
  applicationProfileType?: string;
  timeoutMs: number;
}

export type TransportFailure = 'unreachable' | 'timeout' | 'http-error' | 'too-large';

export type PostResult = { ok: true; status: number; body: string } | { ok: false; failure: TransportFailure; message: string; status?: number; body?: string };

/**
 * POSTs one NCIP message and reads the answer, never throwing: an unreachable ILS, a timeout
 * (over the whole exchange, body included), an HTTP error status or an answer over the codec's
 * size limit all come back as failures, so the caller decides what a failed ILS call means.
 */
export async function postNcip(connection: NcipConnection, xml: string): Promise<PostResult> {
  const signal = AbortSignal.timeout(connection.timeoutMs);
  try {
    const refusal = await outboundRefusal(connection.url);
    if (refusal) return { ok: false, failure: 'unreachable', message: refusal };
    // A redirect could lead past the outbound deny check: an ILS URL that moved is corrected by staff.
    const response = await fetch(connection.url, { method: 'POST', headers: { 'content-type': 'application/xml; charset=utf-8' }, body: xml, signal, redirect: 'error' });
    const body = await readBodyCapped(response, MAX_MESSAGE_BYTES);
    if (body === undefined) return { ok: false, failure: 'too-large', status: response.status, message: `the ILS answered with more than ${MAX_MESSAGE_BYTES} bytes` };
    if (response.status >= 400) return { ok: false, failure: 'http-error', status: response.status, body, message: `the ILS answered HTTP ${response.status}` };
    return { ok: true, status: response.status, body };
  } catch (error) {
    if (signal.aborted) return { ok: false, failure: 'timeout', message: `the ILS did not answer within ${connection.timeoutMs} ms` };
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : error instanceof Error ? error.message : String(error);
    return { ok: false, failure: 'unreachable', message: `the ILS at ${connection.url} could not be reached (${cause})` };
  }
}

