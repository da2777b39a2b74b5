import { ConfigError } from '../../config/loadConfigFile.js';
import { formatPath, type InstitutionConfig } from '../../config/networkConfig.js';
import type { Db } from '../../store/database.js';
import { clearRotaTemplatePartners, listRotaTemplates, type RuleKind } from '../../store/rulesRepository.js';
import { ConflictError } from '../errors.js';
import { RuleInputError } from '../rules/errors.js';
import { listRuleViews, removeRule, writeRule, type RuleInput } from '../rules/rules.js';
import { removeRotaTemplate, writeRotaTemplate } from '../rules/rotaTemplates.js';
import { rotaTemplateView } from '../rules/views.js';

/**
 * Loads an institution's rota templates, assignment rules and sending rules from the network
 * file, inside the caller's transaction. A section present in the file is the whole truth for
 * it (unlisted entries are removed, list order is rule order); an absent section is left alone.
 * Any problem throws a ConfigError naming the file path, and the caller's transaction rolls
 * everything back.
 */
export async function applyRulesConfig(trx: Db, institutionId: string, config: InstitutionConfig, source: string, path: string): Promise<void> {
  const actor = `config:${source}`;
  const fail = (where: (string | number)[], problem: string): never => {
    throw new ConfigError([`${source}: ${path}.${formatPath(where)}: ${problem}`]);
  };
  const at = async <T>(where: (string | number)[], write: () => Promise<T>): Promise<T> => {
    try {
      return await write();
    } catch (error) {
      if (error instanceof RuleInputError) return fail([...where, ...error.path], error.problem);
      if (error instanceof ConflictError) return fail(where, error.message);
      throw error;
    }
  };

  const templatesBefore = new Map((await listRotaTemplates(trx, institutionId)).map((t) => [t.code, rotaTemplateView(t)]));
  if (config.rotaTemplates) {
    // Partners may move between templates: empty them all first, so no write meets a stale owner.
    await clearRotaTemplatePartners(trx, institutionId);
    for (const [i, template] of config.rotaTemplates.entries()) {
      await at(['rotaTemplates', i], () => writeRotaTemplate(trx, institutionId, actor, template, templatesBefore.get(template.code)));
    }
  }
  await applyRules(trx, institutionId, actor, 'rota-assignment', config.rotaAssignmentRules, 'rotaAssignmentRules', at);
  if (config.rotaTemplates) {
    // Templates go after the rules, which may have stopped using them.
    const listed = new Set(config.rotaTemplates.map((t) => t.code));
    for (const before of templatesBefore.values()) {
      if (!listed.has(before.code)) await at(['rotaTemplates'], () => removeRotaTemplate(trx, institutionId, actor, before));
    }
  }
  await applyRules(trx, institutionId, actor, 'sending', config.sendingRules, 'sendingRules', at);
}

async function applyRules(
  trx: Db,
  institutionId: string,
  actor: string,
  kind: RuleKind,
  rules: readonly RuleInput[] | undefined,
  section: string,
  at: <T>(where: (string | number)[], write: () => Promise<T>) => Promise<T>,
): Promise<void> {
  if (!rules) return;
  const before = new Map((await listRuleViews(trx, institutionId, kind)).map((r) => [r.code, r]));
  for (const [position, rule] of rules.entries()) {
    await at([section, position], () => writeRule(trx, institutionId, actor, kind, rule, position, before.get(rule.code)));
  }
  const listed = new Set(rules.map((r) => r.code));
  for (const old of before.values()) {
    if (!listed.has(old.code)) await removeRule(trx, institutionId, actor, kind, old);
  }
}
