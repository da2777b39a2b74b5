import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Access } from '../../../src/http/auth.js';
import type { AppRoute } from '../../../src/http/app.js';
import { apiRouteTable } from '../../../src/http/routes/api/index.js';
import type { Interlend } from '../../../src/runtime/interlend.js';
import { STAFF_ROLES, type StaffRole } from '../../../src/services/auth/principal.js';
import { startApiServer, type ApiServer } from '../../support/apiServer.js';
import { bearer, signIn, type Session } from '../../support/auth/accounts.js';
import { networkWithAccounts } from '../../support/auth/network.js';
import { availableBackends, type TestDatabase } from '../../support/databases.js';
import { requestXml } from '../../support/iso18626Messages.js';

const backends = await availableBackends();

/** Who calls: nobody, each staff role at NSU, NSU's patron P-1, and LKC's administrator. */
type Caller = { kind: 'anonymous' } | { kind: 'staff'; role: StaffRole } | { kind: 'patron' } | { kind: 'other-institution' };
const CALLERS: Caller[] = [{ kind: 'anonymous' }, ...STAFF_ROLES.map((role) => ({ kind: 'staff' as const, role })), { kind: 'patron' }, { kind: 'other-institution' }];
const USERNAME: Record<StaffRole, string> = { 'fulfillment-admin': 'admin', 'partners-manager': 'partners', 'services-operator': 'operator', 'circulation-desk': 'desk' };
const callerName = (caller: Caller) => (caller.kind === 'staff' ? caller.role : caller.kind);

/** What ACCESS says this caller gets: 'allowed' means past authorization (any status but 401/403, and 404 only for made-up ids). */
function expected(access: Access, caller: Caller): 401 | 403 | 404 | 'allowed' {
  if (caller.kind === 'anonymous') return 401;
  if (caller.kind === 'other-institution') return 404;
  if (caller.kind === 'patron') return access.patron === true ? 'allowed' : 403;
  return access.staff.includes(caller.role) ? 'allowed' : 403;
}

describe.each(backends)('role × route matrix on %s', (backend) => {
  let server: ApiServer;
  let database: TestDatabase;
  let interlend: Interlend;
  let base: string;
  const sessions = new Map<string, Session>();
  /** Values for the path parameters this test knows; others get a made-up value. */
  const known: Record<string, string> = { symbol: 'US-NSU', username: 'desk' };
  let borrowingId = '';
  let lendingId = '';
  let secretTitle = '';

  beforeAll(async () => {
    server = await startApiServer(backend, { network: await networkWithAccounts(), networkFile: 'accounts.yaml', background: false });
    ({ database, interlend, base } = server);
    for (const caller of CALLERS) {
      if (caller.kind === 'staff') sessions.set(callerName(caller), await signIn(base, 'US-NSU', USERNAME[caller.role]));
    }
    sessions.set('patron', await signIn(base, 'US-NSU', 'patron'));
    sessions.set('other-institution', await signIn(base, 'US-LKC', 'admin'));
    // NSU's data the other institution must not learn anything about.
    secretTitle = 'A Very Secret Title Of North State';
    const created = await call('POST', '/api/v1/institutions/US-NSU/borrowing-requests', sessions.get('fulfillment-admin'), {
      patronId: 'P-1',
      citation: { title: secretTitle },
      rota: ['HCPL'],
    });
    borrowingId = String(created.json.id);
    await fetch(`${base}/iso18626`, { method: 'POST', headers: { 'content-type': 'application/xml' }, body: requestXml({ from: 'US-HCPL', to: 'US-NSU', id: 'HCPL-MATRIX-1', title: secretTitle }) });
    const lending = await database.db.selectFrom('lending_request').select('id').where('requesting_agency_request_id', '=', 'HCPL-MATRIX-1').executeTakeFirstOrThrow();
    lendingId = lending.id;
    const message = await database.db.selectFrom('outbox_message').select('id').where('request_id', '=', borrowingId).executeTakeFirstOrThrow();
    known.messageId = String(message.id);
  });

  afterAll(() => server?.stop());

  async function call(method: string, path: string, session: Session | undefined, body?: unknown): Promise<{ status: number; text: string; json: Record<string, unknown> }> {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { ...(session ? bearer(session) : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    // Not every answer is JSON (the configuration export is YAML); problems always are.
    const json: unknown = text && (response.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : {};
    return { status: response.status, text, json: json as Record<string, unknown> };
  }

  /** Each route once per action it takes, with its path filled in. */
  function cases(routes: readonly AppRoute[]): { method: string; url: string; path: string; access: Access; allKnown: boolean }[] {
    return routes
      .filter((route) => route.url.startsWith('/api/v1/institutions/'))
      .flatMap((route) => {
        const actions = route.config.actionAccess ? route.config.actionAccess.actions.map((action) => ({ action, access: route.config.actionAccess!.accessFor(action) })) : [{ action: undefined, access: route.config.access! }];
        return actions.map(({ action, access }) => {
          let allKnown = true;
          const path = route.url.replace(/:(\w+)/g, (_match, name: string) => {
            if (name === 'action' && action) return action;
            if (name === 'id') return route.url.includes('/lending-requests/') ? lendingId : borrowingId;
            const value = known[name];
            if (value === undefined) allKnown = false;
            return value ?? 'no-such-thing';
          });
          return { method: route.method, url: action ? route.url.replace(':action', action) : route.url, path, access, allKnown };
        });
      });
  }

  it('finds every API route, and every institution route names who may call it', () => {
    const routes = apiRouteTable(interlend.app);
    expect(routes.length).toBeGreaterThan(8);
    const undeclared = routes.filter((route) => route.url.startsWith('/api/v1/institutions/') && !route.config.access && !route.config.actionAccess).map((r) => `${r.method} ${r.url}`);
    expect(undeclared).toEqual([]);
    const outside = routes.filter((route) => !route.url.startsWith('/api/v1/institutions/') && !route.config.access && !route.config.public).map((r) => `${r.method} ${r.url}`);
    expect(outside).toEqual([]);
    const all = cases(routes).map((c) => `${c.method} ${c.url}`);
    expect(all).toEqual(expect.arrayContaining(['POST /api/v1/institutions/:symbol/borrowing-requests/:id/actions/cancel', 'POST /api/v1/institutions/:symbol/lending-requests/:id/actions/ship', 'PATCH /api/v1/institutions/:symbol/users/:username', 'GET /api/v1/institutions/:symbol/outbox']));
    // Patron notices: the desk's list and resend, the administrator's templates.
    expect(all).toEqual(
      expect.arrayContaining([
        'GET /api/v1/institutions/:symbol/borrowing-requests/:id/notices',
        'GET /api/v1/institutions/:symbol/notices',
        'POST /api/v1/institutions/:symbol/notices/:noticeId/resend',
        'GET /api/v1/institutions/:symbol/notice-templates/:kind',
        'PUT /api/v1/institutions/:symbol/notice-templates/:kind',
        'DELETE /api/v1/institutions/:symbol/notice-templates/:kind',
      ]),
    );
    // The dashboard's statistics: any staff.
    expect(all).toContain('GET /api/v1/institutions/:symbol/statistics');
    // The request form's pickup locations: patrons and staff; patrons ask for renewals themselves.
    expect(all).toEqual(expect.arrayContaining(['GET /api/v1/institutions/:symbol/pickup-locations', 'POST /api/v1/institutions/:symbol/borrowing-requests/:id/actions/request-renewal']));
  });

  it.each(CALLERS.map((caller) => [callerName(caller), caller] as const))('answers %s exactly as ACCESS says on every institution route', async (name, caller) => {
    const session = sessions.get(name);
    const wrong: string[] = [];
    for (const c of cases(apiRouteTable(interlend.app))) {
      const answer = await call(c.method, c.path, session, c.method === 'GET' || c.method === 'DELETE' ? undefined : {});
      const want = expected(c.access, caller);
      const ok = want === 'allowed' ? ![401, 403].includes(answer.status) && !(c.allKnown && answer.status === 404) : answer.status === want;
      if (!ok) wrong.push(`${c.method} ${c.url}: expected ${want}, got ${answer.status} ${answer.text.slice(0, 160)}`);
      if (caller.kind === 'other-institution') {
        // Nothing of NSU: no names, titles, ids, counts or lists; the same body as for an institution that does not exist.
        for (const secret of ['North State', 'NSU', secretTitle, borrowingId, lendingId]) {
          if (answer.text.includes(secret)) wrong.push(`${c.method} ${c.url}: the answer names ${secret}: ${answer.text}`);
        }
        expect(Object.keys(answer.json).sort()).toEqual(['detail', 'status', 'title', 'type']);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('answers another institution exactly as an institution that does not exist', async () => {
    const lkc = sessions.get('other-institution');
    const foreign = await call('GET', `/api/v1/institutions/US-NSU/borrowing-requests/${borrowingId}`, lkc);
    const missing = await call('GET', `/api/v1/institutions/XX-NONE/borrowing-requests/${borrowingId}`, lkc);
    expect(foreign.status).toBe(404);
    expect(foreign.json).toEqual(missing.json);
  });

  it('signs anyone signed in out, and nobody else', async () => {
    expect((await call('DELETE', '/api/v1/session', undefined)).status).toBe(401);
    for (const [institution, username] of [['US-NSU', 'desk'], ['US-NSU', 'patron'], ['US-LKC', 'admin']] as const) {
      expect((await call('DELETE', '/api/v1/session', await signIn(base, institution, username))).status).toBe(204);
    }
  });

  describe('patrons', () => {
    it('create requests only for themselves, whatever patronId they send', async () => {
      const created = await call('POST', '/api/v1/institutions/US-NSU/borrowing-requests', sessions.get('patron'), { patronId: 'P-2', citation: { title: 'Mine' }, rota: ['HCPL'], send: false });
      expect(created.status).toBe(201);
      expect(created.json.patronId).toBe('P-1');
      const withoutId = await call('POST', '/api/v1/institutions/US-NSU/borrowing-requests', sessions.get('patron'), { citation: { title: 'Mine too' }, rota: ['HCPL'], send: false });
      expect(withoutId.status).toBe(201);
      expect(withoutId.json.patronId).toBe('P-1');
    });

    it('never see or act on another patron’s request: 404 as if it did not exist', async () => {
      const others = await call('POST', '/api/v1/institutions/US-NSU/borrowing-requests', sessions.get('fulfillment-admin'), { patronId: 'P-2', citation: { title: 'Theirs' }, rota: ['HCPL'], send: false });
      const path = `/api/v1/institutions/US-NSU/borrowing-requests/${String(others.json.id)}`;
      const seen = await call('GET', path, sessions.get('patron'));
      const none = await call('GET', '/api/v1/institutions/US-NSU/borrowing-requests/00000000-0000-4000-8000-000000000000', sessions.get('patron'));
      expect(seen.status).toBe(404);
      expect(seen.text).not.toContain('Theirs');
      expect(none.status).toBe(404);
      expect((await call('POST', `${path}/actions/cancel`, sessions.get('patron'), {})).status).toBe(404);
      expect((await call('GET', path, await signIn(base, 'US-NSU', 'other-patron'))).status).toBe(200);
    });

    it('may cancel their own request and take no other action', async () => {
      const mine = await call('POST', '/api/v1/institutions/US-NSU/borrowing-requests', sessions.get('patron'), { citation: { title: 'Cancel me' }, rota: ['HCPL'], send: false });
      const path = `/api/v1/institutions/US-NSU/borrowing-requests/${String(mine.json.id)}`;
      expect((await call('POST', `${path}/actions/send`, sessions.get('patron'), {})).status).toBe(403);
      const cancelled = await call('POST', `${path}/actions/cancel`, sessions.get('patron'), {});
      expect(cancelled.status).toBe(200);
      expect(cancelled.json.status).toMatch(/cancel/);
    });

    it('may ask for a renewal of their own loan (refused only by the status, not by access)', async () => {
      const mine = await call('POST', '/api/v1/institutions/US-NSU/borrowing-requests', sessions.get('patron'), { citation: { title: 'Renew me' }, rota: ['HCPL'], send: false });
      const renewal = await call('POST', `/api/v1/institutions/US-NSU/borrowing-requests/${String(mine.json.id)}/actions/request-renewal`, sessions.get('patron'), {});
      expect(renewal.status).toBe(409);
      expect(renewal.json.title).toBe('Action not allowed in the current status');
    });

    it('must make the copyright declaration for a copy, and without a rota rule still get their request (an empty rota for staff)', async () => {
      const copy = { citation: { title: 'Nature', articleTitle: 'A letter' }, serviceType: 'copy' };
      const refused = await call('POST', '/api/v1/institutions/US-NSU/borrowing-requests', sessions.get('patron'), copy);
      expect(refused.status).toBe(400);
      expect(refused.json.errors).toEqual([{ path: 'copyrightDeclaration', message: 'a copy needs the copyright declaration' }]);
      const untitled = await call('POST', '/api/v1/institutions/US-NSU/borrowing-requests', sessions.get('patron'), { ...copy, citation: { title: 'Nature' }, copyrightDeclaration: true });
      expect(untitled.json.errors).toEqual([{ path: 'citation.articleTitle', message: 'a copy needs the title of the article or chapter' }]);
      const created = await call('POST', '/api/v1/institutions/US-NSU/borrowing-requests', sessions.get('patron'), { ...copy, copyrightDeclaration: true, referrer: 'info:sid/test', patronNote: 'thanks' });
      expect(created.status).toBe(201);
      expect(created.json).toMatchObject({ status: 'created', rota: [], citation: { copyrightDeclaration: true, referrer: 'info:sid/test', patronNote: 'thanks' } });
      // Staff still need a rota rule or a rota.
      expect((await call('POST', '/api/v1/institutions/US-NSU/borrowing-requests', sessions.get('fulfillment-admin'), { patronId: 'P-1', citation: { title: 'No rule' } })).status).toBe(400);
    });

    it('read the pickup locations: the libraries, their own first choice preselected', async () => {
      const answer = await call('GET', '/api/v1/institutions/US-NSU/pickup-locations', sessions.get('patron'));
      expect(answer.status).toBe(200);
      expect(answer.json.locations).toEqual([
        { code: 'LAW', name: 'Law Library' },
        { code: 'MAIN', name: 'Main Library' },
      ]);
      expect(answer.json.defaultLocation).toBe('LAW');
    });
  });

  describe('a services operator scoped to a library', () => {
    it('sees requests of their libraries and of none, and gets 404 for another library’s', async () => {
      const law = await database.db.selectFrom('library').select('id').where('code', '=', 'LAW').executeTakeFirstOrThrow();
      const main = await database.db.selectFrom('library').select('id').where('code', '=', 'MAIN').executeTakeFirstOrThrow();
      const ids: string[] = [];
      for (const title of ['Law book', 'Main book']) {
        ids.push(String((await call('POST', '/api/v1/institutions/US-NSU/borrowing-requests', sessions.get('fulfillment-admin'), { patronId: 'P-5', citation: { title }, rota: ['HCPL'], send: false })).json.id));
      }
      await database.db.updateTable('borrowing_request').set({ library_id: law.id }).where('id', '=', ids[0]!).execute();
      await database.db.updateTable('borrowing_request').set({ library_id: main.id }).where('id', '=', ids[1]!).execute();
      const operator = sessions.get('services-operator');
      const lawPath = `/api/v1/institutions/US-NSU/borrowing-requests/${ids[0]}`;
      const hidden = await call('GET', lawPath, operator);
      expect(hidden.status).toBe(404);
      expect(hidden.text).not.toContain('Law book');
      expect((await call('POST', `${lawPath}/actions/send`, operator, {})).status).toBe(404);
      expect((await call('GET', `/api/v1/institutions/US-NSU/borrowing-requests/${ids[1]}`, operator)).status).toBe(200);
      // Unscoped staff see both.
      expect((await call('GET', lawPath, sessions.get('circulation-desk'))).status).toBe(200);
    });
  });
});
