import type { FastifyInstance } from 'fastify';
import type { AppRoute } from '../../app.js';
import type { ServiceContext } from '../../../services/context.js';
import { principalHook } from '../../auth.js';
import { sendProblem } from '../../problem.js';
import { refuseNulCharacters } from './scope.js';
import { borrowingRequestRoutes } from './borrowingRequests.js';
import { lendingRequestRoutes } from './lendingRequests.js';
import { outboxRoutes } from './outbox.js';
import { rulesRoutes } from './rules.js';
import { taskListRoutes } from './taskLists.js';
import { sessionRoutes } from './session.js';
import { userRoutes } from './users.js';
import { apiErrorHandler } from './scope.js';
import { auditRoutes } from './audit.js';
import { partnerRoutes } from './partners.js';
import { settingsRoutes } from './settings.js';
import { configurationExportRoutes } from './configurationExport.js';
import { locateProfileRoutes } from './locateProfiles.js';
import { directoryRoutes } from './directory.js';
import { pickListRoutes } from './pickList.js';
import { borrowingLocateRoutes } from './borrowingLocate.js';
import { patronRoutes } from './patrons.js';
import { holdShelfRoutes } from './holdShelf.js';
import { slipRoutes } from './slips.js';
import { scanRoutes } from './scan.js';
import { circulationSettingsRoutes } from './circulationSettings.js';
import { noticeRoutes } from './notices.js';
import { statisticsRoutes } from './statistics.js';
import { pickupLocationRoutes } from './pickupLocations.js';

/** Every API route with who may call it (its config): what the role × route matrix test walks. */
export function apiRouteTable(app: FastifyInstance): AppRoute[] {
  return app.routeTable.filter((route) => route.url.startsWith('/api/v1/'));
}

/**
 * The REST API under /api/v1. Bodies are validated with zod in each route (their JSON schemas
 * only describe the API in OpenAPI), so every error has the same problem-JSON shape.
 * Every route names who may call it (permissions.ts) and checks it with authorize().
 */
export async function apiRoutes(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  await app.register((scope, _opts, done) => {
    scope.setValidatorCompiler(() => () => true);
    scope.setErrorHandler(apiErrorHandler);
    scope.setNotFoundHandler((request, reply) => sendProblem(reply, { status: 404, title: 'Not found', detail: `${request.method} ${request.url} is not an API route` }));
    scope.decorateRequest('principal', null);
    scope.decorateRequest('authSession', null);
    scope.addHook('onRequest', principalHook(ctx));
    scope.addHook('preValidation', refuseNulCharacters);
    sessionRoutes(scope, ctx);
    userRoutes(scope, ctx);
    borrowingRequestRoutes(scope, ctx);
    lendingRequestRoutes(scope, ctx);
    outboxRoutes(scope, ctx);
    rulesRoutes(scope, ctx);
    taskListRoutes(scope, ctx);
    auditRoutes(scope, ctx);
    circulationSettingsRoutes(scope, ctx);
    settingsRoutes(scope, ctx);
    partnerRoutes(scope, ctx);
    configurationExportRoutes(scope, ctx);
    locateProfileRoutes(scope, ctx);
    directoryRoutes(scope, ctx);
    pickListRoutes(scope, ctx);
    borrowingLocateRoutes(scope, ctx);
    patronRoutes(scope, ctx);
    holdShelfRoutes(scope, ctx);
    slipRoutes(scope, ctx);
    scanRoutes(scope, ctx);
    noticeRoutes(scope, ctx);
    statisticsRoutes(scope, ctx);
    pickupLocationRoutes(scope, ctx);
    done();
  });
}
