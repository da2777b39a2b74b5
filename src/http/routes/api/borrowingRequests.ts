import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { BORROWING_ACTIONS } from '../../../domain/borrowing/table.js';
import { createBorrowingRequest } from '../../../services/borrowing/createBorrowingRequest.js';
import { performBorrowingAction } from '../../../services/borrowing/performBorrowingAction.js';
import { loadBorrowingConfiguration } from '../../../services/borrowing/applyBorrowingEvent.js';
import type { ServiceContext } from '../../../services/context.js';
import { findBorrowingRequest, listRotaEntries } from '../../../store/borrowingRequestRepository.js';
import { listProtocolMessages } from '../../../store/protocolMessageRepository.js';
import { listRequestEvents } from '../../../store/requestEventRepository.js';
import { latestLocateOutcomes } from '../../../services/locate/borrowingLocateEvidence.js';
import type { Institution } from '../../../store/schema.js';
import { presentBorrowingRequest } from '../../presenters/borrowingRequest.js';
import { presentRequestCirculation } from '../../presenters/circulation.js';
import { requestCirculation } from '../../../services/circulation/requestCirculation.js';
import { newBorrowingRequestSchema } from './borrowingRequestSchema.js';
import { actionBodySchema, missingFields } from './requestActionSchema.js';
import { authorize } from '../../auth.js';
import { accessForAction, ACCESS } from './permissions.js';
import { institutionParams, parseOrThrow, ProblemError, requestParams } from './scope.js';

const base = '/api/v1/institutions/:symbol/borrowing-requests';
const actionParams = requestParams.extend({ action: z.enum(BORROWING_ACTIONS) });
const actionAccess = { actions: BORROWING_ACTIONS, accessFor: (action: string) => accessForAction('borrowing', action) };

export function borrowingRequestRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  const detail = async (institution: Institution, id: string) => {
    const request = await findBorrowingRequest(ctx.db, institution.id, id);
    if (!request) throw new ProblemError(404, 'Not found', `no borrowing request ${id} at ${institution.code}`);
    const [rota, events, messages, locateOutcomes, circulation] = await Promise.all([
      listRotaEntries(ctx.db, institution.id, id),
      listRequestEvents(ctx.db, institution.id, 'borrowing', id),
      listProtocolMessages(ctx.db, institution.id, 'borrowing', id),
      latestLocateOutcomes(ctx.db, institution.id, id),
      requestCirculation(ctx.db, institution.id, id),
    ]);
    // allowedActions follow the library settings, the current partner's workflow profile and the hold.
    const configuration = await loadBorrowingConfiguration(ctx.db, request, rota, ctx.now());
    const view = presentBorrowingRequest(request, rota, events, messages, configuration, circulation.hold, locateOutcomes);
    return { ...view, circulation: presentRequestCirculation(circulation) };
  };

  app.post(base, { config: { access: ACCESS.createBorrowingRequest }, schema: { summary: 'Create a borrowing request with its rota (and send it)', tags: ['borrowing'], body: z.toJSONSchema(newBorrowingRequestSchema, { io: 'input' }) } }, async (request, reply) => {
    const { symbol } = parseOrThrow(institutionParams, request.params, 'path');
    const { institution, principal } = await authorize(request, ctx.db, symbol, ACCESS.createBorrowingRequest);
    // A patron asks only for themselves, whatever the body says.
    const raw = principal.kind === 'patron' && isObject(request.body) ? { ...request.body, patronId: principal.patronId } : request.body;
    const body = parseOrThrow(newBorrowingRequestSchema, raw, 'body');
    // A patron's copy names its article or chapter, and comes with the copyright declaration.
    if (principal.kind === 'patron' && body.serviceType === 'copy') {
      const errors = [
        ...(body.citation.articleTitle ? [] : [{ path: 'citation.articleTitle', message: 'a copy needs the title of the article or chapter' }]),
        ...(body.copyrightDeclaration === true ? [] : [{ path: 'copyrightDeclaration', message: 'a copy needs the copyright declaration' }]),
      ];
      if (errors.length > 0) throw new ProblemError(400, 'Invalid body', errors.map((e) => `${e.path}: ${e.message}`).join('; '), { errors });
    }
    // A patron's request is never refused for want of a rota rule: staff build the rota then.
    const whenNoRotaRule = principal.kind === 'patron' ? ('empty' as const) : undefined;
    const created = await createBorrowingRequest(ctx, institution, { ...body, whenNoRotaRule, actor: `user:${principal.userId}` });
    return reply.code(201).header('location', `${request.url}/${created.id}`).send(await detail(institution, created.id));
  });

  app.get(`${base}/:id`, { config: { access: ACCESS.readBorrowingRequests }, schema: { summary: 'A borrowing request with its allowed actions, rota, history and raw messages', tags: ['borrowing'] } }, async (request) => {
    const { symbol, id } = parseOrThrow(requestParams, request.params, 'path');
    return detail((await authorize(request, ctx.db, symbol, ACCESS.readBorrowingRequests, { kind: 'borrowing', id })).institution, id);
  });

  app.post(`${base}/:id/actions/:action`, { config: { actionAccess }, schema: { summary: 'Take a staff action on a borrowing request', tags: ['borrowing'], body: z.toJSONSchema(actionBodySchema, { io: 'input' }) } }, async (request) => {
    const { symbol, id, action } = parseOrThrow(actionParams, request.params, 'path');
    const { institution, principal } = await authorize(request, ctx.db, symbol, actionAccess.accessFor(action), { kind: 'borrowing', id });
    const body = parseOrThrow(actionBodySchema, request.body, 'body');
    const missing = missingFields(action, body);
    if (missing.length > 0) throw new ProblemError(400, 'Invalid body', `${action} needs ${missing.join(', ')}`);
    await performBorrowingAction(ctx, institution, id, action, { ...body, actor: `user:${principal.userId}` });
    return detail(institution, id);
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
