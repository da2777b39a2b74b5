import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { BORROWING_ACTIONS, borrowingStates } from '../../../domain/borrowing/table.js';
import { createBorrowingRequest } from '../../../services/borrowing/createBorrowingRequest.js';
import { performBorrowingAction } from '../../../services/borrowing/performBorrowingAction.js';
import type { ServiceContext } from '../../../services/context.js';
import { findBorrowingRequest, listBorrowingRequests, listRotaEntries } from '../../../store/borrowingRequestRepository.js';
import { listProtocolMessages } from '../../../store/protocolMessageRepository.js';
import { listRequestEvents } from '../../../store/requestEventRepository.js';
import type { Institution } from '../../../store/schema.js';
import { presentBorrowingRequest, presentBorrowingSummary } from '../../presenters/borrowingRequest.js';
import { newBorrowingRequestSchema } from './borrowingRequestSchema.js';
import { actionBodySchema, listQuerySchema, missingFields } from './requestActionSchema.js';
import { authorize } from '../../auth.js';
import { accessForAction, ACCESS } from './permissions.js';
import { institutionParams, listFilter, parseOrThrow, ProblemError, requestParams } from './scope.js';

const base = '/api/v1/institutions/:symbol/borrowing-requests';
const actionParams = requestParams.extend({ action: z.enum(BORROWING_ACTIONS) });

export function borrowingRequestRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  const detail = async (institution: Institution, id: string) => {
    const request = await findBorrowingRequest(ctx.db, institution.id, id);
    if (!request) throw new ProblemError(404, 'Not found', `no borrowing request ${id} at ${institution.code}`);
    const [rota, events, messages] = await Promise.all([
      listRotaEntries(ctx.db, institution.id, id),
      listRequestEvents(ctx.db, institution.id, 'borrowing', id),
      listProtocolMessages(ctx.db, institution.id, 'borrowing', id),
    ]);
    return presentBorrowingRequest(request, rota, events, messages);
  };

  app.post(base, { schema: { summary: 'Create a borrowing request with its rota (and send it)', tags: ['borrowing'], body: z.toJSONSchema(newBorrowingRequestSchema, { io: 'input' }) } }, async (request, reply) => {
    const { symbol } = parseOrThrow(institutionParams, request.params, 'path');
    const { institution, principal } = await authorize(request, ctx.db, symbol, ACCESS.createBorrowingRequest);
    const body = parseOrThrow(newBorrowingRequestSchema, request.body, 'body');
    const created = await createBorrowingRequest(ctx, institution, { ...body, actor: `user:${principal.userId}` });
    return reply.code(201).header('location', `${request.url}/${created.id}`).send(await detail(institution, created.id));
  });

  app.get(base, { schema: { summary: 'List borrowing requests (filter by status and partner)', tags: ['borrowing'] } }, async (request) => {
    const { symbol } = parseOrThrow(institutionParams, request.params, 'path');
    const { institution } = await authorize(request, ctx.db, symbol, ACCESS.readRequests);
    const query = parseOrThrow(listQuerySchema, request.query, 'query');
    const { items, total } = await listBorrowingRequests(ctx.db, institution.id, await listFilter(ctx.db, institution, query, borrowingStates));
    return { items: items.map(presentBorrowingSummary), total, limit: query.limit, offset: query.offset };
  });

  app.get(`${base}/:id`, { schema: { summary: 'A borrowing request with its allowed actions, rota, history and raw messages', tags: ['borrowing'] } }, async (request) => {
    const { symbol, id } = parseOrThrow(requestParams, request.params, 'path');
    return detail((await authorize(request, ctx.db, symbol, ACCESS.readRequests)).institution, id);
  });

  app.post(`${base}/:id/actions/:action`, { schema: { summary: 'Take a staff action on a borrowing request', tags: ['borrowing'], body: z.toJSONSchema(actionBodySchema, { io: 'input' }) } }, async (request) => {
    const { symbol, id, action } = parseOrThrow(actionParams, request.params, 'path');
    const { institution, principal } = await authorize(request, ctx.db, symbol, accessForAction(action));
    const body = parseOrThrow(actionBodySchema, request.body, 'body');
    const missing = missingFields(action, body);
    if (missing.length > 0) throw new ProblemError(400, 'Invalid body', `${action} needs ${missing.join(', ')}`);
    await performBorrowingAction(ctx, institution, id, action, { ...body, actor: `user:${principal.userId}` });
    return detail(institution, id);
  });
}
