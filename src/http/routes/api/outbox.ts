import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { listOutbox, resendParked } from '../../../outbox/index.js';
import type { ServiceContext } from '../../../services/context.js';
import { authorize } from '../../auth.js';
import { ACCESS } from './permissions.js';
import { institutionParams, parseOrThrow, ProblemError } from './scope.js';

const listQuery = z.strictObject({ status: z.enum(['pending', 'delivered', 'parked']).optional() });
const messageParams = institutionParams.extend({ messageId: z.string().regex(/^\d{1,18}$/) });

/** Staff see what is waiting to go out, and resend what was parked. */
export function outboxRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  app.get('/api/v1/institutions/:symbol/outbox', { config: { access: ACCESS.outbox }, schema: { summary: 'Outbound messages of an institution', tags: ['outbox'] } }, async (request) => {
    const { symbol } = parseOrThrow(institutionParams, request.params, 'path');
    const { institution } = await authorize(request, ctx.db, symbol, ACCESS.outbox);
    const { status } = parseOrThrow(listQuery, request.query, 'query');
    const rows = await listOutbox(ctx.db, institution.id, status ? { status } : {});
    return {
      items: rows.map((row) => ({
        id: row.id,
        requestKind: row.request_kind,
        requestId: row.request_id,
        kind: row.message_kind,
        summary: row.summary,
        recipient: `${row.recipient_id_type}:${row.recipient_id_value}`,
        status: row.status,
        attempts: row.attempts,
        nextAttemptAt: row.next_attempt_at.toISOString(),
        lastError: row.last_error,
        createdAt: row.created_at.toISOString(),
      })),
    };
  });

  app.post('/api/v1/institutions/:symbol/outbox/:messageId/resend', { config: { access: ACCESS.outbox }, schema: { summary: 'Resend a parked message', tags: ['outbox'] } }, async (request, reply) => {
    const { symbol, messageId } = parseOrThrow(messageParams, request.params, 'path');
    const { institution } = await authorize(request, ctx.db, symbol, ACCESS.outbox);
    if (!(await resendParked(ctx.db, institution.id, messageId))) {
      throw new ProblemError(409, 'Not parked', `message ${messageId} is not a parked message of ${institution.code}`);
    }
    ctx.outboxNotify?.();
    return reply.code(202).send({ id: messageId, status: 'pending' });
  });
}
