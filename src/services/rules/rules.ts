import type { RotaAssignmentRuleInput, SendingRuleInput } from '../../config/sections/rules.js';
import { recordAudit } from '../../store/auditLogRepository.js';
import type { Db } from '../../store/database.js';
import { deleteRule as deleteRuleRow, findRotaTemplate, listRules, saveRule, setRulePosition, type RuleKind } from '../../store/rulesRepository.js';
import type { Institution } from '../../store/schema.js';
import type { ServiceContext } from '../context.js';
import { InvalidInputError, NotFoundError } from '../errors.js';
import { ConflictError } from '../errors.js';
import { RuleInputError } from './errors.js';
import { AUDIT_ENTITY, ruleView, type RuleView } from './views.js';

/** Rota assignment rules and sending rules: the same life cycle, a different output. */
export type RuleInput = RotaAssignmentRuleInput | SendingRuleInput;

const KIND_NAME: Record<RuleKind, string> = { 'rota-assignment': 'rota assignment rule', sending: 'sending rule' };

/** Writes one rule at `position` inside the caller's transaction and records the change. */
export async function writeRule(trx: Db, institutionId: string, actor: string, kind: RuleKind, input: RuleInput, position: number, before: RuleView | undefined): Promise<RuleView> {
  let templateId: string | null = null;
  if ('template' in input) {
    const template = await findRotaTemplate(trx, institutionId, input.template);
    if (!template) throw new RuleInputError(['template'], `no rota template ${input.template} at this institution`);
    templateId = template.id;
  }
  const sending = 'sending' in input ? input.sending : null;
  const name = input.name ?? input.code;
  await saveRule(trx, institutionId, kind, { code: input.code, name, position, enabled: input.enabled, conditions: input.conditions, templateId, sending });
  const after: RuleView = {
    code: input.code,
    name,
    enabled: input.enabled,
    position,
    conditions: input.conditions,
    ...('template' in input ? { template: input.template } : { sending: input.sending }),
  };
  await recordAudit(trx, { institutionId, actor, entityType: AUDIT_ENTITY[kind], entityKey: input.code, before, after });
  return after;
}

/** Deletes a rule; the ones after it move up, so positions stay 0, 1, 2 … as staff see them. */
export async function removeRule(trx: Db, institutionId: string, actor: string, kind: RuleKind, before: RuleView): Promise<void> {
  await deleteRuleRow(trx, institutionId, kind, before.code);
  await recordAudit(trx, { institutionId, actor, entityType: AUDIT_ENTITY[kind], entityKey: before.code, before, after: undefined });
  const rest = await listRuleViews(trx, institutionId, kind);
  await placeRules(trx, institutionId, actor, kind, rest, rest.map((r) => r.code));
}

/** Gives each rule its index in `codes` as position, recording the rules that move. */
async function placeRules(trx: Db, institutionId: string, actor: string, kind: RuleKind, rules: readonly RuleView[], codes: readonly string[]): Promise<RuleView[]> {
  const placed: RuleView[] = [];
  for (const [position, code] of codes.entries()) {
    const before = rules.find((r) => r.code === code) as RuleView;
    const after = { ...before, position };
    if (before.position !== position) {
      await setRulePosition(trx, institutionId, kind, code, position);
      await recordAudit(trx, { institutionId, actor, entityType: AUDIT_ENTITY[kind], entityKey: code, before, after });
    }
    placed.push(after);
  }
  return placed;
}

/** Puts the rules in the order of `codes`, which must name each rule exactly once. */
export async function orderRules(trx: Db, institutionId: string, actor: string, kind: RuleKind, codes: readonly string[]): Promise<RuleView[]> {
  const rules = (await listRules(trx, institutionId, kind)).map(ruleView);
  const known = new Set(rules.map((r) => r.code));
  const unknown = codes.filter((c) => !known.has(c));
  const duplicate = codes.filter((c, i) => codes.indexOf(c) !== i);
  const missing = rules.filter((r) => !codes.includes(r.code)).map((r) => r.code);
  const problems = [
    unknown.length > 0 ? `unknown ${KIND_NAME[kind]}(s): ${unknown.join(', ')}` : '',
    duplicate.length > 0 ? `listed twice: ${duplicate.join(', ')}` : '',
    missing.length > 0 ? `missing: ${missing.join(', ')} (list every rule once)` : '',
  ].filter(Boolean);
  if (problems.length > 0) throw new InvalidInputError(`order: ${problems.join('; ')}`);
  return placeRules(trx, institutionId, actor, kind, rules, codes);
}

export async function listRuleViews(db: Db, institutionId: string, kind: RuleKind): Promise<RuleView[]> {
  return (await listRules(db, institutionId, kind)).map(ruleView);
}

async function existing(trx: Db, institution: Institution, kind: RuleKind, code: string): Promise<RuleView> {
  const rule = (await listRuleViews(trx, institution.id, kind)).find((r) => r.code === code);
  if (!rule) throw new NotFoundError(`no ${KIND_NAME[kind]} ${code} at ${institution.code}`);
  return rule;
}

/** A new rule goes last; reorder to move it. */
export async function createRule(ctx: ServiceContext, institution: Institution, actor: string, kind: RuleKind, input: RuleInput): Promise<RuleView> {
  return ctx.db.transaction().execute(async (trx) => {
    const rules = await listRuleViews(trx, institution.id, kind);
    if (rules.some((r) => r.code === input.code)) throw new ConflictError(`${KIND_NAME[kind]} ${input.code} already exists`);
    return writeRule(trx, institution.id, actor, kind, input, rules.length, undefined);
  });
}

/** Replaces a rule's name, conditions and output; it keeps its place. */
export async function updateRule(ctx: ServiceContext, institution: Institution, actor: string, kind: RuleKind, input: RuleInput): Promise<RuleView> {
  return ctx.db.transaction().execute(async (trx) => {
    const before = await existing(trx, institution, kind, input.code);
    return writeRule(trx, institution.id, actor, kind, input, before.position, before);
  });
}

export async function deleteRule(ctx: ServiceContext, institution: Institution, actor: string, kind: RuleKind, code: string): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => removeRule(trx, institution.id, actor, kind, await existing(trx, institution, kind, code)));
}

export async function reorderRules(ctx: ServiceContext, institution: Institution, actor: string, kind: RuleKind, codes: readonly string[]): Promise<RuleView[]> {
  return ctx.db.transaction().execute(async (trx) => orderRules(trx, institution.id, actor, kind, codes));
}
