import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { circulationSettingsSchema } from '../../../config/sections/circulation.js';
import type { ServiceContext } from '../../../services/context.js';
import { readCirculationSettings } from '../../../services/ncip/client/circulationSettings.js';
import { updateCirculationSettings } from '../../../services/ncip/client/updateCirculationSettings.js';
import { authorize } from '../../auth.js';
import { ACCESS } from './permissions.js';
import { institutionParams, parseOrThrow } from './scope.js';

const url = '/api/v1/institutions/:symbol/settings/circulation';
const access = ACCESS.configuration;
const tags = ['configuration'];

/** Built-in circulation or NCIP to the institution's own ILS: the fulfillment administrator's. */
export function circulationSettingsRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  app.get(url, { config: { access }, schema: { summary: 'How the institution circulates: built-in, or NCIP to its own ILS', tags } }, async (request) => {
    const { symbol } = parseOrThrow(institutionParams, request.params, 'path');
    const { institution } = await authorize(request, ctx.db, symbol, access);
    return readCirculationSettings(ctx.db, institution.id);
  });

  app.put(
    url,
    { config: { access }, schema: { summary: 'Replace the circulation setting', tags, body: z.toJSONSchema(circulationSettingsSchema, { io: 'input' }) } },
    async (request) => {
      const { symbol } = parseOrThrow(institutionParams, request.params, 'path');
      const { institution, principal } = await authorize(request, ctx.db, symbol, access);
      const body = parseOrThrow(circulationSettingsSchema, request.body, 'body');
      return updateCirculationSettings(ctx, institution, body, `user:${principal.userId}`);
    },
  );
}
