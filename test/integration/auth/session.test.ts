import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_TTL_MS } from '../../../src/services/auth/sessions.js';
import { startApiServer, type ApiServer } from '../../support/apiServer.js';
import { bearer, signIn, TEST_PASSWORD } from '../../support/auth/accounts.js';
import { networkWithAccounts } from '../../support/auth/network.js';
import { availableBackends, type TestDatabase } from '../../support/databases.js';

const backends = await availableBackends();

describe.each(backends)('sessions on %s', (backend) => {
  let server: ApiServer;
  let database: TestDatabase;
  let base: string;
  let now = new Date('2026-11-20T10:00:00Z');

  beforeAll(async () => {
    server = await startApiServer(backend, { network: await networkWithAccounts(), networkFile: 'accounts.yaml', background: false, now: () => now });
    ({ database, base } = server);
  });

  afterAll(() => server?.stop());

  const borrowing = '/api/v1/institutions/US-NSU/borrowing-requests';
  const newRequest = { patronId: 'P-9', citation: { title: 'Kindred' }, rota: ['HCPL'], send: false };

  async function call(method: string, path: string, headers: Record<string, string> = {}, body?: unknown) {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, json: (text ? JSON.parse(text) : null) as Record<string, unknown> | null };
  }

  const login = (body: unknown) => call('POST', '/api/v1/session', {}, body);

  it('signs in: a token, its expiry, a CSRF token and an httpOnly SameSite=Lax cookie', async () => {
    const answer = await login({ institution: 'US-NSU', username: 'admin', password: TEST_PASSWORD });
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.json ?? {}).sort()).toEqual(['csrfToken', 'expiresAt', 'token']);
    expect(String(answer.json?.token)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(String(answer.json?.csrfToken)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(answer.json?.expiresAt).toBe(new Date(now.getTime() + SESSION_TTL_MS).toISOString());
    const cookie = answer.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^interlend_session=[A-Za-z0-9_-]{43}; Path=\/api; Max-Age=43200; HttpOnly; SameSite=Lax$/);
    expect(cookie).toContain(String(answer.json?.token));
    expect((await call('GET', borrowing, { authorization: `Bearer ${String(answer.json?.token)}` })).status).toBe(200);
  });

  it('stores only hashes of tokens', async () => {
    const session = await signIn(base, 'ISIL:US-NSU', 'admin');
    const rows = await database.db.selectFrom('user_session').select(['token_hash', 'csrf_hash']).execute();
    expect(JSON.stringify(rows)).not.toContain(session.token);
    expect(JSON.stringify(rows)).not.toContain(session.csrfToken);
  });

  it('answers a wrong password, an unknown user and an unknown institution with the same 401', async () => {
    const answers = await Promise.all([
      login({ institution: 'US-NSU', username: 'admin', password: 'wrong password' }),
      login({ institution: 'US-NSU', username: 'nobody', password: TEST_PASSWORD }),
      login({ institution: 'XX-NONE', username: 'admin', password: TEST_PASSWORD }),
      // An LKC account does not sign in at NSU.
      login({ institution: 'US-HCPL', username: 'admin', password: TEST_PASSWORD }),
    ]);
    for (const answer of answers) {
      expect(answer.status).toBe(401);
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(answer.json).toEqual(answers[0]?.json);
      expect(answer.headers.get('set-cookie')).toBeNull();
    }
  });

  it.each([
    ['no password', { institution: 'US-NSU', username: 'admin' }, 'password'],
    ['an unknown field', { institution: 'US-NSU', username: 'admin', password: 'x', remember: true }, 'remember'],
    ['a number as username', { institution: 'US-NSU', username: 7, password: 'x' }, 'username'],
  ])('refuses a sign-in body with %s: 400 naming the field', async (_name, body, field) => {
    const answer = await login(body);
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.json)).toContain(field);
  });

  it('refuses the 11th attempt within 5 minutes with 429 and Retry-After, even with the right password', async () => {
    const wrong = { institution: 'US-NSU', username: 'desk', password: 'guess' };
    for (let i = 0; i < 10; i++) expect((await login(wrong)).status).toBe(401);
    const limited = await login({ ...wrong, password: TEST_PASSWORD });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBe(300);
    expect(limited.json).toMatchObject({ status: 429, title: 'Too many sign-in attempts' });
    // Other users are not locked out by someone guessing this one's password.
    expect((await login({ institution: 'US-NSU', username: 'partners', password: TEST_PASSWORD })).status).toBe(200);
    now = new Date(now.getTime() + 5 * 60_000 + 1000);
    expect((await login({ ...wrong, password: TEST_PASSWORD })).status).toBe(200);
  });

  it('ends a session at its absolute expiry, however busy it was', async () => {
    const session = await signIn(base, 'US-NSU', 'admin');
    const signedInAt = now.getTime();
    // Used every hour, so never idle.
    for (let hour = 1; hour * 3_600_000 < SESSION_TTL_MS; hour++) {
      now = new Date(signedInAt + hour * 3_600_000);
      expect((await call('GET', borrowing, bearer(session))).status).toBe(200);
    }
    now = new Date(signedInAt + SESSION_TTL_MS - 1000);
    expect((await call('GET', borrowing, bearer(session))).status).toBe(200);
    now = new Date(signedInAt + SESSION_TTL_MS + 1000);
    const expired = await call('GET', borrowing, bearer(session));
    expect(expired.status).toBe(401);
    expect(expired.json?.detail).toContain('POST /api/v1/session');
  });

  it('signs out: the token stops working and the cookie is cleared', async () => {
    const session = await signIn(base, 'US-NSU', 'admin');
    const other = await signIn(base, 'US-NSU', 'admin');
    const out = await call('DELETE', '/api/v1/session', bearer(session));
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toContain('interlend_session=; Path=/api; Max-Age=0');
    expect((await call('GET', borrowing, bearer(session))).status).toBe(401);
    expect((await call('DELETE', '/api/v1/session', bearer(session))).status).toBe(401);
    // Another session of the same user lives on.
    expect((await call('GET', borrowing, bearer(other))).status).toBe(200);
  });

  it('answers 401 for no token, a malformed Authorization header and an unknown token', async () => {
    for (const headers of [{}, { authorization: 'Basic YWRtaW46eA==' }, { authorization: 'Bearer not-a-token' }] as Record<string, string>[]) {
      expect((await call('GET', borrowing, headers)).status).toBe(401);
    }
  });

  it('requires the CSRF token on unsafe methods of a cookie session, and not on safe ones', async () => {
    const session = await signIn(base, 'US-NSU', 'operator');
    const cookie = { cookie: session.cookie };
    expect((await call('GET', borrowing, cookie)).status).toBe(200);
    const before = await database.db.selectFrom('borrowing_request').select('id').execute();
    const missing = await call('POST', borrowing, cookie, newRequest);
    expect(missing.status).toBe(403);
    expect(missing.json).toMatchObject({ title: 'CSRF token missing or wrong' });
    const wrong = await call('POST', borrowing, { ...cookie, 'x-csrf-token': (await signIn(base, 'US-NSU', 'operator')).csrfToken }, newRequest);
    expect(wrong.status).toBe(403);
    expect(await database.db.selectFrom('borrowing_request').select('id').execute()).toHaveLength(before.length);
    expect((await call('POST', borrowing, { ...cookie, 'x-csrf-token': session.csrfToken }, newRequest)).status).toBe(201);
    // Signing out of a cookie session is unsafe too.
    expect((await call('DELETE', '/api/v1/session', cookie)).status).toBe(403);
    expect((await call('DELETE', '/api/v1/session', { ...cookie, 'x-csrf-token': session.csrfToken })).status).toBe(204);
  });

  it('needs no CSRF token with a bearer token', async () => {
    const session = await signIn(base, 'US-NSU', 'operator');
    expect((await call('POST', borrowing, bearer(session), newRequest)).status).toBe(201);
  });

  it('signs in again over a stale cookie', async () => {
    const session = await signIn(base, 'US-NSU', 'admin');
    const answer = await call('POST', '/api/v1/session', { cookie: session.cookie }, { institution: 'US-NSU', username: 'admin', password: TEST_PASSWORD });
    expect(answer.status).toBe(200);
  });
});
