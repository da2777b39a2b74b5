import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from '../../../services/context.js';
import { STAFF_ROLES } from '../../auth.js';
import { sendProblem } from '../../problem.js';
import { borrowingRequestRoutes } from './borrowingRequests.js';
import { lendingRequestRoutes } from './lendingRequests.js';
import { outboxRoutes } from './outbox.js';
import { apiErrorHandler } from './scope.js';

/**
 * The REST API under /api/v1. Bodies are validated with zod in each route (their JSON schemas
 * only describe the API in OpenAPI), so every error has the same problem-JSON shape.
 * Every route names who may call it (permissions.ts) and checks it with authorize().
 */
export async function apiRoutes(app: FastifyInstance, ctx: ServiceContext, options: { demoMode: boolean }): Promise<void> {
  await app.register((scope, _opts, done) => {
    scope.setValidatorCompiler(() => () => true);
    scope.setErrorHandler(apiErrorHandler);
    scope.setNotFoundHandler((request, reply) => sendProblem(reply, { status: 404, title: 'Not found', detail: `${request.method} ${request.url} is not an API route` }));
    scope.decorateRequest('principal', null);
    scope.addHook('onRequest', (request, _reply, next) => {
      // Until staff accounts exist, demo mode stands in an administrator of every institution.
      request.principal = options.demoMode
        ? { kind: 'staff', userId: 'demo', username: 'demo', institutionId: '*', roles: STAFF_ROLES, libraryIds: 'all' }
        : null;
      next();
    });
    borrowingRequestRoutes(scope, ctx);
    lendingRequestRoutes(scope, ctx);
    outboxRoutes(scope, ctx);
    done();
  });
}
