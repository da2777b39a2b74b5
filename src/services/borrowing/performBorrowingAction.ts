import { BORROWING_ACTIONS, type BorrowingAction } from '../../domain/borrowing/table.js';
import { allowedEvents } from '../../domain/stateMachine.js';
import { borrowingTable, type BorrowingStatus } from '../../domain/borrowing/table.js';
import { findBorrowingRequest, listRotaEntries, type RotaEntryWithPartner } from '../../store/borrowingRequestRepository.js';
import type { BorrowingRequest, Institution } from '../../store/schema.js';
import type { ActionInput } from '../actionInput.js';
import type { ServiceContext } from '../context.js';
import { ActionNotAllowedError, NotFoundError } from '../errors.js';
import { applyBorrowingEvent, borrowingFacts } from './applyBorrowingEvent.js';

export function allowedBorrowingActions(request: BorrowingRequest, rota: readonly RotaEntryWithPartner[]): BorrowingAction[] {
  return allowedEvents(borrowingTable, request.status as BorrowingStatus, BORROWING_ACTIONS, { facts: borrowingFacts(rota) });
}

/** One staff action on a borrowing request: one transaction, or a refusal naming what is allowed. */
export async function performBorrowingAction(
  ctx: ServiceContext,
  institution: Institution,
  requestId: string,
  action: BorrowingAction,
  input: ActionInput,
): Promise<BorrowingRequest> {
  const result = await ctx.db.transaction().execute(async (trx) => {
    // The row lock makes concurrent actions queue: the second sees the first's outcome.
    const request = await findBorrowingRequest(trx, institution.id, requestId, { lock: true });
    if (!request) throw new NotFoundError(`no borrowing request ${requestId}`);
    const refuse = async (message: string): Promise<never> => {
      const rota = await listRotaEntries(trx, institution.id, request.id);
      throw new ActionNotAllowedError(message, request.status, allowedBorrowingActions(request, rota));
    };
    if (input.expectedVersion !== undefined && input.expectedVersion !== request.version) {
      return refuse(`the request changed since version ${input.expectedVersion} (now ${request.version})`);
    }
    const applied = await applyBorrowingEvent(trx, request, action, input, ctx.now());
    if (!applied.ok) return refuse(applied.reason);
    return applied.request;
  });
  ctx.outboxNotify?.();
  return result;
}
