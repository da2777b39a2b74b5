import type { RuleInput } from '../../domain/rules/subject.js';
import type { Institution } from '../../store/schema.js';
import type { ServiceContext } from '../context.js';
import { planByRules } from './planByRules.js';

export interface DryRunResult {
  matchedRules: { code: string; name: string; position: number; template: string }[];
  /** Partner codes in the order the request would ask them. */
  rota: string[];
  /** In the rota but never asked (inactive partners), as a created request would show them. */
  skipped: { partner: string; reason: 'inactive' }[];
  sending: 'send-automatically' | 'wait-for-staff';
  sendingRule: { code: string; name: string; position: number } | null;
}

/** What the rules would do with a request, without creating it. */
export async function dryRunRules(ctx: ServiceContext, institution: Institution, input: RuleInput): Promise<DryRunResult> {
  const plan = await ctx.db.transaction().execute(async (trx) => planByRules(trx, institution.id, input, ctx.now()));
  return {
    matchedRules: plan.matchedRules.map(({ code, name, position, template }) => ({ code, name, position, template })),
    rota: plan.rota.filter((p) => p.active).map((p) => p.code),
    skipped: plan.rota.filter((p) => !p.active).map((p) => ({ partner: p.code, reason: 'inactive' as const })),
    sending: plan.sending,
    sendingRule: plan.sendingRule && { code: plan.sendingRule.code, name: plan.sendingRule.name, position: plan.sendingRule.position },
  };
}
