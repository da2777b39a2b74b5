import { createHash } from 'node:crypto';
import type { AgencyId, ErrorType, Header, Iso18626Message, MessageKind, ParseOutcome } from '../../protocols/iso18626/index.js';
import type { Db } from '../../store/database.js';
import { normaliseAgencyKey, type AgencyKey } from '../../store/institutionRepository.js';
import { insertProtocolMessage } from '../../store/protocolMessageRepository.js';
import type { Institution, Partner, RequestKind } from '../../store/schema.js';
import type { ServiceContext } from '../context.js';

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
  requestKind?: RequestKind;
  requestId?: string;
}

export interface Rejection {
  type: ErrorType;
  value: string;
}

export type AddressedMessage = Extract<Iso18626Message, { header: Header }>;

/** One readable inbound message from a known partner, and how to answer it. */
export interface Delivery<M extends AddressedMessage = AddressedMessage> {
  ctx: ServiceContext;
  institution: Institution;
  partner: Partner;
  parsed: ParseOutcome & { ok: true };
  message: M;
  body: string;
  bodySha256: string;
  receivedAt: Date;
  answer: (rejection?: Rejection) => string;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function agencyKey(id: AgencyId): AgencyKey {
  return normaliseAgencyKey({ idType: id.agencyIdType.value, idValue: id.agencyIdValue });
}

export function describe(id: AgencyId | AgencyKey): string {
  return 'agencyIdValue' in id ? `${id.agencyIdType.value}:${id.agencyIdValue}` : `${id.idType}:${id.idValue}`;
}

export function errorOutcome(kind: MessageKind | 'unknown', rejection: Rejection, confirmation: string): InboundOutcome {
  return { confirmation, kind, messageStatus: 'ERROR', errorType: rejection.type, errorValue: rejection.value, duplicate: false };
}

/** Keeps the raw message and the confirmation we gave, on the request it concerns when known. */
export async function recordInbound(
  db: Db,
  institution: Institution,
  parsed: ParseOutcome,
  body: string,
  outcome: InboundOutcome,
  sender: Partial<AgencyId> | undefined,
  request?: { kind: RequestKind; id: string },
): Promise<void> {
  const header: Partial<Header> | undefined = parsed.ok ? ('header' in parsed.message ? parsed.message.header : undefined) : parsed.header;
  await insertProtocolMessage(db, {
    institution_id: institution.id,
    request_kind: request?.kind ?? null,
    request_id: request?.id ?? null,
    direction: 'in',
    protocol: 'iso18626',
    message_kind: outcome.kind,
    summary: parsed.ok ? summarise(parsed.message) : null,
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

/** A few words staff can scan in a message list: the action, or reason and status. */
export function summarise(message: Iso18626Message): string | null {
  switch (message.kind) {
    case 'request':
      return message.serviceInfo?.requestType ?? 'New';
    case 'requestingAgencyMessage':
      return message.action;
    case 'supplyingAgencyMessage':
      return `${message.messageInfo.reasonForMessage} ${message.statusInfo.status}${message.messageInfo.answerYesNo ? ` ${message.messageInfo.answerYesNo}` : ''}`;
    default:
      return null;
  }
}

/** Records a refusal and builds the outcome for it. */
export async function reject(
  delivery: Delivery,
  db: Db,
  rejection: Rejection,
  request?: { kind: RequestKind; id: string },
): Promise<InboundOutcome> {
  const outcome = errorOutcome(delivery.message.kind, rejection, delivery.answer(rejection));
  await recordInbound(db, delivery.institution, delivery.parsed, delivery.body, outcome, senderOf(delivery.message), request);
  return { ...outcome, institutionCode: delivery.institution.code, ...(request ? { requestKind: request.kind, requestId: request.id } : {}) };
}

/** Records an accepted message and builds the OK outcome. */
export async function accept(delivery: Delivery, db: Db, request: { kind: RequestKind; id: string }): Promise<InboundOutcome> {
  const outcome: InboundOutcome = { confirmation: delivery.answer(), kind: delivery.message.kind, messageStatus: 'OK', duplicate: false };
  await recordInbound(db, delivery.institution, delivery.parsed, delivery.body, outcome, senderOf(delivery.message), request);
  return { ...outcome, institutionCode: delivery.institution.code, requestKind: request.kind, requestId: request.id };
}

export function replayOutcome(delivery: Delivery, confirmation: string, request: { kind: RequestKind; id: string | null }): InboundOutcome {
  return {
    confirmation,
    kind: delivery.message.kind,
    messageStatus: 'OK',
    duplicate: true,
    institutionCode: delivery.institution.code,
    ...(request.id ? { requestKind: request.kind, requestId: request.id } : {}),
  };
}

/** Which header field names the addressee and which the sender, per message kind. */
export const ADDRESSING: Record<AddressedMessage['kind'], { receiver: 'supplyingAgencyId' | 'requestingAgencyId'; sender: 'supplyingAgencyId' | 'requestingAgencyId' }> = {
  request: { receiver: 'supplyingAgencyId', sender: 'requestingAgencyId' },
  requestingAgencyMessage: { receiver: 'supplyingAgencyId', sender: 'requestingAgencyId' },
  supplyingAgencyMessage: { receiver: 'requestingAgencyId', sender: 'supplyingAgencyId' },
};

export function addressingOf(kind: MessageKind | undefined): (typeof ADDRESSING)[keyof typeof ADDRESSING] | undefined {
  return kind && kind in ADDRESSING ? ADDRESSING[kind as keyof typeof ADDRESSING] : undefined;
}

export function senderOf(message: AddressedMessage): AgencyId | undefined {
  return message.header[ADDRESSING[message.kind].sender];
}
