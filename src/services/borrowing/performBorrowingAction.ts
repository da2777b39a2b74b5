import { BORROWING_ACTIONS, type BorrowingAction } from '../../domain/borrowing/table.js';
import { holdRefusal } from '../../domain/circulation/borrowedItem.js';
import { findHold } from '../../store/circulationRepository.js';
import { findBorrowingRequest, listRotaEntries, updateBorrowingRequest, type RotaEntryWithPartner } from '../../store/borrowingRequestRepository.js';
import type { Db } from '../../store/database.js';
import { circulationRefusal } from '../circulation/borrowedItem.js';
import { runOutsideCalls } from '../outsideCalls.js';
import { BORROWING_OUTSIDE_CALLS } from './outsideCalls.js';
import type { BorrowingRequest, Hold, Institution } from '../../store/schema.js';
import type { ActionInput } from '../actionInput.js';
import type { ServiceContext } from '../context.js';
import { ActionNotAllowedError, NotFoundError } from '../errors.js';
import type { BorrowingConfiguration } from '../settings/decisionConfiguration.js';
import { applyBorrowingEvent, decideBorrowing, loadBorrowingConfiguration } from './applyBorrowingEvent.js';

/**
 * Actions staff may take now, under the library settings, the partner's workflow profile and
 * the built-in circulation's hold (no loan to the patron while the item is in transit).
 */
export function allowedBorrowingActions(
  request: BorrowingRequest,
  rota: readonly RotaEntryWithPartner[],
  configuration: BorrowingConfiguration,
  hold: Pick<Hold, 'status' | 'pickup_location'> | undefined,
): BorrowingAction[] {
  return BORROWING_ACTIONS.filter((action) => decideBorrowing(request, rota, action, configuration).ok && holdRefusal(action, hold) === undefined);
}

/**
 * One staff action on a borrowing request: the calls to other systems it needs (ILS, broker)
 * first, then one transaction with the action and the events their answers imply; or a
 * refusal naming what is allowed.
 */
export async function performBorrowingAction(
  ctx: ServiceContext,
  institution: Institution,
  requestId: string,
  action: BorrowingAction,
  input: ActionInput,
): Promise<BorrowingRequest> {
  const refusal = async (db: Db, request: BorrowingRequest, message: string): Promise<ActionNotAllowedError> => {
    const rota = await listRotaEntries(db, institution.id, request.id);
    const configuration = await loadBorrowingConfiguration(db, request, rota, ctx.now());
    const hold = await findHold(db, request.institution_id, request.id);
    return new ActionNotAllowedError(message, request.status, allowedBorrowingActions(request, rota, configuration, hold));
  };
  const before = await findBorrowingRequest(ctx.db, institution.id, requestId);
  if (!before) throw new NotFoundError(`no borrowing request ${requestId}`);
  // Only an action the table allows now may reach another system.
  const rota = await listRotaEntries(ctx.db, institution.id, before.id);
  const allowed = decideBorrowing(before, rota, action, await loadBorrowingConfiguration(ctx.db, before, rota, ctx.now()));
  if (!allowed.ok) throw await refusal(ctx.db, before, allowed.reason);
  const held = await circulationRefusal(ctx.db, before, action);
  if (held) throw await refusal(ctx.db, before, held);
  const outside = await runOutsideCalls(ctx, 'borrowing', before, action, input, BORROWING_OUTSIDE_CALLS);

  const result = await ctx.db.transaction().execute(async (trx) => {
    // The row lock makes concurrent actions queue: the second sees the first's outcome.
    const request = await findBorrowingRequest(trx, institution.id, requestId, { lock: true });
    if (!request) throw new NotFoundError(`no borrowing request ${requestId}`);
    if (input.expectedVersion !== undefined && input.expectedVersion !== request.version) {
      throw await refusal(trx, request, `the request changed since version ${input.expectedVersion} (now ${request.version})`);
    }
    const note = [input.note, ...outside.notes].filter(Boolean).join('; ') || undefined;
    const applied = await applyBorrowingEvent(trx, request, action, { ...input, note }, ctx.now());
    if (!applied.ok) throw await refusal(trx, request, applied.reason);
    let current = applied.request;
    for (const next of outside.then) {
      const followed = await applyBorrowingEvent(trx, current, next.event, { actor: input.actor, ...next.input }, ctx.now());
      if (followed.ok) current = followed.request;
    }
    // The action went through: a failure noted by an earlier attempt no longer stands.
    if (request.needs_attention?.startsWith(`${action} not done:`)) return updateBorrowingRequest(trx, current, { needs_attention: null }, ctx.now());
    return current;
  });
  ctx.outboxNotify?.();
  if (action === 'locate') ctx.locateNotify?.();
  return result;
}
