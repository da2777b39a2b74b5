import { canonicalCondition, type Condition } from '../domain/rules/condition.js';
import type { SendingDecision } from '../domain/rules/engine.js';
import type { Db } from './database.js';

/** A template as staff see it: partners by code, in template order. */
export interface StoredRotaTemplate {
  id: string;
  code: string;
  name: string;
  ordered: boolean;
  partners: { partnerId: string; code: string; averageSupplyDays: number | null; active: boolean }[];
}

export type RuleKind = 'rota-assignment' | 'sending';

export interface StoredRule {
  id: string;
  kind: RuleKind;
  code: string;
  name: string;
  position: number;
  enabled: boolean;
  conditions: Condition[];
  /** Rota assignment rules: the template's code. */
  template: string | null;
  /** Sending rules: the decision. */
  sending: SendingDecision | null;
}

export async function listRotaTemplates(db: Db, institutionId: string, codes?: readonly string[]): Promise<StoredRotaTemplate[]> {
  let query = db.selectFrom('rota_template').select(['id', 'code', 'name', 'ordered']).where('institution_id', '=', institutionId);
  if (codes) {
    if (codes.length === 0) return [];
    query = query.where('code', 'in', codes);
  }
  const templates = await query.orderBy('code').execute();
  if (templates.length === 0) return [];
  const members = await db
    .selectFrom('rota_template_partner as m')
    .innerJoin('partner as p', 'p.id', 'm.partner_id')
    .select(['m.template_id', 'm.partner_id', 'p.code', 'p.average_supply_days', 'p.active'])
    .where('m.institution_id', '=', institutionId)
    .where(
      'm.template_id',
      'in',
      templates.map((t) => t.id),
    )
    .orderBy('m.template_id')
    .orderBy('m.position')
    .execute();
  return templates.map((t) => ({
    ...t,
    partners: members
      .filter((m) => m.template_id === t.id)
      .map((m) => ({ partnerId: m.partner_id, code: m.code, averageSupplyDays: m.average_supply_days, active: m.active })),
  }));
}

export async function findRotaTemplate(db: Db, institutionId: string, code: string): Promise<StoredRotaTemplate | undefined> {
  return (await listRotaTemplates(db, institutionId, [code]))[0];
}

/** Creates or updates a template by code and makes its partner list exactly `partnerIds`, in order. */
export async function saveRotaTemplate(
  db: Db,
  institutionId: string,
  template: { code: string; name: string; ordered: boolean; partnerIds: readonly string[] },
): Promise<string> {
  const { id } = await db
    .insertInto('rota_template')
    .values({ institution_id: institutionId, code: template.code, name: template.name, ordered: template.ordered })
    .onConflict((oc) => oc.columns(['institution_id', 'code']).doUpdateSet({ name: template.name, ordered: template.ordered }))
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.deleteFrom('rota_template_partner').where('template_id', '=', id).execute();
  if (template.partnerIds.length > 0) {
    await db
      .insertInto('rota_template_partner')
      .values(template.partnerIds.map((partnerId, position) => ({ institution_id: institutionId, template_id: id, partner_id: partnerId, position })))
      .execute();
  }
  return id;
}

/** Empties every template of an institution, so a whole new assignment of partners can be written. */
export async function clearRotaTemplatePartners(db: Db, institutionId: string): Promise<void> {
  await db.deleteFrom('rota_template_partner').where('institution_id', '=', institutionId).execute();
}

export async function deleteRotaTemplate(db: Db, institutionId: string, code: string): Promise<void> {
  await db.deleteFrom('rota_template').where('institution_id', '=', institutionId).where('code', '=', code).execute();
}

/** For each of these partners already in another template than `exceptCode`: that template's code. */
export async function templatesHoldingPartners(db: Db, institutionId: string, partnerIds: readonly string[], exceptCode: string): Promise<Map<string, string>> {
  if (partnerIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('rota_template_partner as m')
    .innerJoin('rota_template as t', 't.id', 'm.template_id')
    .select(['m.partner_id', 't.code'])
    .where('m.institution_id', '=', institutionId)
    .where('m.partner_id', 'in', partnerIds)
    .where('t.code', '<>', exceptCode)
    .execute();
  return new Map(rows.map((r) => [r.partner_id, r.code]));
}

export async function rulesUsingTemplate(db: Db, institutionId: string, templateCode: string): Promise<string[]> {
  const rows = await db
    .selectFrom('rule as r')
    .innerJoin('rota_template as t', 't.id', 'r.template_id')
    .select('r.code')
    .where('r.institution_id', '=', institutionId)
    .where('t.code', '=', templateCode)
    .orderBy('r.position')
    .execute();
  return rows.map((r) => r.code);
}

/** The rules of one kind, in evaluation order. */
export async function listRules(db: Db, institutionId: string, kind: RuleKind): Promise<StoredRule[]> {
  const rows = await db
    .selectFrom('rule as r')
    .leftJoin('rota_template as t', 't.id', 'r.template_id')
    .select(['r.id', 'r.kind', 'r.code', 'r.name', 'r.position', 'r.enabled', 'r.conditions', 'r.sending', 't.code as template'])
    .where('r.institution_id', '=', institutionId)
    .where('r.kind', '=', kind)
    .orderBy('r.position')
    .orderBy('r.code')
    .execute();
  return rows.map((r) => ({ ...r, conditions: (r.conditions as Condition[]).map(canonicalCondition) }));
}

export interface RuleValues {
  code: string;
  name: string;
  position: number;
  enabled: boolean;
  conditions: readonly Condition[];
  templateId: string | null;
  sending: SendingDecision | null;
}

/** Creates or updates a rule by kind and code. */
export async function saveRule(db: Db, institutionId: string, kind: RuleKind, rule: RuleValues): Promise<void> {
  const changes = {
    name: rule.name,
    position: rule.position,
    enabled: rule.enabled,
    conditions: JSON.stringify(rule.conditions),
    template_id: rule.templateId,
    sending: rule.sending,
  };
  await db
    .insertInto('rule')
    .values({ institution_id: institutionId, kind, code: rule.code, ...changes })
    .onConflict((oc) => oc.columns(['institution_id', 'kind', 'code']).doUpdateSet(changes))
    .execute();
}

export async function setRulePosition(db: Db, institutionId: string, kind: RuleKind, code: string, position: number): Promise<void> {
  await db.updateTable('rule').set({ position }).where('institution_id', '=', institutionId).where('kind', '=', kind).where('code', '=', code).execute();
}

export async function deleteRule(db: Db, institutionId: string, kind: RuleKind, code: string): Promise<void> {
  await db.deleteFrom('rule').where('institution_id', '=', institutionId).where('kind', '=', kind).where('code', '=', code).execute();
}
