import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Interlend } from '../../../src/runtime/interlend.js';
import { SESSION_IDLE_MS } from '../../../src/services/auth/sessions.js';
import type { Db } from '../../../src/store/database.js';
import { serveApi, startApiServer, type ApiServer, type ServedApi } from '../../support/apiServer.js';
import { bearer, signIn, TEST_PASSWORD, type Session } from '../../support/auth/accounts.js';
import { networkWithAccounts } from '../../support/auth/network.js';
import { requestXml } from '../../support/iso18626Messages.js';
import { apiRouteTable } from '../../../src/http/routes/api/index.js';

/**
 * What a browser session must withstand: fixation, forgery (CSRF) on every unsafe API route,
 * and the security headers that keep the UI and the API out of other sites' reach.
 */
describe('the browser session', () => {
  let server: ApiServer;
  let interlend: Interlend;
  let base: string;
  let now = new Date('2026-11-20T10:00:00Z');

  beforeAll(async () => {
    server = await startApiServer('pglite', { network: await networkWithAccounts(), networkFile: 'accounts.yaml', background: false, now: () => now });
    ({ interlend, base } = server);
  });
  afterAll(() => server?.stop());

  async function call(method: string, path: string, headers: Record<string, string> = {}, body?: unknown, onBase = base) {
    const response = await fetch(`${onBase}${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    const json = (text && (response.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : {}) as Record<string, unknown>;
    return { status: response.status, headers: response.headers, json, text };
  }
  const cookieOf = (token: string) => ({ cookie: `interlend_session=${token}` });
  const whoAmI = (headers: Record<string, string>) => call('GET', '/api/v1/session', headers);
  const signInWith = (headers: Record<string, string>, username = 'admin') =>
    call('POST', '/api/v1/session', headers, { institution: 'US-NSU', username, password: TEST_PASSWORD });
  const tokenOf = (answer: { json: Record<string, unknown> }) => String(answer.json.token);

  describe('fixation', () => {
    it('never accepts a made-up session id, and signing in over one issues a new id', async () => {
      const chosen = 'attacker-chosen-session-id-0123456789abcdefghijk';
      expect((await whoAmI(cookieOf(chosen))).status).toBe(401);
      const signedIn = await signInWith(cookieOf(chosen));
      expect(signedIn.status).toBe(200);
      expect(tokenOf(signedIn)).not.toBe(chosen);
      expect(signedIn.headers.get('set-cookie')).toContain(`interlend_session=${tokenOf(signedIn)};`);
      expect((await whoAmI(cookieOf(chosen))).status).toBe(401);
    });

    it('ends a live session planted in the browser when someone signs in over it', async () => {
      const planted = await signIn(base, 'US-NSU', 'desk');
      const victim = await signInWith({ cookie: planted.cookie }, 'admin');
      expect(victim.status).toBe(200);
      expect(tokenOf(victim)).not.toBe(planted.token);
      expect((await whoAmI(bearer(planted))).status).toBe(401);
      expect((await whoAmI(cookieOf(tokenOf(victim)))).json).toMatchObject({ username: 'admin' });
    });

    it('signing out ends the id on the server: reusing the cookie or the token answers 401', async () => {
      const session = await signIn(base, 'US-NSU', 'admin');
      expect((await call('DELETE', '/api/v1/session', { cookie: session.cookie, 'x-csrf-token': session.csrfToken })).status).toBe(204);
      expect((await whoAmI({ cookie: session.cookie })).status).toBe(401);
      expect((await whoAmI(bearer(session))).status).toBe(401);
      expect((await call('DELETE', '/api/v1/session', { cookie: session.cookie, 'x-csrf-token': session.csrfToken })).status).toBe(401);
    });

    it('a session of one institution acts nowhere else: another institution’s paths answer as if they did not exist', async () => {
      const lkc = await signIn(base, 'US-LKC', 'admin');
      const nsu = await signIn(base, 'US-NSU', 'admin');
      const foreign = await call('GET', '/api/v1/institutions/US-NSU/borrowing-requests', { cookie: lkc.cookie });
      const missing = await call('GET', '/api/v1/institutions/XX-NONE/borrowing-requests', { cookie: lkc.cookie });
      expect(foreign.status).toBe(404);
      expect(foreign.json).toEqual(missing.json);
      expect((await call('POST', '/api/v1/institutions/US-LKC/borrowing-requests', { cookie: nsu.cookie, 'x-csrf-token': nsu.csrfToken }, { patronId: 'P-1', citation: { title: 'x' }, rota: ['NSU'], send: false })).status).toBe(404);
      // A user's session is that user's: the same username at another institution is someone else.
      expect((await whoAmI({ cookie: lkc.cookie })).json).toMatchObject({ username: 'admin', institution: 'US-LKC' });
    });

    it('ends a session left unused for the idle time; each use moves it on', async () => {
      const session = await signIn(base, 'US-NSU', 'desk');
      now = new Date(now.getTime() + SESSION_IDLE_MS - 60_000);
      expect((await whoAmI({ cookie: session.cookie })).status).toBe(200);
      now = new Date(now.getTime() + SESSION_IDLE_MS - 60_000);
      expect((await whoAmI({ cookie: session.cookie })).status).toBe(200);
      now = new Date(now.getTime() + SESSION_IDLE_MS + 1_000);
      expect((await whoAmI({ cookie: session.cookie })).status).toBe(401);
      expect((await whoAmI(bearer(session))).status).toBe(401);
    });
  });

  describe('CSRF on every unsafe API route', () => {
    const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
    const unsafeRoutes = () => apiRouteTable(interlend.app).filter((route) => UNSAFE.has(route.method) && !route.config.public);
    const PARAMS: Record<string, string> = { symbol: 'US-NSU', id: '00000000-0000-4000-8000-000000000000', messageId: '1', action: 'cancel', username: 'desk' };
    const fill = (url: string) => url.replace(/:(\w+)/g, (_match, name: string) => PARAMS[name] ?? 'x');
    // Sign-out last: the positive controls would otherwise end the session they use.
    const ordered = () => [...unsafeRoutes()].sort((a, b) => Number(a.url === '/api/v1/session') - Number(b.url === '/api/v1/session'));

    /** Every row of every table, as one digest: any state change shows. */
    async function databaseDigest(db: Db): Promise<string> {
      const tables = await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`.execute(db);
      const parts: string[] = [];
      for (const { name } of tables.rows) {
        const row = await sql<{ digest: string | null }>`select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest from ${sql.table(name)} t`.execute(db);
        parts.push(`${name}:${row.rows[0]?.digest ?? ''}`);
      }
      return parts.join('\n');
    }

    it('covers the routes that change things', () => {
      expect(unsafeRoutes().length).toBeGreaterThan(30);
      expect(unsafeRoutes().map((route) => route.method)).toEqual(expect.arrayContaining(['POST', 'PUT', 'DELETE']));
    });

    it('refuses a cookie without, with a wrong or with another session’s x-csrf-token: 403, and nothing changes', async () => {
      const victim = await signIn(base, 'US-NSU', 'admin');
      const other = await signIn(base, 'US-NSU', 'admin');
      const before = await databaseDigest(server.db);
      const wrong: string[] = [];
      for (const route of unsafeRoutes()) {
        for (const [variant, token] of [['no token', undefined], ['a wrong token', 'forged'], ['another session’s token', other.csrfToken]] as const) {
          const answer = await call(route.method, fill(route.url), { cookie: victim.cookie, ...(token ? { 'x-csrf-token': token } : {}) }, route.method === 'DELETE' ? undefined : {});
          if (answer.status !== 403 || answer.json.title !== 'CSRF token missing or wrong') wrong.push(`${route.method} ${route.url} with ${variant}: ${answer.status} ${answer.text.slice(0, 120)}`);
        }
      }
      expect(wrong).toEqual([]);
      expect(await databaseDigest(server.db)).toBe(before);
    });

    it('lets the right token through, and never asks a bearer token for one', async () => {
      const cookieSession = await signIn(base, 'US-NSU', 'admin');
      let bearerSession: Session = await signIn(base, 'US-NSU', 'admin');
      const refused: string[] = [];
      for (const route of ordered()) {
        const body = route.method === 'DELETE' ? undefined : {};
        const withToken = await call(route.method, fill(route.url), { cookie: cookieSession.cookie, 'x-csrf-token': cookieSession.csrfToken }, body);
        if (withToken.json.title === 'CSRF token missing or wrong') refused.push(`${route.method} ${route.url} (cookie with its token)`);
        const withBearer = await call(route.method, fill(route.url), bearer(bearerSession), body);
        if (withBearer.json.title === 'CSRF token missing or wrong') refused.push(`${route.method} ${route.url} (bearer)`);
        if (withBearer.status === 401) bearerSession = await signIn(base, 'US-NSU', 'admin');
      }
      expect(refused).toEqual([]);
    });

    it('protocol endpoints ignore sessions: a staff cookie does not make a stranger a partner', async () => {
      const session = await signIn(base, 'US-NSU', 'admin');
      const xml = requestXml({ from: 'ZZ-STRANGER', to: 'US-NSU', id: 'CSRF-1', title: 'From nowhere' });
      const answers = [];
      for (const headers of [{}, { cookie: session.cookie, 'x-csrf-token': session.csrfToken }, bearer(session)]) {
        const response = await fetch(`${base}/iso18626`, { method: 'POST', headers: { ...headers, 'content-type': 'application/xml' }, body: xml });
        answers.push({ status: response.status, body: (await response.text()).replace(/<[^>]*Timestamp>[^<]*</g, '') });
      }
      expect(answers[0]?.body).toContain('is not a partner');
      expect(answers[1]).toEqual(answers[0]);
      expect(answers[2]).toEqual(answers[0]);
    });
  });

  describe('security headers', () => {
    const COMMON = {
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
    };
    const expectCommon = (headers: Headers, where: string) => {
      for (const [name, value] of Object.entries(COMMON)) expect(headers.get(name), `${name} on ${where}`).toBe(value);
      expect(headers.get('permissions-policy'), where).toContain('camera=()');
      expect(headers.get('strict-transport-security'), `no HSTS over plain HTTP on ${where}`).toBeNull();
    };

    it('sends them on the UI (with its CSP and frame-ancestors), the API, the protocol endpoints and operations', async () => {
      const ui = await call('GET', '/staff/requests');
      expectCommon(ui.headers, 'the UI');
      expect(ui.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(ui.headers.get('content-security-policy')).toContain("script-src 'self'");
      const session = await signIn(base, 'US-NSU', 'admin');
      for (const [where, answer] of [
        ['the API', await call('GET', '/api/v1/institutions/US-NSU/borrowing-requests', bearer(session))],
        ['an API refusal', await call('GET', '/api/v1/institutions/US-NSU/borrowing-requests')],
        ['ISO 18626', await call('POST', '/iso18626', { 'content-type': 'application/xml' }, undefined)],
        ['health', await call('GET', '/health')],
      ] as const) {
        expectCommon(answer.headers, where);
      }
    });

    it('answers the API with Cache-Control: no-store, data and refusals alike', async () => {
      const session = await signIn(base, 'US-NSU', 'admin');
      for (const headers of [bearer(session), {}]) {
        expect((await call('GET', '/api/v1/institutions/US-NSU/borrowing-requests', headers)).headers.get('cache-control')).toBe('no-store');
      }
      expect((await call('GET', '/api/v1/session', bearer(session))).headers.get('cache-control')).toBe('no-store');
    });

    describe('over HTTPS behind a proxy', () => {
      const saved = { ...process.env };
      let hsts: ServedApi;
      let untrusting: ServedApi;
      beforeAll(async () => {
        process.env.INTERLEND_HSTS = '31536000';
        hsts = await serveApi(server.db, { background: false, now: () => now });
        process.env.INTERLEND_TRUST_PROXY = 'none';
        untrusting = await serveApi(server.db, { background: false, now: () => now });
        process.env = saved;
      });
      afterAll(async () => {
        await hsts?.stop();
        await untrusting?.stop();
      });
      const https = { 'x-forwarded-proto': 'https' };

      it('sends Strict-Transport-Security and Secure cookies only when the operator asks and the request came over HTTPS', async () => {
        expect((await call('GET', '/health', https, undefined, base)).headers.get('strict-transport-security')).toBeNull();
        expect((await call('GET', '/health', {}, undefined, hsts.base)).headers.get('strict-transport-security')).toBeNull();
        expect((await call('GET', '/health', https, undefined, hsts.base)).headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
        const secure = await call('POST', '/api/v1/session', https, { institution: 'US-NSU', username: 'admin', password: TEST_PASSWORD }, hsts.base);
        expect(secure.headers.get('set-cookie')).toMatch(/; HttpOnly; SameSite=Lax; Secure$/);
        const plain = await call('POST', '/api/v1/session', {}, { institution: 'US-NSU', username: 'admin', password: TEST_PASSWORD }, hsts.base);
        expect(plain.headers.get('set-cookie')).not.toContain('Secure');
      });

      it('believes X-Forwarded-Proto only from trusted proxies (INTERLEND_TRUST_PROXY)', async () => {
        expect((await call('GET', '/health', https, undefined, untrusting.base)).headers.get('strict-transport-security')).toBeNull();
        const signedIn = await call('POST', '/api/v1/session', https, { institution: 'US-NSU', username: 'admin', password: TEST_PASSWORD }, untrusting.base);
        expect(signedIn.headers.get('set-cookie')).not.toContain('Secure');
      });
    });
  });
});
