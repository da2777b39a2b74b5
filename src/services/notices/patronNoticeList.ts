import type { Institution, PatronNotice, PatronNoticeStatus } from '../../store/schema.js';
import type { ServiceContext } from '../context.js';

export type PatronNoticeRow = PatronNotice & { request_number: string | null };

function noticesOf(ctx: ServiceContext, institution: Institution) {
  return ctx.db
    .selectFrom('patron_notice')
    .leftJoin('borrowing_request as r', 'r.id', 'patron_notice.borrowing_request_id')
    .selectAll('patron_notice')
    .select('r.request_number')
    .where('patron_notice.institution_id', '=', institution.id);
}

/** The notices of one borrowing request, oldest first: what staff read on the request. */
export function listRequestNotices(ctx: ServiceContext, institution: Institution, requestId: string): Promise<PatronNoticeRow[]> {
  return noticesOf(ctx, institution).where('patron_notice.borrowing_request_id', '=', requestId).orderBy('patron_notice.id').execute();
}

/** The institution's notices, newest first, optionally of one status (failed: the ones to look at). */
export function listInstitutionNotices(ctx: ServiceContext, institution: Institution, filter: { status?: PatronNoticeStatus | undefined; limit: number }): Promise<PatronNoticeRow[]> {
  let query = noticesOf(ctx, institution);
  if (filter.status) query = query.where('patron_notice.status', '=', filter.status);
  return query.orderBy('patron_notice.id', 'desc').limit(filter.limit).execute();
}

export function findInstitutionNotice(ctx: ServiceContext, institution: Institution, noticeId: string): Promise<PatronNoticeRow | undefined> {
  return noticesOf(ctx, institution).where('patron_notice.id', '=', noticeId).executeTakeFirst();
}
