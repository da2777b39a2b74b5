import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { locateProfileSchema } from '../../../config/sections/locate.js';
import type { ServiceContext } from '../../../services/context.js';
import { removeLocateProfile, saveLocateProfile } from '../../../services/locate/locateProfiles.js';
import { findLocateProfile, listLocateProfiles, locateProfileConfig } from '../../../store/locateProfileRepository.js';
import { authorize } from '../../auth.js';
import { ACCESS } from './permissions.js';
import { institutionParams, parseOrThrow, ProblemError } from './scope.js';
import { withPathCode } from './settings.js';

const base = '/api/v1/institutions/:symbol/locate-profiles';
const access = ACCESS.partners;
const tags = ['configuration'];
const profileParams = institutionParams.extend({ code: z.string().min(1).max(64) });
const body = z.toJSONSchema(locateProfileSchema, { io: 'input', unrepresentable: 'any' });

/** How to search each partner's catalogue (seed 001 "Locate Profiles"); bodies and answers have the network file's shape. */
export function locateProfileRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  app.get(base, { config: { access }, schema: { summary: 'Locate profiles, by code', tags } }, async (request) => {
    const { symbol } = parseOrThrow(institutionParams, request.params, 'path');
    const { institution } = await authorize(request, ctx.db, symbol, access);
    return { items: (await listLocateProfiles(ctx.db, institution.id)).map(locateProfileConfig) };
  });

  app.get(`${base}/:code`, { config: { access }, schema: { summary: 'A locate profile', tags } }, async (request) => {
    const { symbol } = parseOrThrow(institutionParams, request.params, 'path');
    const { institution } = await authorize(request, ctx.db, symbol, access);
    const { code } = parseOrThrow(profileParams, request.params, 'path');
    const profile = await findLocateProfile(ctx.db, institution.id, code);
    if (!profile) throw new ProblemError(404, 'Not found', `no locate profile ${code} at ${institution.code}`);
    return locateProfileConfig(profile);
  });

  app.put(`${base}/:code`, { config: { access }, schema: { summary: 'Create or replace a locate profile (fields left out take their defaults)', tags, body } }, async (request, reply) => {
    const { symbol } = parseOrThrow(institutionParams, request.params, 'path');
    const { institution, principal } = await authorize(request, ctx.db, symbol, access);
    const { code } = parseOrThrow(profileParams, request.params, 'path');
    const profile = parseOrThrow(locateProfileSchema, withPathCode(request.body, code), 'body');
    const { created, saved } = await ctx.db.transaction().execute(async (trx) => {
      const existed = await findLocateProfile(trx, institution.id, profile.code);
      return { created: !existed, saved: await saveLocateProfile(trx, institution.id, profile, `user:${principal.userId}`) };
    });
    return reply.code(created ? 201 : 200).send(locateProfileConfig(saved));
  });

  app.delete(`${base}/:code`, { config: { access }, schema: { summary: 'Delete a locate profile (partners naming it are no longer searched)', tags } }, async (request, reply) => {
    const { symbol } = parseOrThrow(institutionParams, request.params, 'path');
    const { institution, principal } = await authorize(request, ctx.db, symbol, access);
    const { code } = parseOrThrow(profileParams, request.params, 'path');
    const removed = await ctx.db.transaction().execute((trx) => removeLocateProfile(trx, institution.id, code, `user:${principal.userId}`));
    if (!removed) throw new ProblemError(404, 'Not found', `no locate profile ${code} at ${institution.code}`);
    return reply.code(204).send();
  });
}
