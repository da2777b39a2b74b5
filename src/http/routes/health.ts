import type { FastifyInstance } from 'fastify';
import type { OutboxBacklog } from '../../outbox/index.js';
import { isReachable, type Db } from '../../store/database.js';

const healthSchema = {
  type: 'object',
  properties: {
    status: { type: 'string' },
    database: { type: 'string' },
    outbox: {
      type: 'object',
      properties: { pending: { type: 'number' }, parked: { type: 'number' }, oldestPendingSeconds: { type: ['number', 'null'] } },
    },
  },
};

/** Liveness and readiness: the database answers; the outbox backlog says whether delivery keeps up. */
export function healthRoutes(app: FastifyInstance, db: Db, backlog: () => Promise<OutboxBacklog>): void {
  app.get(
    '/health',
    { schema: { summary: 'Is the database reachable, and how much is waiting in the outbox?', tags: ['operations'], response: { 200: healthSchema, 503: healthSchema } } },
    async (_request, reply) => {
      if (!(await isReachable(db))) return reply.code(503).send({ status: 'unavailable', database: 'unreachable' });
      return reply.send({ status: 'ok', database: 'reachable', outbox: await backlog() });
    },
  );
}
