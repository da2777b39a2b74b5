import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { outboxBacklog, type OutboxWorker } from '../outbox/index.js';
import type { ServiceContext } from '../services/context.js';
import { MetricsRegistry } from './metrics.js';
import { apiRoutes } from './routes/api/index.js';
import { healthRoutes } from './routes/health.js';
import { iso18626Routes } from './routes/iso18626.js';
import { ncipRoutes } from './routes/ncip.js';
import { directoryFeedRoutes } from './routes/directory.js';
import { metricsRoutes } from './routes/metrics.js';
import { sruRoutes } from './routes/sru.js';
import { webRoutes } from './routes/web.js';

export interface AppOptions {
  ctx: ServiceContext;
  logger: FastifyBaseLogger | false;
  metrics?: MetricsRegistry;
  outbox?: OutboxWorker;
}

/** The HTTP surface of one server process. Stateless: any number may share one database. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const metrics = options.metrics ?? new MetricsRegistry();
  const { ctx } = options;
  const app: FastifyInstance = options.logger
    ? Fastify({ loggerInstance: options.logger, trustProxy: true })
    : Fastify({ logger: false, trustProxy: true });

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.add('interlend_http_requests_total', { method: request.method, route, status: String(reply.statusCode) });
    metrics.add('interlend_http_request_duration_seconds_sum', { route }, reply.elapsedTime / 1000);
  });

  await app.register(swagger, {
    openapi: {
      info: { title: 'Interlend', version: '0.1.0', description: 'Resource sharing (interlibrary loan) server' },
      tags: [
        { name: 'borrowing', description: 'Borrowing requests: what we ask partners for our patrons' },
        { name: 'lending', description: 'Lending requests: what partners ask of us' },
        { name: 'outbox', description: 'Outbound protocol messages and their delivery' },
        { name: 'protocols', description: 'ISO 18626 and NCIP endpoints for partners' },
        { name: 'operations', description: 'Health and metrics for operators' },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, () => app.swagger());

  healthRoutes(app, ctx.db, () => outboxBacklog(ctx.db));
  metricsRoutes(app, ctx.db, metrics);
  await iso18626Routes(app, ctx, metrics);
  await ncipRoutes(app, ctx, metrics);
  await sruRoutes(app, ctx);
  directoryFeedRoutes(app, ctx);
  await apiRoutes(app, ctx);
  await webRoutes(app);
  return app;
}
