import { decide, type Decision, type OptionalStep } from '../../domain/stateMachine.js';
import { brokerLendingTable } from '../../domain/lending/brokerTable.js';
import {
  isoStatusOfLending,
  lendingStates,
  lendingTable,
  type LendingEffect,
  type LendingEvent,
  type LendingFact,
  type LendingStatus,
} from '../../domain/lending/table.js';
import type { MessageInfo } from '../../protocols/iso18626/index.js';
import type { Db } from '../../store/database.js';
import { findPartner } from '../../store/partnerRepository.js';
import { updateLendingRequest } from '../../store/lendingRequestRepository.js';
import { cancelOpenPicks } from '../../store/pickRequestRepository.js';
import { appendRequestEvent } from '../../store/requestEventRepository.js';
import type { LendingRequest, LendingRequestTable } from '../../store/schema.js';
import type { ActionInput } from '../actionInput.js';
import { lendingSteps } from '../settings/decisionConfiguration.js';
import { enqueueIso18626, supplyingAgencyMessage } from '../iso18626/outbound.js';
import type { Iso18626Version } from '../../protocols/iso18626/index.js';
import type { Updateable } from 'kysely';
import { lendItem, returnLentItem } from '../circulation/lentItem.js';
import { isLendingCirculationEffect } from '../../domain/circulation/ilsCalls.js';
import { ilsForLendingEffects, lendingEffectInIls } from '../ncip/client/ilsCirculationEffects.js';

export type LendingDecision = Decision<LendingStatus, LendingEvent, LendingFact, LendingEffect>;

export interface AppliedLendingEvent {
  ok: true;
  request: LendingRequest;
  decision: LendingDecision & { ok: true };
}

export function lendingFacts(request: LendingRequest, input: Pick<ActionInput, 'approve'>): Partial<Record<LendingFact, boolean>> {
  return { answerYes: input.approve === true, cancelRequested: request.cancel_requested, isCopy: request.service_type === 'Copy' };
}

/** A broker-managed request follows the broker table; every other one the ISO 18626 table. */
export function lendingTableFor(request: Pick<LendingRequest, 'managed_by'>) {
  return request.managed_by === 'broker' ? brokerLendingTable : lendingTable;
}

/** `steps`: the borrowing partner's lending workflow profile (undefined = every step on). */
export function decideLending(
  request: LendingRequest,
  event: LendingEvent,
  input: Pick<ActionInput, 'approve'>,
  steps: ReadonlySet<OptionalStep> | undefined,
): LendingDecision {
  return decide(lendingTableFor(request), request.status as LendingStatus, event, { facts: lendingFacts(request, input), steps });
}

/**
 * Applies one event to a lending request the caller has locked, inside the caller's
 * transaction: new status, history, and any message to the borrower in the outbox.
 * Returns the refusal instead when the table does not allow the event now.
 */
export async function applyLendingEvent(
  trx: Db,
  request: LendingRequest,
  event: LendingEvent,
  input: ActionInput,
  now: Date,
): Promise<AppliedLendingEvent | (LendingDecision & { ok: false })> {
  const decision = decideLending(request, event, input, await lendingSteps(trx, request.institution_id, request.partner_id));
  if (!decision.ok) return decision;

  const changes: Updateable<LendingRequestTable> = { status: decision.to };
  let dueDate = request.due_date;
  const notes: string[] = [];
  // Circulation mode `ncip`: the ILS keeps the items, so the built-in circulation effects do not run.
  const ils = await ilsForLendingEffects(trx, request.institution_id, decision.effects);
  for (const effect of decision.effects) {
    if (ils && isLendingCirculationEffect(effect.kind)) {
      notes.push(lendingEffectInIls(event, effect.kind));
      continue;
    }
    switch (effect.kind) {
      case 'record-terms':
        if (input.dueDate) {
          // Whole seconds: what ISO 18626 carries, so both sides hold the same due date.
          dueDate = new Date(Math.floor(input.dueDate.getTime() / 1000) * 1000);
          changes.due_date = dueDate;
        }
        changes.terms = JSON.stringify({
          ...request.terms,
          ...(input.note && event === 'conditional' ? { conditions: input.note } : {}),
          ...(input.replyBy ? { replyBy: input.replyBy.toISOString() } : {}),
          ...(input.barcode ? { barcode: input.barcode } : {}),
          ...(input.url ? { url: input.url } : {}),
        });
        break;
      case 'flag-cancel-requested':
        changes.cancel_requested = true;
        break;
      case 'clear-cancel-requested':
        changes.cancel_requested = false;
        break;
      case 'lend-item':
        notes.push(await lendItem(trx, request, input.barcode));
        break;
      case 'return-lent-item': {
        const returned = await returnLentItem(trx, request);
        if (returned) notes.push(returned);
        break;
      }
      case 'tell-borrower':
        await tellBorrower(trx, request, effect, decision.to, input, dueDate, now);
        break;
    }
  }
  const updated = await updateLendingRequest(trx, request, changes, now);
  // A request that ended needs nothing fetched from the shelf any more.
  if ('terminal' in lendingStates[decision.to]) await cancelOpenPicks(trx, request.institution_id, request.id, now);
  await appendRequestEvent(trx, {
    institutionId: request.institution_id,
    requestKind: 'lending',
    requestId: request.id,
    actor: input.actor,
    event,
    fromStatus: request.status,
    toStatus: decision.to,
    note: [[decision.transition.note, input.note].filter(Boolean).join(': '), ...notes].filter(Boolean).join('; ') || null,
    at: now,
  });
  return { ok: true, request: updated, decision };
}

async function tellBorrower(
  trx: Db,
  request: LendingRequest,
  effect: Extract<LendingEffect, { kind: 'tell-borrower' }>,
  to: LendingStatus,
  input: ActionInput,
  dueDate: Date | null,
  now: Date,
): Promise<void> {
  if (!request.partner_id) throw new Error(`lending request ${request.id} has no borrowing partner to answer`);
  const partner = await findPartner(trx, request.institution_id, request.partner_id);
  if (!partner) throw new Error(`partner ${request.partner_id} of lending request ${request.id} is gone`);
  const status = effect.status ?? isoStatusOfLending[to];
  const note = [input.note, input.url].filter(Boolean).join(' ') || undefined;
  const messageInfo: MessageInfo = {
    reasonForMessage: effect.reason,
    ...(effect.answer ? { answerYesNo: effect.answer } : {}),
    ...(note ? { note } : {}),
    ...(status === 'Unfilled' ? { reasonUnfilled: { value: input.reason ?? 'NotAvailableForILL' } } : {}),
    ...(status === 'RetryPossible' ? { reasonRetry: { value: input.reason ?? 'LoanCondition' } } : {}),
  };
  const message = supplyingAgencyMessage({
    us: { idType: request.supplying_agency_id_type, idValue: request.supplying_agency_id_value },
    borrower: { idType: request.requesting_agency_id_type, idValue: request.requesting_agency_id_value },
    requestingAgencyRequestId: request.requesting_agency_request_id,
    supplyingAgencyRequestId: request.supplying_agency_request_id,
    messageInfo,
    status,
    dueDate: status === 'Loaned' || status === 'Recalled' ? dueDate : undefined,
    itemId: input.barcode,
    now,
  });
  await enqueueIso18626(
    trx,
    { institutionId: request.institution_id, requestKind: 'lending', requestId: request.id },
    { symbol: { idType: partner.id_type, idValue: partner.id_value }, endpointUrl: partner.endpoint_url },
    message,
    `${effect.reason} ${status}${effect.answer ? ` ${effect.answer}` : ''}`,
    request.protocol_version as Iso18626Version,
  );
}
