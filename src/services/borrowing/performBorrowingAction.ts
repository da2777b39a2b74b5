import { BORROWING_ACTIONS, type BorrowingAction } from '../../domain/borrowing/table.js';
import { findBorrowingRequest, listRotaEntries, type RotaEntryWithPartner } from '../../store/borrowingRequestRepository.js';
import type { BorrowingRequest, Institution } from '../../store/schema.js';
import type { ActionInput } from '../actionInput.js';
import type { ServiceContext } from '../context.js';
import { ActionNotAllowedError, NotFoundError } from '../errors.js';
import type { BorrowingConfiguration } from '../settings/decisionConfiguration.js';
import { applyBorrowingEvent, decideBorrowing, loadBorrowingConfiguration } from './applyBorrowingEvent.js';

/** Actions staff may take now, under the library settings and the partner's workflow profile. */
export function allowedBorrowingActions(request: BorrowingRequest, rota: readonly RotaEntryWithPartner[], configuration: BorrowingConfiguration): BorrowingAction[] {
  return BORROWING_ACTIONS.filter((action) => decideBorrowing(request, rota, action, configuration).ok);
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
      const configuration = await loadBorrowingConfiguration(trx, request, rota, ctx.now());
      throw new ActionNotAllowedError(message, request.status, allowedBorrowingActions(request, rota, configuration));
    };
    if (input.expectedVersion !== undefined && input.expectedVersion !== request.version) {
      return refuse(`the request changed since version ${input.expectedVersion} (now ${request.version})`);
    }
    const applied = await applyBorrowingEvent(trx, request, action, input, ctx.now());
    if (!applied.ok) return refuse(applied.reason);
    return applied.request;
  });
  ctx.outboxNotify?.();
  if (action === 'locate') ctx.locateNotify?.();
  return result;
}
