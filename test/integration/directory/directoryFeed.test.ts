import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../src/config/loadConfigFile.js';
import type { Interlend } from '../../../src/runtime/interlend.js';
import { syncSubscription } from '../../../src/services/directory/syncSubscription.js';
import { saveOwnEntry } from '../../../src/services/directory/saveOwnEntry.js';
import { ownDirectoryEntrySchema } from '../../../src/config/sections/directory.js';
import { findInstitutionByPathSymbol } from '../../../src/store/institutionRepository.js';
import { startApiServer, type ApiServer } from '../../support/apiServer.js';
import { testPasswordHash, bearer, type Session } from '../../support/auth/accounts.js';
import { networkWithAccounts } from '../../support/auth/network.js';
import { availableBackends, type TestDatabase } from '../../support/databases.js';
import { waitFor } from '../../support/waitFor.js';

const backends = await availableBackends();
type Json = Record<string, unknown>;

/** A feed server the test scripts: whatever `respond` does answers the next request. */
function scriptedFeed(): { server: Server; url: () => string; respond: (handler: Parameters<typeof createServer>[1]) => void } {
  let handler: Parameters<typeof createServer>[1] = (_req, res) => res.end('{}');
  const server = createServer((req, res) => handler?.(req, res));
  return { server, url: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed.json`, respond: (next) => (handler = next) };
}

async function alphaNetwork(nsuEndpoint: string) {
  const hash = await testPasswordHash();
  return parseConfigText(
    `
institutions:
  - code: ALPHA
    name: Alpha State Library
    symbols: ["ISIL:XA-ALPHA"]
    libraries: [{ code: MAIN, name: Main }]
    partners: [{ code: NSU, name: North State, symbol: "ISIL:US-NSU", endpoint: "${nsuEndpoint}" }]
    users: [{ username: admin, name: admin, passwordHash: "${hash}", roles: [fulfillment-admin] }]
    directory:
      addresses: [{ line1: 1 Alpha Way, city: Alphaville, country: DE }]
      lendingPolicies: { loanPeriodDays: 21, services: [loan, copy], formats: [book] }
      contacts: [{ name: Alpha ILL, email: ill@alpha.example.org }]
  - code: HIDDEN
    name: Hidden Library
    symbols: ["ISIL:XA-HIDDEN"]
    libraries: [{ code: MAIN, name: Main }]
    directory: { publish: false }
`,
    'alpha.yaml',
  );
}

describe.each(backends)('the resource-sharing directory between two deployments on %s', (backend) => {
  let serverA: ApiServer;
  let serverB: ApiServer;
  let dbA: TestDatabase;
  let dbB: TestDatabase;
  let appB: Interlend;
  let baseA = '';
  let baseB = '';
  let adminA: Session;
  let admin: Session;
  let partnersManager: Session;
  let desk: Session;
  let lkcAdmin: Session;
  const feed = scriptedFeed();
  let subscriptionId = '';

  beforeAll(async () => {
    serverB = await startApiServer(backend, { network: await networkWithAccounts(), networkFile: 'b.yaml', outboxPolicy: { pollIntervalMs: 50 } });
    ({ database: dbB, interlend: appB, base: baseB } = serverB);
    serverA = await startApiServer(backend, { network: await alphaNetwork(`${baseB}/iso18626`), networkFile: 'alpha.yaml', outboxPolicy: { pollIntervalMs: 50 } });
    ({ database: dbA, base: baseA } = serverA);
    await new Promise<void>((resolve) => feed.server.listen(0, '127.0.0.1', resolve));
    adminA = await serverA.signIn('XA-ALPHA', 'admin');
    admin = await serverB.signIn('US-NSU', 'admin');
    partnersManager = await serverB.signIn('US-NSU', 'partners');
    desk = await serverB.signIn('US-NSU', 'desk');
    lkcAdmin = await serverB.signIn('US-LKC', 'admin');
  });

  afterAll(async () => {
    await serverA?.stop();
    await serverB?.stop();
    feed.server.closeAllConnections();
    await new Promise((resolve) => feed.server.close(resolve));
  });

  async function call(base: string, method: string, path: string, session: Session | undefined, body?: unknown): Promise<{ status: number; json: Json }> {
    const response = await fetch(`${base}/api/v1/institutions/${path}`, {
      method,
      headers: { ...(session ? bearer(session) : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, json: text ? (JSON.parse(text) as Json) : {} };
  }
  const b = (method: string, path: string, session: Session | undefined = admin, body?: unknown) => call(baseB, method, path, session, body);
  const browse = async (query = '', session = admin, symbol = 'US-NSU') => ((await b('GET', `${symbol}/directory${query}`, session)).json.items ?? []) as Json[];
  const sync = async () => (await b('POST', `US-NSU/directory/subscriptions/${subscriptionId}/sync`)).json;

  it('publishes only published entries of this deployment, with absolute URLs, without authentication; ETag gives 304', async () => {
    const response = await fetch(`${baseA}/directory/entries.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as { format: string; entries: Json[] };
    expect(document.format).toBe('interlend-directory/1');
    expect(document.entries).toHaveLength(1);
    expect(document.entries[0]).toMatchObject({
      id: 'ALPHA',
      name: 'Alpha State Library',
      symbols: ['ISIL:XA-ALPHA'],
      iso18626Endpoint: `${baseA}/iso18626`,
      systemType: 'interlend',
      locate: { protocol: 'sru', url: `${baseA}/sru/ALPHA`, version: '1.2' },
      lendingPolicies: { loanPeriodDays: 21, services: ['loan', 'copy'], formats: ['book'] },
    });
    const etag = response.headers.get('etag') ?? '';
    expect(etag).toMatch(/^".+"$/);
    expect(response.headers.get('last-modified')).toBeTruthy();
    expect((await fetch(`${baseA}/directory/entries.json`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    expect(JSON.stringify(document)).not.toContain('HIDDEN');
    // A forged Host header cannot rewrite the URLs once the public origin is pinned.
    process.env.INTERLEND_PUBLIC_URL = 'https://ill.alpha.example/';
    try {
      const pinned = (await (await fetch(`${baseA}/directory/entries.json`, { headers: { 'x-forwarded-host': 'evil.example' } })).json()) as { entries: Json[] };
      expect(pinned.entries[0]).toMatchObject({ iso18626Endpoint: 'https://ill.alpha.example/iso18626', locate: { url: 'https://ill.alpha.example/sru/ALPHA' } });
    } finally {
      delete process.env.INTERLEND_PUBLIC_URL;
    }
    const openapi = (await (await fetch(`${baseA}/api/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(['/directory/entries.json', '/api/v1/institutions/{symbol}/directory', '/api/v1/institutions/{symbol}/locate-profiles/{code}']));
  });

  it('edits the own entry through the API (administrators only) and refuses bad bodies', async () => {
    expect((await b('GET', 'US-NSU/directory/entry')).json).toEqual({ publish: false, addresses: [], lendingPolicies: { services: ['loan', 'copy'], formats: [] }, contacts: [], view: null });
    const put = await b('PUT', 'US-NSU/directory/entry', admin, { contacts: [{ name: 'NSU ILL', email: 'ill@nsu.example.edu' }], lendingPolicies: { services: ['copy'] } });
    expect(put.status).toBe(200);
    expect(put.json).toMatchObject({ publish: true, contacts: [{ name: 'NSU ILL' }], view: { name: 'North State University', symbols: ['ISIL:US-NSU'], source: 'local' } });
    for (const bad of [{ publish: 'yes' }, { contacts: [{ email: 'x@y.z' }] }, { endpoint: 'ftp://x' }, { locate: { protocol: 'z3950', host: 'h' } }, { surprise: 1 }]) {
      const answer = await b('PUT', 'US-NSU/directory/entry', admin, bad);
      expect(answer.status, JSON.stringify(bad)).toBe(400);
    }
    expect((await b('GET', 'US-NSU/directory/entry')).json.contacts).toEqual([{ name: 'NSU ILL', email: 'ill@nsu.example.edu' }]);
    expect((await b('PUT', 'US-NSU/directory/entry', desk, {})).status).toBe(403);
    expect((await call(baseB, 'PUT', 'US-NSU/directory/entry', undefined, {})).status).toBe(401);
    expect((await b('GET', 'US-NSU/directory', desk)).status).toBe(200);
  });

  it('subscribes to the other deployment’s feed and syncs its entries in; only the subscribing institution sees them', async () => {
    expect((await b('POST', 'US-NSU/directory/subscriptions', desk, { feedUrl: `${baseA}/directory/entries.json` })).status).toBe(403);
    expect((await b('POST', 'US-NSU/directory/subscriptions', admin, { feedUrl: 'file:///etc/passwd' })).status).toBe(400);
    const created = await b('POST', 'US-NSU/directory/subscriptions', admin, { feedUrl: `${baseA}/directory/entries.json` });
    expect(created.status).toBe(201);
    subscriptionId = String(created.json.id);
    expect((await b('POST', 'US-NSU/directory/subscriptions', admin, { feedUrl: `${baseA}/directory/entries.json` })).status).toBe(409);

    expect(await sync()).toMatchObject({ status: 'ok', added: 1, updated: 0, removed: 0, rejected: [], subscription: { status: 'ok', entryCount: 1, lastError: null } });
    expect(await sync()).toMatchObject({ added: 0, updated: 0, unchanged: 1 });
    const found = await browse('?q=alpha');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ source: 'feed', name: 'Alpha State Library', iso18626Endpoint: `${baseA}/iso18626`, contacts: [{ name: 'Alpha ILL' }] });
    expect(await browse('?symbol=isil:XA-ALPHA')).toHaveLength(1);
    expect((await browse('?service=copy')).map((e) => e.name)).toEqual(['Alpha State Library', 'North State University']);
    expect(await browse('?q=%25')).toHaveLength(0);
    expect((await b('GET', 'US-NSU/directory?service=teleport')).status).toBe(400);

    // LKC (same deployment, no subscription) sees NSU's published entry but not the feed's.
    expect((await browse('', lkcAdmin, 'US-LKC')).map((e) => e.name)).toEqual(['North State University']);
    expect((await b('GET', `US-LKC/directory/entries/${String(found[0]?.id)}`, lkcAdmin)).status).toBe(404);
    expect((await b('POST', `US-LKC/directory/subscriptions/${subscriptionId}/sync`, lkcAdmin)).status).toBe(404);
    expect((await b('DELETE', `US-LKC/directory/subscriptions/${subscriptionId}`, lkcAdmin)).status).toBe(404);
  });

  it('follows changes: an edited entry is updated, an entry gone from the feed is removed', async () => {
    const entryA = (await call(baseA, 'GET', 'XA-ALPHA/directory/entry', adminA)).json;
    const { view: _view, ...config } = entryA;
    expect((await call(baseA, 'PUT', 'XA-ALPHA/directory/entry', adminA, { ...config, contacts: [{ name: 'New Alpha desk', phone: '+49 1' }] })).status).toBe(200);
    expect(await sync()).toMatchObject({ added: 0, updated: 1, removed: 0 });
    expect((await browse('?q=alpha'))[0]).toMatchObject({ contacts: [{ name: 'New Alpha desk', phone: '+49 1' }] });

    await call(baseA, 'PUT', 'XA-ALPHA/directory/entry', adminA, { ...config, publish: false });
    expect(await sync()).toMatchObject({ added: 0, updated: 0, removed: 1 });
    expect(await browse('?q=alpha')).toHaveLength(0);
    await call(baseA, 'PUT', 'XA-ALPHA/directory/entry', adminA, config);
    expect(await sync()).toMatchObject({ added: 1 });
  });

  it('a hostile, oversized, invalid or silent feed changes nothing and records the error; a bad entry is skipped and reported', async () => {
    const created = await b('POST', 'US-NSU/directory/subscriptions', admin, { feedUrl: feed.url() });
    const id = String(created.json.id);
    const good = (await (await fetch(`${baseA}/directory/entries.json`)).json()) as { entries: Json[] };
    const syncScripted = async () => (await b('POST', `US-NSU/directory/subscriptions/${id}/sync`)).json;
    feed.respond((_req, res) => res.setHeader('content-type', 'application/json').end(JSON.stringify({ format: 'interlend-directory/1', entries: good.entries })));
    expect(await syncScripted()).toMatchObject({ status: 'ok', added: 1 });
    let before = await browse();

    const hostile: [string, Parameters<typeof createServer>[1], RegExp][] = [
      ['not JSON', (_req, res) => res.end('<html>oops</html>'), /not JSON/],
      ['wrong document', (_req, res) => res.end(JSON.stringify({ entries: 'all of them' })), /not a directory feed/],
      ['HTTP error', (_req, res) => res.writeHead(500).end('{}'), /HTTP 500/],
      ['oversized, declared', (_req, res) => res.setHeader('content-length', String(6 * 1024 * 1024)).end('x'.repeat(6 * 1024 * 1024)), /too large/],
      [
        'oversized, chunked',
        (_req, res) => {
          const chunk = 'x'.repeat(1024 * 1024);
          for (let i = 0; i < 6; i += 1) res.write(chunk);
          res.end();
        },
        /too large/,
      ],
      ['prototype pollution', (_req, res) => res.end('{"format":"interlend-directory/1","entries":[],"__proto__":{"polluted":true}}'), /^$/],
    ];
    for (const [what, handler, error] of hostile) {
      feed.respond(handler);
      const report = await syncScripted();
      if (what === 'prototype pollution') {
        // A valid, empty feed: its one entry goes; nothing is polluted.
        expect(report).toMatchObject({ status: 'ok', removed: 1 });
        expect(({} as Json).polluted).toBeUndefined();
        feed.respond((_req, res) => res.end(JSON.stringify({ format: 'interlend-directory/1', entries: good.entries })));
        await syncScripted();
        before = await browse();
        continue;
      }
      expect(report, what).toMatchObject({ status: 'failed', added: 0, removed: 0 });
      expect(String(report.error), what).toMatch(error);
      expect((report.subscription as Json).status).toBe('failed');
      expect((report.subscription as Json).lastError).toMatch(error);
      expect(await browse(), what).toEqual(before);
    }

    // A target that never answers: the sync gives up after its timeout.
    feed.respond(() => undefined);
    const subscription = await dbB.db.selectFrom('directory_subscription').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const started = Date.now();
    const silent = await syncSubscription(appB.ctx, subscription, { timeoutMs: 300 });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(silent).toMatchObject({ status: 'failed', error: expect.stringMatching(/no answer within 300 ms/) as unknown });
    expect(await browse()).toEqual(before);

    // One bad entry among good ones: the good ones are kept, the bad one reported.
    const second = { ...good.entries[0], id: 'SECOND', name: 'Second Library', symbols: ['ISIL:XA-SECOND'] };
    const broken = { ...good.entries[0], id: 'BROKEN', iso18626Endpoint: 'javascript:alert(1)' };
    feed.respond((_req, res) => res.end(JSON.stringify({ format: 'interlend-directory/1', entries: [good.entries[0], broken, second, second, 42] })));
    const partial = await syncScripted();
    expect(partial).toMatchObject({ status: 'ok', added: 1, unchanged: 1 });
    expect((partial.rejected as Json[]).map((r) => [r.index, r.id])).toEqual([[1, 'BROKEN'], [3, 'SECOND'], [4, undefined]]);
    expect((partial.subscription as Json).lastError).toMatch(/3 entries skipped/);
    expect((await browse('?q=second')).map((e) => e.name)).toEqual(['Second Library']);

    expect((await b('DELETE', `US-NSU/directory/subscriptions/${id}`)).status).toBe(204);
    expect(await browse('?q=second')).toHaveLength(0);
    expect(((await b('GET', 'US-NSU/directory/subscriptions')).json.items as Json[]).map((s) => s.id)).toEqual([subscriptionId]);
  });

  it('adds a partner with its locate profile from a feed entry in one step, and the partner takes borrowing requests', async () => {
    const [alpha] = await browse('?q=alpha');
    const entryId = String(alpha?.id);
    expect((await b('POST', 'US-NSU/partners/from-directory', desk, { entryId })).status).toBe(403);
    const added = await b('POST', 'US-NSU/partners/from-directory', partnersManager, { entryId, code: 'ALPHA' });
    expect(added.status).toBe(201);
    expect(added.json.partner).toMatchObject({ code: 'ALPHA', name: 'Alpha State Library', symbol: 'ISIL:XA-ALPHA', endpoint: `${baseA}/iso18626`, systemType: 'interlend', locateProfile: 'ALPHA' });
    expect(added.json.locateProfile).toMatchObject({ code: 'ALPHA', protocol: 'sru', url: `${baseA}/sru/ALPHA`, version: '1.2' });
    expect((await b('GET', 'US-NSU/locate-profiles/ALPHA')).json).toMatchObject({ url: `${baseA}/sru/ALPHA` });

    // The same symbol again, under another code: 409, and nothing new is stored.
    const again = await b('POST', 'US-NSU/partners/from-directory', admin, { entryId, code: 'ALPHA2', locateProfileCode: 'ALPHA2' });
    expect(again.status).toBe(409);
    expect((await b('GET', 'US-NSU/locate-profiles/ALPHA2')).status).toBe(404);
    // Our own entry, an unknown entry and another deployment's institution we already know.
    const own = (await browse('?symbol=ISIL:US-NSU'))[0];
    expect((await b('POST', 'US-NSU/partners/from-directory', admin, { entryId: String(own?.id) })).status).toBe(400);
    expect((await b('POST', 'US-NSU/partners/from-directory', admin, { entryId: '00000000-0000-4000-8000-000000000000' })).status).toBe(404);
    expect((await b('POST', 'US-NSU/partners/from-directory', admin, { entryId: 'nope' })).status).toBe(400);

    const created = await b('POST', 'US-NSU/borrowing-requests', admin, { patronId: 'P-1', citation: { title: 'Found in the directory' }, rota: ['ALPHA'] });
    expect(created.status).toBe(201);
    const lending = await waitFor(
      () => dbA.db.selectFrom('lending_request').selectAll().execute(),
      (rows) => rows.length === 1,
      { what: 'the request to arrive at Alpha over HTTP' },
    );
    expect(JSON.stringify(lending[0])).toContain('Found in the directory');
  });

  it('adds an institution of this deployment as a local partner (no endpoint, searched at our own /sru)', async () => {
    await call(baseB, 'PUT', 'US-LKC/directory/entry', lkcAdmin, {});
    const lkc = (await browse('?symbol=ISIL:US-LKC'))[0];
    // NSU already has LKC as a partner.
    const known = await b('POST', 'US-NSU/partners/from-directory', admin, { entryId: String(lkc?.id), code: 'LKC2' });
    expect(known.status).toBe(409);
    expect(String(known.json.detail)).toContain('already partner LKC');

    const hcplId = (await findInstitutionByPathSymbol(dbB.db, 'US-HCPL'))?.id ?? '';
    await dbB.db.transaction().execute((trx) => saveOwnEntry(trx, hcplId, ownDirectoryEntrySchema.parse({ publish: false }), 'test', new Date()));
    // An unpublished entry stays with its own institution.
    expect(await browse('?symbol=ISIL:US-HCPL', lkcAdmin, 'US-LKC')).toHaveLength(0);
    await dbB.db.transaction().execute((trx) => saveOwnEntry(trx, hcplId, ownDirectoryEntrySchema.parse({}), 'test', new Date()));
    const hcpl = (await browse('?symbol=ISIL:US-HCPL', lkcAdmin, 'US-LKC'))[0];
    const added = await b('POST', 'US-LKC/partners/from-directory', lkcAdmin, { entryId: String(hcpl?.id) });
    expect(added.status).toBe(201);
    expect(added.json.partner).toMatchObject({ code: 'US-HCPL', symbol: 'ISIL:US-HCPL', systemType: 'interlend', locateProfile: 'US-HCPL' });
    expect(added.json.partner).not.toHaveProperty('endpoint');
    expect(added.json.locateProfile).toMatchObject({ protocol: 'sru', url: '/sru/HCPL' });
  });
});
