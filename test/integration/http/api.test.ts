import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient, RequestView } from '../../../src/cli/apiClient.js';
import { parseConfigText } from '../../../src/config/loadConfigFile.js';
import { applyNetworkConfig } from '../../../src/services/applyNetworkConfig.js';
import { serveApi, type ServedApi } from '../../support/apiServer.js';
import { availableBackends, createTestDatabase, type TestDatabase } from '../../support/databases.js';
import { testNetwork } from '../../support/demoNetwork.js';
import { waitFor } from '../../support/waitFor.js';

const backends = await availableBackends();

describe.each(backends)('REST API on %s', (backend) => {
  let database: TestDatabase;
  let server: ServedApi;
  let closed: ServedApi;
  let api: ApiClient;
  let base: string;
  let closedBase: string;

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    await applyNetworkConfig(database.db, testNetwork, 'test');
    // A partner nobody answers for: its messages park after one attempt.
    await applyNetworkConfig(
      database.db,
      parseConfigText(
        `institutions:
  - code: NSU
    name: North State University
    symbols: ["ISIL:US-NSU"]
    libraries: [{ code: MAIN, name: Main Library }]
    partners: [{ code: GONE, name: Gone Library, symbol: "ISIL:XX-GONE", endpoint: "http://127.0.0.1:9/iso18626" }]
`,
        'gone.yaml',
      ),
      'gone.yaml',
    );
    // Outside demo mode first: once demo mode has created demo / demo, a closed server refuses to start.
    closed = await serveApi(database.db, { background: false });
    closedBase = closed.base;
    server = await serveApi(database.db, { demo: true, outboxPolicy: { maxAttempts: 1, pollIntervalMs: 50 } });
    base = server.base;
    api = server.client();
  });

  afterAll(async () => {
    await closed?.stop();
    await server?.stop();
    await database?.close();
  });

  const newRequest = (extra: Record<string, unknown> = {}) => ({ patronId: 'P-1', citation: { title: 'Dune' }, rota: ['HCPL'], ...extra });

  async function problem(method: 'GET' | 'POST', path: string, body?: unknown, at = base): Promise<{ status: number; type: string | null; json: Record<string, unknown> }> {
    // Signed in as demo mode's administrator of the institution in the path (none on the closed server);
    // for an institution that does not exist, as North State's.
    const authorization = at === base ? await api.authorization(path).catch(() => api.authorization(api.borrowing('US-NSU'))) : {};
    const response = await fetch(`${at}${path}`, {
      method,
      headers: { ...authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    return { status: response.status, type: response.headers.get('content-type'), json: (await response.json()) as Record<string, unknown> };
  }

  it('is closed outside demo mode, with a problem saying why', async () => {
    const answer = await problem('GET', api.borrowing('US-NSU'), undefined, closedBase);
    expect(answer.status).toBe(401);
    expect(answer.type).toMatch(/^application\/problem\+json/);
    expect(answer.json.detail).toContain('POST /api/v1/session');
  });

  it('creates a request (201) with rota, history, allowed actions and the request message', async () => {
    const created = await api.call<RequestView & { rota: { partner: { code: string }; status: string }[] }>('POST', api.borrowing('US-NSU'), newRequest({ rota: ['LKC', 'ISIL:US-HCPL'] }));
    expect(created).toMatchObject({ status: 'request_sent', statusLabel: 'Request sent to partner' });
    expect(created.number).toMatch(/^NSU-\d+$/);
    expect(created.rota.map((e) => [e.partner.code, e.status])).toEqual([['LKC', 'sent'], ['HCPL', 'pending']]);
    expect(created.allowedActions).toEqual(['cancel', 'cancel-partner']);
    expect(created.history.map((h) => h.event)).toEqual(['create', 'send']);
  });

  it('takes the longest title the API allows in four-byte characters: the list headline is clipped, the citation keeps it whole', async () => {
    // 1,000 varied characters of 4 bytes each (CJK extension B; varied, so not compressed) are more
    // than one index entry of PostgreSQL can hold.
    const title = Array.from({ length: 1000 }, (_, i) => String.fromCodePoint(0x20000 + ((i * 7919) % 40_000))).join('');
    const created = await api.call<RequestView & { title: string; citation: { title: string } }>('POST', api.borrowing('US-NSU'), newRequest({ citation: { title }, send: false }));
    expect(Array.from(created.title)).toHaveLength(500);
    expect(created.citation.title).toBe(title);
  });

  it('orders an unordered rota by average supply time', async () => {
    const config = parseConfigText(
      `institutions:
  - code: NSU
    name: North State University
    symbols: ["ISIL:US-NSU"]
    libraries: [{ code: MAIN, name: Main Library }]
    partners:
      - { code: HCPL, name: Harbor City, symbol: "ISIL:US-HCPL", averageSupplyDays: 6 }
      - { code: LKC, name: Lakeside, symbol: "ISIL:US-LKC", averageSupplyDays: 1.5 }
`,
      'speeds.yaml',
    );
    await applyNetworkConfig(database.db, config, 'speeds.yaml');
    const created = await api.call<{ rota: { partner: { code: string } }[] }>('POST', api.borrowing('US-NSU'), newRequest({ rota: ['HCPL', 'LKC'], rotaOrder: 'by-supply-time', send: false }));
    expect(created.rota.map((e) => e.partner.code)).toEqual(['LKC', 'HCPL']);
  });

  it('leaves a request "Ready to be sent" with send: false, and sends it on the send action', async () => {
    const created = await api.call<RequestView>('POST', api.borrowing('US-NSU'), newRequest({ send: false }));
    expect(created.status).toBe('created');
    expect(created.allowedActions).toContain('send');
    const sent = await api.call<RequestView>('POST', `${api.borrowing('US-NSU', created.id)}/actions/send`, {});
    expect(sent.status).toBe('request_sent');
  });

  it.each([
    ['no citation', { patronId: 'P', rota: ['HCPL'] }, 'citation'],
    ['an empty rota', newRequest({ rota: [] }), 'rota'],
    ['an unknown field', newRequest({ colour: 'blue' }), 'colour'],
    ['a bad date', newRequest({ neededBefore: 'next tuesday' }), 'neededBefore'],
    ['a bad format', newRequest({ format: 'scroll' }), 'format'],
  ])('refuses a body with %s: 400 naming the field', async (_name, body, field) => {
    const answer = await problem('POST', api.borrowing('US-NSU'), body);
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.json.errors ?? answer.json.detail)).toContain(field);
  });

  it('refuses malformed JSON and unknown partners with 400', async () => {
    expect((await problem('POST', api.borrowing('US-NSU'), '{"patronId":')).status).toBe(400);
    const unknown = await problem('POST', api.borrowing('US-NSU'), newRequest({ rota: ['NOPE'] }));
    expect(unknown).toMatchObject({ status: 400, json: { detail: 'unknown partner(s) in rota: NOPE' } });
  });

  it('answers 404 for an unknown institution, request or route, and 400 for a malformed id or action', async () => {
    expect((await problem('GET', api.borrowing('XX-NONE'))).status).toBe(404);
    expect((await problem('GET', api.borrowing('US-NSU', '00000000-0000-4000-8000-000000000000'))).status).toBe(404);
    expect((await problem('GET', '/api/v1/nothing-here')).status).toBe(404);
    expect((await problem('GET', api.borrowing('US-NSU', 'not-a-uuid'))).status).toBe(400);
    const created = await api.call<RequestView>('POST', api.borrowing('US-NSU'), newRequest());
    expect((await problem('POST', `${api.borrowing('US-NSU', created.id)}/actions/teleport`, {})).status).toBe(400);
  });

  it('never shows one institution another institution’s request', async () => {
    const created = await api.call<RequestView>('POST', api.borrowing('US-NSU'), newRequest());
    expect((await problem('GET', api.borrowing('US-LKC', created.id))).status).toBe(404);
    expect((await problem('POST', `${api.borrowing('US-LKC', created.id)}/actions/cancel`, {})).status).toBe(404);
  });

  it('answers 409 with the current status and the allowed actions for an action not allowed now', async () => {
    const created = await api.call<RequestView>('POST', api.borrowing('US-NSU'), newRequest());
    const answer = await problem('POST', `${api.borrowing('US-NSU', created.id)}/actions/receive`, {});
    expect(answer).toMatchObject({ status: 409, json: { currentStatus: 'request_sent', allowedActions: ['cancel', 'cancel-partner'] } });
  });

  it('lets exactly one of two concurrent actions on a request win; the other gets 409', async () => {
    const created = await api.call<RequestView>('POST', api.borrowing('US-NSU'), newRequest());
    const lending = await api.findLendingRequest('US-HCPL', created.number);
    const path = `${api.lending('US-HCPL', lending.id)}/actions/will-supply`;
    const answers = await Promise.all([problem('POST', path, {}), problem('POST', path, {})]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(answers.find((a) => a.status === 409)?.json).toMatchObject({ currentStatus: 'will_supply' });
  });

  it('refuses a stale expectedVersion with 409', async () => {
    const created = await api.call<RequestView & { version: number }>('POST', api.borrowing('US-NSU'), newRequest({ send: false }));
    const answer = await problem('POST', `${api.borrowing('US-NSU', created.id)}/actions/send`, { expectedVersion: created.version + 5 });
    expect(answer.status).toBe(409);
    expect(answer.json.detail).toContain('changed since version');
  });

  it('checks what an action needs: ship without a due date is 400', async () => {
    const created = await api.call<RequestView>('POST', api.borrowing('US-NSU'), newRequest());
    const lending = await api.findLendingRequest('US-HCPL', created.number);
    const answer = await problem('POST', `${api.lending('US-HCPL', lending.id)}/actions/ship`, {});
    expect(answer).toMatchObject({ status: 400, json: { detail: 'ship needs dueDate' } });
  });

  it('lists with filters and pagination', async () => {
    const all = await api.call<{ items: unknown[]; total: number }>('GET', `${api.borrowing('US-NSU')}?limit=2`);
    expect(all.items).toHaveLength(2);
    expect(all.total).toBeGreaterThan(2);
    const ready = await api.call<{ items: { status: string }[] }>('GET', `${api.borrowing('US-NSU')}?status=created`);
    expect(ready.items.length).toBeGreaterThan(0);
    expect(ready.items.every((i) => i.status === 'created')).toBe(true);
    const viaLkc = await api.call<{ total: number }>('GET', `${api.borrowing('US-NSU')}?partner=LKC`);
    expect(viaLkc.total).toBeGreaterThan(0);
    expect(viaLkc.total).toBeLessThan(all.total);
    expect((await problem('GET', `${api.borrowing('US-NSU')}?status=dancing`)).status).toBe(400);
    expect((await problem('GET', `${api.borrowing('US-NSU')}?limit=100000`)).status).toBe(400);
  });

  it('parks a message nobody answers, flags the request, and resends it on request', async () => {
    const created = await api.call<RequestView>('POST', api.borrowing('US-NSU'), newRequest({ rota: ['GONE'] }));
    const flagged = await waitFor(() => api.call<RequestView & { needsAttention: string | null }>('GET', api.borrowing('US-NSU', created.id)), (v) => v.needsAttention !== null);
    expect(flagged.needsAttention).toContain('not delivered');
    const parked = await api.call<{ items: { id: string; requestId: string; status: string; attempts: number }[] }>('GET', '/api/v1/institutions/US-NSU/outbox?status=parked');
    const mine = parked.items.find((m) => m.requestId === created.id);
    expect(mine).toMatchObject({ status: 'parked', attempts: 1 });
    const resent = await api.call<{ status: string }>('POST', `/api/v1/institutions/US-NSU/outbox/${mine!.id}/resend`, {});
    expect(resent.status).toBe('pending');
    const again = await problem('POST', `/api/v1/institutions/US-LKC/outbox/${mine!.id}/resend`, {});
    expect(again.status).toBe(409);
  });

  it('describes the API in OpenAPI', async () => {
    const spec = (await (await fetch(`${base}/api/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/institutions/{symbol}/borrowing-requests',
        '/api/v1/institutions/{symbol}/borrowing-requests/{id}/actions/{action}',
        '/api/v1/institutions/{symbol}/lending-requests/{id}',
        '/iso18626',
      ]),
    );
  });
});
