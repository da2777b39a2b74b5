import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { rotaAssignmentRuleSchema, rotaTemplateSchema, sendingRuleSchema } from '../../../config/sections/rules.js';
import type { ServiceContext } from '../../../services/context.js';
import { dryRunRules } from '../../../services/rules/dryRun.js';
import { createRotaTemplate, deleteRotaTemplate, updateRotaTemplate } from '../../../services/rules/rotaTemplates.js';
import { createRule, deleteRule, listRuleViews, reorderRules, updateRule, type RuleInput } from '../../../services/rules/rules.js';
import { rotaTemplateView } from '../../../services/rules/views.js';
import { findRotaTemplate, listRotaTemplates, type RuleKind } from '../../../store/rulesRepository.js';
import { authorize, type Access } from '../../auth.js';
import { ACCESS } from './permissions.js';
import { codeParams, dryRunSchema, rotaAssignmentRuleUpdateSchema, rotaTemplateUpdateSchema, ruleOrderSchema, sendingRuleUpdateSchema } from './rulesSchema.js';
import { institutionParams, parseOrThrow, ProblemError } from './scope.js';

const base = '/api/v1/institutions/:symbol';
const tags = ['configuration'];

interface RuleRoutes {
  path: string;
  kind: RuleKind;
  what: string;
  access: Access;
  body: z.ZodType;
  parseCreate: (body: unknown) => RuleInput;
  parseUpdate: (body: unknown, code: string) => RuleInput;
}

const RULE_ROUTES: readonly RuleRoutes[] = [
  {
    path: 'rota-rules',
    kind: 'rota-assignment',
    what: 'rota assignment rule',
    access: ACCESS.rotaRules,
    body: rotaAssignmentRuleSchema,
    parseCreate: (body) => parseOrThrow(rotaAssignmentRuleSchema, body, 'body'),
    parseUpdate: (body, code) => ({ ...parseOrThrow(rotaAssignmentRuleUpdateSchema, body, 'body'), code }),
  },
  {
    path: 'sending-rules',
    kind: 'sending',
    what: 'sending rule',
    access: ACCESS.sendingRules,
    body: sendingRuleSchema,
    parseCreate: (body) => parseOrThrow(sendingRuleSchema, body, 'body'),
    parseUpdate: (body, code) => ({ ...parseOrThrow(sendingRuleUpdateSchema, body, 'body'), code }),
  },
];

/** Rota templates, rota assignment rules, sending rules, and the dry run of the rules on a would-be request. */
export function rulesRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  const templates = `${base}/rota-templates`;
  const access = ACCESS.rotaRules;

  app.get(templates, { config: { access }, schema: { summary: 'Rota templates', tags } }, async (request) => {
    const { symbol } = parseOrThrow(institutionParams, request.params, 'path');
    const { institution } = await authorize(request, ctx.db, symbol, access);
    return { items: (await listRotaTemplates(ctx.db, institution.id)).map(rotaTemplateView) };
  });

  app.post(templates, { config: { access }, schema: { summary: 'Create a rota template', tags, body: z.toJSONSchema(rotaTemplateSchema, { io: 'input' }) } }, async (request, reply) => {
    const { symbol } = parseOrThrow(institutionParams, request.params, 'path');
    const { institution, principal } = await authorize(request, ctx.db, symbol, access);
    const body = parseOrThrow(rotaTemplateSchema, request.body, 'body');
    const created = await createRotaTemplate(ctx, institution, `user:${principal.userId}`, body);
    return reply.code(201).header('location', `${request.url}/${created.code}`).send(created);
  });

  app.get(`${templates}/:code`, { config: { access }, schema: { summary: 'A rota template', tags } }, async (request) => {
    const { symbol, code } = parseOrThrow(codeParams, request.params, 'path');
    const { institution } = await authorize(request, ctx.db, symbol, access);
    const template = await findRotaTemplate(ctx.db, institution.id, code);
    if (!template) throw new ProblemError(404, 'Not found', `no rota template ${code} at ${institution.code}`);
    return rotaTemplateView(template);
  });

  app.put(`${templates}/:code`, { config: { access }, schema: { summary: 'Replace a rota template', tags, body: z.toJSONSchema(rotaTemplateUpdateSchema, { io: 'input' }) } }, async (request) => {
    const { symbol, code } = parseOrThrow(codeParams, request.params, 'path');
    const { institution, principal } = await authorize(request, ctx.db, symbol, access);
    const body = parseOrThrow(rotaTemplateUpdateSchema, request.body, 'body');
    return updateRotaTemplate(ctx, institution, `user:${principal.userId}`, { ...body, code });
  });

  app.delete(`${templates}/:code`, { config: { access }, schema: { summary: 'Delete a rota template no rule uses', tags } }, async (request, reply) => {
    const { symbol, code } = parseOrThrow(codeParams, request.params, 'path');
    const { institution, principal } = await authorize(request, ctx.db, symbol, access);
    await deleteRotaTemplate(ctx, institution, `user:${principal.userId}`, code);
    return reply.code(204).send();
  });

  app.post(`${base}/rota-rules/dry-run`, { config: { access }, schema: { summary: 'Which rules match a would-be request, and the rota they build', tags, body: z.toJSONSchema(dryRunSchema, { io: 'input' }) } }, async (request) => {
    const { symbol } = parseOrThrow(institutionParams, request.params, 'path');
    const { institution } = await authorize(request, ctx.db, symbol, access);
    return dryRunRules(ctx, institution, parseOrThrow(dryRunSchema, request.body, 'body'));
  });

  for (const spec of RULE_ROUTES) ruleRoutes(app, ctx, spec);
}

function ruleRoutes(app: FastifyInstance, ctx: ServiceContext, spec: RuleRoutes): void {
  const collection = `${base}/${spec.path}`;
  const { access, kind } = spec;
  const bodySchema = z.toJSONSchema(spec.body, { io: 'input' });

  app.get(collection, { config: { access }, schema: { summary: `${spec.what}s, in evaluation order`, tags } }, async (request) => {
    const { symbol } = parseOrThrow(institutionParams, request.params, 'path');
    const { institution } = await authorize(request, ctx.db, symbol, access);
    return { items: await listRuleViews(ctx.db, institution.id, kind) };
  });

  app.post(collection, { config: { access }, schema: { summary: `Add a ${spec.what} (last; reorder to move it)`, tags, body: bodySchema } }, async (request, reply) => {
    const { symbol } = parseOrThrow(institutionParams, request.params, 'path');
    const { institution, principal } = await authorize(request, ctx.db, symbol, access);
    const input = spec.parseCreate(request.body);
    const created = await createRule(ctx, institution, `user:${principal.userId}`, kind, input);
    return reply.code(201).header('location', `${request.url}/${created.code}`).send(created);
  });

  app.put(collection, { config: { access }, schema: { summary: `Reorder the ${spec.what}s`, tags, body: z.toJSONSchema(ruleOrderSchema, { io: 'input' }) } }, async (request) => {
    const { symbol } = parseOrThrow(institutionParams, request.params, 'path');
    const { institution, principal } = await authorize(request, ctx.db, symbol, access);
    const { order } = parseOrThrow(ruleOrderSchema, request.body, 'body');
    return { items: await reorderRules(ctx, institution, `user:${principal.userId}`, kind, order) };
  });

  app.get(`${collection}/:code`, { config: { access }, schema: { summary: `A ${spec.what}`, tags } }, async (request) => {
    const { symbol, code } = parseOrThrow(codeParams, request.params, 'path');
    const { institution } = await authorize(request, ctx.db, symbol, access);
    const rule = (await listRuleViews(ctx.db, institution.id, kind)).find((r) => r.code === code);
    if (!rule) throw new ProblemError(404, 'Not found', `no ${spec.what} ${code} at ${institution.code}`);
    return rule;
  });

  app.put(`${collection}/:code`, { config: { access }, schema: { summary: `Replace a ${spec.what} (it keeps its place)`, tags } }, async (request) => {
    const { symbol, code } = parseOrThrow(codeParams, request.params, 'path');
    const { institution, principal } = await authorize(request, ctx.db, symbol, access);
    return updateRule(ctx, institution, `user:${principal.userId}`, kind, spec.parseUpdate(request.body, code));
  });

  app.delete(`${collection}/:code`, { config: { access }, schema: { summary: `Delete a ${spec.what}`, tags } }, async (request, reply) => {
    const { symbol, code } = parseOrThrow(codeParams, request.params, 'path');
    const { institution, principal } = await authorize(request, ctx.db, symbol, access);
    await deleteRule(ctx, institution, `user:${principal.userId}`, kind, code);
    return reply.code(204).send();
  });
}
