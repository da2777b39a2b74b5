import type { BorrowingAction } from '../../domain/borrowing/table.js';
import type { LendingAction } from '../../domain/lending/table.js';
import type { Institution, RequestKind } from '../../store/schema.js';
import { visibleRequestIds, type TaskListScope } from '../../store/taskListRepository.js';
import type { ActionInput } from '../actionInput.js';
import { performBorrowingAction } from '../borrowing/performBorrowingAction.js';
import type { ServiceContext } from '../context.js';
import { ActionNotAllowedError, NotFoundError } from '../errors.js';
import { performLendingAction } from '../lending/performLendingAction.js';
import { assignRequest } from './assignRequest.js';

export type BulkAction = BorrowingAction | LendingAction | 'assign' | 'unassign';

export type BulkOutcome =
  | { id: string; ok: true; status: string; version: number; assignedTo: string | null }
  | { id: string; ok: false; problem: { status: 404 | 409; title: string; detail: string; currentStatus?: string; allowedActions?: readonly string[] } };

/**
 * One action on many requests, each in its own transaction through the single-request service,
 * so history, outbox and refusals are exactly those of one action. A refusal or a missing
 * request is that request's outcome and the others go on; any other failure stops the batch
 * (the requests before it keep their outcome, as they would have one by one).
 */
export async function performBulkAction(
  ctx: ServiceContext,
  institution: Institution,
  kind: RequestKind,
  action: BulkAction,
  ids: readonly string[],
  scope: TaskListScope,
  input: ActionInput & { userId: string },
): Promise<BulkOutcome[]> {
  // Outside the caller's libraries (or not the patron's own) is as unknown as not existing.
  const visible = await visibleRequestIds(ctx.db, kind, institution.id, scope, ids);
  const outcomes: BulkOutcome[] = [];
  for (const id of ids) {
    try {
      if (!visible.has(id)) throw new NotFoundError(`no ${kind} request ${id}`);
      const request =
        action === 'assign' || action === 'unassign'
          ? await assignRequest(ctx, institution, kind, id, { assignee: action === 'assign' ? input.userId : null, actor: input.actor, expectedVersion: input.expectedVersion })
          : kind === 'borrowing'
            ? await performBorrowingAction(ctx, institution, id, action as BorrowingAction, input)
            : await performLendingAction(ctx, institution, id, action as LendingAction, input);
      outcomes.push({ id, ok: true, status: request.status, version: request.version, assignedTo: request.assigned_to });
    } catch (error) {
      if (error instanceof NotFoundError) {
        outcomes.push({ id, ok: false, problem: { status: 404, title: 'Not found', detail: error.message } });
      } else if (error instanceof ActionNotAllowedError) {
        outcomes.push({
          id,
          ok: false,
          problem: { status: 409, title: 'Action not allowed in the current status', detail: error.message, currentStatus: error.status, allowedActions: error.allowedActions },
        });
      } else {
        throw error;
      }
    }
  }
  return outcomes;
}
