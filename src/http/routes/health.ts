import type { FastifyInstance } from 'fastify';
import { isReachable, type Db } from '../../store/database.js';

export function healthRoutes(app: FastifyInstance, db: Db): void {
  app.get(
    '/health',
    {
      schema: {
        summary: 'Liveness and readiness: is the database reachable?',
        tags: ['operations'],
        response: {
          200: { type: 'object', properties: { status: { type: 'string' }, database: { type: 'string' } } },
          503: { type: 'object', properties: { status: { type: 'string' }, database: { type: 'string' } } },
        },
      },
    },
    async (_request, reply) => {
      const reachable = await isReachable(db);
      return reply
        .code(reachable ? 200 : 503)
        .send({ status: reachable ? 'ok' : 'unavailable', database: reachable ? 'reachable' : 'unreachable' });
    },
  );
}
