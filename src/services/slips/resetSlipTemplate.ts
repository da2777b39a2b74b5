import type { SlipKind } from '../../domain/slips/kinds.js';
import { recordAudit } from '../../store/auditLogRepository.js';
import type { Institution } from '../../store/schema.js';
import { deleteSlipTemplate, findSlipTemplate } from '../../store/slipTemplateRepository.js';
import type { ServiceContext } from '../context.js';
import { defaultSlipTemplate, type EffectiveTemplate } from './slipTemplates.js';

/** Drops an institution's own template for a slip kind: it prints with the default again; audited. */
export async function resetSlipTemplate(ctx: ServiceContext, institution: Institution, kind: SlipKind, actor: string): Promise<EffectiveTemplate> {
  await ctx.db.transaction().execute(async (trx) => {
    const before = await findSlipTemplate(trx, institution.id, kind);
    if (!before) return;
    await deleteSlipTemplate(trx, institution.id, kind);
    await recordAudit(trx, { institutionId: institution.id, actor, entityType: 'slip_template', entityKey: kind, before: { html: before.html }, after: undefined });
  });
  return { kind, html: await defaultSlipTemplate(kind), custom: false, updatedAt: null };
}
