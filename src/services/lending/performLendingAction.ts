import { LENDING_ACTIONS, type LendingAction } from '../../domain/lending/table.js';
import { dueDateForLoanPeriod } from '../../domain/settings/libraryCalendar.js';
import type { OptionalStep } from '../../domain/stateMachine.js';
import type { Db } from '../../store/database.js';
import { findLendingRequest, updateLendingRequest } from '../../store/lendingRequestRepository.js';
import { runOutsideCalls } from '../outsideCalls.js';
import { LENDING_OUTSIDE_CALLS } from './outsideCalls.js';
import type { Institution, LendingRequest } from '../../store/schema.js';
import type { ActionInput } from '../actionInput.js';
import type { ServiceContext } from '../context.js';
import { ActionNotAllowedError, InvalidInputError, NotFoundError } from '../errors.js';
import { readSettings } from '../settings/librarySettings.js';
import { lendingSteps } from '../settings/decisionConfiguration.js';
import { applyLendingEvent, decideLending } from './applyLendingEvent.js';
import { locateOnShelves } from './locateOnShelves.js';

/**
 * Actions offered now under the borrowing partner's lending workflow profile (`steps`);
 * answers (yes/no) count as allowed when either answer is.
 */
export function allowedLendingActions(request: LendingRequest, steps: ReadonlySet<OptionalStep> | undefined): LendingAction[] {
  return LENDING_ACTIONS.filter((action) => [true, false].some((approve) => decideLending(request, action, { approve }, steps).ok));
}

/**
 * One staff action on a lending request: the calls to other systems it needs (ILS, broker)
 * first, then one transaction; or a refusal naming what is allowed.
 */
export async function performLendingAction(
  ctx: ServiceContext,
  institution: Institution,
  requestId: string,
  action: LendingAction,
  input: ActionInput,
): Promise<LendingRequest> {
  const refusal = async (db: Db, request: LendingRequest, message: string): Promise<ActionNotAllowedError> =>
    new ActionNotAllowedError(message, request.status, allowedLendingActions(request, await lendingSteps(db, institution.id, request.partner_id)));
  const before = await findLendingRequest(ctx.db, institution.id, requestId);
  if (!before) throw new NotFoundError(`no lending request ${requestId}`);
  // Only an action the table allows now may reach another system.
  if (action !== 'locate') {
    const allowed = [true, false].some((approve) => decideLending(before, action, { approve: input.approve ?? approve }, undefined).ok);
    if (!allowed) throw await refusal(ctx.db, before, `${action} is not possible in status ${before.status}`);
  }
  const outside = await runOutsideCalls(ctx, 'lending', before, action, input, LENDING_OUTSIDE_CALLS);

  const result = await ctx.db.transaction().execute(async (trx) => {
    const request = await findLendingRequest(trx, institution.id, requestId, { lock: true });
    if (!request) throw new NotFoundError(`no lending request ${requestId}`);
    if (input.expectedVersion !== undefined && input.expectedVersion !== request.version) {
      throw await refusal(trx, request, `the request changed since version ${input.expectedVersion} (now ${request.version})`);
    }
    const now = ctx.now();
    const note = [input.note, ...outside.notes].filter(Boolean).join('; ') || undefined;
    const withNote = { ...input, note };
    const applied =
      action === 'locate'
        ? await locateOnShelves(trx, request, { actor: input.actor, start: 'locate' }, now)
        : await applyLendingEvent(trx, request, action, action === 'ship' ? await withLoanPeriod(trx, institution, withNote, now) : withNote, now);
    if (!applied.ok) throw await refusal(trx, request, applied.reason);
    let current = applied.request;
    for (const next of outside.then) {
      const followed = await applyLendingEvent(trx, current, next.event, { actor: input.actor, ...next.input }, now);
      if (followed.ok) current = followed.request;
    }
    if (request.needs_attention?.startsWith(`${action} not done:`)) return updateLendingRequest(trx, current, { needs_attention: null }, now);
    return current;
  });
  ctx.outboxNotify?.();
  return result;
}

/** A shipment without a due date gets the one of the terms of use's loan period; with neither it cannot go. */
async function withLoanPeriod(trx: Db, institution: Institution, input: ActionInput, now: Date): Promise<ActionInput> {
  if (input.dueDate) return input;
  const { loanPeriodDays } = await readSettings(trx, institution.id, 'termsOfUse');
  if (loanPeriodDays === null) throw new InvalidInputError('ship needs dueDate');
  return { ...input, dueDate: dueDateForLoanPeriod(now, loanPeriodDays) };
}
