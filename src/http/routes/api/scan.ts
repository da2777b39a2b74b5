import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { SCAN_ACTIONS } from '../../../domain/circulation/scanDecision.js';
import type { ServiceContext } from '../../../services/context.js';
import { AmbiguousScanError, scanBarcode } from '../../../services/circulation/scanBarcode.js';
import { authorize } from '../../auth.js';
import { ACCESS } from './permissions.js';
import { institutionParams, parseOrThrow, ProblemError } from './scope.js';

const isoDate = z.iso.datetime({ offset: true }).or(z.iso.date()).transform((text) => new Date(text));
const scanBodySchema = z.strictObject({
  barcode: z.string().trim().min(1).max(100),
  action: z.enum(['auto', ...SCAN_ACTIONS]).default('auto'),
  /** Only for ship: when the lent item is due back. */
  dueDate: isoDate.optional(),
});

/** Scan-in at the desk: one barcode, and the request it belongs to takes its next circulation step. */
export function scanRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  app.post(
    '/api/v1/institutions/:symbol/scan',
    {
      config: { access: ACCESS.scan },
      schema: {
        summary: 'Scan a barcode: receive, patron return, return to lender, check in (or the suggestion for ship)',
        tags: ['circulation'],
        body: z.toJSONSchema(scanBodySchema, { io: 'input' }),
      },
    },
    async (request) => {
      const { symbol } = parseOrThrow(institutionParams, request.params, 'path');
      const { institution, principal } = await authorize(request, ctx.db, symbol, ACCESS.scan);
      const body = parseOrThrow(scanBodySchema, request.body, 'body');
      try {
        const outcome = await scanBarcode(ctx, institution, { ...body, actor: `user:${principal.userId}` });
        return 'suggested' in outcome ? { ...outcome, dueDate: outcome.dueDate?.toISOString() ?? null } : outcome;
      } catch (error) {
        if (error instanceof AmbiguousScanError) throw new ProblemError(409, 'Ambiguous barcode', error.message, { candidates: error.options });
        throw error;
      }
    },
  );
}
