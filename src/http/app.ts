import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyContextConfig, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { outboxBacklog, type OutboxWorker } from '../outbox/index.js';
import type { ServiceContext } from '../services/context.js';
import { MetricsRegistry } from './metrics.js';
import { sendProblem } from './problem.js';
import { apiRoutes } from './routes/api/index.js';
import { healthRoutes } from './routes/health.js';
import { iso18626Routes } from './routes/iso18626.js';
import { ncipRoutes } from './routes/ncip.js';
import { directoryFeedRoutes } from './routes/directory.js';
import { metricsRoutes } from './routes/metrics.js';
import { sruRoutes } from './routes/sru.js';
import { webRoutes } from './routes/web.js';
import { securityHeaders, securitySettingsFrom } from './securityHeaders.js';
import { checkOutboundDenySetting } from '../services/outboundDeny.js';

export interface AppOptions {
  ctx: ServiceContext;
  logger: FastifyBaseLogger | false;
  metrics?: MetricsRegistry;
  outbox?: OutboxWorker;
}

/** Every route the app serves, whatever registered it: the access test checks each has an owner. */
export interface AppRoute {
  method: string;
  url: string;
  config: FastifyContextConfig;
}

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: readonly AppRoute[];
  }
}

/** The HTTP surface of one server process. Stateless: any number may share one database. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const metrics = options.metrics ?? new MetricsRegistry();
  const { ctx } = options;
  const security = securitySettingsFrom(process.env);
  checkOutboundDenySetting(process.env);
  const common = { trustProxy: security.trustProxy, frameworkErrors: answerUnreadableUrl };
  const app: FastifyInstance = options.logger ? Fastify({ loggerInstance: options.logger, ...common }) : Fastify({ logger: false, ...common });
  const routes: AppRoute[] = [];
  app.decorate('routeTable', routes);
  app.addHook('onRoute', (route) => {
    // HEAD routes are the GET routes' shadows.
    for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push({ method, url: route.url, config: route.config ?? {} });
  });
  securityHeaders(app, security);

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

/**
 * A URL the router cannot decode (`/sru/%ZZ`, 400) or whose path parameter is too long (414) never
 * reaches a route: answered as problem JSON like every other refusal, not in fastify's own shape.
 */
function answerUnreadableUrl(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  void sendProblem(reply, { status: error.statusCode ?? 400, title: 'Bad request', detail: `the URL could not be read (${error.code})` });
}
