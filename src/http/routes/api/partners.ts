import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { partnerConfig } from '../../../config/networkConfig.js';
import type { ServiceContext } from '../../../services/context.js';
import { createPartner, updatePartner } from '../../../services/settings/managePartners.js';
import { partnerCredentialsSet, withoutReadOnly } from '../../../services/settings/partnerCredentialsSet.js';
import { partnerView } from '../../../services/settings/partnerView.js';
import { findPartnerByCode, listPartners } from '../../../store/partnerRepository.js';
import { authorize } from '../../auth.js';
import { ACCESS } from './permissions.js';
import { institutionParams, parseOrThrow, ProblemError } from './scope.js';
import { withPathCode } from './settings.js';

const base = '/api/v1/institutions/:symbol/partners';
const access = ACCESS.partners;
const tags = ['configuration'];
const partnerParams = institutionParams.extend({ code: z.string().min(1).max(64) });

/** The libraries an institution shares with; the body is a partner of the network file. Partners are never deleted: requests refer to them. */
export function partnerRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  app.get(base, { config: { access }, schema: { summary: 'Partners, by code', tags } }, async (request) => {
    const { symbol } = parseOrThrow(institutionParams, request.params, 'path');
    const { institution } = await authorize(request, ctx.db, symbol, access);
    return { items: (await listPartners(ctx.db, institution.id)).map(partnerView) };
  });

  app.get(`${base}/:code`, { config: { access }, schema: { summary: 'A partner with its whole profile (credentialsSet: which credentials are stored, never them)', tags } }, async (request) => {
    const { symbol } = parseOrThrow(institutionParams, request.params, 'path');
    const { institution } = await authorize(request, ctx.db, symbol, access);
    const { code } = parseOrThrow(partnerParams, request.params, 'path');
    const partner = await findPartnerByCode(ctx.db, institution.id, code);
    if (!partner) throw new ProblemError(404, 'Not found', `no partner ${code} at ${institution.code}`);
    return { ...partnerView(partner), ...(await partnerCredentialsSet(ctx.db, partner.id)) };
  });

  app.post(base, { config: { access }, schema: { summary: 'Add a partner', tags, body: z.toJSONSchema(partnerConfig, { io: 'input', unrepresentable: 'any' }) } }, async (request, reply) => {
    const { symbol } = parseOrThrow(institutionParams, request.params, 'path');
    const { institution, principal } = await authorize(request, ctx.db, symbol, access);
    const body = parseOrThrow(partnerConfig, withoutReadOnly(request.body), 'body');
    const created = await createPartner(ctx, institution, body, `user:${principal.userId}`);
    return reply
      .code(201)
      .header('location', `${request.url}/${encodeURIComponent(created.code)}`)
      .send({ ...partnerView(created), ...(await partnerCredentialsSet(ctx.db, created.id)) });
  });

  app.put(`${base}/:code`, { config: { access }, schema: { summary: 'Replace a partner (its code stays; fields left out take their defaults)', tags, body: z.toJSONSchema(partnerConfig, { io: 'input', unrepresentable: 'any' }) } }, async (request) => {
    const { symbol } = parseOrThrow(institutionParams, request.params, 'path');
    const { institution, principal } = await authorize(request, ctx.db, symbol, access);
    const { code } = parseOrThrow(partnerParams, request.params, 'path');
    const body = parseOrThrow(partnerConfig, withPathCode(withoutReadOnly(request.body), code), 'body');
    const updated = await updatePartner(ctx, institution, body, `user:${principal.userId}`);
    return { ...partnerView(updated), ...(await partnerCredentialsSet(ctx.db, updated.id)) };
  });
}
