import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ServiceContext } from '../../../services/context.js';
import { listAudit } from '../../../store/auditLogRepository.js';
import { authorize } from '../../auth.js';
import { ACCESS } from './permissions.js';
import { institutionParams, parseOrThrow } from './scope.js';

const auditQuery = z.strictObject({
  entityType: z.string().max(50).optional(),
  /** Keyset: entries older than this id. */
  before: z.string().regex(/^\d{1,18}$/).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** Who changed which configuration, newest first. */
export function auditRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  app.get(
    '/api/v1/institutions/:symbol/audit',
    { config: { access: ACCESS.audit }, schema: { summary: 'Configuration changes: who, when, before and after', tags: ['configuration'] } },
    async (request) => {
      const { symbol } = parseOrThrow(institutionParams, request.params, 'path');
      const { institution } = await authorize(request, ctx.db, symbol, ACCESS.audit);
      const query = parseOrThrow(auditQuery, request.query, 'query');
      const entries = await listAudit(ctx.db, institution.id, { entityType: query.entityType, beforeId: query.before, limit: query.limit });
      return {
        items: entries.map((e) => ({ id: e.id, at: e.at.toISOString(), actor: e.actor, entityType: e.entity_type, entityKey: e.entity_key, action: e.action, before: e.before, after: e.after })),
        next: entries.length === query.limit ? entries[entries.length - 1]?.id : null,
      };
    },
  );
}
