import type { RotaCandidate } from '../../domain/rota/order.js';
import { assignRota, decideSending, type RotaAssignmentRule, type SendingDecision, type SendingRule } from '../../domain/rules/engine.js';
import { ruleSubject, type RuleInput } from '../../domain/rules/subject.js';
import type { Db } from '../../store/database.js';
import { listRotaTemplates, listRules, type StoredRule } from '../../store/rulesRepository.js';

/** What the rules make of a new request: its rota, and whether it goes out at once. */
export interface RulePlan {
  matchedRules: (RotaAssignmentRule & { position: number })[];
  rota: RotaCandidate[];
  sending: SendingDecision;
  sendingRule: (SendingRule & { position: number }) | null;
}

function asAssignment(rule: StoredRule): RotaAssignmentRule & { position: number } {
  if (rule.template === null) throw new Error(`rota assignment rule ${rule.code} has no template`);
  return { ...rule, template: rule.template };
}

function asSending(rule: StoredRule): SendingRule & { position: number } {
  if (rule.sending === null) throw new Error(`sending rule ${rule.code} has no decision`);
  return { ...rule, sending: rule.sending };
}

/** Evaluates an institution's rules for a would-be request, reading with `db` (the caller's transaction). */
export async function planByRules(db: Db, institutionId: string, input: RuleInput, now: Date): Promise<RulePlan> {
  const subject = ruleSubject(input);
  // One query at a time: inside a transaction there is one connection.
  const rules = (await listRules(db, institutionId, 'rota-assignment')).map(asAssignment);
  const sendingRules = await listRules(db, institutionId, 'sending');
  const templates = await listRotaTemplates(db, institutionId, [...new Set(rules.filter((r) => r.enabled).map((r) => r.template))]);
  const { matchedRules, rota } = assignRota(rules, new Map(templates.map((t) => [t.code, t])), subject, now);
  const { sending, rule } = decideSending(sendingRules.map(asSending), subject, now);
  return { matchedRules, rota, sending, sendingRule: rule };
}
