import { orderRota, type RotaCandidate } from '../rota/order.js';
import { conditionHolds, type Condition } from './condition.js';
import type { RuleSubject } from './fields.js';

/**
 * The rule engine: pure, no database, no clock (`now` is the day relative dates count from).
 * A rule matches when it is enabled and every one of its conditions holds; a rule without
 * conditions matches every request (a catch-all at the end of the list).
 */

export interface Rule {
  code: string;
  name: string;
  enabled: boolean;
  conditions: readonly Condition[];
}

export interface RotaAssignmentRule extends Rule {
  /** The code of the rota template whose partners a match appends. */
  template: string;
}

export const SENDING_DECISIONS = ['send-automatically', 'wait-for-staff'] as const;
export type SendingDecision = (typeof SENDING_DECISIONS)[number];

export interface SendingRule extends Rule {
  sending: SendingDecision;
}

export interface RotaTemplateForRules {
  code: string;
  /** Unordered templates ask their fastest partners first (average supply time). */
  ordered: boolean;
  partners: readonly RotaCandidate[];
}

export function ruleMatches(rule: Rule, subject: RuleSubject, now: Date): boolean {
  return rule.enabled && rule.conditions.every((condition) => conditionHolds(condition, subject, now));
}

export interface AssignedRota<R extends RotaAssignmentRule> {
  matchedRules: R[];
  /** Partners in the order to ask them; a partner two templates share keeps its first place. */
  rota: RotaCandidate[];
}

/** Follows the rules in order; each match appends its template's partners to the rota. */
export function assignRota<R extends RotaAssignmentRule>(
  rules: readonly R[],
  templates: ReadonlyMap<string, RotaTemplateForRules>,
  subject: RuleSubject,
  now: Date,
): AssignedRota<R> {
  const matchedRules = rules.filter((rule) => ruleMatches(rule, subject, now));
  const rota: RotaCandidate[] = [];
  const seen = new Set<string>();
  for (const rule of matchedRules) {
    const template = templates.get(rule.template);
    if (!template) throw new Error(`rota assignment rule ${rule.code} names an unknown template ${rule.template}`);
    const partners = template.ordered ? template.partners : orderRota(template.partners, 'by-supply-time');
    for (const partner of partners) {
      if (seen.has(partner.partnerId)) continue;
      seen.add(partner.partnerId);
      rota.push({ partnerId: partner.partnerId, code: partner.code, averageSupplyDays: partner.averageSupplyDays, active: partner.active });
    }
  }
  return { matchedRules, rota };
}

/** The first matching sending rule decides; with none, requests go out automatically. */
export function decideSending<R extends SendingRule>(rules: readonly R[], subject: RuleSubject, now: Date): { sending: SendingDecision; rule: R | null } {
  const rule = rules.find((candidate) => ruleMatches(candidate, subject, now));
  return { sending: rule?.sending ?? 'send-automatically', rule: rule ?? null };
}
