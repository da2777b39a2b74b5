import { parseNoticeTemplate, type PatronNoticeKind } from '../../domain/circulation/patronNotices.js';
import { recordAudit } from '../../store/auditLogRepository.js';
import type { Institution } from '../../store/schema.js';
import { deleteSlipTemplate, findSlipTemplate } from '../../store/slipTemplateRepository.js';
import type { ServiceContext } from '../context.js';
import { defaultNoticeTemplate, storedKind, type EffectiveNoticeTemplate } from './noticeTemplates.js';

/** Drops an institution's own template for a notice kind: its notices use the default again; audited. */
export async function resetNoticeTemplate(ctx: ServiceContext, institution: Institution, kind: PatronNoticeKind, actor: string): Promise<EffectiveNoticeTemplate> {
  await ctx.db.transaction().execute(async (trx) => {
    const before = await findSlipTemplate(trx, institution.id, storedKind(kind));
    if (!before) return;
    await deleteSlipTemplate(trx, institution.id, storedKind(kind));
    await recordAudit(trx, { institutionId: institution.id, actor, entityType: 'notice_template', entityKey: kind, before: parseNoticeTemplate(before.html), after: undefined });
  });
  return { kind, ...(await defaultNoticeTemplate(kind)), custom: false, updatedAt: null };
}
