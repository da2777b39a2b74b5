import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from '../../../services/context.js';
import { sendProblem } from '../../problem.js';
import { borrowingRequestRoutes } from './borrowingRequests.js';
import { lendingRequestRoutes } from './lendingRequests.js';
import { outboxRoutes } from './outbox.js';
import { apiErrorHandler } from './scope.js';

/**
 * The REST API under /api/v1. Bodies are validated with zod in each route (their JSON schemas
 * only describe the API in OpenAPI), so every error has the same problem-JSON shape.
 * Until staff accounts exist, the API is open only when the server runs in demo mode.
 */
export async function apiRoutes(app: FastifyInstance, ctx: ServiceContext, options: { demoMode: boolean }): Promise<void> {
  await app.register((scope, _opts, done) => {
    scope.setValidatorCompiler(() => () => true);
    scope.setErrorHandler(apiErrorHandler);
    scope.setNotFoundHandler((request, reply) => sendProblem(reply, { status: 404, title: 'Not found', detail: `${request.method} ${request.url} is not an API route` }));
    scope.addHook('onRequest', async (request, reply) => {
      if (!options.demoMode) {
        return sendProblem(reply, {
          status: 401,
          title: 'Authentication required',
          detail: 'the API needs staff accounts, which this version does not have yet; run the server in demo mode (interlend serve --demo) to use it',
        });
      }
      return undefined;
    });
    borrowingRequestRoutes(scope, ctx);
    lendingRequestRoutes(scope, ctx);
    outboxRoutes(scope, ctx);
    done();
  });
}
