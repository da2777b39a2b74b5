import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from '../../services/context.js';
import { feedDocument, feedEntry } from '../../services/directory/directoryView.js';
import { listPublishedEntries } from '../../store/directoryRepository.js';

/**
 * `GET /directory/entries.json`: the published directory entries of this deployment's
 * institutions, open to anyone (it is published information). Entries learnt from other feeds
 * are never re-published. Paths of this server become absolute URLs of `INTERLEND_PUBLIC_URL`, or
 * of the origin asked when it is not set.
 */
export function directoryFeedRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  app.get(
    '/directory/entries.json',
    {
      schema: {
        summary: 'The public resource-sharing directory feed of this deployment (JSON)',
        description: 'Each entry: name, symbols, ISO 18626 endpoint, locate details, addresses, lending policies, contacts. Supports ETag / If-None-Match and Last-Modified.',
        tags: ['protocols'],
        produces: ['application/json'],
      },
    },
    async (request, reply) => {
      // INTERLEND_PUBLIC_URL pins the origin so a forged Host header cannot rewrite the published URLs.
      const baseUrl = process.env.INTERLEND_PUBLIC_URL?.replace(/\/+$/, '') ?? `${request.protocol}://${request.host}`;
      const rows = await listPublishedEntries(ctx.db);
      const entries = rows.map((row) => feedEntry(row, row.code, baseUrl));
      const lastModified = rows.reduce((latest, row) => Math.max(latest, row.updated_at.getTime()), 0);
      // The ETag covers the entries only, not the generation time, so an unchanged feed is a 304.
      const etag = `"${createHash('sha256').update(JSON.stringify(entries)).digest('base64url').slice(0, 32)}"`;
      reply.header('etag', etag).header('cache-control', 'public, max-age=60');
      if (lastModified > 0) reply.header('last-modified', new Date(lastModified).toUTCString());
      if (request.headers['if-none-match'] === etag) return reply.code(304).send();
      return reply.type('application/json').send(feedDocument(entries, ctx.now()));
    },
  );
}
