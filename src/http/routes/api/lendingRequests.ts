import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { LENDING_ACTIONS, lendingStates } from '../../../domain/lending/table.js';
import type { ServiceContext } from '../../../services/context.js';
import { performLendingAction } from '../../../services/lending/performLendingAction.js';
import { findLendingRequest, listLendingRequests } from '../../../store/lendingRequestRepository.js';
import { findPartner } from '../../../store/partnerRepository.js';
import { listProtocolMessages } from '../../../store/protocolMessageRepository.js';
import { listRequestEvents } from '../../../store/requestEventRepository.js';
import type { Institution } from '../../../store/schema.js';
import { presentLendingRequest, presentLendingSummary } from '../../presenters/lendingRequest.js';
import { actionBodySchema, listQuerySchema, missingFields } from './requestActionSchema.js';
import { authorize } from '../../auth.js';
import { accessForAction, ACCESS } from './permissions.js';
import { institutionParams, listFilter, parseOrThrow, ProblemError, requestParams } from './scope.js';

const base = '/api/v1/institutions/:symbol/lending-requests';
const actionParams = requestParams.extend({ action: z.enum(LENDING_ACTIONS) });

export function lendingRequestRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  const detail = async (institution: Institution, id: string) => {
    const request = await findLendingRequest(ctx.db, institution.id, id);
    if (!request) throw new ProblemError(404, 'Not found', `no lending request ${id} at ${institution.code}`);
    const [partner, events, messages] = await Promise.all([
      request.partner_id ? findPartner(ctx.db, institution.id, request.partner_id) : Promise.resolve(undefined),
      listRequestEvents(ctx.db, institution.id, 'lending', id),
      listProtocolMessages(ctx.db, institution.id, 'lending', id),
    ]);
    return presentLendingRequest(request, partner, events, messages);
  };

  app.get(base, { schema: { summary: 'List lending requests (filter by status and partner)', tags: ['lending'] } }, async (request) => {
    const { symbol } = parseOrThrow(institutionParams, request.params, 'path');
    const { institution } = await authorize(request, ctx.db, symbol, ACCESS.readRequests);
    const query = parseOrThrow(listQuerySchema, request.query, 'query');
    const { items, total } = await listLendingRequests(ctx.db, institution.id, await listFilter(ctx.db, institution, query, lendingStates));
    return { items: items.map(presentLendingSummary), total, limit: query.limit, offset: query.offset };
  });

  app.get(`${base}/:id`, { schema: { summary: 'A lending request with its allowed actions, history and raw messages', tags: ['lending'] } }, async (request) => {
    const { symbol, id } = parseOrThrow(requestParams, request.params, 'path');
    return detail((await authorize(request, ctx.db, symbol, ACCESS.readRequests)).institution, id);
  });

  app.post(`${base}/:id/actions/:action`, { schema: { summary: 'Take a staff action on a lending request', tags: ['lending'], body: z.toJSONSchema(actionBodySchema, { io: 'input' }) } }, async (request) => {
    const { symbol, id, action } = parseOrThrow(actionParams, request.params, 'path');
    const { institution, principal } = await authorize(request, ctx.db, symbol, accessForAction(action));
    const body = parseOrThrow(actionBodySchema, request.body, 'body');
    const missing = missingFields(action, body);
    if (missing.length > 0) throw new ProblemError(400, 'Invalid body', `${action} needs ${missing.join(', ')}`);
    await performLendingAction(ctx, institution, id, action, { ...body, actor: `user:${principal.userId}` });
    return detail(institution, id);
  });
}
