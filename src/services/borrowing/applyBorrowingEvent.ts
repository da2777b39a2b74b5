import type { Updateable } from 'kysely';
import { brokerBorrowingTable } from '../../domain/borrowing/brokerTable.js';
import {
  borrowingTable,
  type BorrowingEffect,
  type BorrowingEvent,
  type BorrowingFact,
  type BorrowingStatus,
} from '../../domain/borrowing/table.js';
import type { Citation } from '../../domain/citation.js';
import type { Status } from '../../protocols/iso18626/index.js';
import { decide, type Decision } from '../../domain/stateMachine.js';
import type { Db } from '../../store/database.js';
import { primarySymbol } from '../../store/institutionRepository.js';
import {
  listRotaEntries,
  updateBorrowingRequest,
  updateRotaEntry,
  type RotaEntryWithPartner,
} from '../../store/borrowingRequestRepository.js';
import { appendRequestEvent } from '../../store/requestEventRepository.js';
import type { BorrowingRequest, BorrowingRequestTable } from '../../store/schema.js';
import type { ActionInput } from '../actionInput.js';
import { DEFAULT_OUTBOUND_VERSION, enqueueIso18626, newRequestMessage, requestingAgencyMessage } from '../iso18626/outbound.js';
import { expiryFor } from '../../domain/rota/expiry.js';
import { borrowingConfiguration, type BorrowingConfiguration } from '../settings/decisionConfiguration.js';
import { enqueueLocateJob } from '../locate/enqueueLocateJob.js';
import * as circulation from '../circulation/borrowedItem.js';
import { enqueuePatronNotice } from '../notices/enqueuePatronNotice.js';
import { isBorrowingCirculationEffect } from '../../domain/circulation/ilsCalls.js';
import { borrowingEffectInIls, ilsForBorrowingEffects } from '../ncip/client/ilsCirculationEffects.js';

export type BorrowingDecision = Decision<BorrowingStatus, BorrowingEvent, BorrowingFact, BorrowingEffect>;

export interface AppliedBorrowingEvent {
  ok: true;
  request: BorrowingRequest;
  decision: BorrowingDecision & { ok: true };
}

/** Terms a lender sent with its message, kept on the request. */
export interface LenderTerms {
  dueDate?: Date | undefined;
  conditions?: string | undefined;
  itemId?: string | undefined;
  reason?: string | undefined;
}

/** The rota entry whose partner currently holds the request: the last one sent to. */
export function currentEntry(rota: readonly RotaEntryWithPartner[]): RotaEntryWithPartner | undefined {
  return [...rota].reverse().find((entry) => entry.status === 'sent' || entry.status === 'supplying');
}

function nextEntry(rota: readonly RotaEntryWithPartner[]): RotaEntryWithPartner | undefined {
  return rota.find((entry) => entry.status === 'pending' && entry.partner_active && entry.partner_supports_lending);
}

/** Facts only the caller knows (what a broker's message says about the item). */
export type MessageFacts = Partial<Record<Extract<BorrowingFact, 'digital' | 'automaticReceive'>, boolean>>;

export function borrowingFacts(
  rota: readonly RotaEntryWithPartner[],
  configuration: BorrowingConfiguration,
  lenderStatus?: Status,
  messageFacts: MessageFacts = {},
): Partial<Record<BorrowingFact, boolean>> {
  return {
    hasNextPartner: nextEntry(rota) !== undefined,
    cancelOnLocateFailure: configuration.cancelOnLocateFailure,
    lenderWillSupply: lenderStatus === 'WillSupply',
    lenderExpectsToSupply: lenderStatus === 'ExpectToSupply',
    ...messageFacts,
  };
}

/** A broker-managed request follows the broker table; every other one the rota table. */
export function borrowingTableFor(request: Pick<BorrowingRequest, 'managed_by'>) {
  return request.managed_by === 'broker' ? brokerBorrowingTable : borrowingTable;
}

/**
 * Whose borrowing workflow profile applies: the current lender's; before anything was sent,
 * that of the partner `send` goes to.
 */
export function partnerConcerned(rota: readonly RotaEntryWithPartner[]): RotaEntryWithPartner | undefined {
  return currentEntry(rota) ?? nextEntry(rota);
}

/** The library settings and the partner's workflow profile, as they apply to this request now. */
export async function loadBorrowingConfiguration(db: Db, request: BorrowingRequest, rota: readonly RotaEntryWithPartner[], now: Date): Promise<BorrowingConfiguration> {
  return borrowingConfiguration(db, request.institution_id, partnerConcerned(rota)?.partner_id, now);
}

export function decideBorrowing(
  request: BorrowingRequest,
  rota: readonly RotaEntryWithPartner[],
  event: BorrowingEvent,
  configuration: BorrowingConfiguration,
  lenderStatus?: Status,
  messageFacts?: MessageFacts,
): BorrowingDecision {
  // A library temporarily inactive for borrowing keeps its requests where they are.
  if (event === 'send' && configuration.sendingHeld) return { ok: false, from: request.status as BorrowingStatus, reason: configuration.sendingHeld };
  return decide(borrowingTableFor(request), request.status as BorrowingStatus, event, {
    facts: borrowingFacts(rota, configuration, lenderStatus, messageFacts),
    steps: configuration.steps,
  });
}

/**
 * Applies one event to a borrowing request the caller has locked, inside the caller's
 * transaction: rota changes, new status, history, and messages to lenders in the outbox.
 */
export async function applyBorrowingEvent(
  trx: Db,
  request: BorrowingRequest,
  event: BorrowingEvent,
  input: ActionInput & { terms?: LenderTerms; lenderStatus?: Status; sendWhenFound?: boolean; messageFacts?: MessageFacts },
  now: Date,
): Promise<AppliedBorrowingEvent | (BorrowingDecision & { ok: false })> {
  const rota = await listRotaEntries(trx, request.institution_id, request.id);
  const decision = decideBorrowing(request, rota, event, await loadBorrowingConfiguration(trx, request, rota, now), input.lenderStatus, input.messageFacts);
  if (!decision.ok) return decision;

  const changes: Updateable<BorrowingRequestTable> = { status: decision.to };
  const notes: string[] = [];
  const setEntry = async (entry: RotaEntryWithPartner, patch: Partial<Pick<RotaEntryWithPartner, 'status' | 'reason' | 'sent_at' | 'expires_at'>>): Promise<void> => {
    Object.assign(entry, patch);
    await updateRotaEntry(trx, entry, patch, now);
  };
  // A partner that does not lend is never sent a request: its entry says why it was passed over.
  for (const entry of rota.filter((e) => e.status === 'pending' && !e.partner_supports_lending)) {
    await setEntry(entry, { status: 'cancelled', reason: `skipped: ${entry.partner_code} does not lend to us (supportsLending: false)` });
  }
  // Circulation mode `ncip`: the ILS keeps the items, so the built-in circulation effects do not run.
  const ils = await ilsForBorrowingEffects(trx, request.institution_id, decision.effects);
  for (const effect of decision.effects) {
    const current = currentEntry(rota);
    if (ils && isBorrowingCirculationEffect(effect.kind)) {
      notes.push(await borrowingEffectInIls(trx, ils, request, event, effect.kind, input.terms?.dueDate ?? request.due_date));
      continue;
    }
    switch (effect.kind) {
      case 'send-to-next-partner': {
        const next = nextEntry(rota);
        if (!next) throw new Error('send-to-next-partner without a next partner: the table guard should have refused');
        await setEntry(next, {
          status: 'sent',
          sent_at: now,
          expires_at:
            expiryFor(
              { requestExpiry: next.partner_request_expiry, days: next.partner_request_expiry_days, date: next.partner_request_expiry_date },
              now,
            ) ?? null,
        });
        const message = newRequestMessage({
          us: await primarySymbol(trx, request.institution_id),
          partner: { idType: next.partner_id_type, idValue: next.partner_id_value },
          requestNumber: request.request_number,
          citation: request.citation as unknown as Citation,
          serviceType: request.service_type,
          neededBefore: request.needed_before,
          now,
        });
        await enqueueIso18626(trx, target(request), recipient(next), message, 'New', DEFAULT_OUTBOUND_VERSION);
        notes.push(`sent to ${next.partner_code}`);
        break;
      }
      case 'tell-lender': {
        if (!current) throw new Error(`${event}: no current lender to tell`);
        const message = requestingAgencyMessage({
          us: await primarySymbol(trx, request.institution_id),
          partner: { idType: current.partner_id_type, idValue: current.partner_id_value },
          requestNumber: request.request_number,
          supplyingAgencyRequestId: current.supplying_agency_request_id,
          action: effect.action,
          note: [effect.note, input.note].filter(Boolean).join(' ') || undefined,
          now,
        });
        await enqueueIso18626(trx, target(request), recipient(current), message, effect.action, DEFAULT_OUTBOUND_VERSION);
        break;
      }
      case 'close-current-entry':
        if (current) {
          await setEntry(current, { status: effect.status, reason: input.reason ?? input.terms?.reason ?? input.note ?? null });
          notes.push(`${current.partner_code} ${effect.status}`);
        }
        break;
      case 'current-entry-supplying':
        if (current && current.status !== 'supplying') await setEntry(current, { status: 'supplying' });
        break;
      case 'cancel-pending-entries':
        for (const entry of rota.filter((e) => e.status === 'pending')) await setEntry(entry, { status: 'cancelled', reason: 'request cancelled' });
        break;
      case 'record-lender-terms': {
        const terms = input.terms ?? {};
        if (terms.dueDate) {
          changes.due_date = terms.dueDate;
          // A recall or a new due date binds the patron too.
          await circulation.followLenderDueDate(trx, request, terms.dueDate, false);
        }
        changes.terms = JSON.stringify({
          ...request.terms,
          ...(terms.conditions ? { conditions: terms.conditions } : {}),
          ...(terms.itemId ? { lenderItemId: terms.itemId } : {}),
        });
        break;
      }
      case 'cancel-patron-hold':
        notes.push(await circulation.cancelPatronHold(trx, request, now));
        break;
      case 'create-temporary-item':
        notes.push(await circulation.createTemporaryItem(trx, request, current?.partner_id, now));
        break;
      case 'start-patron-loan':
        notes.push(await circulation.startPatronLoan(trx, request, now));
        break;
      case 'renew-patron-loan': {
        const renewed = await circulation.followLenderDueDate(trx, request, input.terms?.dueDate ?? request.due_date, true);
        if (renewed) notes.push(renewed);
        break;
      }
      case 'end-patron-loan':
        notes.push(await circulation.endPatronLoan(trx, request, now));
        break;
      case 'item-in-transit': {
        const moved = await circulation.markItemInTransit(trx, request);
        if (moved) notes.push(moved);
        break;
      }
      case 'remove-temporary-records': {
        const removed = await circulation.removeTemporaryRecords(trx, request);
        if (removed) notes.push(removed);
        break;
      }
      case 'notify-patron':
        notes.push(await enqueuePatronNotice(trx, request, effect.notice, { dueDate: input.terms?.dueDate ?? request.due_date }, now));
        break;
      case 'enqueue-locate':
        await enqueueLocateJob(trx, request, { actor: input.actor, sendWhenFound: input.sendWhenFound ?? false }, now);
        notes.push('locate queued');
        break;
    }
  }
  const updated = await updateBorrowingRequest(trx, request, changes, now);
  await appendRequestEvent(trx, {
    institutionId: request.institution_id,
    requestKind: 'borrowing',
    requestId: request.id,
    actor: input.actor,
    event,
    fromStatus: request.status,
    toStatus: decision.to,
    note: [decision.transition.note, ...notes, input.note].filter(Boolean).join('; ') || null,
    at: now,
  });
  return { ok: true, request: updated, decision };
}

function target(request: BorrowingRequest) {
  return { institutionId: request.institution_id, requestKind: 'borrowing' as const, requestId: request.id };
}

function recipient(entry: RotaEntryWithPartner) {
  return { symbol: { idType: entry.partner_id_type, idValue: entry.partner_id_value }, endpointUrl: entry.partner_endpoint_url };
}
