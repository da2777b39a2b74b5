import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from '../../../services/context.js';
import { listInstitutionNotices, listRequestNotices } from '../../../services/notices/patronNoticeList.js';
import { readNoticeTemplate } from '../../../services/notices/readNoticeTemplate.js';
import { resendPatronNotice } from '../../../services/notices/resendPatronNotice.js';
import { resetNoticeTemplate } from '../../../services/notices/resetNoticeTemplate.js';
import { saveNoticeTemplate } from '../../../services/notices/saveNoticeTemplate.js';
import { authorize } from '../../auth.js';
import { presentNoticeTemplate, presentPatronNotice } from '../../presenters/patronNotice.js';
import { noticeListQuery, noticeParams, noticeTemplateBody, noticeTemplateParams } from './noticeSchema.js';
import { ACCESS } from './permissions.js';
import { institutionParams, parseOrThrow, requestParams } from './scope.js';
import { z } from 'zod';

const templateUrl = '/api/v1/institutions/:symbol/notice-templates/:kind';
const configAccess = ACCESS.configuration;
const tags = ['notices'];

/** Patron notice templates (fulfillment administrator) and the notices sent to patrons (the desk). */
export function noticeRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  app.get(templateUrl, { config: { access: configAccess }, schema: { summary: 'The subject and text a notice kind is written with, and the fields they may use', tags } }, async (request) => {
    const { institution } = await authorize(request, ctx.db, parseOrThrow(institutionParams, request.params, 'path').symbol, configAccess);
    const { kind } = parseOrThrow(noticeTemplateParams, request.params, 'path');
    const template = await readNoticeTemplate(ctx, institution, kind);
    return presentNoticeTemplate(template, template.fields);
  });

  app.put(
    templateUrl,
    { config: { access: configAccess }, schema: { summary: "Save the institution's own subject and text for a notice kind", tags, body: z.toJSONSchema(noticeTemplateBody, { io: 'input' }) } },
    async (request) => {
      const { institution, principal } = await authorize(request, ctx.db, parseOrThrow(institutionParams, request.params, 'path').symbol, configAccess);
      const { kind } = parseOrThrow(noticeTemplateParams, request.params, 'path');
      const body = parseOrThrow(noticeTemplateBody, request.body, 'body');
      return presentNoticeTemplate(await saveNoticeTemplate(ctx, institution, kind, body, `user:${principal.userId}`));
    },
  );

  app.delete(templateUrl, { config: { access: configAccess }, schema: { summary: 'Go back to the default template for a notice kind', tags } }, async (request) => {
    const { institution, principal } = await authorize(request, ctx.db, parseOrThrow(institutionParams, request.params, 'path').symbol, configAccess);
    const { kind } = parseOrThrow(noticeTemplateParams, request.params, 'path');
    return presentNoticeTemplate(await resetNoticeTemplate(ctx, institution, kind, `user:${principal.userId}`));
  });

  app.get(
    '/api/v1/institutions/:symbol/borrowing-requests/:id/notices',
    { config: { access: ACCESS.notices }, schema: { summary: "The notices sent (or not) to a borrowing request's patron, oldest first", tags } },
    async (request) => {
      const { symbol, id } = parseOrThrow(requestParams, request.params, 'path');
      const { institution } = await authorize(request, ctx.db, symbol, ACCESS.notices, { kind: 'borrowing', id });
      return { notices: (await listRequestNotices(ctx, institution, id)).map(presentPatronNotice) };
    },
  );

  app.get(
    '/api/v1/institutions/:symbol/notices',
    { config: { access: ACCESS.notices }, schema: { summary: "The institution's patron notices, newest first (status=failed: the ones to resend)", tags, querystring: z.toJSONSchema(noticeListQuery, { io: 'input' }) } },
    async (request) => {
      const { institution } = await authorize(request, ctx.db, parseOrThrow(institutionParams, request.params, 'path').symbol, ACCESS.notices);
      const query = parseOrThrow(noticeListQuery, request.query, 'query');
      return { notices: (await listInstitutionNotices(ctx, institution, query)).map(presentPatronNotice) };
    },
  );

  app.post(
    '/api/v1/institutions/:symbol/notices/:noticeId/resend',
    { config: { access: ACCESS.notices }, schema: { summary: 'Send a failed notice again', tags } },
    async (request) => {
      const { institution, principal } = await authorize(request, ctx.db, parseOrThrow(institutionParams, request.params, 'path').symbol, ACCESS.notices);
      const { noticeId } = parseOrThrow(noticeParams, request.params, 'path');
      return presentPatronNotice(await resendPatronNotice(ctx, institution, noticeId, `user:${principal.userId}`));
    },
  );
}
