import type { Condition } from '../../domain/rules/condition.js';
import type { SendingDecision } from '../../domain/rules/engine.js';
import type { StoredRotaTemplate, StoredRule } from '../../store/rulesRepository.js';

/**
 * Templates and rules as the API shows them and the audit log records them: the same shape as
 * the network file's sections, so what staff read can be pasted back into YAML.
 */
export interface RotaTemplateView {
  code: string;
  name: string;
  ordered: boolean;
  partners: string[];
}

export interface RuleView {
  code: string;
  name: string;
  enabled: boolean;
  position: number;
  conditions: Condition[];
  template?: string;
  sending?: SendingDecision;
}

export function rotaTemplateView(template: StoredRotaTemplate): RotaTemplateView {
  return { code: template.code, name: template.name, ordered: template.ordered, partners: template.partners.map((p) => p.code) };
}

export function ruleView(rule: StoredRule): RuleView {
  return {
    code: rule.code,
    name: rule.name,
    enabled: rule.enabled,
    position: rule.position,
    conditions: rule.conditions,
    ...(rule.template !== null ? { template: rule.template } : {}),
    ...(rule.sending !== null ? { sending: rule.sending } : {}),
  };
}

export const AUDIT_ENTITY = { template: 'rota-template', 'rota-assignment': 'rota-assignment-rule', sending: 'sending-rule' } as const;
