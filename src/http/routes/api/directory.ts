import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ownDirectoryEntrySchema } from '../../../config/sections/directory.js';
import { code } from '../../../config/primitives.js';
import type { ServiceContext } from '../../../services/context.js';
import { addPartnerFromDirectory } from '../../../services/directory/addPartnerFromDirectory.js';
import { directoryEntryView, ownEntryConfig } from '../../../services/directory/directoryView.js';
import { addSubscription, removeSubscription, subscriptionView } from '../../../services/directory/manageSubscriptions.js';
import { saveOwnEntry } from '../../../services/directory/saveOwnEntry.js';
import { syncSubscription } from '../../../services/directory/syncSubscription.js';
import { locateProfileConfig } from '../../../store/locateProfileRepository.js';
import { findOwnEntry, findSubscription, findVisibleEntry, listSubscriptions, searchDirectory } from '../../../store/directoryRepository.js';
import { partnerView } from '../../../services/settings/partnerView.js';
import { authorize } from '../../auth.js';
import { ACCESS } from './permissions.js';
import { institutionParams, parseOrThrow, ProblemError } from './scope.js';

const base = '/api/v1/institutions/:symbol/directory';
const tags = ['configuration'];
const entryParams = institutionParams.extend({ entryId: z.uuid() });
const subscriptionParams = institutionParams.extend({ subscriptionId: z.uuid() });
const searchQuery = z.strictObject({
  q: z.string().trim().max(200).optional(),
  symbol: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_-]*:\S+$/, 'expected TYPE:VALUE')
    .max(200)
    .transform((s) => `${s.slice(0, s.indexOf(':')).toUpperCase()}${s.slice(s.indexOf(':'))}`)
    .optional(),
  service: z.enum(['loan', 'copy']).optional(),
});
const subscriptionBody = z.strictObject({ feedUrl: z.url({ protocol: /^https?$/ }).max(2000) });
const fromDirectoryBody = z.strictObject({ entryId: z.uuid(), code: code.optional(), locateProfileCode: code.optional() });

/** The resource-sharing directory (seed 001): the own entry, browsing, feed subscriptions, and adding a partner from an entry. */
export function directoryRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  app.get(`${base}/entry`, { config: { access: ACCESS.configuration }, schema: { summary: 'Our own directory entry', tags } }, async (request) => {
    const { symbol } = parseOrThrow(institutionParams, request.params, 'path');
    const { institution } = await authorize(request, ctx.db, symbol, ACCESS.configuration);
    const entry = await findOwnEntry(ctx.db, institution.id);
    // None yet: what an empty PUT would store, unpublished, and no view (nothing is listed).
    if (!entry) return { ...ownDirectoryEntrySchema.parse({ publish: false }), view: null };
    return { ...ownEntryConfig(entry), view: directoryEntryView(entry) };
  });

  app.put(
    `${base}/entry`,
    { config: { access: ACCESS.configuration }, schema: { summary: 'Create or replace our own directory entry', tags, body: z.toJSONSchema(ownDirectoryEntrySchema, { io: 'input', unrepresentable: 'any' }) } },
    async (request) => {
      const { symbol } = parseOrThrow(institutionParams, request.params, 'path');
      const { institution, principal } = await authorize(request, ctx.db, symbol, ACCESS.configuration);
      const body = parseOrThrow(ownDirectoryEntrySchema, request.body, 'body');
      const saved = await ctx.db.transaction().execute((trx) => saveOwnEntry(trx, institution.id, body, `user:${principal.userId}`, ctx.now()));
      return { ...ownEntryConfig(saved), view: directoryEntryView(saved) };
    },
  );

  app.get(base, { config: { access: ACCESS.directory }, schema: { summary: 'Browse and search the directory (this deployment and subscribed feeds)', tags } }, async (request) => {
    const { symbol } = parseOrThrow(institutionParams, request.params, 'path');
    const { institution } = await authorize(request, ctx.db, symbol, ACCESS.directory);
    const filter = parseOrThrow(searchQuery, request.query, 'query');
    return { items: (await searchDirectory(ctx.db, institution.id, filter)).map(directoryEntryView) };
  });

  app.get(`${base}/entries/:entryId`, { config: { access: ACCESS.directory }, schema: { summary: 'One directory entry', tags } }, async (request) => {
    const { symbol } = parseOrThrow(institutionParams, request.params, 'path');
    const { institution } = await authorize(request, ctx.db, symbol, ACCESS.directory);
    const { entryId } = parseOrThrow(entryParams, request.params, 'path');
    const entry = await findVisibleEntry(ctx.db, institution.id, entryId);
    if (!entry) throw new ProblemError(404, 'Not found', `no directory entry ${entryId}`);
    return directoryEntryView(entry);
  });

  app.get(`${base}/subscriptions`, { config: { access: ACCESS.configuration }, schema: { summary: 'Directory feeds we subscribe to', tags } }, async (request) => {
    const { symbol } = parseOrThrow(institutionParams, request.params, 'path');
    const { institution } = await authorize(request, ctx.db, symbol, ACCESS.configuration);
    return { items: (await listSubscriptions(ctx.db, institution.id)).map(subscriptionView) };
  });

  app.post(
    `${base}/subscriptions`,
    { config: { access: ACCESS.configuration }, schema: { summary: "Subscribe to another deployment's directory feed", tags, body: z.toJSONSchema(subscriptionBody) } },
    async (request, reply) => {
      const { symbol } = parseOrThrow(institutionParams, request.params, 'path');
      const { institution, principal } = await authorize(request, ctx.db, symbol, ACCESS.configuration);
      const { feedUrl } = parseOrThrow(subscriptionBody, request.body, 'body');
      const created = await addSubscription(ctx, institution, feedUrl, `user:${principal.userId}`);
      return reply.code(201).header('location', `${request.url}/${created.id}`).send(subscriptionView(created));
    },
  );

  app.delete(`${base}/subscriptions/:subscriptionId`, { config: { access: ACCESS.configuration }, schema: { summary: 'End a subscription (its entries go with it)', tags } }, async (request, reply) => {
    const { symbol } = parseOrThrow(institutionParams, request.params, 'path');
    const { institution, principal } = await authorize(request, ctx.db, symbol, ACCESS.configuration);
    const { subscriptionId: id } = parseOrThrow(subscriptionParams, request.params, 'path');
    await removeSubscription(ctx, institution, id, `user:${principal.userId}`);
    return reply.code(204).send();
  });

  app.post(`${base}/subscriptions/:subscriptionId/sync`, { config: { access: ACCESS.configuration }, schema: { summary: 'Sync a subscription now', tags } }, async (request) => {
    const { symbol } = parseOrThrow(institutionParams, request.params, 'path');
    const { institution } = await authorize(request, ctx.db, symbol, ACCESS.configuration);
    const { subscriptionId: id } = parseOrThrow(subscriptionParams, request.params, 'path');
    const subscription = await findSubscription(ctx.db, institution.id, id);
    if (!subscription) throw new ProblemError(404, 'Not found', `no directory subscription ${id}`);
    const report = await syncSubscription(ctx, subscription);
    const after = await findSubscription(ctx.db, institution.id, id);
    return { ...report, subscription: after ? subscriptionView(after) : null };
  });

  app.post(
    '/api/v1/institutions/:symbol/partners/from-directory',
    { config: { access: ACCESS.partners }, schema: { summary: 'Add a partner (and its locate profile) from a directory entry', tags, body: z.toJSONSchema(fromDirectoryBody) } },
    async (request, reply) => {
      const { symbol } = parseOrThrow(institutionParams, request.params, 'path');
      const { institution, principal } = await authorize(request, ctx.db, symbol, ACCESS.partners);
      const body = parseOrThrow(fromDirectoryBody, request.body, 'body');
      const { partner, locateProfile } = await addPartnerFromDirectory(ctx, institution, body, `user:${principal.userId}`);
      return reply
        .code(201)
        .header('location', `/api/v1/institutions/${encodeURIComponent(symbol)}/partners/${encodeURIComponent(partner.code)}`)
        .send({ partner: partnerView(partner), locateProfile: locateProfile ? locateProfileConfig(locateProfile) : null });
    },
  );
}
