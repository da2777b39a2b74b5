import type { PrepareDelivery } from '../../outbox/index.js';
import { buildIso18626, parseIso18626, type RequestingAgencyAuthentication } from '../../protocols/iso18626/index.js';
import type { Db } from '../../store/database.js';
import { findPartnerCredentials } from '../../store/partnerCredentialsRepository.js';
import { findPartnerBySymbol } from '../../store/partnerRepository.js';
import { outboundAuthorization, outboundHeaderAuthentication } from './credentials.js';
import { INTEROP_PROFILES, shapeOutbound } from './profiles.js';
import type { SystemType } from './systemTypes.js';

/**
 * The outbox's last step before the wire: looks up the recipient partner of the sending
 * institution, shapes the stored message for the partner's system and adds the credentials
 * it requires (header requestingAgencyAuthentication on requests and requestingAgencyMessages,
 * HTTP Authorization on everything sent over HTTP). Runs outside any transaction.
 */
export function prepareIso18626Delivery(db: Db): PrepareDelivery {
  return async (row) => {
    if (row.recipient_id_type === null || row.recipient_id_value === null) return { body: row.body, headers: {} };
    const partner = await findPartnerBySymbol(db, row.institution_id, { idType: row.recipient_id_type, idValue: row.recipient_id_value });
    if (!partner) return { body: row.body, headers: {} };
    const credentials = await findPartnerCredentials(db, partner.id);
    const authorization = outboundAuthorization(credentials);
    const headers: Record<string, string> = authorization ? { authorization } : {};
    return { body: shapeForPartner(row.body, partner.system_type, outboundHeaderAuthentication(credentials)), headers };
  };
}

/** The stored XML as this partner should get it; unchanged when nothing applies. */
export function shapeForPartner(xml: string, systemType: SystemType, authentication: RequestingAgencyAuthentication | undefined): string {
  if (INTEROP_PROFILES[systemType].outbound.length === 0 && !authentication) return xml;
  const parsed = parseIso18626(xml);
  if (!parsed.ok || !('header' in parsed.message)) return xml;
  const message = shapeOutbound(systemType, parsed.message);
  // The requesting agency's authentication: a supplyingAgencyMessage header has no place for it in 2021.
  if (authentication && message.kind !== 'supplyingAgencyMessage') message.header = { ...message.header, requestingAgencyAuthentication: authentication };
  return buildIso18626(message, parsed.version);
}
