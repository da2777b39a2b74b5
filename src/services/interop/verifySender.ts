import type { Partner, PartnerCredentials } from '../../store/schema.js';
import type { AddressedMessage } from '../inbound/delivery.js';
import { matchesSecret, sameText } from './credentials.js';

/** What we know about who sent a message: the partner record its header names, and the HTTP layer. */
export interface SenderEvidence {
  institutionCode: string;
  partner: Partner;
  credentials: PartnerCredentials | undefined;
  message: AddressedMessage;
  /** The HTTP Authorization header; undefined in-process, where there is no HTTP. */
  authorization: string | undefined;
}

/** A refusal: where in the message it lies, and why, without any secret. */
export interface SenderProblem {
  field: string;
  problem: string;
}

/**
 * Whether a partner may send this message. Rules:
 * - direction: requests and requestingAgencyMessages come from a partner that borrows from us
 *   (supportsBorrowing), supplyingAgencyMessages from one that lends to us (supportsLending);
 *   the direction is the nature of the partnership, so it holds for every message;
 * - status: only an active partner may open a new request; messages about requests already
 *   under way are still accepted from a partner made inactive later, so loans can finish;
 * - credentials: requestingAgencyAuthentication is the requesting agency's, so it is required on
 *   requests and requestingAgencyMessages (the headers that carry it in every version); HTTP
 *   credentials are required on every message that comes over HTTP.
 */
export function senderProblem(evidence: SenderEvidence): SenderProblem | undefined {
  const { partner, message, institutionCode } = evidence;
  const who = `${partner.id_type}:${partner.id_value}`;
  const senderField = message.kind === 'supplyingAgencyMessage' ? 'header/supplyingAgencyId' : 'header/requestingAgencyId';
  if (message.kind === 'supplyingAgencyMessage' ? !partner.supports_lending : !partner.supports_borrowing) {
    const role = message.kind === 'supplyingAgencyMessage' ? 'lend to' : 'borrow from';
    return { field: senderField, problem: `${who} does not ${role} ${institutionCode}` };
  }
  if (message.kind === 'request' && !partner.active) {
    return { field: senderField, problem: `${who} is not an active partner of ${institutionCode}` };
  }
  return headerCredentialsProblem(evidence) ?? httpCredentialsProblem(evidence);
}

function headerCredentialsProblem({ partner, credentials, message }: SenderEvidence): SenderProblem | undefined {
  if (!credentials?.inbound_account_id || !credentials.inbound_security_code_hash || message.kind === 'supplyingAgencyMessage') return undefined;
  const field = 'header/requestingAgencyAuthentication';
  const presented = message.header.requestingAgencyAuthentication;
  if (!presented?.accountId || !presented.securityCode) {
    return { field, problem: `${partner.code} must authenticate with accountId and securityCode` };
  }
  // Both compared, whatever the first says, so timing tells nothing about which one failed.
  const account = sameText(presented.accountId, credentials.inbound_account_id);
  const code = matchesSecret(presented.securityCode, credentials.inbound_security_code_hash);
  return account && code ? undefined : { field, problem: `accountId and securityCode not accepted for ${partner.code}` };
}

function httpCredentialsProblem({ partner, credentials, authorization }: SenderEvidence): SenderProblem | undefined {
  const problem = httpCredentialsRefusal(partner.code, credentials, authorization);
  return problem === undefined ? undefined : { field: 'HTTP Authorization', problem };
}

/** Why the HTTP Authorization a partner presented is not accepted; undefined when it is, or none is required. Shared by ISO 18626 and NCIP. */
export function httpCredentialsRefusal(partnerCode: string, credentials: PartnerCredentials | undefined, authorization: string | undefined): string | undefined {
  const scheme = credentials?.inbound_http_scheme;
  const hash = credentials?.inbound_http_secret_hash;
  if (!scheme || !hash) return undefined;
  const presented = readAuthorization(authorization);
  if (!presented || presented.scheme !== scheme) return `${partnerCode} must authenticate with HTTP ${scheme} credentials`;
  // Both compared, whatever the first says, so timing tells nothing about which one failed.
  const user = scheme === 'basic' ? sameText(presented.username ?? '', credentials.inbound_http_username ?? '') : true;
  const secret = matchesSecret(presented.secret, hash);
  return user && secret ? undefined : `HTTP ${scheme} credentials not accepted for ${partnerCode}`;
}

function readAuthorization(header: string | undefined): { scheme: 'bearer' | 'basic'; username?: string; secret: string } | undefined {
  const match = header ? /^(Bearer|Basic)\s+(\S+)\s*$/i.exec(header) : null;
  if (!match) return undefined;
  const value = match[2] as string;
  if ((match[1] as string).toLowerCase() === 'bearer') return { scheme: 'bearer', secret: value };
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { scheme: 'basic', username: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}
