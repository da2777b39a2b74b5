import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ServiceContext } from '../../../services/context.js';
import { listHoldShelf } from '../../../services/circulation/listHoldShelf.js';
import { authorize } from '../../auth.js';
import { presentHoldShelfRow } from '../../presenters/circulation.js';
import { ACCESS } from './permissions.js';
import { institutionParams, parseOrThrow } from './scope.js';

const base = '/api/v1/institutions/:symbol/hold-shelf';
const listQuerySchema = z.strictObject({
  pickupLocation: z.string().trim().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** The hold shelf of the built-in circulation: received items waiting for their patrons. */
export function holdShelfRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  app.get(
    base,
    {
      config: { access: ACCESS.holdShelf },
      schema: {
        summary: 'Items on the hold shelf with patron, barcode and shelf expiry, expiring first',
        tags: ['circulation'],
        querystring: z.toJSONSchema(listQuerySchema, { io: 'input' }),
      },
    },
    async (request) => {
      const { symbol } = parseOrThrow(institutionParams, request.params, 'path');
      const { institution } = await authorize(request, ctx.db, symbol, ACCESS.holdShelf);
      const query = parseOrThrow(listQuerySchema, request.query, 'query');
      const rows = await listHoldShelf(ctx, institution, query);
      const now = ctx.now();
      return { holds: rows.map((row) => presentHoldShelfRow(row, now)) };
    },
  );
}
