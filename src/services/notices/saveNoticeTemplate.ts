import { noticeTemplateProblems, noticeTemplateSource, parseNoticeTemplate, type NoticeTemplate, type PatronNoticeKind } from '../../domain/circulation/patronNotices.js';
import { recordAudit } from '../../store/auditLogRepository.js';
import type { Institution } from '../../store/schema.js';
import { findSlipTemplate, upsertSlipTemplate } from '../../store/slipTemplateRepository.js';
import type { ServiceContext } from '../context.js';
import { InvalidInputError } from '../errors.js';
import { storedKind, type EffectiveNoticeTemplate } from './noticeTemplates.js';

/** Saves an institution's own subject and text for a notice kind after checking their syntax and fields; audited. */
export async function saveNoticeTemplate(ctx: ServiceContext, institution: Institution, kind: PatronNoticeKind, template: NoticeTemplate, actor: string): Promise<EffectiveNoticeTemplate> {
  const problems = noticeTemplateProblems(kind, template);
  if (problems.length > 0) throw new InvalidInputError(problems.join('; '));
  const source = noticeTemplateSource(template);
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const before = await findSlipTemplate(trx, institution.id, storedKind(kind));
    const saved = await upsertSlipTemplate(trx, institution.id, storedKind(kind), source, now);
    await recordAudit(trx, { institutionId: institution.id, actor, entityType: 'notice_template', entityKey: kind, before: before ? parseNoticeTemplate(before.html) : undefined, after: template });
    return { kind, ...template, custom: true, updatedAt: saved.updated_at };
  });
}
