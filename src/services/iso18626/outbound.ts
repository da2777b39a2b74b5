import type {
  AgencyId,
  Iso18626Message,
  Iso18626Version,
  MessageInfo,
  RequestingAgencyMessage,
  RequestMessage,
  Status,
  SupplyingAgencyMessage,
} from '../../protocols/iso18626/index.js';
import { buildIso18626 } from '../../protocols/iso18626/index.js';
import type { Citation } from '../../domain/citation.js';
import { enqueueMessage } from '../../outbox/enqueue.js';
import type { Db } from '../../store/database.js';
import type { AgencyKey } from '../../store/institutionRepository.js';
import type { RequestKind } from '../../store/schema.js';
import { isoDateTime } from '../context.js';
import { toIso18626 } from './citationMapping.js';

/** Version we write to partners that have not told us theirs. */
export const DEFAULT_OUTBOUND_VERSION: Iso18626Version = '1.2';

export function agencyId(key: AgencyKey): AgencyId {
  return { agencyIdType: { value: key.idType }, agencyIdValue: key.idValue };
}

export interface Recipient {
  symbol: AgencyKey;
  /** Null: an institution of this deployment, delivered in-process. */
  endpointUrl: string | null;
}

/** Serialises a message and puts it in the outbox inside the caller's transaction. */
export async function enqueueIso18626(
  trx: Db,
  from: { institutionId: string; requestKind: RequestKind; requestId: string },
  to: Recipient,
  message: Iso18626Message,
  summary: string,
  version: Iso18626Version,
): Promise<void> {
  await enqueueMessage(trx, {
    institutionId: from.institutionId,
    requestKind: from.requestKind,
    requestId: from.requestId,
    messageKind: message.kind,
    summary,
    recipient: to.symbol,
    endpointUrl: to.endpointUrl,
    body: buildIso18626(message, version),
  });
}

export function newRequestMessage(input: {
  us: AgencyKey;
  partner: AgencyKey;
  requestNumber: string;
  citation: Citation;
  serviceType: 'loan' | 'copy';
  neededBefore: Date | null;
  note?: string | undefined;
  now: Date;
}): RequestMessage {
  return {
    kind: 'request',
    header: {
      supplyingAgencyId: agencyId(input.partner),
      requestingAgencyId: agencyId(input.us),
      timestamp: isoDateTime(input.now),
      requestingAgencyRequestId: input.requestNumber,
    },
    ...toIso18626(input.citation),
    serviceInfo: {
      requestType: 'New',
      serviceType: input.serviceType === 'copy' ? 'Copy' : 'Loan',
      ...(input.neededBefore ? { needBeforeDate: isoDateTime(input.neededBefore) } : {}),
      ...(input.note ? { note: input.note } : {}),
    },
  };
}

export function requestingAgencyMessage(input: {
  us: AgencyKey;
  partner: AgencyKey;
  requestNumber: string;
  supplyingAgencyRequestId: string | null;
  action: RequestingAgencyMessage['action'];
  note?: string | undefined;
  now: Date;
}): RequestingAgencyMessage {
  return {
    kind: 'requestingAgencyMessage',
    header: {
      supplyingAgencyId: agencyId(input.partner),
      requestingAgencyId: agencyId(input.us),
      timestamp: isoDateTime(input.now),
      requestingAgencyRequestId: input.requestNumber,
      ...(input.supplyingAgencyRequestId ? { supplyingAgencyRequestId: input.supplyingAgencyRequestId } : {}),
    },
    action: input.action,
    ...(input.note ? { note: input.note } : {}),
  };
}

export function supplyingAgencyMessage(input: {
  us: AgencyKey;
  borrower: AgencyKey;
  requestingAgencyRequestId: string;
  supplyingAgencyRequestId: string;
  messageInfo: MessageInfo;
  status: Status;
  dueDate?: Date | null | undefined;
  itemId?: string | undefined;
  now: Date;
}): SupplyingAgencyMessage {
  const shipped = input.status === 'Loaned' || input.status === 'CopyCompleted';
  return {
    kind: 'supplyingAgencyMessage',
    header: {
      supplyingAgencyId: agencyId(input.us),
      requestingAgencyId: agencyId(input.borrower),
      timestamp: isoDateTime(input.now),
      requestingAgencyRequestId: input.requestingAgencyRequestId,
      supplyingAgencyRequestId: input.supplyingAgencyRequestId,
    },
    messageInfo: input.messageInfo,
    statusInfo: {
      status: input.status,
      lastChange: isoDateTime(input.now),
      ...(input.dueDate ? { dueDate: isoDateTime(input.dueDate) } : {}),
    },
    ...(shipped && input.messageInfo.reasonForMessage !== 'StatusRequestResponse'
      ? { deliveryInfo: { dateSent: isoDateTime(input.now), ...(input.itemId ? { itemId: [input.itemId] } : {}) } }
      : {}),
  };
}
