import { z } from 'zod';
import { checkCondition, type Condition } from '../../domain/rules/condition.js';
import { SENDING_DECISIONS } from '../../domain/rules/engine.js';
import { code } from '../primitives.js';

/**
 * Rota templates, rota assignment rules and sending rules of an institution: the schemas the
 * network file and the REST API share, so both refuse the same mistakes with the same words.
 */

/** `{ field, operator, value? }`, checked against the field table of the rule engine. */
export const conditionSchema = z
  .strictObject({ field: z.string(), operator: z.string(), value: z.unknown().optional() })
  .transform((raw, ctx): Condition => {
    const checked = checkCondition(raw);
    if ('condition' in checked) return checked.condition;
    for (const problem of checked.problems) ctx.addIssue({ code: 'custom', path: [problem.path], message: problem.message, input: raw });
    return z.NEVER;
  });

const name = z.string().trim().min(1).max(200);

function uniqueCodes(what: string) {
  return (items: readonly { code: string }[], ctx: z.RefinementCtx) => {
    const first = new Map<string, number>();
    items.forEach((item, i) => {
      const earlier = first.get(item.code);
      if (earlier !== undefined) ctx.addIssue({ code: 'custom', path: [i, 'code'], message: `${what} code "${item.code}" is already used by [${earlier}]`, input: item.code });
      else first.set(item.code, i);
    });
  };
}

export const rotaTemplateSchema = z.strictObject({
  code,
  /** Defaults to the code. */
  name: name.optional(),
  ordered: z.boolean().default(true),
  partners: z
    .array(code)
    .min(1, 'a rota template needs at least one partner')
    .max(100)
    .superRefine((partners, ctx) => {
      partners.forEach((partner, i) => {
        if (partners.indexOf(partner) !== i) ctx.addIssue({ code: 'custom', path: [i], message: `partner ${partner} appears twice in this template`, input: partner });
      });
    }),
});
export type RotaTemplateInput = z.output<typeof rotaTemplateSchema>;

/** The seed: "partners must be added to one and only one template". */
export const rotaTemplatesSchema = z
  .array(rotaTemplateSchema)
  .superRefine(uniqueCodes('rota template'))
  .superRefine((templates, ctx) => {
    const owner = new Map<string, string>();
    templates.forEach((template, t) =>
      template.partners.forEach((partner, p) => {
        const other = owner.get(partner);
        if (other !== undefined && other !== template.code) {
          ctx.addIssue({ code: 'custom', path: [t, 'partners', p], message: `partner ${partner} is already in rota template ${other}: a partner belongs to one template only`, input: partner });
        } else owner.set(partner, template.code);
      }),
    );
  });

const ruleShape = {
  code,
  /** Defaults to the code. */
  name: name.optional(),
  enabled: z.boolean().default(true),
  /** All must hold; none: the rule matches every request. */
  conditions: z.array(conditionSchema).max(50).default([]),
};

export const rotaAssignmentRuleSchema = z.strictObject({ ...ruleShape, template: code });
export type RotaAssignmentRuleInput = z.output<typeof rotaAssignmentRuleSchema>;

export const sendingRuleSchema = z.strictObject({ ...ruleShape, sending: z.enum(SENDING_DECISIONS) });
export type SendingRuleInput = z.output<typeof sendingRuleSchema>;

/**
 * In the network file, under an institution. A section that is present is the whole truth for
 * that institution (what it does not list is removed, and the list order is the rule order); a
 * section that is absent leaves what staff set up through the API alone.
 */
export const rulesShape = {
  rotaTemplates: rotaTemplatesSchema.optional(),
  rotaAssignmentRules: z.array(rotaAssignmentRuleSchema).superRefine(uniqueCodes('rota assignment rule')).optional(),
  sendingRules: z.array(sendingRuleSchema).superRefine(uniqueCodes('sending rule')).optional(),
};
