import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { patronStandingFor } from '../../../src/services/patrons/patronStandingFor.js';
import { findInstitutionByPathSymbol } from '../../../src/store/institutionRepository.js';
import { startApiServer, type ApiServer } from '../../support/apiServer.js';
import { bearer, signIn, type Session } from '../../support/auth/accounts.js';
import { networkWithAccounts } from '../../support/auth/network.js';
import { availableBackends } from '../../support/databases.js';

const backends = await availableBackends();
const NOW = new Date('2026-11-25T12:00:00Z');
const NSU = '/api/v1/institutions/US-NSU/patrons';
const LKC = '/api/v1/institutions/US-LKC/patrons';

type Json = Record<string, unknown>;
interface PatronJson {
  barcode: string;
  name: string;
  email: string | null;
  phone: string | null;
  patronGroup: string;
  homeLibrary: string | null;
  expiresOn: string | null;
  active: boolean;
  blocks: { code: string; reason: string; since: string; until: string | null }[];
  standing: { mayBorrow: boolean; reasons: { kind: string; message: string; code?: string }[] };
}

describe.each(backends)('patron register through the API on %s', (backend) => {
  let server: ApiServer;
  const sessions: Record<string, Session> = {};

  beforeAll(async () => {
    server = await startApiServer(backend, { network: await networkWithAccounts(), networkFile: 'accounts.yaml', background: false, now: () => NOW });
    for (const name of ['admin', 'desk', 'partners', 'patron']) sessions[name] = await signIn(server.base, 'US-NSU', name);
    sessions.lkc = await signIn(server.base, 'US-LKC', 'admin');
  });
  afterAll(() => server?.stop());

  async function call(method: string, path: string, body?: unknown, as = 'desk'): Promise<{ status: number; json: Json; headers: Headers }> {
    const session = sessions[as] as Session;
    const response = await fetch(`${server.base}${path}`, {
      method,
      headers: { ...bearer(session), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, json: text ? (JSON.parse(text) as Json) : {}, headers: response.headers };
  }
  const patron = (json: Json) => json as unknown as PatronJson;
  const count = async () => Number((await server.db.selectFrom('patron').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

  it('registers a patron and finds it by barcode in any case', async () => {
    const created = await call('POST', NSU, { barcode: 'NSU-0001', name: 'Ada Lovelace', email: 'ada@example.edu', patronGroup: 'faculty', homeLibrary: 'LAW', expiresOn: '2027-06-30' });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`${NSU}/NSU-0001`);
    expect(patron(created.json)).toMatchObject({ barcode: 'NSU-0001', homeLibrary: 'LAW', phone: null, active: true, blocks: [], standing: { mayBorrow: true, reasons: [] } });
    const found = await call('GET', `${NSU}/nsu-0001`);
    expect(found.status).toBe(200);
    expect(patron(found.json)).toMatchObject({ barcode: 'NSU-0001', name: 'Ada Lovelace', email: 'ada@example.edu', expiresOn: '2027-06-30' });
    const clash = await call('POST', NSU, { barcode: 'nsu-0001', name: 'Someone Else', patronGroup: 'faculty' });
    expect(clash.status).toBe(409);
    expect(clash.json.detail).toContain('already used');
    expect(await count()).toBe(1);
  });

  it('shows the patron accounts that sign in as the barcode (user patronId)', async () => {
    const created = await call('POST', NSU, { barcode: 'p-1', name: 'Patron One', patronGroup: 'undergraduate' });
    expect(created.json.accounts).toEqual(['patron']);
    expect((await call('GET', `${NSU}/P-1`)).json.accounts).toEqual(['patron']);
    expect(((await call('GET', `${NSU}?q=patron%20one`)).json.items as Json[]).map((p) => p.accounts)).toEqual([['patron']]);
    expect((await call('PATCH', `${NSU}/P-1`, { active: false })).json.accounts).toEqual(['patron']);
    expect((await call('GET', `${NSU}/NSU-0001`)).json.accounts).toEqual([]);
    await server.db.deleteFrom('patron').where('barcode', '=', 'p-1').execute();
  });

  it('lets exactly one of several racing registrations of a barcode win; the others hear 409', async () => {
    const answers = await Promise.all(['RACE-1', 'race-1', 'Race-1', 'RACE-1', 'rAcE-1'].map((barcode) => call('POST', NSU, { barcode, name: 'Racer', patronGroup: 'staff' })));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409]);
    const rows = await server.db.selectFrom('patron').select('barcode').where('name', '=', 'Racer').execute();
    expect(rows).toHaveLength(1);
    await server.db.deleteFrom('patron').where('name', '=', 'Racer').execute();
  });

  it('refuses bad input with the field named, and stores nothing', async () => {
    const before = await count();
    const cases: [unknown, string][] = [
      [{ barcode: 'NSU-0100', patronGroup: 'staff' }, 'name'],
      [{ barcode: 'NSU-0100', name: 'X', patronGroup: 'staff', email: 'not-an-email' }, 'email'],
      [{ barcode: 'NSU-0100', name: 'X', patronGroup: 'staff', expiresOn: '2026-02-30' }, 'expiresOn'],
      [{ barcode: 'NSU/0100', name: 'X', patronGroup: 'staff' }, 'barcode'],
      [{ barcode: 'NSU-0100', name: 'X', patronGroup: 'staff', isAdmin: true }, 'isAdmin'],
      [{ barcode: 'NSU-0100', name: 'X', patronGroup: 'staff', blocks: [{ code: 'A', reason: 'r', since: '2026-05-01', until: '2026-04-01' }] }, 'blocks.0.until'],
      [{ barcode: 'NSU-0100', name: 'X', patronGroup: 'staff', blocks: [{ code: 'A', reason: 'r', since: '2026-05-01' }, { code: 'A', reason: 's', since: '2026-05-01' }] }, 'blocks.1.code'],
      ['{"barcode": "NSU-0100", ', 'not valid JSON'],
    ];
    for (const [body, field] of cases) {
      const answer = await call('POST', NSU, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      expect(JSON.stringify(answer.json), JSON.stringify(body)).toContain(field);
    }
    const unknownLibrary = await call('POST', NSU, { barcode: 'NSU-0100', name: 'X', patronGroup: 'staff', homeLibrary: 'MOON' });
    expect(unknownLibrary.status).toBe(400);
    expect(unknownLibrary.json.detail).toContain('unknown library "MOON"');
    expect(await count()).toBe(before);
  });

  it('changes, clears and deactivates; the standing follows', async () => {
    await call('POST', NSU, { barcode: 'NSU-0002', name: 'Grace Hopper', phone: '+1 555 0100', patronGroup: 'staff', homeLibrary: 'MAIN' });
    const changed = await call('PATCH', `${NSU}/NSU-0002`, { email: 'grace@example.edu', phone: null, homeLibrary: 'LAW', expiresOn: '2026-11-24' });
    expect(changed.status).toBe(200);
    expect(patron(changed.json)).toMatchObject({ email: 'grace@example.edu', phone: null, homeLibrary: 'LAW', expiresOn: '2026-11-24', name: 'Grace Hopper' });
    expect(patron(changed.json).standing).toEqual({ mayBorrow: false, reasons: [{ kind: 'expired', expiredOn: '2026-11-24', message: 'the registration expired on 2026-11-24' }] });
    const renewed = await call('PATCH', `${NSU}/NSU-0002`, { expiresOn: '2026-11-25' });
    expect(patron(renewed.json).standing.mayBorrow).toBe(true);
    const off = await call('PATCH', `${NSU}/NSU-0002`, { active: false });
    expect(patron(off.json).standing.reasons.map((r) => r.kind)).toEqual(['inactive']);
    expect((await call('PATCH', `${NSU}/NSU-0002`, {})).status).toBe(400);
    expect((await call('PATCH', `${NSU}/NSU-0002`, { barcode: 'NSU-9999' })).status).toBe(400);
    expect((await call('PATCH', `${NSU}/NSU-0002`, { homeLibrary: 'MOON' })).status).toBe(400);
    expect((await call('PATCH', `${NSU}/NO-SUCH`, { name: 'Nobody' })).status).toBe(404);
    expect(patron((await call('GET', `${NSU}/NSU-0002`)).json)).toMatchObject({ homeLibrary: 'LAW', active: false });
  });

  it('blocks and lifts blocks', async () => {
    await call('POST', NSU, { barcode: 'NSU-0003', name: 'Alan Turing', patronGroup: 'graduate' });
    const blocked = await call('POST', `${NSU}/NSU-0003/blocks`, { code: 'FINES', reason: 'unpaid fines' });
    expect(blocked.status).toBe(201);
    expect(patron(blocked.json).blocks).toEqual([{ code: 'FINES', reason: 'unpaid fines', since: '2026-11-25', until: null }]);
    expect(patron(blocked.json).standing.reasons).toEqual([{ kind: 'blocked', code: 'FINES', reason: 'unpaid fines', until: null, message: 'blocked (FINES): unpaid fines' }]);
    expect((await call('POST', `${NSU}/NSU-0003/blocks`, { code: 'FINES', reason: 'again' })).status).toBe(409);
    expect((await call('POST', `${NSU}/NSU-0003/blocks`, { code: 'LATE', reason: 'r', since: '2026-12-01', until: '2026-11-01' })).status).toBe(400);
    expect((await call('POST', `${NSU}/NSU-0003/blocks`, { code: 'LATE', reason: 'r', until: '2026-11-01' })).status).toBe(400);
    const future = await call('POST', `${NSU}/NSU-0003/blocks`, { code: 'LATER', reason: 'starts next year', since: '2027-01-01' });
    expect(patron(future.json).blocks.map((b) => b.code)).toEqual(['FINES', 'LATER']);
    expect(patron(future.json).standing.reasons.map((r) => r.code)).toEqual(['FINES']);
    const lifted = await call('DELETE', `${NSU}/NSU-0003/blocks/FINES`);
    expect(lifted.status).toBe(200);
    expect(patron(lifted.json).standing.mayBorrow).toBe(true);
    expect((await call('DELETE', `${NSU}/NSU-0003/blocks/FINES`)).status).toBe(404);
    expect((await call('POST', `${NSU}/NO-SUCH/blocks`, { code: 'X', reason: 'r' })).status).toBe(404);
    await call('POST', `${NSU}/NSU-0003/blocks`, { code: 'FINES', reason: 'unpaid fines' });
  });

  it('searches by name, email and barcode start, by group and by blocks, in pages', async () => {
    for (const [barcode, name, email, group] of [
      ['NSU-1001', 'Barbara Liskov', 'liskov@example.edu', 'faculty'],
      ['NSU-1002', 'Edsger Dijkstra', 'ewd@example.edu', 'faculty'],
      ['NSU-1003', 'Donald_Knuth 100%', 'knuth@example.edu', 'emeritus'],
    ]) {
      expect((await call('POST', NSU, { barcode, name, email, patronGroup: group })).status).toBe(201);
    }
    const barcodes = async (query: string) => ((await call('GET', `${NSU}?${query}`)).json.items as PatronJson[]).map((p) => p.barcode);
    expect(await barcodes('q=LISKOV')).toEqual(['NSU-1001']);
    expect(await barcodes('q=ewd%40')).toEqual(['NSU-1002']);
    // By name: Barbara, Donald, Edsger.
    expect(await barcodes('q=nsu-100')).toEqual(['NSU-1001', 'NSU-1003', 'NSU-1002']);
    expect(await barcodes('q=100%25')).toEqual(['NSU-1003']);
    expect(await barcodes('q=_')).toEqual(['NSU-1003']);
    expect(await barcodes('q=0001')).toEqual([]);
    expect(await barcodes('group=faculty')).toEqual(['NSU-0001', 'NSU-1001', 'NSU-1002']);
    expect(await barcodes('blocked=true')).toEqual(['NSU-0003']);
    expect(await barcodes('blocked=false&group=graduate')).toEqual([]);
    expect(await barcodes('active=false')).toEqual(['NSU-0002']);
    const first = await call('GET', `${NSU}?limit=2`);
    expect(first.json).toMatchObject({ total: 6, next: 2 });
    const last = await call('GET', `${NSU}?limit=2&offset=4`);
    expect(last.json).toMatchObject({ total: 6, next: null });
    const all = [...(first.json.items as PatronJson[]), ...((await call('GET', `${NSU}?limit=2&offset=2`)).json.items as PatronJson[]), ...(last.json.items as PatronJson[])];
    expect(new Set(all.map((p) => p.barcode)).size).toBe(6);
    for (const bad of ['limit=0', 'limit=abc', 'offset=-1', 'blocked=maybe', 'group=a%20b', 'sort=name']) expect((await call('GET', `${NSU}?${bad}`)).status, bad).toBe(400);
  });

  it('lets the desk in, keeps the partners manager and patrons out, and isolates institutions', async () => {
    expect((await call('GET', NSU, undefined, 'admin')).status).toBe(200);
    expect((await call('GET', NSU, undefined, 'partners')).status).toBe(403);
    expect((await call('GET', `${NSU}/NSU-0001`, undefined, 'patron')).status).toBe(403);
    const foreign = await call('GET', `${NSU}/NSU-0001`, undefined, 'lkc');
    expect(foreign.status).toBe(404);
    expect(JSON.stringify(foreign.json)).not.toContain('Ada');
    expect((await call('POST', LKC, { barcode: 'NSU-0001', name: 'Lakeside Namesake', patronGroup: 'student' }, 'lkc')).status).toBe(201);
    expect(patron((await call('GET', `${LKC}/NSU-0001`, undefined, 'lkc')).json).name).toBe('Lakeside Namesake');
    expect(patron((await call('GET', `${NSU}/NSU-0001`)).json).name).toBe('Ada Lovelace');
    expect(((await call('GET', LKC, undefined, 'lkc')).json.items as PatronJson[]).map((p) => p.name)).toEqual(['Lakeside Namesake']);
    expect((await call('PATCH', `${LKC}/NSU-0002`, { name: 'Hijack' }, 'lkc')).status).toBe(404);
    expect((await call('DELETE', `${LKC}/NSU-0003/blocks/FINES`, undefined, 'lkc')).status).toBe(404);
    expect(patron((await call('GET', `${NSU}/NSU-0003`)).json).standing.mayBorrow).toBe(false);
  });

  it('records every change in the audit log', async () => {
    const audit = await call('GET', '/api/v1/institutions/US-NSU/audit?entityType=patron', undefined, 'admin');
    const entries = audit.json.items as { entityKey: string; action: string; actor: string; before: Json | null; after: Json | null }[];
    const of0003 = entries.filter((e) => e.entityKey === 'NSU-0003').reverse();
    expect(of0003.map((e) => e.action)).toEqual(['create', 'update', 'update', 'update', 'update']);
    expect(of0003[0]?.actor).toMatch(/^user:/);
    expect(of0003[1]?.after?.blocks).toEqual([{ code: 'FINES', reason: 'unpaid fines', since: '2026-11-25' }]);
    expect(entries.every((e) => !JSON.stringify(e).includes('Lakeside'))).toBe(true);
  });

  it('describes the patron routes in OpenAPI', async () => {
    const spec = (await (await fetch(`${server.base}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/api/v1/institutions/{symbol}/patrons', '/api/v1/institutions/{symbol}/patrons/{barcode}', '/api/v1/institutions/{symbol}/patrons/{barcode}/blocks/{code}']),
    );
    expect(Object.keys(spec.paths['/api/v1/institutions/{symbol}/patrons/{barcode}'] ?? {})).toEqual(expect.arrayContaining(['get', 'patch']));
  });

  it('tells the borrowing side whether a barcode may borrow (patronStandingFor)', async () => {
    const nsu = await findInstitutionByPathSymbol(server.db, 'US-NSU');
    const lkc = await findInstitutionByPathSymbol(server.db, 'US-LKC');
    if (!nsu || !lkc) throw new Error('institutions missing');
    expect(await patronStandingFor(server.db, nsu.id, 'nsu-0001', NOW)).toEqual({ mayBorrow: true, reasons: [] });
    expect((await patronStandingFor(server.db, nsu.id, 'NSU-0001', new Date('2027-07-01T00:00:00Z')))?.reasons.map((r) => r.kind)).toEqual(['expired']);
    expect((await patronStandingFor(server.db, nsu.id, 'NSU-0003', NOW))?.reasons.map((r) => r.kind)).toEqual(['blocked']);
    expect(await patronStandingFor(server.db, nsu.id, 'P-1', NOW)).toBeNull();
    expect(await patronStandingFor(server.db, lkc.id, 'NSU-0001', NOW)).toEqual({ mayBorrow: true, reasons: [] });
  });
  it('refuses a borrowing request for a registered patron who may not borrow, with the reasons; an unregistered patron is not judged', async () => {
    const request = (patronId: string) => call('POST', '/api/v1/institutions/US-NSU/borrowing-requests', { patronId, citation: { title: 'Middlemarch' }, rota: ['HCPL'], send: false }, 'admin');
    const blocked = await request('NSU-0003');
    expect(blocked.status).toBe(400);
    expect(String(blocked.json.detail)).toMatch(/^patron NSU-0003 may not borrow: blocked \(FINES\)/);
    expect((await request('NSU-0001')).status).toBe(201);
    expect((await request('P-UNREGISTERED')).status).toBe(201);
    const requests = await server.db.selectFrom('borrowing_request').select('patron_id').execute();
    expect(requests.map((r) => r.patron_id).sort()).toEqual(['NSU-0001', 'P-UNREGISTERED']);
  });
});
