import type { EffectiveNoticeTemplate } from '../../services/notices/noticeTemplates.js';
import type { PatronNoticeRow } from '../../services/notices/patronNoticeList.js';
import type { SlipFieldSet } from '../../domain/slips/render.js';

export function presentPatronNotice(notice: PatronNoticeRow) {
  return {
    id: notice.id,
    requestId: notice.borrowing_request_id,
    requestNumber: notice.request_number,
    patronId: notice.patron_barcode,
    kind: notice.kind,
    to: notice.to_address,
    subject: notice.subject,
    status: notice.status,
    attempts: notice.attempts,
    lastError: notice.last_error,
    nextAttemptAt: notice.status === 'pending' ? notice.next_attempt_at.toISOString() : null,
    messageId: notice.message_id,
    createdAt: notice.created_at.toISOString(),
    sentAt: notice.sent_at?.toISOString() ?? null,
  };
}

export function presentNoticeTemplate(template: EffectiveNoticeTemplate, fields?: SlipFieldSet) {
  return {
    kind: template.kind,
    custom: template.custom,
    updatedAt: template.updatedAt?.toISOString() ?? null,
    subject: template.subject,
    text: template.text,
    ...(fields ? { fields } : {}),
  };
}
