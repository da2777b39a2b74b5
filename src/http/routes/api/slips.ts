import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { SLIP_KINDS, slipsFor, type SlipKind } from '../../../domain/slips/kinds.js';
import { TEMPLATE_LIMITS } from '../../../domain/slips/render.js';
import type { ServiceContext } from '../../../services/context.js';
import { readSlipTemplate } from '../../../services/slips/readSlipTemplate.js';
import { renderRequestSlip } from '../../../services/slips/renderRequestSlip.js';
import { renderRequestSlipPdf } from '../../../services/slips/renderRequestSlipPdf.js';
import { resetSlipTemplate } from '../../../services/slips/resetSlipTemplate.js';
import { saveSlipTemplate } from '../../../services/slips/saveSlipTemplate.js';
import { authorize } from '../../auth.js';
import { presentSlipTemplate } from '../../presenters/slipTemplate.js';
import { ACCESS } from './permissions.js';
import { institutionParams, parseOrThrow, requestParams } from './scope.js';

const templateUrl = '/api/v1/institutions/:symbol/slip-templates/:kind';
const templateParams = institutionParams.extend({ kind: z.enum(SLIP_KINDS) });
const templateBody = z.strictObject({ html: z.string().min(1).max(TEMPLATE_LIMITS.maxChars) });
const configAccess = ACCESS.configuration;
const tags = ['slips'];

/** Printed slips leave the page no way to load or run anything: a template is markup and inline CSS only. */
const SLIP_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const slipQuery = z.object({ format: z.enum(['html', 'pdf']).optional() });

/** True when the Accept header names application/pdf (with a non-zero quality): a PDF is wanted without ?format. */
function acceptsPdf(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some((range) => {
    const [type, ...params] = range.split(';').map((part) => part.trim().toLowerCase());
    const q = params.find((param) => param.startsWith('q='));
    return type === 'application/pdf' && (q === undefined || Number(q.slice(2)) > 0);
  });
}

function sendHtml(reply: FastifyReply, html: string): FastifyReply {
  return reply.type('text/html; charset=utf-8').header('content-security-policy', SLIP_CSP).header('cache-control', 'no-store').send(html);
}

/** Slip templates (fulfillment administrator) and the slips of a request rendered with them (the desk). */
export function slipRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  app.get(templateUrl, { config: { access: configAccess }, schema: { summary: 'The template a slip kind prints with, and the fields it may use', tags } }, async (request) => {
    const { institution } = await authorize(request, ctx.db, parseOrThrow(institutionParams, request.params, 'path').symbol, configAccess);
    const { kind } = parseOrThrow(templateParams, request.params, 'path');
    const template = await readSlipTemplate(ctx, institution, kind);
    return presentSlipTemplate(template, template.fields);
  });

  app.put(
    templateUrl,
    { config: { access: configAccess }, schema: { summary: "Save the institution's own template for a slip kind", tags, body: z.toJSONSchema(templateBody, { io: 'input' }) } },
    async (request) => {
      const { institution, principal } = await authorize(request, ctx.db, parseOrThrow(institutionParams, request.params, 'path').symbol, configAccess);
      const { kind } = parseOrThrow(templateParams, request.params, 'path');
      const { html } = parseOrThrow(templateBody, request.body, 'body');
      return presentSlipTemplate(await saveSlipTemplate(ctx, institution, kind, html, `user:${principal.userId}`));
    },
  );

  app.delete(templateUrl, { config: { access: configAccess }, schema: { summary: 'Go back to the default template for a slip kind', tags } }, async (request) => {
    const { institution, principal } = await authorize(request, ctx.db, parseOrThrow(institutionParams, request.params, 'path').symbol, configAccess);
    const { kind } = parseOrThrow(templateParams, request.params, 'path');
    return presentSlipTemplate(await resetSlipTemplate(ctx, institution, kind, `user:${principal.userId}`));
  });

  for (const requestKind of ['borrowing', 'lending'] as const) {
    const kinds = slipsFor(requestKind);
    const collection = `${requestKind}-requests`;
    const kindParam = z.object({ kind: z.enum(kinds as [SlipKind, ...SlipKind[]]) });
    app.get(
      `/api/v1/institutions/:symbol/${collection}/:id/slips/:kind`,
      {
        config: { access: ACCESS.slips },
        schema: {
          summary: `A slip of a ${requestKind} request (${kinds.join(', ')}) as printable HTML, or as PDF with ?format=pdf or Accept: application/pdf`,
          tags,
          querystring: z.toJSONSchema(slipQuery, { io: 'input' }),
        },
      },
      async (request, reply) => {
        const { symbol, id } = parseOrThrow(requestParams, request.params, 'path');
        // Who may print comes first (as for every route); the target narrows a services operator to their libraries' requests.
        const { institution } = await authorize(request, ctx.db, symbol, ACCESS.slips, { kind: requestKind, id });
        const { kind } = parseOrThrow(kindParam, request.params, 'path');
        const { format } = parseOrThrow(slipQuery, request.query, 'query');
        if ((format ?? (acceptsPdf(request.headers.accept) ? 'pdf' : 'html')) === 'pdf') {
          const { pdf, filename } = await renderRequestSlipPdf(ctx, institution, kind, id);
          return reply.type('application/pdf').header('content-disposition', `inline; filename="${filename}"`).header('cache-control', 'no-store').send(pdf);
        }
        return sendHtml(reply, (await renderRequestSlip(ctx, institution, kind, id)).html);
      },
    );
  }
}
