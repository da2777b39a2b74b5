import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { LENDING_ACTIONS } from '../../../domain/lending/table.js';
import type { ServiceContext } from '../../../services/context.js';
import { performLendingAction } from '../../../services/lending/performLendingAction.js';
import { lendingLocateEvidence } from '../../../services/lending/locateEvidence.js';
import { picksOfLendingRequest } from '../../../store/pickRequestRepository.js';
import { lendingSteps } from '../../../services/settings/decisionConfiguration.js';
import { findLendingRequest } from '../../../store/lendingRequestRepository.js';
import { findPartner } from '../../../store/partnerRepository.js';
import { listProtocolMessages } from '../../../store/protocolMessageRepository.js';
import { listRequestEvents } from '../../../store/requestEventRepository.js';
import type { Institution } from '../../../store/schema.js';
import { presentLendingRequest } from '../../presenters/lendingRequest.js';
import { actionBodySchema, missingFields } from './requestActionSchema.js';
import { authorize } from '../../auth.js';
import { accessForAction, ACCESS } from './permissions.js';
import { parseOrThrow, ProblemError, requestParams } from './scope.js';

const base = '/api/v1/institutions/:symbol/lending-requests';
const actionParams = requestParams.extend({ action: z.enum(LENDING_ACTIONS) });
const actionAccess = { actions: LENDING_ACTIONS, accessFor: (action: string) => accessForAction('lending', action) };

export function lendingRequestRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  const detail = async (institution: Institution, id: string) => {
    const request = await findLendingRequest(ctx.db, institution.id, id);
    if (!request) throw new ProblemError(404, 'Not found', `no lending request ${id} at ${institution.code}`);
    const [partner, events, messages, evidence, picks] = await Promise.all([
      request.partner_id ? findPartner(ctx.db, institution.id, request.partner_id) : Promise.resolve(undefined),
      listRequestEvents(ctx.db, institution.id, 'lending', id),
      listProtocolMessages(ctx.db, institution.id, 'lending', id),
      lendingLocateEvidence(ctx.db, institution.id, id),
      picksOfLendingRequest(ctx.db, institution.id, id),
    ]);
    // allowedActions follow the borrowing partner's lending workflow profile.
    return presentLendingRequest(request, partner, events, messages, await lendingSteps(ctx.db, institution.id, request.partner_id), { evidence, picks });
  };

  app.get(`${base}/:id`, { config: { access: ACCESS.readRequests }, schema: { summary: 'A lending request with its allowed actions, history and raw messages', tags: ['lending'] } }, async (request) => {
    const { symbol, id } = parseOrThrow(requestParams, request.params, 'path');
    return detail((await authorize(request, ctx.db, symbol, ACCESS.readRequests, { kind: 'lending', id })).institution, id);
  });

  app.post(`${base}/:id/actions/:action`, { config: { actionAccess }, schema: { summary: 'Take a staff action on a lending request', tags: ['lending'], body: z.toJSONSchema(actionBodySchema, { io: 'input' }) } }, async (request) => {
    const { symbol, id, action } = parseOrThrow(actionParams, request.params, 'path');
    const { institution, principal } = await authorize(request, ctx.db, symbol, actionAccess.accessFor(action), { kind: 'lending', id });
    const body = parseOrThrow(actionBodySchema, request.body, 'body');
    const missing = missingFields(action, body);
    if (missing.length > 0) throw new ProblemError(400, 'Invalid body', `${action} needs ${missing.join(', ')}`);
    await performLendingAction(ctx, institution, id, action, { ...body, actor: `user:${principal.userId}` });
    return detail(institution, id);
  });
}
