import { LENDING_ACTIONS, lendingTable, type LendingAction, type LendingStatus } from '../../domain/lending/table.js';
import { decide } from '../../domain/stateMachine.js';
import { findLendingRequest } from '../../store/lendingRequestRepository.js';
import type { Institution, LendingRequest } from '../../store/schema.js';
import type { ActionInput } from '../actionInput.js';
import type { ServiceContext } from '../context.js';
import { ActionNotAllowedError, NotFoundError } from '../errors.js';
import { applyLendingEvent, lendingFacts } from './applyLendingEvent.js';

/** Actions offered now; answers (yes/no) count as allowed when either answer is. */
export function allowedLendingActions(request: LendingRequest): LendingAction[] {
  return LENDING_ACTIONS.filter((action) =>
    [true, false].some((approve) => decide(lendingTable, request.status as LendingStatus, action, { facts: lendingFacts(request, { approve }) }).ok),
  );
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
    if (input.expectedVersion !== undefined && input.expectedVersion !== request.version) {
      throw new ActionNotAllowedError(`the request changed since version ${input.expectedVersion} (now ${request.version})`, request.status, allowedLendingActions(request));
    }
    const applied = await applyLendingEvent(trx, request, action, input, ctx.now());
    if (!applied.ok) throw new ActionNotAllowedError(applied.reason, request.status, allowedLendingActions(request));
    return applied.request;
  });
  ctx.outboxNotify?.();
  return result;
}
