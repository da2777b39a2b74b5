import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyNetworkConfig } from '../../../src/services/applyNetworkConfig.js';
import { serveApi, type ServedApi } from '../../support/apiServer.js';
import { TEST_PASSWORD } from '../../support/auth/accounts.js';
import { networkWithAccounts } from '../../support/auth/network.js';
import { availableBackends, createTestDatabase, type TestDatabase } from '../../support/databases.js';

// PostgreSQL is what several processes share in production; PGlite only when it is missing.
const backend = (await availableBackends()).includes('postgres') ? 'postgres' : 'pglite';

describe(`the sign-in throttle shared by two servers on one ${backend} database`, () => {
  let database: TestDatabase;
  let first: ServedApi;
  let second: ServedApi;
  let untrusting: ServedApi;

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    await applyNetworkConfig(database.db, await networkWithAccounts(), 'accounts.yaml');
    first = await serveApi(database.db, { background: false });
    second = await serveApi(database.db, { background: false });
    const saved = process.env.INTERLEND_TRUST_PROXY;
    process.env.INTERLEND_TRUST_PROXY = 'none';
    untrusting = await serveApi(database.db, { background: false });
    if (saved === undefined) delete process.env.INTERLEND_TRUST_PROXY;
    else process.env.INTERLEND_TRUST_PROXY = saved;
  });
  afterAll(async () => {
    await Promise.all([first?.stop(), second?.stop(), untrusting?.stop()]);
    await database?.close();
  });

  async function login(server: ServedApi, username: string, password: string, headers: Record<string, string> = {}) {
    const response = await fetch(`${server.base}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ institution: 'US-NSU', username, password }),
    });
    const body = (await response.json()) as Record<string, unknown>;
    return { status: response.status, retryAfter: response.headers.get('retry-after'), body };
  }

  it('counts failures at either server against one limit: the 11th attempt is refused at both', async () => {
    for (let i = 0; i < 10; i++) expect((await login(i % 2 ? second : first, 'desk', `guess-${i}`)).status).toBe(401);
    for (const server of [first, second]) {
      const refused = await login(server, 'desk', TEST_PASSWORD);
      expect(refused.status).toBe(429);
      expect(Number(refused.retryAfter)).toBeGreaterThan(0);
      expect(Number(refused.retryAfter)).toBeLessThanOrEqual(300);
      expect(refused.body).toMatchObject({ status: 429, title: 'Too many sign-in attempts' });
    }
    // The failures live in the database, not in either process.
    expect(await database.db.selectFrom('sign_in_failure').select('id').execute()).toHaveLength(10);
  });

  it('refuses an IP spraying one password over many usernames after 50 failures, and no other IP', async () => {
    const sprayer = { 'x-forwarded-for': '198.51.100.7' };
    const answers = [];
    for (let i = 0; i < 50; i++) answers.push((await login(i % 2 ? second : first, `nobody-${i}`, 'Summer2026!', sprayer)).status);
    expect(new Set(answers)).toEqual(new Set([401]));
    const refused = await login(first, 'admin', TEST_PASSWORD, sprayer);
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect((await login(second, 'admin', TEST_PASSWORD, { 'x-forwarded-for': '198.51.100.8' })).status).toBe(200);
  });

  it('believes X-Forwarded-For only from trusted proxies: a client naming a new IP each time is still counted', async () => {
    for (let i = 0; i < 10; i++) expect((await login(untrusting, 'partners', `guess-${i}`, { 'x-forwarded-for': `203.0.113.${i}` })).status).toBe(401);
    expect((await login(untrusting, 'partners', TEST_PASSWORD, { 'x-forwarded-for': '203.0.113.99' })).status).toBe(429);
  });
});
