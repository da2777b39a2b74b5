import { findPickListRow, findPickRequest, setPickStatus, type PickListRow } from '../../store/pickRequestRepository.js';
import { appendRequestEvent } from '../../store/requestEventRepository.js';
import type { Institution } from '../../store/schema.js';
import type { ServiceContext } from '../context.js';
import { ConflictError, NotFoundError } from '../errors.js';

/** Only an open pick is settled: fetched from the shelf (picked) or no longer wanted (cancelled). */
export type PickOutcome = 'picked' | 'cancelled';

/**
 * Staff mark a pick request picked or cancelled; the lending request's history says so.
 * `libraryIds`: a caller scoped to some libraries sees no pick of another library.
 */
export async function settlePickRequest(
  ctx: ServiceContext,
  institution: Institution,
  id: string,
  outcome: PickOutcome,
  by: { actor: string; libraryIds?: readonly string[] | undefined },
): Promise<PickListRow> {
  await ctx.db.transaction().execute(async (trx) => {
    const pick = await findPickRequest(trx, institution.id, id, { lock: true });
    const visible = pick && (!by.libraryIds || pick.library_id === null || by.libraryIds.includes(pick.library_id));
    if (!pick || !visible) throw new NotFoundError(`no pick request ${id} at ${institution.code}`);
    if (pick.status !== 'open') throw new ConflictError(`pick request ${id} is already ${pick.status}`);
    const now = ctx.now();
    await setPickStatus(trx, institution.id, id, outcome, now);
    const lending = await trx.selectFrom('lending_request').select('status').where('institution_id', '=', institution.id).where('id', '=', pick.lending_request_id).executeTakeFirstOrThrow();
    await appendRequestEvent(trx, {
      institutionId: institution.id,
      requestKind: 'lending',
      requestId: pick.lending_request_id,
      actor: by.actor,
      event: `pick:${outcome}`,
      fromStatus: lending.status,
      toStatus: lending.status,
      note: `item ${pick.barcode} ${outcome === 'picked' ? 'fetched from the shelf' : 'no longer to be fetched'}`,
      at: now,
    });
  });
  const row = await findPickListRow(ctx.db, institution.id, id);
  if (!row) throw new NotFoundError(`no pick request ${id} at ${institution.code}`);
  return row;
}
