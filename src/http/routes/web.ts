import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** Where `npm run build:web` writes the staff workspace and patron pages (the same from src/ and from dist/). */
const BUILT_WEB_DIR = fileURLToPath(new URL('../../../dist/web', import.meta.url));

/** Paths the UI answers itself (its router reads them); each gets the one page. */
export const UI_PATHS = ['/', '/sign-in', '/staff', '/staff/*', '/patron', '/patron/*', '/openurl'] as const;

/**
 * The UI's own security header: nothing but our own scripts, styles and API; no framing. The
 * headers every answer carries (nosniff, no referrer, …) come from securityHeaders.ts.
 */
const UI_HEADERS: Record<string, string> = {
  'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
};

function withUiHeaders(reply: FastifyReply): FastifyReply {
  for (const [name, value] of Object.entries(UI_HEADERS)) reply.header(name, value);
  return reply;
}

/** `GET /` and the UI's paths: the built single page, its hashed assets cached for a year. */
export async function webRoutes(app: FastifyInstance): Promise<void> {
  // Another build of the UI (the test suites' own, a customised one) can be served instead.
  const WEB_DIR = process.env.INTERLEND_WEB_DIR || BUILT_WEB_DIR;
  const indexFile = `${WEB_DIR}/index.html`;
  const built = existsSync(indexFile);
  const index = built ? readFileSync(indexFile, 'utf8') : undefined;
  if (built) {
    await app.register(fastifyStatic, {
      root: `${WEB_DIR}/assets`,
      prefix: '/assets/',
      immutable: true,
      maxAge: '365d',
      setHeaders: (res) => {
        for (const [name, value] of Object.entries(UI_HEADERS)) res.setHeader(name, value);
      },
    });
  }
  for (const path of UI_PATHS) {
    app.get(path, { schema: { hide: true } }, (_request, reply) => {
      withUiHeaders(reply).header('cache-control', 'no-cache');
      if (index === undefined) return reply.code(503).type('text/plain; charset=utf-8').send('The web UI is not built: run npm run build:web (npm install does it).');
      return reply.type('text/html; charset=utf-8').send(index);
    });
  }
}
