import { createHash } from 'node:crypto';
import {
  buildNcipMessage,
  buildProblemResponse,
  messagingProblem,
  parseNcipMessage,
  processingProblem,
  responseHeaderFor,
  type NcipHeader,
  type NcipProblem,
  type NcipVersion,
} from '../../../protocols/ncip/index.js';
import { findPartnerCredentials } from '../../../store/partnerCredentialsRepository.js';
import { insertProtocolMessage } from '../../../store/protocolMessageRepository.js';
import type { Institution, Partner } from '../../../store/schema.js';
import type { ServiceContext } from '../../context.js';
import { MAX_IDENTIFIER_LENGTH, overlongIdentifier } from '../../interop/identifierLimit.js';
import { institutionForAgency, ncipSenderRefusal, partnerForAgency } from './addressing.js';
import { NCIP_SERVICES } from './services.js';
import { unsupportedService, type NcipConcerns, type NcipServiceRequest } from './service.js';

/** What the route answers and logs. */
export interface NcipOutcome {
  /** The NCIP XML to return: always a response (or a bare Problem), always XSD-valid. */
  answer: string;
  /** The message received (`LookupUser` …) or 'unknown'. */
  kind: string;
  status: 'OK' | 'ERROR';
  problemType?: string;
  problemDetail?: string;
  institutionCode?: string;
}

export interface NcipTransport {
  /** The HTTP Authorization header as received: checked against the partner's credentials, never kept. */
  authorization?: string | undefined;
}

// Secrets a sender may put in a message (agency password, patron PIN) are never stored.
const SECRET_ELEMENTS = /(<(?:[\w.-]+:)?(?:FromAgencyAuthentication|AuthenticationInputData)\b[^>]*>)[\s\S]*?(<\/(?:[\w.-]+:)?(?:FromAgencyAuthentication|AuthenticationInputData)\s*>)/g;

function redactSecrets(body: string): string {
  return body.replace(SECRET_ELEMENTS, '$1(redacted)$2');
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * The use case behind `POST /ncip`: read one NCIP message, find the addressed institution (the
 * header's ToAgencyId) and verify the sender (FromAgencyId: an active partner of profile broker
 * or ncip, with its HTTP credentials when it has some), serve it and return the answer.
 * Never throws for anything in `body`. Messages attributable to an institution are kept in
 * protocol_message with our answer; unreadable or unaddressed bodies are not (they may be attacks).
 */
export async function receiveNcipMessage(ctx: ServiceContext, body: string | Uint8Array, transport: NcipTransport = {}): Promise<NcipOutcome> {
  const parsed = parseNcipMessage(body);
  const version: NcipVersion = parsed.ok ? parsed.version : '2.02';
  const kind = parsed.ok ? parsed.message.kind : (parsed.kind ?? 'unknown');
  const header: NcipHeader | undefined = parsed.ok ? parsed.message.body.initiationHeader : parsed.header;
  const refuse = (problem: NcipProblem): NcipOutcome => ({
    answer: buildProblemResponse(problem, { ...(kind !== 'unknown' ? { kind } : {}), ...(header ? { header } : {}) }, version),
    kind,
    status: 'ERROR',
    problemType: problem.problemType.value,
    ...(problem.problemDetail !== undefined ? { problemDetail: problem.problemDetail } : {}),
  });

  if (parsed.ok && (kind === 'Problem' || kind.endsWith('Response'))) {
    return refuse(messagingProblem('Unknown Service', `${kind} is an answer, not a request: it is only ever returned in an HTTP response`, kind));
  }
  if (!header) return refuse(processingProblem('Unknown Agency', 'The message has no InitiationHeader with a ToAgencyId: it cannot be addressed', 'InitiationHeader'));
  const institution = await institutionForAgency(ctx.db, header.toAgencyId.agencyId);
  if (!institution) {
    return refuse(processingProblem('Unknown Agency', 'ToAgencyId is not an agency served at this address', 'ToAgencyId', header.toAgencyId.agencyId.value));
  }
  const text = typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
  const keep = async (outcome: NcipOutcome, partner?: Partner, concerns?: NcipConcerns): Promise<NcipOutcome> => {
    await record(ctx, institution, { kind, version: parsed.ok ? parsed.version : null, header, partner, concerns, body: redactSecrets(text), outcome });
    return { ...outcome, institutionCode: institution.code };
  };
  if (!parsed.ok) return keep(refuse(parsed.problem));

  const partner = await partnerForAgency(ctx.db, institution.id, header.fromAgencyId.agencyId);
  if (!partner) {
    return keep(refuse(processingProblem('Unknown Agency', `FromAgencyId is not a partner of ${institution.code}`, 'FromAgencyId', header.fromAgencyId.agencyId.value)));
  }
  const refusal = ncipSenderRefusal(partner, await findPartnerCredentials(ctx.db, partner.id), transport.authorization);
  if (refusal) return keep(refuse(processingProblem(refusal.type, refusal.detail, 'FromAgencyId', header.fromAgencyId.agencyId.value)), partner);

  const overlong = overlongIdentifier(parsed.message.body, (key) => /IdentifierValue$|^agencyId$/.test(key));
  if (overlong) {
    return keep(refuse(messagingProblem('Invalid Message Syntax Error', `${overlong.path} is ${overlong.length} characters long; identifiers are at most ${MAX_IDENTIFIER_LENGTH}`, overlong.path)), partner);
  }

  const request: NcipServiceRequest = {
    ctx,
    institution,
    partner,
    message: parsed.message,
    responseHeader: responseHeaderFor(header),
    ourAgency: header.toAgencyId.agencyId,
  };
  const served = await (NCIP_SERVICES[kind] ?? unsupportedService)(request);
  if ('problem' in served) return keep(refuse(served.problem), partner, served.concerns);
  const problem = served.message.body.problem?.[0];
  const outcome: NcipOutcome = {
    answer: buildNcipMessage(served.message, version),
    kind,
    status: problem ? 'ERROR' : 'OK',
    ...(problem ? { problemType: problem.problemType.value } : {}),
    ...(problem?.problemDetail !== undefined ? { problemDetail: problem.problemDetail } : {}),
  };
  return keep(outcome, partner, served.concerns);
}

async function record(
  ctx: ServiceContext,
  institution: Institution,
  message: { kind: string; version: string | null; header: NcipHeader; partner: Partner | undefined; concerns: NcipConcerns | undefined; body: string; outcome: NcipOutcome },
): Promise<void> {
  const { outcome, partner, header } = message;
  const problem = outcome.status === 'ERROR' ? outcome.problemType : undefined;
  await insertProtocolMessage(ctx.db, {
    institution_id: institution.id,
    request_kind: message.concerns?.kind ?? null,
    request_id: message.concerns?.id ?? null,
    direction: 'in',
    protocol: 'ncip',
    message_kind: message.kind,
    summary: problem ? `${message.kind}: ${problem}` : message.kind,
    protocol_version: message.version,
    peer_id_type: partner?.id_type ?? header.fromAgencyId.agencyId.scheme?.slice(0, 200) ?? null,
    peer_id_value: partner?.id_value ?? header.fromAgencyId.agencyId.value.slice(0, 200),
    requesting_agency_request_id: null,
    body: message.body,
    body_sha256: sha256(message.body),
    confirmation: outcome.answer,
    message_status: outcome.status,
    error_type: problem ?? null,
    error_value: problem ? (outcome.problemDetail ?? null) : null,
  });
}
