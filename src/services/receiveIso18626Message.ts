import { createHash } from 'node:crypto';
import { lendingStatusLabels } from '../domain/lending/status.js';
import {
  buildIso18626,
  confirmationFor,
  parseIso18626,
  type AgencyId,
  type ErrorType,
  type Header,
  type Iso18626Message,
  type Iso18626Version,
  type MessageKind,
  type ParseOutcome,
  type RequestingAgencyMessage,
  type RequestMessage,
} from '../protocols/iso18626/index.js';
import type { Db } from '../store/database.js';
import { findInstitutionBySymbol, findSymbolOwner, normaliseAgencyKey, type AgencyKey } from '../store/institutionRepository.js';
import {
  appendRequestEvent,
  findLendingRequestByTransaction,
  insertLendingRequestIfNew,
  nextLendingRequestNumber,
} from '../store/lendingRequestRepository.js';
import { findOpeningMessage, insertProtocolMessage } from '../store/protocolMessageRepository.js';
import type { Institution, LendingRequest } from '../store/schema.js';

/** What the endpoint sends back, and what happened, for logs and metrics. */
export interface InboundOutcome {
  confirmation: string;
  kind: MessageKind | 'unknown';
  messageStatus: 'OK' | 'ERROR';
  errorType?: ErrorType;
  errorValue?: string;
  /** A byte-identical re-delivery, answered with the stored confirmation. */
  duplicate: boolean;
  institutionCode?: string;
  lendingRequestId?: string;
}

export interface InboundContext {
  db: Db;
  now: () => Date;
}

interface Rejection {
  type: ErrorType;
  value: string;
}

/** Versions we answer in when the sender's could not be read. */
const FALLBACK_VERSION: Iso18626Version = '1.2';

type AddressedMessage = Extract<Iso18626Message, { header: Header }>;

/** Which header field names the addressee and which the sender, per message kind. */
const ADDRESSING: Record<AddressedMessage['kind'], { receiver: 'supplyingAgencyId' | 'requestingAgencyId'; sender: 'supplyingAgencyId' | 'requestingAgencyId' }> = {
  request: { receiver: 'supplyingAgencyId', sender: 'requestingAgencyId' },
  requestingAgencyMessage: { receiver: 'supplyingAgencyId', sender: 'requestingAgencyId' },
  supplyingAgencyMessage: { receiver: 'requestingAgencyId', sender: 'supplyingAgencyId' },
};

/**
 * Requesting-agency actions this server applies to a lending request. An action missing
 * here is answered UnsupportedActionType, so a partner knows it was not applied.
 */
const SUPPORTED_ACTIONS: ReadonlySet<RequestingAgencyMessage['action']> = new Set(['Notification']);

/**
 * The use case behind `POST /iso18626`: read one inbound ISO 18626 message, apply it in one
 * transaction and return the confirmation to send. Never throws for anything in `body`.
 */
export async function receiveIso18626Message(ctx: InboundContext, body: string): Promise<InboundOutcome> {
  const receivedAt = isoSeconds(ctx.now());
  const parsed = parseIso18626(body);
  const version = parsed.version ?? FALLBACK_VERSION;
  const answer = (rejection?: Rejection): string =>
    buildIso18626(
      confirmationFor(parsed, {
        status: rejection ? 'ERROR' : 'OK',
        ...(rejection ? { error: rejection } : {}),
        timestampReceived: receivedAt,
        timestamp: isoSeconds(ctx.now()),
      }),
      version,
    );

  if (!parsed.ok) {
    const outcome = errorOutcome(parsed.kind ?? 'unknown', parsed.issue, answer(parsed.issue));
    // A body we could not read is neither attributable nor safe to keep (it may be an attack).
    if (parsed.issue.type === 'BadlyFormedMessage') return outcome;
    const institution = await addressee(ctx.db, parsed.kind, parsed.header);
    if (institution) await recordInbound(ctx.db, institution, parsed, body, outcome, null);
    return { ...outcome, ...(institution ? { institutionCode: institution.code } : {}) };
  }

  const message = parsed.message;
  if (!('header' in message)) {
    const rejection: Rejection = {
      type: 'BadlyFormedMessage',
      value: `${message.kind} is an answer, not a message: it is only ever returned in an HTTP response`,
    };
    return errorOutcome(message.kind, rejection, answer(rejection));
  }

  const addressing = ADDRESSING[message.kind];
  const receiverId = message.header[addressing.receiver];
  const institution = receiverId && (await findInstitutionBySymbol(ctx.db, agencyKey(receiverId)));
  if (!institution) {
    const rejection: Rejection = {
      type: 'UnrecognisedDataValue',
      value: `header/${addressing.receiver}: ${receiverId ? describe(receiverId) : '(missing)'} is not an agency served at this address`,
    };
    return errorOutcome(message.kind, rejection, answer(rejection));
  }

  const senderId = message.header[addressing.sender];
  const senderProblem = senderId ? await checkSender(ctx.db, institution, senderId, receiverId) : '(missing)';
  if (senderProblem) {
    const rejection: Rejection = { type: 'UnrecognisedDataValue', value: `header/${addressing.sender}: ${senderProblem}` };
    const outcome = errorOutcome(message.kind, rejection, answer(rejection));
    await recordInbound(ctx.db, institution, parsed, body, outcome, null);
    return { ...outcome, institutionCode: institution.code };
  }

  const delivery: Delivery = { ctx, institution, parsed, body, answer };
  switch (message.kind) {
    case 'request':
      return receiveRequest(delivery, message);
    case 'requestingAgencyMessage':
      return receiveRequestingAgencyMessage(delivery, message);
    default: {
      // supplyingAgencyMessage: this server has no borrowing requests to address yet.
      const rejection: Rejection = {
        type: 'UnrecognisedDataValue',
        value: `header/requestingAgencyRequestId: no borrowing request "${message.header.requestingAgencyRequestId}" from ${describe(message.header.supplyingAgencyId)}`,
      };
      const outcome = errorOutcome(message.kind, rejection, answer(rejection));
      await recordInbound(ctx.db, institution, parsed, body, outcome, null);
      return { ...outcome, institutionCode: institution.code };
    }
  }
}

/** One readable inbound message, its addressee and how to answer it. */
interface Delivery {
  ctx: InboundContext;
  institution: Institution;
  parsed: ParseOutcome & { ok: true };
  body: string;
  answer: (rejection?: Rejection) => string;
}

async function receiveRequest({ ctx, institution, parsed, body, answer }: Delivery, message: RequestMessage): Promise<InboundOutcome> {
  const requester = agencyKey(message.header.requestingAgencyId);
  const key = { institutionId: institution.id, requester, requestingAgencyRequestId: message.header.requestingAgencyRequestId };
  const bodySha = sha256(body);
  return ctx.db.transaction().execute(async (trx) => {
    const replay = async (existing: LendingRequest): Promise<InboundOutcome> => {
      const opening = await findOpeningMessage(trx, institution.id, existing.id);
      if (opening?.body_sha256 === bodySha && opening.confirmation) {
        return { confirmation: opening.confirmation, kind: 'request', messageStatus: 'OK', duplicate: true, institutionCode: institution.code, lendingRequestId: existing.id };
      }
      const rejection: Rejection = {
        type: 'UnrecognisedDataValue',
        value: `header/requestingAgencyRequestId: "${key.requestingAgencyRequestId}" already identifies a different request from ${describe(message.header.requestingAgencyId)}`,
      };
      const outcome = errorOutcome('request', rejection, answer(rejection));
      await recordInbound(trx, institution, parsed, body, outcome, null);
      return { ...outcome, institutionCode: institution.code };
    };

    const existing = await findLendingRequestByTransaction(trx, key);
    if (existing) return replay(existing);

    const number = await nextLendingRequestNumber(trx);
    const { header: _header, kind: _kind, ...citation } = message;
    const created = await insertLendingRequestIfNew(trx, {
      institution_id: institution.id,
      status: 'created',
      requesting_agency_id_type: requester.idType,
      requesting_agency_id_value: requester.idValue,
      requesting_agency_request_id: key.requestingAgencyRequestId,
      supplying_agency_request_id: `${institution.code}-${number}`,
      protocol_version: parsed.version,
      service_type: message.serviceInfo?.serviceType ?? 'Loan',
      title: message.bibliographicInfo.title ?? message.bibliographicInfo.titleOfComponent ?? null,
      author: message.bibliographicInfo.author ?? message.bibliographicInfo.authorOfComponent ?? null,
      citation: JSON.stringify(citation),
    });
    if (!created) {
      // A concurrent delivery of the same transaction committed first; answer as a re-delivery.
      const winner = await findLendingRequestByTransaction(trx, key);
      if (!winner) throw new Error('lending request vanished after a transaction-key conflict');
      return replay(winner);
    }
    await appendRequestEvent(trx, {
      institutionId: institution.id,
      lendingRequestId: created.id,
      actor: `iso18626:${requester.idType}:${requester.idValue}`,
      fromStatus: null,
      toStatus: 'created',
      note: `${lendingStatusLabels.created} from ${describe(message.header.requestingAgencyId)}`,
    });
    const outcome: InboundOutcome = { confirmation: answer(), kind: 'request', messageStatus: 'OK', duplicate: false };
    await recordInbound(trx, institution, parsed, body, outcome, created.id);
    return { ...outcome, institutionCode: institution.code, lendingRequestId: created.id };
  });
}

async function receiveRequestingAgencyMessage(
  { ctx, institution, parsed, body, answer }: Delivery,
  message: RequestingAgencyMessage,
): Promise<InboundOutcome> {
  return ctx.db.transaction().execute(async (trx) => {
    const request = await findLendingRequestByTransaction(trx, {
      institutionId: institution.id,
      requester: agencyKey(message.header.requestingAgencyId),
      requestingAgencyRequestId: message.header.requestingAgencyRequestId,
    });
    const reject = async (rejection: Rejection): Promise<InboundOutcome> => {
      const outcome = errorOutcome('requestingAgencyMessage', rejection, answer(rejection));
      await recordInbound(trx, institution, parsed, body, outcome, request?.id ?? null);
      return { ...outcome, institutionCode: institution.code };
    };
    if (!request) {
      return reject({
        type: 'UnrecognisedDataValue',
        value: `header/requestingAgencyRequestId: no lending request "${message.header.requestingAgencyRequestId}" from ${describe(message.header.requestingAgencyId)}`,
      });
    }
    const theirIdForUs = message.header.supplyingAgencyRequestId;
    if (theirIdForUs !== undefined && theirIdForUs !== request.supplying_agency_request_id) {
      return reject({
        type: 'UnrecognisedDataValue',
        value: `header/supplyingAgencyRequestId: "${theirIdForUs}" does not match this request (${request.supplying_agency_request_id})`,
      });
    }
    if (!SUPPORTED_ACTIONS.has(message.action)) {
      return reject({ type: 'UnsupportedActionType', value: `action ${message.action} is not supported by this lender` });
    }
    await appendRequestEvent(trx, {
      institutionId: institution.id,
      lendingRequestId: request.id,
      actor: `iso18626:${request.requesting_agency_id_type}:${request.requesting_agency_id_value}`,
      fromStatus: request.status,
      toStatus: request.status,
      note: `Notification: ${message.note ?? ''}`.trim(),
    });
    const outcome: InboundOutcome = { confirmation: answer(), kind: 'requestingAgencyMessage', messageStatus: 'OK', duplicate: false };
    await recordInbound(trx, institution, parsed, body, outcome, request.id);
    return { ...outcome, institutionCode: institution.code, lendingRequestId: request.id };
  });
}

/** The sender must be a known agency other than the addressee itself. */
async function checkSender(db: Db, institution: Institution, sender: AgencyId, receiver: AgencyId): Promise<string | undefined> {
  const senderKey = agencyKey(sender);
  const receiverKey = agencyKey(receiver);
  if (senderKey.idType === receiverKey.idType && senderKey.idValue === receiverKey.idValue) {
    return `${describe(sender)} is the addressee itself`;
  }
  const owner = await findSymbolOwner(db, senderKey);
  if (!owner) return `${describe(sender)} is not a known partner of ${institution.code}`;
  return undefined;
}

function addressing(kind: MessageKind | undefined): (typeof ADDRESSING)[keyof typeof ADDRESSING] | undefined {
  return kind && kind in ADDRESSING ? ADDRESSING[kind as keyof typeof ADDRESSING] : undefined;
}

async function addressee(db: Db, kind: MessageKind | undefined, header: Partial<Header> | undefined): Promise<Institution | undefined> {
  const field = addressing(kind)?.receiver;
  const id: Partial<AgencyId> | undefined = field && header?.[field];
  if (!id?.agencyIdType?.value || !id.agencyIdValue) return undefined;
  return findInstitutionBySymbol(db, { idType: id.agencyIdType.value, idValue: id.agencyIdValue });
}

async function recordInbound(
  db: Db,
  institution: Institution,
  parsed: ParseOutcome,
  body: string,
  outcome: InboundOutcome,
  lendingRequestId: string | null,
): Promise<void> {
  const header: Partial<Header> | undefined = parsed.ok ? ('header' in parsed.message ? parsed.message.header : undefined) : parsed.header;
  const senderField = addressing(parsed.ok ? parsed.message.kind : parsed.kind)?.sender;
  const sender: Partial<AgencyId> | undefined = senderField && header?.[senderField];
  await insertProtocolMessage(db, {
    institution_id: institution.id,
    lending_request_id: lendingRequestId,
    direction: 'in',
    protocol: 'iso18626',
    message_kind: outcome.kind,
    protocol_version: parsed.version ?? null,
    peer_id_type: sender?.agencyIdType?.value?.toUpperCase() ?? null,
    peer_id_value: sender?.agencyIdValue ?? null,
    requesting_agency_request_id: header?.requestingAgencyRequestId ?? null,
    body,
    body_sha256: sha256(body),
    confirmation: outcome.confirmation,
    message_status: outcome.messageStatus,
    error_type: outcome.errorType ?? null,
    error_value: outcome.errorValue ?? null,
  });
}

function errorOutcome(kind: MessageKind | 'unknown', rejection: Rejection, confirmation: string): InboundOutcome {
  return { confirmation, kind, messageStatus: 'ERROR', errorType: rejection.type, errorValue: rejection.value, duplicate: false };
}

function agencyKey(id: AgencyId): AgencyKey {
  return normaliseAgencyKey({ idType: id.agencyIdType.value, idValue: id.agencyIdValue });
}

function describe(id: AgencyId): string {
  return `${id.agencyIdType.value}:${id.agencyIdValue}`;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** xs:dateTime in UTC without milliseconds, the form partners' parsers accept most widely. */
function isoSeconds(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}
