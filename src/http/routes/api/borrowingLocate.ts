import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from '../../../services/context.js';
import { borrowingLocateRuns } from '../../../services/locate/borrowingLocateEvidence.js';
import { findBorrowingRequest } from '../../../store/borrowingRequestRepository.js';
import { authorize } from '../../auth.js';
import { presentLocateRuns } from '../../presenters/locateEvidence.js';
import { ACCESS } from './permissions.js';
import { parseOrThrow, ProblemError, requestParams } from './scope.js';

/** The evidence of borrowing locate: what every run asked each partner and what it found. */
export function borrowingLocateRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  app.get(
    '/api/v1/institutions/:symbol/borrowing-requests/:id/locate-results',
    { config: { access: ACCESS.readRequests }, schema: { summary: 'Locate evidence of a borrowing request, grouped by run, newest first', tags: ['borrowing'] } },
    async (request) => {
      const { symbol, id } = parseOrThrow(requestParams, request.params, 'path');
      const { institution } = await authorize(request, ctx.db, symbol, ACCESS.readRequests);
      const found = await findBorrowingRequest(ctx.db, institution.id, id);
      if (!found) throw new ProblemError(404, 'Not found', `no borrowing request ${id} at ${institution.code}`);
      const runs = await borrowingLocateRuns(ctx.db, institution.id, id);
      const partners = await ctx.db.selectFrom('partner').select(['id', 'code']).where('institution_id', '=', institution.id).execute();
      return presentLocateRuns(runs, new Map(partners.map((p) => [p.id, p.code])));
    },
  );
}
