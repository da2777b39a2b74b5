import { createHash } from 'node:crypto';
import { buildNcipMessage, parseNcipMessage, type NcipBody, type NcipHeader, type NcipProblem } from '../../../protocols/ncip/index.js';
import type { Db } from '../../../store/database.js';
import { insertProtocolMessage } from '../../../store/protocolMessageRepository.js';
import type { RequestKind } from '../../../store/schema.js';
import { postNcip, type NcipConnection, type TransportFailure } from './transport.js';

/** Why an ILS call failed: the ILS's own NCIP Problem, or what went wrong getting an answer. */
export interface IlsProblem {
  /** `ncip-problem` carries the ILS's words; the others are transport failures. */
  kind: 'ncip-problem' | 'not-ncip' | TransportFailure;
  type: string;
  scheme?: string;
  detail?: string;
  element?: string;
  value?: string;
  /** One readable sentence for staff, built from the above. */
  message: string;
}

export type IlsFailure = { ok: false; problem: IlsProblem; httpStatus?: number };
export type IlsResult<T> = ({ ok: true } & T) | IlsFailure;

/** Where to keep the raw exchange: the request it belongs to. */
export interface ExchangeRecord {
  db: Db;
  institutionId: string;
  requestKind: RequestKind;
  requestId: string;
}

/** A readable sentence from an NCIP Problem, in the ILS's words. */
export function describeProblem(service: string, problem: NcipProblem): string {
  const parts = [`The ILS refused ${service}: ${problem.problemType.value}`];
  if (problem.problemDetail && problem.problemDetail !== problem.problemType.value) parts.push(` (${problem.problemDetail})`);
  if (problem.problemValue) parts.push(`, for ${problem.problemValue}`);
  if (problem.problemElement) parts.push(` [element ${problem.problemElement}]`);
  return parts.join('');
}

function ilsProblemOf(service: string, problem: NcipProblem): IlsProblem {
  return {
    kind: 'ncip-problem',
    type: problem.problemType.value,
    message: describeProblem(service, problem),
    ...(problem.problemType.scheme ? { scheme: problem.problemType.scheme } : {}),
    ...(problem.problemDetail ? { detail: problem.problemDetail } : {}),
    ...(problem.problemElement ? { element: problem.problemElement } : {}),
    ...(problem.problemValue ? { value: problem.problemValue } : {}),
  };
}

function headerFor(connection: NcipConnection): NcipHeader {
  return {
    fromAgencyId: { agencyId: { value: connection.fromAgencyId } },
    toAgencyId: { agencyId: { value: connection.toAgencyId } },
    ...(connection.applicationProfileType ? { applicationProfileType: { value: connection.applicationProfileType } } : {}),
  };
}

/** The XML of one initiation message to the ILS, headed from us to it (sent now, or queued in the outbox). */
export function ncipInitiationXml(connection: NcipConnection, service: string, body: NcipBody): string {
  return buildNcipMessage({ kind: service, body: { initiationHeader: headerFor(connection), ...body } });
}

/**
 * Sends one NCIP initiation message of `service` to the ILS and returns the body of its
 * response: the ILS's Problem, an answer that is not the expected NCIP response, and every
 * transport failure are results, never exceptions. With `record`, the raw exchange is kept on
 * the request (protocol_message, direction out, the response as its confirmation).
 */
export async function exchange(connection: NcipConnection, service: string, body: NcipBody, record?: ExchangeRecord): Promise<IlsResult<{ response: NcipBody }>> {
  const xml = ncipInitiationXml(connection, service, body);
  const result = await answerOf(connection, service, xml);
  if (record) {
    const failed = result.outcome.ok ? undefined : result.outcome.problem;
    await insertProtocolMessage(record.db, {
      institution_id: record.institutionId,
      request_kind: record.requestKind,
      request_id: record.requestId,
      direction: 'out',
      protocol: 'ncip',
      message_kind: service,
      summary: failed ? failed.message.slice(0, 500) : `${service} accepted by the ILS`,
      protocol_version: '2.02',
      peer_id_type: null,
      peer_id_value: connection.toAgencyId,
      requesting_agency_request_id: null,
      body: xml,
      body_sha256: createHash('sha256').update(xml).digest('hex'),
      confirmation: result.raw ?? null,
      message_status: failed ? 'ERROR' : 'OK',
      error_type: failed ? failed.type : null,
      error_value: failed ? (failed.value ?? failed.detail ?? null) : null,
    });
  }
  return result.outcome;
}

async function answerOf(connection: NcipConnection, service: string, xml: string): Promise<{ outcome: IlsResult<{ response: NcipBody }>; raw?: string }> {
  const posted = await postNcip(connection, xml);
  if (!posted.ok) {
    const problem: IlsProblem = { kind: posted.failure, type: posted.failure, message: `${service} failed: ${posted.message}` };
    // An ILS may well answer its Problem with an HTTP error status: its words come first.
    const parsed = posted.body === undefined ? undefined : parseNcipMessage(posted.body);
    const ncipProblem = parsed?.ok ? parsed.message.body.problem?.[0] : undefined;
    const outcome: IlsFailure = { ok: false, problem: ncipProblem ? ilsProblemOf(service, ncipProblem) : problem, ...(posted.status ? { httpStatus: posted.status } : {}) };
    return posted.body === undefined ? { outcome } : { outcome, raw: posted.body };
  }
  const parsed = parseNcipMessage(posted.body);
  if (!parsed.ok) {
    const why = parsed.problem.problemDetail ?? parsed.problem.problemType.value;
    const problem: IlsProblem = { kind: 'not-ncip', type: 'not-ncip', detail: why, message: `${service} failed: the ILS's answer is not a valid NCIP message (${why})` };
    return { outcome: { ok: false, problem, httpStatus: posted.status }, raw: posted.body };
  }
  const { kind, body } = parsed.message;
  const first = body.problem?.[0];
  if (first) return { outcome: { ok: false, problem: ilsProblemOf(service, first), httpStatus: posted.status }, raw: posted.body };
  if (kind !== `${service}Response`) {
    const problem: IlsProblem = { kind: 'not-ncip', type: 'not-ncip', detail: kind, message: `${service} failed: the ILS answered with ${kind} instead of ${service}Response` };
    return { outcome: { ok: false, problem, httpStatus: posted.status }, raw: posted.body };
  }
  return { outcome: { ok: true, response: body }, raw: posted.body };
}
