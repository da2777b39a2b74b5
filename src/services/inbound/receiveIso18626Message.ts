import {
  buildIso18626,
  confirmationFor,
  parseIso18626,
  type AgencyId,
  type Header,
  type Iso18626Version,
  type MessageKind,
  type ParseOutcome,
} from '../../protocols/iso18626/index.js';
import type { Db } from '../../store/database.js';
import { findInstitutionBySymbol } from '../../store/institutionRepository.js';
import { findPartnerBySymbol } from '../../store/partnerRepository.js';
import { findPartnerCredentials } from '../../store/partnerCredentialsRepository.js';
import type { Institution } from '../../store/schema.js';
import { isoDateTime, type ServiceContext } from '../context.js';
import { redactSecurityCode } from '../interop/credentials.js';
import { MAX_IDENTIFIER_LENGTH, overlongIdentifier } from '../interop/identifierLimit.js';
import { normaliseInbound, repairInbound } from '../interop/profiles.js';
import { senderProblem } from '../interop/verifySender.js';
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

/** How the message reached us. In-process delivery has no HTTP layer, so no Authorization. */
export interface InboundTransport {
  /** The HTTP Authorization header as received (it is never logged or stored). */
  authorization?: string | undefined;
}

/**
 * The use case behind `POST /iso18626` and in-process delivery between institutions of this
 * deployment: read one inbound ISO 18626 message, check who sent it, read it the way its
 * sender's system means it, apply it in one transaction and return the confirmation to send.
 * Never throws for anything in `body`.
 *
 * Sender verification (see interop/verifySender.ts): the header's sender must be a partner of
 * the addressed institution, sharing in that direction, active to open a new request, and must
 * present the credentials configured for it. A refusal changes nothing; the message is kept
 * (its securityCode redacted, as always) for the institution's staff.
 */
export async function receiveIso18626Message(ctx: ServiceContext, body: string, transport: InboundTransport = {}): Promise<InboundOutcome> {
  const receivedAt = ctx.now();
  // What we keep and compare re-deliveries by: never a securityCode.
  const kept = redactSecurityCode(body);
  const parsed = await readWithSenderRepairs(ctx.db, body);
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
    await recordInbound(ctx.db, institution, parsed, kept, outcome, senderField ? parsed.header?.[senderField] : undefined);
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

  const refuse = async (rejection: Rejection): Promise<InboundOutcome> => {
    const outcome = errorOutcome(message.kind, rejection, answer(rejection));
    await recordInbound(ctx.db, institution, parsed, kept, outcome, message.header[addressing.sender]);
    return { ...outcome, institutionCode: institution.code };
  };
  // Partner verification: only agencies the institution has a partner record for may write to it.
  const senderId: AgencyId | undefined = message.header[addressing.sender];
  const partner = senderId && (await findPartnerBySymbol(ctx.db, institution.id, agencyKey(senderId)));
  if (!senderId || !partner) {
    const problem = senderId ? `${describe(senderId)} is not a partner of ${institution.code}` : '(missing)';
    return refuse({ type: 'UnrecognisedDataValue', value: `header/${addressing.sender}: ${problem}` });
  }
  const refused = senderProblem({
    institutionCode: institution.code,
    partner,
    credentials: await findPartnerCredentials(ctx.db, partner.id),
    message,
    authorization: transport.authorization,
  });
  if (refused) return refuse({ type: 'UnrecognisedDataValue', value: `${refused.field}: ${refused.problem}` });

  const overlong = overlongIdentifier(message.header, (key) => /RequestId$|^agencyIdValue$/.test(key));
  if (overlong) return refuse({ type: 'UnrecognisedDataValue', value: `header/${overlong.path} is ${overlong.length} characters long; identifiers are at most ${MAX_IDENTIFIER_LENGTH}` });

  const understood = normaliseInbound(partner.system_type, message);
  const delivery = {
    ctx,
    institution,
    partner,
    parsed: { ...parsed, message: understood },
    body: kept,
    bodySha256: sha256(kept),
    receivedAt,
    answer,
  };
  switch (understood.kind) {
    case 'request':
      return receiveRequest({ ...delivery, message: understood });
    case 'requestingAgencyMessage':
      return receiveRequestingAgencyMessage({ ...delivery, message: understood });
    case 'supplyingAgencyMessage':
      return receiveSupplyingAgencyMessage({ ...delivery, message: understood } satisfies Delivery<typeof understood>);
  }
}

/**
 * Parses `body`; when our codec refuses it, the sender's interop profile may know why (Alma's
 * empty status) and make it readable. The sender is looked up from the header the parser could
 * still read; it is verified like any other afterwards.
 */
async function readWithSenderRepairs(db: Db, body: string): Promise<ParseOutcome> {
  const parsed = parseIso18626(body);
  if (parsed.ok || parsed.issue.type === 'BadlyFormedMessage') return parsed;
  const institution = await addressee(db, parsed.kind, parsed.header);
  const senderField = addressingOf(parsed.kind)?.sender;
  const sender: Partial<AgencyId> | undefined = senderField && parsed.header?.[senderField];
  if (!institution || !sender?.agencyIdType?.value || !sender.agencyIdValue) return parsed;
  const partner = await findPartnerBySymbol(db, institution.id, { idType: sender.agencyIdType.value, idValue: sender.agencyIdValue });
  const repaired = partner && repairInbound(partner.system_type, body, parsed.issue);
  if (!repaired) return parsed;
  const reparsed = parseIso18626(repaired);
  return reparsed.ok ? reparsed : parsed;
}

async function addressee(db: Db, kind: MessageKind | undefined, header: Partial<Header> | undefined): Promise<Institution | undefined> {
  const field = addressingOf(kind)?.receiver;
  const id: Partial<AgencyId> | undefined = field && header?.[field];
  if (!id?.agencyIdType?.value || !id.agencyIdValue) return undefined;
  return findInstitutionBySymbol(db, { idType: id.agencyIdType.value, idValue: id.agencyIdValue });
}
