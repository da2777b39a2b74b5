import { sql } from 'kysely';
import { recordAudit } from '../../store/auditLogRepository.js';
import type { Institution } from '../../store/schema.js';
import type { ServiceContext } from '../context.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { findInstitutionNotice, type PatronNoticeRow } from './patronNoticeList.js';

/**
 * Sends a failed notice again: back to pending with a fresh count of attempts, due now. Only a
 * failed one: a sent notice would reach the patron twice, a skipped one has nobody to go to.
 * Audited (who asked, and the error it had).
 */
export async function resendPatronNotice(ctx: ServiceContext, institution: Institution, noticeId: string, actor: string): Promise<PatronNoticeRow> {
  await ctx.db.transaction().execute(async (trx) => {
    const notice = await trx.selectFrom('patron_notice').selectAll().where('institution_id', '=', institution.id).where('id', '=', noticeId).forUpdate().executeTakeFirst();
    if (!notice) throw new NotFoundError(`no patron notice ${noticeId}`);
    if (notice.status !== 'failed') throw new ConflictError(`only a failed notice is sent again; this one is ${notice.status}`);
    await trx.updateTable('patron_notice').set({ status: 'pending', attempts: 0, next_attempt_at: sql<Date>`now()`, locked_until: null }).where('id', '=', notice.id).execute();
    await recordAudit(trx, {
      institutionId: institution.id,
      actor,
      entityType: 'patron_notice',
      entityKey: notice.id,
      before: { status: notice.status, attempts: notice.attempts, lastError: notice.last_error },
      after: { status: 'pending', attempts: 0 },
    });
  });
  ctx.noticeNotify?.();
  const row = await findInstitutionNotice(ctx, institution, noticeId);
  if (!row) throw new NotFoundError(`no patron notice ${noticeId}`);
  return row;
}
