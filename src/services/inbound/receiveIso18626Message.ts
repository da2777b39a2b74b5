import {
  buildIso18626,
  confirmationFor,
  parseIso18626,
  type AgencyId,
  type Header,
  type Iso18626Version,
  type MessageKind,
} from '../../protocols/iso18626/index.js';
import type { Db } from '../../store/database.js';
import { findInstitutionBySymbol } from '../../store/institutionRepository.js';
import { findPartnerBySymbol } from '../../store/partnerRepository.js';
import type { Institution } from '../../store/schema.js';
import { isoDateTime, type ServiceContext } from '../context.js';
import {
  ADDRESSING,
  addressingOf,
  agencyKey,
  describe,
  errorOutcome,
  recordInbound,
  sha256,
  type Delivery,
  type InboundOutcome,
  type Rejection,
} from './delivery.js';
import { receiveRequest } from './receiveRequest.js';
import { receiveRequestingAgencyMessage } from './receiveRequestingAgencyMessage.js';
import { receiveSupplyingAgencyMessage } from './receiveSupplyingAgencyMessage.js';

export type { InboundOutcome } from './delivery.js';

/** Versions we answer in when the sender's could not be read. */
const FALLBACK_VERSION: Iso18626Version = '1.2';

/**
 * The use case behind `POST /iso18626` and in-process delivery between institutions of this
 * deployment: read one inbound ISO 18626 message, check who sent it, apply it in one
 * transaction and return the confirmation to send. Never throws for anything in `body`.
 */
export async function receiveIso18626Message(ctx: ServiceContext, body: string): Promise<InboundOutcome> {
  const receivedAt = ctx.now();
  const parsed = parseIso18626(body);
  const version = parsed.version ?? FALLBACK_VERSION;
  const answer = (rejection?: Rejection): string =>
    buildIso18626(
      confirmationFor(parsed, {
        status: rejection ? 'ERROR' : 'OK',
        ...(rejection ? { error: rejection } : {}),
        timestampReceived: isoDateTime(receivedAt),
        timestamp: isoDateTime(ctx.now()),
      }),
      version,
    );

  if (!parsed.ok) {
    const outcome = errorOutcome(parsed.kind ?? 'unknown', parsed.issue, answer(parsed.issue));
    // A body we could not read is neither attributable nor safe to keep (it may be an attack).
    if (parsed.issue.type === 'BadlyFormedMessage') return outcome;
    const institution = await addressee(ctx.db, parsed.kind, parsed.header);
    if (!institution) return outcome;
    const senderField = addressingOf(parsed.kind)?.sender;
    await recordInbound(ctx.db, institution, parsed, body, outcome, senderField ? parsed.header?.[senderField] : undefined);
    return { ...outcome, institutionCode: institution.code };
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

  // Partner verification: only agencies the institution has a partner record for may write to it,
  // and only active partners may open new requests.
  const senderId: AgencyId | undefined = message.header[addressing.sender];
  const partner = senderId && (await findPartnerBySymbol(ctx.db, institution.id, agencyKey(senderId)));
  const senderProblem = !senderId
    ? '(missing)'
    : !partner
      ? `${describe(senderId)} is not a partner of ${institution.code}`
      : message.kind === 'request' && !partner.active
        ? `${describe(senderId)} is not an active partner of ${institution.code}`
        : undefined;
  if (senderProblem || !partner) {
    const rejection: Rejection = { type: 'UnrecognisedDataValue', value: `header/${addressing.sender}: ${senderProblem ?? '(missing)'}` };
    const outcome = errorOutcome(message.kind, rejection, answer(rejection));
    await recordInbound(ctx.db, institution, parsed, body, outcome, senderId);
    return { ...outcome, institutionCode: institution.code };
  }

  const delivery = { ctx, institution, partner, parsed, body, bodySha256: sha256(body), receivedAt, answer };
  switch (message.kind) {
    case 'request':
      return receiveRequest({ ...delivery, message });
    case 'requestingAgencyMessage':
      return receiveRequestingAgencyMessage({ ...delivery, message });
    case 'supplyingAgencyMessage':
      return receiveSupplyingAgencyMessage({ ...delivery, message } satisfies Delivery<typeof message>);
  }
}

async function addressee(db: Db, kind: MessageKind | undefined, header: Partial<Header> | undefined): Promise<Institution | undefined> {
  const field = addressingOf(kind)?.receiver;
  const id: Partial<AgencyId> | undefined = field && header?.[field];
  if (!id?.agencyIdType?.value || !id.agencyIdValue) return undefined;
  return findInstitutionBySymbol(db, { idType: id.agencyIdType.value, idValue: id.agencyIdValue });
}
