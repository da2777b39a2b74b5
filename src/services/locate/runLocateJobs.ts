/**
 * Borrowing locate jobs: claimed with a lease (FOR UPDATE SKIP LOCKED, so workers in any number
 * of processes share the queue), searched OUTSIDE any transaction (network calls must not hold
 * a connection or row locks; on PGlite they would block the only connection), then recorded in
 * one transaction. A worker that dies mid-run leaves its job pending; it is claimed again when
 * the lease runs out.
 */
import { sql } from 'kysely';
import type { Citation } from '../../domain/citation.js';
import { findBorrowingRequest, listRotaEntries } from '../../store/borrowingRequestRepository.js';
import { findLocateProfiles } from '../../store/locateProfileRepository.js';
import type { LocateJob } from '../../store/schema.js';
import type { ServiceContext } from '../context.js';
import { checkSelfOwnership } from './checkSelfOwnership.js';
import { locateRota, type RotaTarget } from './locateRota.js';
import { recordLocateRun, type LocateRunOutcome } from './recordLocateRun.js';

export interface LocateJobPolicy {
  leaseMs: number;
  batchSize: number;
  /** After this many failed attempts the job is marked failed and the request flagged for staff. */
  maxAttempts: number;
  retryDelayMs: number;
}

export const DEFAULT_LOCATE_JOB_POLICY: LocateJobPolicy = { leaseMs: 5 * 60_000, batchSize: 5, maxAttempts: 5, retryDelayMs: 30_000 };

/** Leases due jobs to `token`; time decisions use the database's clock so processes agree. */
export async function claimLocateJobs(ctx: ServiceContext, token: string, policy: LocateJobPolicy): Promise<LocateJob[]> {
  const result = await sql<LocateJob>`
    update locate_job
       set locked_until = now() + ${policy.leaseMs}::double precision * interval '1 millisecond',
           locked_by = ${token},
           attempts = attempts + 1
     where id in (
       select id from locate_job
        where status = 'pending'
          and run_after <= now()
          and (locked_until is null or locked_until < now())
        order by run_after
        limit ${policy.batchSize}
        for update skip locked)
    returning *`.execute(ctx.db);
  return [...result.rows];
}

/** Searches every pending rota partner and the library's own catalogue, then records the run. */
export async function runLocateJob(ctx: ServiceContext, job: LocateJob, token: string): Promise<LocateRunOutcome> {
  const request = await findBorrowingRequest(ctx.db, job.institution_id, job.borrowing_request_id);
  const citation = (request?.citation ?? { title: '' }) as unknown as Citation;
  const rota = request ? await listRotaEntries(ctx.db, job.institution_id, request.id) : [];
  const pending = rota.filter((entry) => entry.status === 'pending');
  const partners =
    pending.length === 0
      ? []
      : await ctx.db
          .selectFrom('partner')
          .select(['id', 'locate_profile'])
          .where('institution_id', '=', job.institution_id)
          .where(
            'id',
            'in',
            pending.map((e) => e.partner_id),
          )
          .execute();
  const profileCodes = new Map(partners.map((p) => [p.id, p.locate_profile]));
  const profiles = await findLocateProfiles(ctx.db, job.institution_id, [...new Set(partners.flatMap((p) => (p.locate_profile ? [p.locate_profile] : [])))]);
  const targets: RotaTarget[] = pending.map((entry) => {
    const code = profileCodes.get(entry.partner_id);
    return { entryId: entry.id, partnerId: entry.partner_id, partnerCode: entry.partner_code, profile: code ? profiles.get(code) : undefined };
  });
  const [located, self] = await Promise.all([locateRota(targets, citation, { selfBaseUrl: ctx.selfBaseUrl }), checkSelfOwnership(ctx.db, job.institution_id, citation)]);
  const outcome = await ctx.db.transaction().execute((trx) => recordLocateRun(trx, job, token, located.results, self, ctx.now()));
  ctx.outboxNotify?.();
  return outcome;
}

/** A run that threw: retried later under the same lease rules, or given up and shown to staff. */
export async function recordLocateJobFailure(ctx: ServiceContext, job: LocateJob, token: string, error: unknown, policy: LocateJobPolicy): Promise<void> {
  const message = error instanceof Error ? error.message : String(error);
  const givingUp = job.attempts >= policy.maxAttempts;
  await ctx.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('locate_job')
      .set({
        last_error: message,
        locked_until: null,
        locked_by: null,
        ...(givingUp ? { status: 'failed' as const, finished_at: ctx.now() } : { run_after: sql<Date>`now() + ${policy.retryDelayMs}::double precision * interval '1 millisecond'` }),
      })
      .where('id', '=', job.id)
      .where('locked_by', '=', token)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (givingUp && updated.numUpdatedRows > 0n) {
      await trx
        .updateTable('borrowing_request')
        .set({ needs_attention: `locate failed after ${job.attempts} attempts: ${message}`.slice(0, 500), updated_at: ctx.now() })
        .where('institution_id', '=', job.institution_id)
        .where('id', '=', job.borrowing_request_id)
        .execute();
    }
  });
}
