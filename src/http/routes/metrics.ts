import type { FastifyInstance } from 'fastify';
import { isReachable, type Db } from '../../store/database.js';
import type { MetricsRegistry } from '../metrics.js';

export function metricsRoutes(app: FastifyInstance, db: Db, metrics: MetricsRegistry): void {
  app.get(
    '/metrics',
    { schema: { summary: 'Prometheus metrics of this server process', tags: ['operations'] } },
    async (_request, reply) => {
      const memory = process.memoryUsage();
      const body = metrics.render({
        interlend_database_up: { help: '1 when the database answers', value: (await isReachable(db)) ? 1 : 0 },
        process_resident_memory_bytes: { help: 'Resident set size of this process', value: memory.rss },
        nodejs_heap_used_bytes: { help: 'V8 heap in use', value: memory.heapUsed },
      });
      return reply.type('text/plain; version=0.0.4; charset=utf-8').send(body);
    },
  );
}
