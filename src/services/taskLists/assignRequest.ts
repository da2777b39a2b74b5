import { findBorrowingRequest, updateBorrowingRequest } from '../../store/borrowingRequestRepository.js';
import { findLendingRequest, updateLendingRequest } from '../../store/lendingRequestRepository.js';
import { appendRequestEvent } from '../../store/requestEventRepository.js';
import type { BorrowingRequest, Institution, LendingRequest, RequestKind } from '../../store/schema.js';
import type { ServiceContext } from '../context.js';
import { ActionNotAllowedError, NotFoundError } from '../errors.js';

export interface AssignInput {
  /** The user to assign, or null to unassign. */
  assignee: string | null;
  /** Who did it: `user:…`. */
  actor: string;
  expectedVersion?: number | undefined;
}

/**
 * Puts a request on a staff member's list (or takes it off), recorded in its history as event
 * `assign`. The status does not change; the version does, so a stale client is refused as
 * with any other action. Assigning to whoever already has it changes nothing.
 */
export async function assignRequest(
  ctx: ServiceContext,
  institution: Institution,
  kind: RequestKind,
  requestId: string,
  input: AssignInput,
): Promise<BorrowingRequest | LendingRequest> {
  return ctx.db.transaction().execute(async (trx) => {
    const find = kind === 'borrowing' ? findBorrowingRequest : findLendingRequest;
    const request = await find(trx, institution.id, requestId, { lock: true });
    if (!request) throw new NotFoundError(`no ${kind} request ${requestId}`);
    if (input.expectedVersion !== undefined && input.expectedVersion !== request.version) {
      throw new ActionNotAllowedError(`the request changed since version ${input.expectedVersion} (now ${request.version})`, request.status, []);
    }
    if (request.assigned_to === input.assignee) return request;
    const now = ctx.now();
    const updated =
      kind === 'borrowing'
        ? await updateBorrowingRequest(trx, request, { assigned_to: input.assignee }, now)
        : await updateLendingRequest(trx, request, { assigned_to: input.assignee }, now);
    await appendRequestEvent(trx, {
      institutionId: institution.id,
      requestKind: kind,
      requestId: request.id,
      actor: input.actor,
      event: 'assign',
      fromStatus: request.status,
      toStatus: request.status,
      note: input.assignee === null ? `unassigned (was user:${request.assigned_to})` : `assigned to user:${input.assignee}`,
      at: now,
    });
    return updated;
  });
}
