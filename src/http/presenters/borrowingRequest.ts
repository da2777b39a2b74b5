import { borrowingStates, type BorrowingStatus } from '../../domain/borrowing/table.js';
import { allowedBorrowingActions } from '../../services/borrowing/performBorrowingAction.js';
import type { BorrowingConfiguration } from '../../services/settings/decisionConfiguration.js';
import type { RotaEntryWithPartner } from '../../store/borrowingRequestRepository.js';
import type { BorrowingRequest, Hold, ProtocolMessage, RequestEvent } from '../../store/schema.js';
import { presentHistory, presentMessages } from './history.js';
import type { LatestLocateOutcome } from '../../services/locate/borrowingLocateEvidence.js';

/** The rota entry's latest locate outcome; the evidence itself is under /locate-results. */
function presentLatestLocate(latest: LatestLocateOutcome | undefined) {
  return latest ? { outcome: latest.outcome, label: latest.label, at: latest.at.toISOString() } : null;
}

export function presentBorrowingSummary(request: BorrowingRequest) {
  return {
    id: request.id,
    number: request.request_number,
    status: request.status,
    statusLabel: borrowingStates[request.status as BorrowingStatus]?.label ?? request.status,
    title: request.title,
    author: request.author,
    patronId: request.patron_id,
    format: request.format,
    serviceType: request.service_type,
    dueDate: request.due_date?.toISOString() ?? null,
    needsAttention: request.needs_attention,
    managedBy: request.managed_by,
    version: request.version,
    createdAt: request.created_at.toISOString(),
    updatedAt: request.updated_at.toISOString(),
  };
}

export function presentBorrowingRequest(
  request: BorrowingRequest,
  rota: readonly RotaEntryWithPartner[],
  events: readonly RequestEvent[],
  messages: readonly ProtocolMessage[],
  configuration: BorrowingConfiguration,
  hold: Pick<Hold, 'status' | 'pickup_location'> | undefined,
  locateOutcomes: ReadonlyMap<string, LatestLocateOutcome> = new Map(),
) {
  return {
    ...presentBorrowingSummary(request),
    allowedActions: allowedBorrowingActions(request, rota, configuration, hold),
    pickupLocation: request.pickup_location,
    neededBefore: request.needed_before?.toISOString() ?? null,
    citation: request.citation,
    terms: request.terms,
    // A broker-managed request is known to the broker by these ids (its NCIP messages name them).
    broker: request.managed_by === 'broker' ? { requestId: request.broker_request_id, itemId: request.broker_item_id } : null,
    rota: rota.map((entry) => ({
      position: entry.position,
      partner: { code: entry.partner_code, name: entry.partner_name, symbol: `${entry.partner_id_type}:${entry.partner_id_value}`, active: entry.partner_active },
      status: entry.status,
      reason: entry.reason,
      supplyingAgencyRequestId: entry.supplying_agency_request_id,
      sentAt: entry.sent_at?.toISOString() ?? null,
      expiresAt: entry.expires_at?.toISOString() ?? null,
      locate: presentLatestLocate(locateOutcomes.get(entry.id)),
    })),
    history: presentHistory(events, borrowingStates),
    messages: presentMessages(messages),
  };
}
