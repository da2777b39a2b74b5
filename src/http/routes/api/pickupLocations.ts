import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from '../../../services/context.js';
import { listPickupLocations } from '../../../services/borrowing/listPickupLocations.js';
import { authorize } from '../../auth.js';
import { ACCESS } from './permissions.js';
import { institutionParams, parseOrThrow } from './scope.js';

/** The pickup locations of the request form: readable by the institution's patrons and staff. */
export function pickupLocationRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  app.get(
    '/api/v1/institutions/:symbol/pickup-locations',
    { config: { access: ACCESS.pickupLocations }, schema: { summary: 'Where patrons may pick items up, and the one preselected for the caller', tags: ['borrowing'] } },
    async (request) => {
      const { symbol } = parseOrThrow(institutionParams, request.params, 'path');
      const { institution, principal } = await authorize(request, ctx.db, symbol, ACCESS.pickupLocations);
      return listPickupLocations(ctx.db, institution.id, principal.kind === 'patron' ? principal.patronId : undefined);
    },
  );
}
