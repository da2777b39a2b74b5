import type { RotaTemplateInput } from '../../config/sections/rules.js';
import { recordAudit } from '../../store/auditLogRepository.js';
import type { Db } from '../../store/database.js';
import { listPartners } from '../../store/partnerRepository.js';
import { deleteRotaTemplate as deleteTemplateRow, findRotaTemplate, rulesUsingTemplate, saveRotaTemplate, templatesHoldingPartners } from '../../store/rulesRepository.js';
import type { Institution } from '../../store/schema.js';
import type { ServiceContext } from '../context.js';
import { NotFoundError } from '../errors.js';
import { ConflictError } from '../errors.js';
import { RuleInputError } from './errors.js';
import { AUDIT_ENTITY, rotaTemplateView, type RotaTemplateView } from './views.js';

/**
 * Writes one template inside the caller's transaction (API and network file alike) and records
 * the change. `before` is what the template was, undefined when it is new.
 */
export async function writeRotaTemplate(trx: Db, institutionId: string, actor: string, input: RotaTemplateInput, before: RotaTemplateView | undefined): Promise<RotaTemplateView> {
  const partners = await listPartners(trx, institutionId);
  const partnerIds = input.partners.map((code, i) => {
    const partner = partners.find((p) => p.code === code);
    if (!partner) throw new RuleInputError(['partners', i], `no partner ${code} at this institution`);
    return partner.id;
  });
  const holders = await templatesHoldingPartners(trx, institutionId, partnerIds, input.code);
  partnerIds.forEach((id, i) => {
    const other = holders.get(id);
    if (other !== undefined) throw new RuleInputError(['partners', i], `partner ${input.partners[i]} is already in rota template ${other}: a partner belongs to one template only`);
  });
  await saveRotaTemplate(trx, institutionId, { code: input.code, name: input.name ?? input.code, ordered: input.ordered, partnerIds });
  const after: RotaTemplateView = { code: input.code, name: input.name ?? input.code, ordered: input.ordered, partners: [...input.partners] };
  await recordAudit(trx, { institutionId, actor, entityType: AUDIT_ENTITY.template, entityKey: input.code, before, after });
  return after;
}

/** Deletes a template no rule uses, inside the caller's transaction. */
export async function removeRotaTemplate(trx: Db, institutionId: string, actor: string, before: RotaTemplateView): Promise<void> {
  const users = await rulesUsingTemplate(trx, institutionId, before.code);
  if (users.length > 0) throw new ConflictError(`rota template ${before.code} is used by rota assignment rule(s) ${users.join(', ')}; change or delete them first`);
  await deleteTemplateRow(trx, institutionId, before.code);
  await recordAudit(trx, { institutionId, actor, entityType: AUDIT_ENTITY.template, entityKey: before.code, before, after: undefined });
}

async function existing(trx: Db, institution: Institution, code: string): Promise<RotaTemplateView> {
  const template = await findRotaTemplate(trx, institution.id, code);
  if (!template) throw new NotFoundError(`no rota template ${code} at ${institution.code}`);
  return rotaTemplateView(template);
}

export async function createRotaTemplate(ctx: ServiceContext, institution: Institution, actor: string, input: RotaTemplateInput): Promise<RotaTemplateView> {
  return ctx.db.transaction().execute(async (trx) => {
    if (await findRotaTemplate(trx, institution.id, input.code)) throw new ConflictError(`rota template ${input.code} already exists`);
    return writeRotaTemplate(trx, institution.id, actor, input, undefined);
  });
}

export async function updateRotaTemplate(ctx: ServiceContext, institution: Institution, actor: string, input: RotaTemplateInput): Promise<RotaTemplateView> {
  return ctx.db.transaction().execute(async (trx) => writeRotaTemplate(trx, institution.id, actor, input, await existing(trx, institution, input.code)));
}

export async function deleteRotaTemplate(ctx: ServiceContext, institution: Institution, actor: string, code: string): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => removeRotaTemplate(trx, institution.id, actor, await existing(trx, institution, code)));
}
