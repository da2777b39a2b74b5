import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { addPatronBlock } from '../../../services/patrons/addPatronBlock.js';
import { createPatron } from '../../../services/patrons/createPatron.js';
import { getPatron, listPatrons } from '../../../services/patrons/listPatrons.js';
import { removePatronBlock } from '../../../services/patrons/removePatronBlock.js';
import { updatePatron } from '../../../services/patrons/updatePatron.js';
import type { ServiceContext } from '../../../services/context.js';
import { authorize } from '../../auth.js';
import { presentPatron } from '../../presenters/patron.js';
import { newBlockBody, newPatronBody, patronBlockParams, patronChangeBody, patronListQuery, patronParams } from './patronSchema.js';
import { ACCESS } from './permissions.js';
import { institutionParams, parseOrThrow } from './scope.js';

const TAGS = ['patrons'];
const access = { access: ACCESS.patrons };

/** The built-in circulation's patron register: search, register, change, block and unblock. */
export function patronRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  const base = '/api/v1/institutions/:symbol/patrons';

  app.get(base, { config: access, schema: { summary: 'Search patrons', tags: TAGS, querystring: z.toJSONSchema(patronListQuery, { io: 'input' }) } }, async (request) => {
    const { symbol } = parseOrThrow(institutionParams, request.params, 'path');
    const { institution } = await authorize(request, ctx.db, symbol, ACCESS.patrons);
    const query = parseOrThrow(patronListQuery, request.query, 'query');
    const page = await listPatrons(ctx, institution, query);
    return { items: page.items.map(presentPatron), total: page.total, next: page.next };
  });

  app.get(`${base}/:barcode`, { config: access, schema: { summary: 'A patron by barcode', tags: TAGS } }, async (request) => {
    const { symbol, barcode } = parseOrThrow(patronParams, request.params, 'path');
    const { institution } = await authorize(request, ctx.db, symbol, ACCESS.patrons);
    return presentPatron(await getPatron(ctx, institution, barcode));
  });

  app.post(base, { config: access, schema: { summary: 'Register a patron', tags: TAGS, body: z.toJSONSchema(newPatronBody, { io: 'input' }) } }, async (request, reply) => {
    const { symbol } = parseOrThrow(institutionParams, request.params, 'path');
    const { institution, principal } = await authorize(request, ctx.db, symbol, ACCESS.patrons);
    const input = parseOrThrow(newPatronBody, request.body, 'body');
    const created = await createPatron(ctx, institution, `user:${principal.userId}`, input);
    return reply.code(201).header('location', `${request.url.split('?')[0]}/${encodeURIComponent(created.barcode)}`).send(presentPatron(created));
  });

  app.patch(`${base}/:barcode`, { config: access, schema: { summary: 'Change a patron (active: false deactivates)', tags: TAGS, body: z.toJSONSchema(patronChangeBody, { io: 'input' }) } }, async (request) => {
    const { symbol, barcode } = parseOrThrow(patronParams, request.params, 'path');
    const { institution, principal } = await authorize(request, ctx.db, symbol, ACCESS.patrons);
    const change = parseOrThrow(patronChangeBody, request.body, 'body');
    return presentPatron(await updatePatron(ctx, institution, `user:${principal.userId}`, barcode, change));
  });

  app.post(`${base}/:barcode/blocks`, { config: access, schema: { summary: 'Block a patron', tags: TAGS, body: z.toJSONSchema(newBlockBody, { io: 'input' }) } }, async (request, reply) => {
    const { symbol, barcode } = parseOrThrow(patronParams, request.params, 'path');
    const { institution, principal } = await authorize(request, ctx.db, symbol, ACCESS.patrons);
    const block = parseOrThrow(newBlockBody, request.body, 'body');
    return reply.code(201).send(presentPatron(await addPatronBlock(ctx, institution, `user:${principal.userId}`, barcode, block)));
  });

  app.delete(`${base}/:barcode/blocks/:code`, { config: access, schema: { summary: 'Lift a block', tags: TAGS } }, async (request) => {
    const { symbol, barcode, code } = parseOrThrow(patronBlockParams, request.params, 'path');
    const { institution, principal } = await authorize(request, ctx.db, symbol, ACCESS.patrons);
    return presentPatron(await removePatronBlock(ctx, institution, `user:${principal.userId}`, barcode, code));
  });
}
