import { renderPatronNotice, type PatronNoticeKind } from '../../domain/circulation/patronNotices.js';
import type { Db } from '../../store/database.js';
import { findHold } from '../../store/circulationRepository.js';
import { findPatron } from '../../store/patronRepository.js';
import type { BorrowingRequest } from '../../store/schema.js';
import { readSettings } from '../settings/librarySettings.js';
import { effectiveNoticeTemplate } from './noticeTemplates.js';

/**
 * Queues a notice to the request's patron in the caller's transaction (it commits with the
 * change it tells about; the notice worker sends it), written with the institution's template
 * for the kind. A patron without an email address, or not in the patron register, gets a
 * `skipped` row so staff can see nobody was told; with the borrowing setting `patronNotices`
 * off nothing is queued. Returns a few words for the request's history.
 */
export async function enqueuePatronNotice(trx: Db, request: BorrowingRequest, kind: PatronNoticeKind, facts: { dueDate?: Date | null }, now: Date): Promise<string> {
  // Told (or deliberately not told) about this due date: the overdue job does not tell again.
  if (kind === 'overdue') {
    await trx.updateTable('loan').set({ overdue_notice_at: now }).where('institution_id', '=', request.institution_id).where('borrowing_request_id', '=', request.id).where('status', '=', 'active').execute();
  }
  const settings = await readSettings(trx, request.institution_id, 'borrowing');
  if (!settings.patronNotices) return `${kind} notice not queued: patron notices are off`;
  const patron = await findPatron(trx, request.institution_id, request.patron_id);
  const institution = await trx.selectFrom('institution').select('name').where('id', '=', request.institution_id).executeTakeFirstOrThrow();
  const hold = kind === 'on-hold-shelf' ? await findHold(trx, request.institution_id, request.id) : undefined;
  const template = await effectiveNoticeTemplate(trx, request.institution_id, kind);
  const text = renderPatronNotice(template, {
    patronName: patron?.name ?? request.patron_id,
    patronBarcode: request.patron_id,
    title: request.title ?? `request ${request.request_number}`,
    author: request.author,
    requestNumber: request.request_number,
    libraryName: institution.name,
    pickupLocation: hold?.pickup_location ?? request.pickup_location,
    dueDate: facts.dueDate ?? null,
    pickUpBy: hold?.shelf_expires_at ?? null,
  });
  const to = patron?.email?.trim() || null;
  // Due at once by the database's clock (the worker's), whatever clock the caller runs on.
  await trx
    .insertInto('patron_notice')
    .values({
      institution_id: request.institution_id,
      borrowing_request_id: request.id,
      patron_barcode: request.patron_id,
      kind,
      to_address: to,
      subject: text.subject,
      body_text: text.body,
      status: to ? 'pending' : 'skipped',
      last_error: to ? null : patron ? 'the patron has no email address' : 'the patron is not in the patron register',
    })
    .execute();
  return to ? `${kind} notice queued for ${to}` : `${kind} notice not sent: ${patron ? 'no email address' : 'patron not registered'}`;
}
