import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ServiceContext } from '../../../services/context.js';
import { institutionStatistics } from '../../../services/statistics/institutionStatistics.js';
import { authorize } from '../../auth.js';
import { ACCESS } from './permissions.js';
import { institutionParams, parseOrThrow } from './scope.js';
import { statisticsQuerySchema } from './statisticsSchema.js';

/** The dashboard's figures: fill rate and turnaround per partner over time, and what is open now. */
export function statisticsRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  app.get(
    '/api/v1/institutions/:symbol/statistics',
    {
      config: { access: ACCESS.statistics },
      schema: {
        summary: 'Fill rate and turnaround per partner and week/month (borrowing and lending), open requests by status, overdue loans, holds on the shelf',
        tags: ['statistics'],
        querystring: z.toJSONSchema(statisticsQuerySchema, { io: 'input' }),
      },
    },
    async (request) => {
      const { symbol } = parseOrThrow(institutionParams, request.params, 'path');
      const { institution } = await authorize(request, ctx.db, symbol, ACCESS.statistics);
      const query = parseOrThrow(statisticsQuerySchema, request.query, 'query');
      const statistics = await institutionStatistics(ctx, institution, query);
      return { ...statistics, from: statistics.from.toISOString(), to: statistics.to.toISOString() };
    },
  );
}
