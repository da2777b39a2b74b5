import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type ApiServer } from '../../support/apiServer.js';
import { bearer, type Session } from '../../support/auth/accounts.js';
import { networkWithAccounts } from '../../support/auth/network.js';
import { availableBackends } from '../../support/databases.js';

const backends = await availableBackends();

type Json = Record<string, unknown>;

describe.each(backends)('locate profiles through the API on %s', (backend) => {
  let server: ApiServer;
  let base: string;
  let admin: Session;
  let partners: Session;
  let desk: Session;
  let otherAdmin: Session;

  beforeAll(async () => {
    server = await startApiServer(backend, { network: await networkWithAccounts(), networkFile: 'accounts.yaml', background: false });
    base = server.base;
    admin = await server.signIn('US-NSU', 'admin');
    partners = await server.signIn('US-NSU', 'partners');
    desk = await server.signIn('US-NSU', 'desk');
    otherAdmin = await server.signIn('US-LKC', 'admin');
  });

  afterAll(() => server?.stop());

  async function call(method: string, path: string, session: Session | undefined, body?: unknown): Promise<{ status: number; json: Json; type: string }> {
    const response = await fetch(`${base}/api/v1/institutions/${path}`, {
      method,
      headers: { ...(session ? bearer(session) : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, json: text ? (JSON.parse(text) as Json) : {}, type: response.headers.get('content-type') ?? '' };
  }

  const sru = { name: 'Harbor City catalogue', protocol: 'sru', url: 'http://hcpl.example.org/sru', matchFields: ['isbn', 'title'] };

  it('creates (201), reads, replaces (200) and deletes (204) a profile, with an audit entry for each change', async () => {
    const created = await call('PUT', 'US-NSU/locate-profiles/HCPL-SRU', partners, sru);
    expect(created.status).toBe(201);
    expect(created.json).toEqual({ code: 'HCPL-SRU', ...sru, version: '1.2', checkAvailability: true, timeoutMs: 10_000 });
    expect((await call('GET', 'US-NSU/locate-profiles/HCPL-SRU', admin)).json).toEqual(created.json);

    const replaced = await call('PUT', 'US-NSU/locate-profiles/HCPL-SRU', admin, { name: 'Z', protocol: 'z3950', host: 'z.example.org', port: 210, database: 'books' });
    expect(replaced.status).toBe(200);
    expect(replaced.json).toMatchObject({ code: 'HCPL-SRU', protocol: 'z3950', host: 'z.example.org', port: 210, database: 'books' });
    expect(replaced.json).not.toHaveProperty('url');
    expect(((await call('GET', 'US-NSU/locate-profiles', partners)).json.items as Json[]).map((p) => p.code)).toEqual(['HCPL-SRU']);

    expect((await call('DELETE', 'US-NSU/locate-profiles/HCPL-SRU', partners)).status).toBe(204);
    expect((await call('GET', 'US-NSU/locate-profiles/HCPL-SRU', partners)).status).toBe(404);
    expect((await call('DELETE', 'US-NSU/locate-profiles/HCPL-SRU', partners)).status).toBe(404);

    const audit = (await call('GET', 'US-NSU/audit?entityType=locate-profile', admin)).json.items as Json[];
    expect(audit.map((a) => a.action).sort()).toEqual(['create', 'delete', 'update']);
  });

  it('answers bad bodies with problem JSON and stores nothing', async () => {
    const cases: [unknown, RegExp][] = [
      [{ name: 'x', protocol: 'sru' }, /url: an SRU locate profile needs url/],
      [{ name: 'x', protocol: 'z3950', host: 'h' }, /port: a Z39.50 locate profile needs port/],
      [{ name: 'x', protocol: 'sru', url: 'javascript:alert(1)' }, /url: expected an http\(s\) URL/],
      [{ name: 'x', protocol: 'sru', url: '/sru/X', matchFields: ['isbn', 'isbn'] }, /a field appears twice/],
      [{ name: 'x', protocol: 'sru', url: '/sru/X', matchFields: ['shoeSize'] }, /matchFields/],
      [{ name: 'x', protocol: 'sru', url: '/sru/X', timeoutMs: 5 }, /timeoutMs/],
      [{ name: 'x', protocol: 'sru', url: '/sru/X', evil: true }, /evil/],
      [{ code: 'OTHER', name: 'x', protocol: 'sru', url: '/sru/X' }, /differs from the path/],
      ['{not json', /./],
    ];
    for (const [body, detail] of cases) {
      const answer = await call('PUT', 'US-NSU/locate-profiles/BAD', admin, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.type).toContain('application/problem+json');
      expect(String(answer.json.detail)).toMatch(detail);
    }
    expect((await call('PUT', 'US-NSU/locate-profiles/bad%20code', admin, sru)).status).toBe(400);
    expect((await call('GET', 'US-NSU/locate-profiles', admin)).json.items).toEqual([]);
  });

  it('lets only partners managers and administrators of the institution in', async () => {
    expect((await call('GET', 'US-NSU/locate-profiles', undefined)).status).toBe(401);
    expect((await call('PUT', 'US-NSU/locate-profiles/X', undefined, sru)).status).toBe(401);
    expect((await call('GET', 'US-NSU/locate-profiles', desk)).status).toBe(403);
    expect((await call('PUT', 'US-NSU/locate-profiles/X', desk, sru)).status).toBe(403);
    await call('PUT', 'US-NSU/locate-profiles/MINE', admin, sru);
    // Another institution's administrator learns nothing and changes nothing.
    expect((await call('GET', 'US-NSU/locate-profiles/MINE', otherAdmin)).status).toBe(404);
    expect((await call('DELETE', 'US-NSU/locate-profiles/MINE', otherAdmin)).status).toBe(404);
    expect((await call('GET', 'US-LKC/locate-profiles/MINE', otherAdmin)).status).toBe(404);
    expect((await call('GET', 'US-LKC/locate-profiles', otherAdmin)).json.items).toEqual([]);
    expect((await call('GET', 'US-NSU/locate-profiles/MINE', admin)).status).toBe(200);
    await call('DELETE', 'US-NSU/locate-profiles/MINE', admin);
  });

  it('refuses a partner naming a locate profile that does not exist (400) and accepts one that does', async () => {
    const hcpl = (await call('GET', 'US-NSU/partners/HCPL', admin)).json;
    const refused = await call('PUT', 'US-NSU/partners/HCPL', admin, { ...hcpl, locateProfile: 'GHOST' });
    expect(refused.status).toBe(400);
    expect(refused.json.detail).toContain('locateProfile: no locate profile "GHOST"');
    expect((await call('GET', 'US-NSU/partners/HCPL', admin)).json.locateProfile).toBeUndefined();
    // LKC's profile of the same code does not count for NSU.
    await call('PUT', 'US-LKC/locate-profiles/GHOST', otherAdmin, sru);
    expect((await call('PUT', 'US-NSU/partners/HCPL', admin, { ...hcpl, locateProfile: 'GHOST' })).status).toBe(400);

    await call('PUT', 'US-NSU/locate-profiles/GHOST', admin, sru);
    const accepted = await call('PUT', 'US-NSU/partners/HCPL', admin, { ...hcpl, locateProfile: 'GHOST' });
    expect(accepted.status).toBe(200);
    expect(accepted.json.locateProfile).toBe('GHOST');
  });
});
