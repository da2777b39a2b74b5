import { SLIPS, type SlipKind } from '../../domain/slips/kinds.js';
import { checkSlipTemplate } from '../../domain/slips/render.js';
import { recordAudit } from '../../store/auditLogRepository.js';
import type { Institution } from '../../store/schema.js';
import { findSlipTemplate, upsertSlipTemplate } from '../../store/slipTemplateRepository.js';
import type { ServiceContext } from '../context.js';
import { InvalidInputError } from '../errors.js';
import type { EffectiveTemplate } from './slipTemplates.js';

/** Saves an institution's own template for a slip kind after checking its syntax and fields; audited. */
export async function saveSlipTemplate(ctx: ServiceContext, institution: Institution, kind: SlipKind, html: string, actor: string): Promise<EffectiveTemplate> {
  const check = checkSlipTemplate(html, SLIPS[kind].fields);
  const reasons = [...(check.unknownFields.length > 0 ? [`unknown fields for a ${kind} slip: ${check.unknownFields.join(', ')}`] : []), ...check.problems];
  if (reasons.length > 0) throw new InvalidInputError(reasons.join('; '));
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const before = await findSlipTemplate(trx, institution.id, kind);
    const saved = await upsertSlipTemplate(trx, institution.id, kind, html, now);
    await recordAudit(trx, { institutionId: institution.id, actor, entityType: 'slip_template', entityKey: kind, before: before ? { html: before.html } : undefined, after: { html } });
    return { kind, html: saved.html, custom: true, updatedAt: saved.updated_at };
  });
}
