import type { Db } from '../store/database.js';
import type { RequestKind } from '../store/schema.js';
import type { ActionInput } from './actionInput.js';
import type { ServiceContext } from './context.js';
import { ExternalSystemError } from './errors.js';

/**
 * Calls to other systems that a staff action needs before it may change anything: the
 * institution's ILS in NCIP circulation mode (AcceptItem on receive, CheckOutItem on loan …)
 * and the broker of a broker-managed request (RenewItem on a renewal request). They run before
 * the action's transaction (no transaction is held over the network); when one fails nothing
 * changes unless staff override, and the failure is kept on the request for staff to read.
 */

/** What a call produced: go on (perhaps with more events its answer implies), or stop with a readable reason. */
export type OutsideCallOutcome<Event extends string> =
  | {
      ok: true;
      /** Words for the request's history (e.g. "ILS accepted item TMP-…"). */
      note?: string;
      /** Events the answer implies, applied right after the action in the same transaction (e.g. the broker's renewal answer). */
      then?: { event: Event; input: Partial<ActionInput> & Record<string, unknown> }[];
    }
  | { ok: false; system: 'ils' | 'broker'; message: string };

/** One kind of call: undefined when it has nothing to do for this request and action. */
export type OutsideCall<Request, Action extends string, Event extends string> = (
  ctx: ServiceContext,
  request: Request,
  action: Action,
  input: ActionInput,
) => Promise<OutsideCallOutcome<Event> | undefined>;

export interface OutsideCallsResult<Event extends string> {
  notes: string[];
  then: { event: Event; input: Partial<ActionInput> & Record<string, unknown> }[];
}

/**
 * Runs every call the action needs, in order. A failure stops here with an ExternalSystemError
 * (after marking the request for staff), unless the input overrides it: then it becomes a note.
 */
export async function runOutsideCalls<Request extends { id: string; institution_id: string }, Action extends string, Event extends string>(
  ctx: ServiceContext,
  kind: RequestKind,
  request: Request,
  action: Action,
  input: ActionInput,
  calls: readonly OutsideCall<Request, Action, Event>[],
): Promise<OutsideCallsResult<Event>> {
  const result: OutsideCallsResult<Event> = { notes: [], then: [] };
  for (const call of calls) {
    const outcome = await call(ctx, request, action, input);
    if (!outcome) continue;
    if (outcome.ok) {
      if (outcome.note) result.notes.push(outcome.note);
      result.then.push(...(outcome.then ?? []));
      continue;
    }
    if (input.override) {
      result.notes.push(`overridden by staff: ${outcome.message}`);
      continue;
    }
    await markNeedsAttention(ctx.db, kind, request, `${action} not done: ${outcome.message}`, ctx.now());
    throw new ExternalSystemError(outcome.message, outcome.system);
  }
  return result;
}

async function markNeedsAttention(db: Db, kind: RequestKind, request: { id: string; institution_id: string }, why: string, now: Date): Promise<void> {
  const table = kind === 'borrowing' ? 'borrowing_request' : 'lending_request';
  await db
    .updateTable(table)
    .set({ needs_attention: why.slice(0, 1000), updated_at: now })
    .where('id', '=', request.id)
    .where('institution_id', '=', request.institution_id)
    .execute();
}
