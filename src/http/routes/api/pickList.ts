import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ServiceContext } from '../../../services/context.js';
import { listPickList } from '../../../services/pickList/listPickList.js';
import { settlePickRequest } from '../../../services/pickList/settlePickRequest.js';
import { authorize, requestScope } from '../../auth.js';
import { presentPickListRow } from '../../presenters/pickRequest.js';
import { ACCESS } from './permissions.js';
import { institutionParams, parseOrThrow, requestParams } from './scope.js';

const base = '/api/v1/institutions/:symbol/pick-list';
const listQuerySchema = z.strictObject({
  status: z.enum(['open', 'picked', 'cancelled']).optional(),
  library: z.string().trim().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
const settleParams = requestParams.extend({ outcome: z.enum(['picked', 'cancel']) });

/** The pick list: items staff fetch from the shelf for lending requests (local move requests). */
export function pickListRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  app.get(
    base,
    {
      config: { access: ACCESS.pickList },
      schema: { summary: 'Items to fetch from the shelf for lending requests, oldest first', tags: ['lending'], querystring: z.toJSONSchema(listQuerySchema, { io: 'input' }) },
    },
    async (request) => {
      const { symbol } = parseOrThrow(institutionParams, request.params, 'path');
      const { institution, principal } = await authorize(request, ctx.db, symbol, ACCESS.pickList);
      const query = parseOrThrow(listQuerySchema, request.query, 'query');
      const rows = await listPickList(ctx, institution, { ...query, libraryIds: requestScope(principal).libraryIds });
      const now = ctx.now();
      return { items: rows.map((row) => presentPickListRow(row, now)) };
    },
  );

  app.post(
    `${base}/:id/:outcome`,
    { config: { access: ACCESS.pickList }, schema: { summary: 'Mark a pick request picked (fetched from the shelf) or cancel it', tags: ['lending'] } },
    async (request) => {
      const { symbol } = parseOrThrow(institutionParams, request.params, 'path');
      const { institution, principal } = await authorize(request, ctx.db, symbol, ACCESS.pickList);
      const { id, outcome } = parseOrThrow(settleParams, request.params, 'path');
      const row = await settlePickRequest(ctx, institution, id, outcome === 'cancel' ? 'cancelled' : 'picked', {
        actor: `user:${principal.userId}`,
        libraryIds: requestScope(principal).libraryIds,
      });
      return presentPickListRow(row, ctx.now());
    },
  );
}
