import type { BrokerServiceType } from '../../../domain/broker/lendingRequestItem.js';
import type { BibliographicInfo } from '../../../protocols/iso18626/index.js';
import type { Db } from '../../../store/database.js';
import { primarySymbol } from '../../../store/institutionRepository.js';
import { insertLendingRequestIfNew } from '../../../store/lendingRequestRepository.js';
import { appendRequestEvent } from '../../../store/requestEventRepository.js';
import { nextRequestNumber } from '../../../store/requestNumbers.js';
import { clipHeadline } from '../../iso18626/citationMapping.js';
import type { Institution, LendingRequest, Partner } from '../../../store/schema.js';

export interface BrokerLendingOpening {
  brokerRequestId: string;
  /** The borrowing institution the broker names (UserId): kept in terms, shown to staff. */
  borrower: string | undefined;
  serviceType: BrokerServiceType;
  bibliographicInfo: BibliographicInfo;
  /** Title and author staff see: the broker's, else our catalogue record's. */
  headline: { title: string | null; author: string | null };
  /** The NCIP message that opened it (RequestItem or CheckOutItem). */
  openedBy: string;
  /** NCIP RequestType / RequestScopeType as the broker sent them, echoed in answers. */
  ncip?: Record<string, string>;
}

/** Who the history names for what a broker told us. */
export function brokerActor(partner: Partner): string {
  return `ncip:${partner.id_type}:${partner.id_value}`;
}

/**
 * A broker-managed lending request in "Created", in the caller's transaction: the broker is the
 * partner and the requesting agency (its RequestId is the transaction's id on both), our own
 * request number as supplying agency id, as the ISO 18626 path makes them. Undefined when a
 * concurrent delivery of the same RequestId created it first.
 */
export async function openBrokerLendingRequest(
  trx: Db,
  institution: Institution,
  partner: Partner,
  opening: BrokerLendingOpening,
  now: Date,
): Promise<LendingRequest | undefined> {
  const us = await primarySymbol(trx, institution.id);
  const created = await insertLendingRequestIfNew(trx, {
    institution_id: institution.id,
    partner_id: partner.id,
    status: 'created',
    managed_by: 'broker',
    broker_request_id: opening.brokerRequestId,
    requesting_agency_id_type: partner.id_type,
    requesting_agency_id_value: partner.id_value,
    requesting_agency_request_id: opening.brokerRequestId,
    supplying_agency_id_type: us.idType,
    supplying_agency_id_value: us.idValue,
    supplying_agency_request_id: `${institution.code}-${await nextRequestNumber(trx)}`,
    protocol_version: 'ncip-2.02',
    service_type: opening.serviceType,
    title: clipHeadline(opening.headline.title),
    author: clipHeadline(opening.headline.author),
    citation: JSON.stringify({ bibliographicInfo: opening.bibliographicInfo, ...(opening.ncip ? { ncip: opening.ncip } : {}) }),
    terms: JSON.stringify(opening.borrower ? { borrower: opening.borrower } : {}),
  });
  if (!created) return undefined;
  await appendRequestEvent(trx, {
    institutionId: institution.id,
    requestKind: 'lending',
    requestId: created.id,
    actor: brokerActor(partner),
    event: 'broker:Request',
    fromStatus: null,
    toStatus: 'created',
    note: `${opening.openedBy} ${opening.brokerRequestId} from broker ${partner.code}${opening.borrower ? ` for ${opening.borrower}` : ''}`,
    at: now,
  });
  return created;
}
