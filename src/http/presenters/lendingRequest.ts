import { lendingStates, type LendingStatus } from '../../domain/lending/table.js';
import type { OptionalStep } from '../../domain/stateMachine.js';
import { allowedLendingActions } from '../../services/lending/performLendingAction.js';
import type { LendingRequest, LocateResult, Partner, PickRequest, ProtocolMessage, RequestEvent } from '../../store/schema.js';
import { presentHistory, presentMessages } from './history.js';
import { presentPick } from './pickRequest.js';

export function presentLendingSummary(request: LendingRequest) {
  return {
    id: request.id,
    number: request.supplying_agency_request_id,
    requesterRequestId: request.requesting_agency_request_id,
    requester: `${request.requesting_agency_id_type}:${request.requesting_agency_id_value}`,
    status: request.status,
    statusLabel: lendingStates[request.status as LendingStatus]?.label ?? request.status,
    title: request.title,
    author: request.author,
    serviceType: request.service_type,
    /** 'broker': the broker's NCIP messages drive the request; staff only recall, mark overdue and check in. */
    managedBy: request.managed_by,
    brokerRequestId: request.broker_request_id,
    brokerItemId: request.broker_item_id,
    dueDate: request.due_date?.toISOString() ?? null,
    cancelRequested: request.cancel_requested,
    needsAttention: request.needs_attention,
    version: request.version,
    createdAt: request.created_at.toISOString(),
    updatedAt: request.updated_at.toISOString(),
  };
}

export function presentLendingRequest(
  request: LendingRequest,
  partner: Partner | undefined,
  events: readonly RequestEvent[],
  messages: readonly ProtocolMessage[],
  steps: ReadonlySet<OptionalStep> | undefined,
  locate: { evidence: readonly LocateResult[]; picks: readonly PickRequest[] } = { evidence: [], picks: [] },
) {
  return {
    ...presentLendingSummary(request),
    allowedActions: allowedLendingActions(request, steps),
    partner: partner ? { code: partner.code, name: partner.name, symbol: `${partner.id_type}:${partner.id_value}` } : null,
    protocolVersion: request.protocol_version,
    citation: request.citation,
    terms: request.terms,
    /** The borrowing institution a broker named (UserId): who has our item. */
    borrower: typeof request.terms['borrower'] === 'string' ? request.terms['borrower'] : null,
    history: presentHistory(events, lendingStates),
    messages: presentMessages(messages),
    locate: locate.evidence.map(presentLocateEvidence),
    picks: locate.picks.map(presentPick),
  };
}

/** One search of our own catalogue: what was asked, what it found, every item's availability. */
function presentLocateEvidence(result: LocateResult) {
  return {
    at: result.at.toISOString(),
    target: result.target,
    query: result.query,
    outcome: result.outcome,
    hits: result.hits,
    recordIds: result.record_ids,
    availability: result.availability,
    detail: result.detail,
    durationMs: result.duration_ms,
  };
}
