import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { workflowProfileSchema } from '../../../config/sections/settings.js';
import type { ServiceContext } from '../../../services/context.js';
import { readAllSettings, readSettings } from '../../../services/settings/librarySettings.js';
import { createWorkflowProfile, deleteWorkflowProfile, replaceWorkflowProfile, updateSettings } from '../../../services/settings/manageSettings.js';
import { workflowProfileView } from '../../../services/settings/workflowProfiles.js';
import { findWorkflowProfile, listWorkflowProfiles } from '../../../store/settingsRepository.js';
import { authorize } from '../../auth.js';
import { ACCESS } from './permissions.js';
import { institutionParams, parseOrThrow, ProblemError } from './scope.js';
import { SETTINGS_SECTIONS, settingsSectionParams, workflowProfileParams } from './settingsSchema.js';

const base = '/api/v1/institutions/:symbol';
const access = ACCESS.configuration;
const tags = ['configuration'];

/** Library settings (borrowing and lending setups), lending terms of use and workflow profiles: the fulfillment administrator's. */
export function settingsRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  app.get(`${base}/settings`, { config: { access }, schema: { summary: 'Borrowing and lending settings and terms of use', tags } }, async (request) => {
    const { symbol } = parseOrThrow(institutionParams, request.params, 'path');
    const { institution } = await authorize(request, ctx.db, symbol, access);
    return readAllSettings(ctx.db, institution.id);
  });

  app.get(`${base}/settings/:section`, { config: { access }, schema: { summary: 'One section of the settings: borrowing, lending or terms-of-use', tags } }, async (request) => {
    const { symbol } = parseOrThrow(institutionParams, request.params, 'path');
    const { institution } = await authorize(request, ctx.db, symbol, access);
    const { section } = parseOrThrow(settingsSectionParams, request.params, 'path');
    return readSettings(ctx.db, institution.id, SETTINGS_SECTIONS[section].name);
  });

  app.put(
    `${base}/settings/:section`,
    { config: { access }, schema: { summary: 'Replace one section of the settings (fields left out take their defaults)', tags } },
    async (request) => {
      const { symbol } = parseOrThrow(institutionParams, request.params, 'path');
      const { institution, principal } = await authorize(request, ctx.db, symbol, access);
      const { section } = parseOrThrow(settingsSectionParams, request.params, 'path');
      const { name, schema } = SETTINGS_SECTIONS[section];
      const value = parseOrThrow(schema as z.ZodType<z.output<typeof schema>>, request.body, 'body');
      return updateSettings(ctx, institution, name, value, `user:${principal.userId}`);
    },
  );

  app.get(`${base}/workflow-profiles`, { config: { access }, schema: { summary: 'Workflow profiles, borrowing and lending', tags } }, async (request) => {
    const { symbol } = parseOrThrow(institutionParams, request.params, 'path');
    const { institution } = await authorize(request, ctx.db, symbol, access);
    return { items: (await listWorkflowProfiles(ctx.db, institution.id)).map(workflowProfileView) };
  });

  app.get(`${base}/workflow-profiles/:code`, { config: { access }, schema: { summary: 'A workflow profile', tags } }, async (request) => {
    const { symbol } = parseOrThrow(institutionParams, request.params, 'path');
    const { institution } = await authorize(request, ctx.db, symbol, access);
    const { code } = parseOrThrow(workflowProfileParams, request.params, 'path');
    const profile = await findWorkflowProfile(ctx.db, institution.id, code);
    if (!profile) throw new ProblemError(404, 'Not found', `no workflow profile ${code} at ${institution.code}`);
    return workflowProfileView(profile);
  });

  app.post(
    `${base}/workflow-profiles`,
    { config: { access }, schema: { summary: 'Create a workflow profile', tags, body: z.toJSONSchema(workflowProfileSchema, { io: 'input' }) } },
    async (request, reply) => {
      const { symbol } = parseOrThrow(institutionParams, request.params, 'path');
      const { institution, principal } = await authorize(request, ctx.db, symbol, access);
      const body = parseOrThrow(workflowProfileSchema, request.body, 'body');
      const created = await createWorkflowProfile(ctx, institution, body, `user:${principal.userId}`);
      return reply.code(201).header('location', `${request.url}/${encodeURIComponent(created.code)}`).send(workflowProfileView(created));
    },
  );

  app.put(
    `${base}/workflow-profiles/:code`,
    { config: { access }, schema: { summary: 'Replace a workflow profile (its code stays)', tags, body: z.toJSONSchema(workflowProfileSchema, { io: 'input' }) } },
    async (request) => {
      const { symbol } = parseOrThrow(institutionParams, request.params, 'path');
      const { institution, principal } = await authorize(request, ctx.db, symbol, access);
      const { code } = parseOrThrow(workflowProfileParams, request.params, 'path');
      const body = parseOrThrow(workflowProfileSchema, withPathCode(request.body, code), 'body');
      return workflowProfileView(await replaceWorkflowProfile(ctx, institution, body, `user:${principal.userId}`));
    },
  );

  app.delete(`${base}/workflow-profiles/:code`, { config: { access }, schema: { summary: 'Delete a workflow profile no partner uses', tags } }, async (request, reply) => {
    const { symbol } = parseOrThrow(institutionParams, request.params, 'path');
    const { institution, principal } = await authorize(request, ctx.db, symbol, access);
    const { code } = parseOrThrow(workflowProfileParams, request.params, 'path');
    await deleteWorkflowProfile(ctx, institution, code, `user:${principal.userId}`);
    return reply.code(204).send();
  });
}

/**
 * The body of a PUT to `…/{code}`: the code comes from the path; a different code in the body
 * is refused (codes never change: other configuration refers to them).
 */
export function withPathCode(body: unknown, code: string): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const given = (body as { code?: unknown }).code;
  if (given !== undefined && given !== code) throw new ProblemError(400, 'Invalid body', `code: ${JSON.stringify(given)} differs from the path (${code}); codes cannot change`);
  return { ...body, code };
}
