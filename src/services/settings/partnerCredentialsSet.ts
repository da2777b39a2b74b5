import type { Db } from '../../store/database.js';
import { findPartnerCredentials } from '../../store/partnerCredentialsRepository.js';

/**
 * Which of a partner's credentials are stored, as booleans only: never a secret, its hash or a
 * name, so the configuration form can say "set" / "not set" without anything worth stealing.
 * Left out when the partner has none (like every unset field of a partner view), and ignored
 * when sent back with a partner (see `withoutReadOnly`).
 */
export interface CredentialsSet {
  inboundAgencyAuthentication: boolean;
  inboundHttp: boolean;
  outboundAgencyAuthentication: boolean;
  outboundHttp: boolean;
}

export async function partnerCredentialsSet(db: Db, partnerId: string): Promise<{ credentialsSet?: CredentialsSet }> {
  const row = await findPartnerCredentials(db, partnerId);
  if (!row) return {};
  return {
    credentialsSet: {
      inboundAgencyAuthentication: row.inbound_security_code_hash !== null,
      inboundHttp: row.inbound_http_secret_hash !== null,
      outboundAgencyAuthentication: row.outbound_security_code !== null,
      outboundHttp: row.outbound_http_secret !== null,
    },
  };
}

/** A partner body as read may be sent back: the read-only `credentialsSet` is dropped, not refused. */
export function withoutReadOnly(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body) || !('credentialsSet' in body)) return body;
  const { credentialsSet: _ignored, ...rest } = body as Record<string, unknown>;
  return rest;
}
