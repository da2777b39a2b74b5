import { LENDING_ACTIONS, type LendingAction } from '../../domain/lending/table.js';
import { dueDateForLoanPeriod } from '../../domain/settings/libraryCalendar.js';
import type { OptionalStep } from '../../domain/stateMachine.js';
import type { Db } from '../../store/database.js';
import { findLendingRequest } from '../../store/lendingRequestRepository.js';
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

export async function performLendingAction(
  ctx: ServiceContext,
  institution: Institution,
  requestId: string,
  action: LendingAction,
  input: ActionInput,
): Promise<LendingRequest> {
  const result = await ctx.db.transaction().execute(async (trx) => {
    const request = await findLendingRequest(trx, institution.id, requestId, { lock: true });
    if (!request) throw new NotFoundError(`no lending request ${requestId}`);
    const allowed = async () => allowedLendingActions(request, await lendingSteps(trx, institution.id, request.partner_id));
    if (input.expectedVersion !== undefined && input.expectedVersion !== request.version) {
      throw new ActionNotAllowedError(`the request changed since version ${input.expectedVersion} (now ${request.version})`, request.status, await allowed());
    }
    const now = ctx.now();
    const applied =
      action === 'locate'
        ? await locateOnShelves(trx, request, { actor: input.actor, start: 'locate' }, now)
        : await applyLendingEvent(trx, request, action, action === 'ship' ? await withLoanPeriod(trx, institution, input, now) : input, now);
    if (!applied.ok) throw new ActionNotAllowedError(applied.reason, request.status, await allowed());
    return applied.request;
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
