import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { LoginThrottle, throttleKey } from '../../../services/auth/loginThrottle.js';
import { signIn, signOut } from '../../../services/auth/sessions.js';
import type { ServiceContext } from '../../../services/context.js';
import { findInstitution, primarySymbol } from '../../../store/institutionRepository.js';
import { SESSION_COOKIE, sessionCookieOf } from '../../auth.js';
import { ACCESS } from './permissions.js';
import { parseOrThrow, ProblemError } from './scope.js';

const signInBody = z.strictObject({
  institution: z.string().min(1).max(120),
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(1024),
});

/** Signing in and out: one token, sent as a bearer token by integrations and as a cookie by the staff UI. */
export function sessionRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  // Counted in the database: every process serving it shares the limit.
  const throttle = new LoginThrottle(ctx.db, ctx.now);

  app.post(
    '/api/v1/session',
    { config: { public: true }, schema: { summary: 'Sign in: a bearer token, a session cookie and its CSRF token', tags: ['session'], body: z.toJSONSchema(signInBody, { io: 'input' }) } },
    async (request, reply) => {
      const body = parseOrThrow(signInBody, request.body, 'body');
      const attempt = { key: throttleKey(request.ip, body.institution, body.username), ip: request.ip };
      const wait = await throttle.retryAfterSeconds(attempt);
      if (wait > 0) {
        reply.header('retry-after', String(wait));
        throw new ProblemError(429, 'Too many sign-in attempts', `too many failed sign-ins from here; try again in ${wait} s`);
      }
      const session = await signIn(ctx, body, sessionCookieOf(request));
      if (!session) {
        await throttle.recordFailure(attempt);
        // One answer for an unknown institution, an unknown user and a wrong password.
        throw new ProblemError(401, 'Sign-in failed', 'unknown institution, username or password');
      }
      await throttle.recordSuccess(attempt);
      const maxAge = Math.floor((session.expiresAt.getTime() - ctx.now().getTime()) / 1000);
      setSessionCookie(reply, session.token, maxAge, request.protocol === 'https');
      return { token: session.token, expiresAt: session.expiresAt.toISOString(), csrfToken: session.csrfToken };
    },
  );

  app.get('/api/v1/session', { config: { access: ACCESS.signedIn }, schema: { summary: 'Who is signed in (the web UI asks at start)', tags: ['session'] } }, async (request) => {
    const principal = request.principal;
    if (!principal) throw new ProblemError(401, 'Authentication required', 'nobody is signed in');
    const institution = await findInstitution(ctx.db, principal.institutionId);
    const symbol = await primarySymbol(ctx.db, principal.institutionId);
    return {
      kind: principal.kind,
      username: principal.username,
      // The form API paths take: the symbol's value (`US-NSU`).
      institution: symbol.idValue,
      institutionName: institution?.name ?? symbol.idValue,
      roles: principal.kind === 'staff' ? principal.roles : [],
      patronId: principal.kind === 'patron' ? principal.patronId : null,
    };
  });

  app.delete('/api/v1/session', { config: { access: ACCESS.signedIn }, schema: { summary: 'Sign out: the token stops working', tags: ['session'] } }, async (request, reply) => {
    if (!request.authSession) throw new ProblemError(401, 'Authentication required', 'there is no session to sign out of');
    await signOut(ctx, request.authSession.id);
    setSessionCookie(reply, '', 0, request.protocol === 'https');
    return reply.code(204).send();
  });
}

function setSessionCookie(reply: FastifyReply, value: string, maxAgeSeconds: number, secure: boolean): void {
  reply.header('set-cookie', `${SESSION_COOKIE}=${value}; Path=/api; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`);
}
