/**
 * Sending queued patron notices: claimed with a lease (FOR UPDATE SKIP LOCKED, so workers in
 * any number of processes share the queue and no notice goes out twice), sent OUTSIDE any
 * transaction (an SMTP exchange must not hold a connection or row locks), then recorded. The
 * attempt count taken at claim time fences the record: a worker whose lease ran out and was
 * taken over records nothing.
 */
import { sql } from 'kysely';
import { noticeRetry, type NoticeRetryPolicy } from '../../domain/circulation/patronNotices.js';
import type { Db } from '../../store/database.js';
import type { PatronNotice } from '../../store/schema.js';
import type { ServiceContext } from '../context.js';
import { readSettings } from '../settings/librarySettings.js';
import type { MailOutcome, NoticeMailer } from './mailer.js';

export interface NoticePolicy extends NoticeRetryPolicy {
  leaseMs: number;
  batchSize: number;
}

export const DEFAULT_NOTICE_POLICY: NoticePolicy = { leaseMs: 5 * 60_000, batchSize: 20, maxAttempts: 6, baseDelayMs: 60_000, maxDelayMs: 6 * 60 * 60_000 };

const ms = (value: number) => sql<Date>`now() + ${value}::double precision * interval '1 millisecond'`;

/** Leases due notices; time decisions use the database's clock so processes agree. */
export async function claimPatronNotices(db: Db, policy: NoticePolicy): Promise<PatronNotice[]> {
  const result = await sql<PatronNotice>`
    update patron_notice
       set locked_until = ${ms(policy.leaseMs)},
           attempts = attempts + 1
     where id in (
       select id from patron_notice
        where status = 'pending'
          and next_attempt_at <= now()
          and (locked_until is null or locked_until < now())
        order by next_attempt_at, id
        limit ${policy.batchSize}
        for update skip locked)
    returning *`.execute(db);
  return [...result.rows];
}

export type DeliveryOutcome = { status: 'sent' | 'logged'; messageId: string | null } | { status: 'retry' | 'failed'; error: string };

/** Sends one claimed notice and records what happened; never throws for a refused send. */
export async function deliverPatronNotice(ctx: ServiceContext, notice: PatronNotice, mailer: NoticeMailer, defaultFrom: string, policy: NoticePolicy): Promise<DeliveryOutcome> {
  const mine = (db: Db) => db.updateTable('patron_notice').where('id', '=', notice.id).where('status', '=', 'pending').where('attempts', '=', notice.attempts);
  // Queued with an address; checked again so a row edited by hand cannot make the worker throw.
  if (!notice.to_address) {
    await mine(ctx.db).set({ status: 'skipped', locked_until: null, last_error: 'no email address' }).execute();
    return { status: 'failed', error: 'no email address' };
  }
  let sent: MailOutcome;
  try {
    const settings = await readSettings(ctx.db, notice.institution_id, 'borrowing');
    sent = await mailer.send(
      { from: settings.noticeFromAddress ?? defaultFrom, to: notice.to_address, subject: notice.subject, text: notice.body_text },
      { noticeId: notice.id, institutionId: notice.institution_id, requestId: notice.borrowing_request_id, kind: notice.kind },
    );
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 1000) || 'sending failed';
    const retry = noticeRetry(notice.attempts, policy);
    await mine(ctx.db)
      .set({ last_error: message, locked_until: null, ...(retry.giveUp ? { status: 'failed' as const } : { next_attempt_at: ms(retry.delayMs) }) })
      .execute();
    return retry.giveUp ? { status: 'failed', error: message } : { status: 'retry', error: message };
  }
  // Outside the try: a failure to record a sent notice must not schedule it again.
  await mine(ctx.db).set({ status: sent.status, message_id: sent.messageId, sent_at: ctx.now(), locked_until: null, last_error: null }).execute();
  return sent;
}
