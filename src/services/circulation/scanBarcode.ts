import { sql } from 'kysely';
import { borrowingStates } from '../../domain/borrowing/table.js';
import { decideScan, type ScanAction, type ScanCandidate } from '../../domain/circulation/scanDecision.js';
import { lendingStates } from '../../domain/lending/table.js';
import { dueDateForLoanPeriod } from '../../domain/settings/libraryCalendar.js';
import { findBorrowingRequest } from '../../store/borrowingRequestRepository.js';
import { findHold } from '../../store/circulationRepository.js';
import type { Db } from '../../store/database.js';
import { appendRequestEvent } from '../../store/requestEventRepository.js';
import type { Institution } from '../../store/schema.js';
import { performBorrowingAction } from '../borrowing/performBorrowingAction.js';
import type { ServiceContext } from '../context.js';
import { arriveAtPickup } from './borrowedItem.js';
import { ActionNotAllowedError, NotFoundError } from '../errors.js';
import { performLendingAction } from '../lending/performLendingAction.js';
import { readSettings } from '../settings/librarySettings.js';

export interface ScanInput {
  barcode: string;
  action: ScanAction | 'auto';
  dueDate?: Date | undefined;
  actor: string;
}

export interface ScanRequestRef {
  kind: 'borrowing' | 'lending';
  id: string;
  number: string;
  status: string;
}

/** What a scan did (`did`), or what it would do with more input (`suggested`, ship without a due date). */
export type ScanOutcome =
  | { did: ScanAction; request: ScanRequestRef; message: string }
  | { suggested: ScanAction; request: ScanRequestRef; message: string; dueDate: Date | null };

/** More than one request a scan could apply to: the route answers 409 listing them so staff can pick one. */
export class AmbiguousScanError extends Error {
  override readonly name = 'AmbiguousScanError';
  constructor(
    message: string,
    readonly options: { action: ScanAction; request: ScanRequestRef }[],
  ) {
    super(message);
  }
}

const TERMINAL_BORROWING = Object.entries(borrowingStates).flatMap(([code, state]) => ('terminal' in state && state.terminal ? [code] : []));
const TERMINAL_LENDING = Object.entries(lendingStates).flatMap(([code, state]) => ('terminal' in state && state.terminal ? [code] : []));

/** Scan-in at the desk: find what the barcode identifies here, decide by the scan table, act through the request's own action. */
export async function scanBarcode(ctx: ServiceContext, institution: Institution, input: ScanInput): Promise<ScanOutcome> {
  const barcode = input.barcode.trim();
  const decision = decideScan(await findScanCandidates(ctx.db, institution.id, barcode), input.action);
  switch (decision.kind) {
    case 'unknown':
      throw new NotFoundError(`barcode ${barcode} is not an item of any open request at ${institution.code}`);
    case 'nothing-to-do': {
      const listed = decision.candidates.map((c) => `${c.number} (${labelOf(c)})`).join(', ');
      throw new ActionNotAllowedError(`barcode ${barcode} belongs to ${listed}: nothing to do by scanning it now`, decision.candidates[0]?.status ?? 'unknown', []);
    }
    case 'ambiguous': {
      const listed = decision.options.map((o) => `${o.action} ${o.candidate.kind} request ${o.candidate.number}`).join(' or ');
      throw new AmbiguousScanError(
        `barcode ${barcode} could mean ${listed}: scan again naming the action, or act on the request`,
        decision.options.map((o) => ({ action: o.action, request: refOf(o.candidate) })),
      );
    }
    case 'suggest': {
      const { loanPeriodDays } = await readSettings(ctx.db, institution.id, 'termsOfUse');
      const dueDate = loanPeriodDays === null ? null : dueDateForLoanPeriod(ctx.now(), loanPeriodDays);
      const until = dueDate ? `; suggested due date ${day(dueDate)}` : '; no loan period is set, so name one';
      return {
        suggested: decision.action,
        request: refOf(decision.candidate),
        dueDate,
        message: `${barcode} is picked for lending request ${decision.candidate.number}: ship it with a due date${until} (scan again with action ship)`,
      };
    }
    case 'act':
      return perform(ctx, institution, decision.action, decision.candidate, input, barcode);
  }
}

async function perform(ctx: ServiceContext, institution: Institution, action: ScanAction, candidate: ScanCandidate, input: ScanInput, barcode: string): Promise<ScanOutcome> {
  if (action === 'arrive') return arrive(ctx, institution, candidate, input);
  // Only shipping takes the scanned barcode and a due date; the other steps need nothing but the request.
  const actionInput = { actor: input.actor, ...(action === 'ship' ? { barcode, dueDate: input.dueDate } : {}) };
  if (action === 'ship' || action === 'check-in') {
    const request = await performLendingAction(ctx, institution, candidate.requestId, action, actionInput);
    const ref = { kind: 'lending' as const, id: request.id, number: request.supplying_agency_request_id, status: request.status };
    const message =
      action === 'ship'
        ? `Shipped ${barcode} for lending request ${ref.number}${request.due_date ? ` due back ${day(request.due_date)}` : ''}`
        : `Checked in ${barcode} from lending request ${ref.number}: back on its shelf`;
    return { did: action, request: ref, message };
  }
  const request = await performBorrowingAction(ctx, institution, candidate.requestId, action, actionInput);
  const ref = { kind: 'borrowing' as const, id: request.id, number: request.request_number, status: request.status };
  const hold = action === 'receive' ? await findHold(ctx.db, institution.id, request.id) : undefined;
  const messages: Record<Exclude<ScanAction, 'ship' | 'check-in' | 'arrive'>, string> = {
    receive: `Received ${ref.number} for patron ${request.patron_id}: put on the hold shelf${hold ? ` (${hold.pickup_location})` : ''}${hold?.shelf_expires_at ? ` until ${day(hold.shelf_expires_at)}` : ''}`,
    'loan-to-patron': `Loaned ${ref.number} to patron ${request.patron_id}${request.due_date ? ` until ${day(request.due_date)}` : ''}`,
    'patron-return': `Returned by patron ${request.patron_id}: ${ref.number} is ready to go back to the lender (scan again to ship it)`,
    'return-to-lender': `Sent ${ref.number} back to the lender (${labelOf(ref)})`,
  };
  return { did: action, request: ref, message: messages[action] };
}

/** The item in transit reached the patron's pickup library: on the hold shelf there, the patron told; one transaction with its history event. */
async function arrive(ctx: ServiceContext, institution: Institution, candidate: ScanCandidate, input: ScanInput): Promise<ScanOutcome> {
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const request = await findBorrowingRequest(trx, institution.id, candidate.requestId, { lock: true });
    if (!request) throw new NotFoundError(`no borrowing request ${candidate.requestId}`);
    if (request.status !== 'received_physically') {
      throw new ActionNotAllowedError(`request ${request.request_number} is ${labelOf({ kind: 'borrowing', status: request.status })}: only a received item can arrive at its pickup library`, request.status, []);
    }
    const note = await arriveAtPickup(trx, request, now);
    await appendRequestEvent(trx, {
      institutionId: institution.id,
      requestKind: 'borrowing',
      requestId: request.id,
      actor: input.actor,
      event: 'scan:arrived',
      fromStatus: request.status,
      toStatus: request.status,
      note,
      at: now,
    });
    const ref = { kind: 'borrowing' as const, id: request.id, number: request.request_number, status: request.status };
    return { did: 'arrive' as const, request: ref, message: `${ref.number} for patron ${request.patron_id} ${note}` };
  });
}

/** Every open request this barcode identifies at the institution, by each way a barcode can match. */
async function findScanCandidates(db: Db, institutionId: string, barcode: string): Promise<ScanCandidate[]> {
  const [shipped, temporary, lent, picked] = await Promise.all([
    db
      .selectFrom('borrowing_request')
      .select(['id', 'request_number', 'status'])
      .where('institution_id', '=', institutionId)
      .where('status', 'not in', TERMINAL_BORROWING)
      .where(sql<string>`terms->>'lenderItemId'`, '=', barcode)
      .execute(),
    db
      .selectFrom('item')
      .innerJoin('borrowing_request as r', (join) => join.onRef('r.id', '=', 'item.temporary_for_request_id').onRef('r.institution_id', '=', 'item.institution_id'))
      .leftJoin('hold', (join) => join.onRef('hold.borrowing_request_id', '=', 'r.id').onRef('hold.institution_id', '=', 'r.institution_id'))
      .select(['r.id', 'r.request_number', 'r.status', 'hold.status as hold_status'])
      .where('item.institution_id', '=', institutionId)
      .where('item.barcode', '=', barcode)
      .execute(),
    db
      .selectFrom('item')
      .innerJoin('lending_request as r', (join) => join.onRef('r.id', '=', 'item.lent_for_request_id').onRef('r.institution_id', '=', 'item.institution_id'))
      .select(['r.id', 'r.supplying_agency_request_id as number', 'r.status', 'r.managed_by'])
      .where('item.institution_id', '=', institutionId)
      .where('item.barcode', '=', barcode)
      .execute(),
    db
      .selectFrom('pick_request as p')
      .innerJoin('lending_request as r', (join) => join.onRef('r.id', '=', 'p.lending_request_id').onRef('r.institution_id', '=', 'p.institution_id'))
      .select(['r.id', 'r.supplying_agency_request_id as number', 'r.status', 'r.managed_by'])
      .where('p.institution_id', '=', institutionId)
      .where('p.barcode', '=', barcode)
      .where('p.status', 'in', ['open', 'picked'])
      .where('r.status', 'not in', TERMINAL_LENDING)
      .execute(),
  ]);
  return [
    ...shipped.map((r) => ({ kind: 'borrowing' as const, requestId: r.id, number: r.request_number, status: r.status, match: 'lender-barcode' as const })),
    ...temporary.map((r) => ({
      kind: 'borrowing' as const,
      requestId: r.id,
      number: r.request_number,
      status: r.status,
      match: 'temporary-item' as const,
      holdStatus: r.hold_status ?? undefined,
    })),
    ...lent.map((r) => ({ kind: 'lending' as const, requestId: r.id, number: r.number, status: r.status, match: 'lent-item' as const, managedBy: r.managed_by })),
    ...picked.map((r) => ({ kind: 'lending' as const, requestId: r.id, number: r.number, status: r.status, match: 'picked-item' as const, managedBy: r.managed_by })),
  ];
}

function refOf(candidate: ScanCandidate): ScanRequestRef {
  return { kind: candidate.kind, id: candidate.requestId, number: candidate.number, status: candidate.status };
}

function labelOf(ref: { kind: 'borrowing' | 'lending'; status: string }): string {
  const states: Record<string, { label: string }> = ref.kind === 'borrowing' ? borrowingStates : lendingStates;
  return states[ref.status]?.label ?? ref.status;
}

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}
