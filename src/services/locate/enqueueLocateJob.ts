import { sql } from 'kysely';
import type { Db } from '../../store/database.js';
import type { BorrowingRequest } from '../../store/schema.js';

/**
 * Queues a locate run for the locate worker, in the caller's transaction. A request has at
 * most one pending job (unique index); asking again while one waits keeps that one, and a
 * send decision made since then is remembered.
 */
export async function enqueueLocateJob(trx: Db, request: BorrowingRequest, input: { actor: string; sendWhenFound: boolean }, now: Date): Promise<void> {
  await trx
    .insertInto('locate_job')
    .values({ institution_id: request.institution_id, borrowing_request_id: request.id, send_when_found: input.sendWhenFound, actor: input.actor, run_after: now })
    .onConflict((oc) =>
      oc
        .column('borrowing_request_id')
        .where('status', '=', 'pending')
        .doUpdateSet({ send_when_found: sql<boolean>`locate_job.send_when_found or excluded.send_when_found` }),
    )
    .execute();
}
