import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient} from '../../../src/cli/apiClient.js';
import { type RequestView } from '../../../src/cli/apiClient.js';
import { startApiServer, type ApiServer } from '../../support/apiServer.js';
import { availableBackends } from '../../support/databases.js';
import { testNetwork } from '../../support/demoNetwork.js';

const backends = await availableBackends();

interface ListView {
  items: { id: string; number: string; status: string; assignedTo: string | null }[];
  total: number;
  next: string | null;
  facets?: { status: { value: string; label: string; count: number }[]; assignedTo: { value: string | null; count: number; me: boolean }[] };
}
interface BulkView {
  results: ({ id: string; ok: true; status: string; statusLabel: string } | { id: string; ok: false; problem: { status: number; currentStatus?: string; allowedActions?: string[] } })[];
  succeeded: number;
  failed: number;
}

describe.each(backends)('task-list API on %s', (backend) => {
  let server: ApiServer;
  let api: ApiClient;
  let base: string;

  beforeAll(async () => {
    server = await startApiServer(backend, { network: testNetwork, networkFile: 'test', demo: true, outboxPolicy: { maxAttempts: 1, pollIntervalMs: 50 } });
    base = server.base;
    api = server.client();
  });

  afterAll(() => server?.stop());

  const create = (title: string, send = false) =>
    api.call<RequestView & { version: number }>('POST', api.borrowing('US-NSU'), { patronId: 'P-9', citation: { title }, rota: ['HCPL'], send });

  async function raw(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { ...(await api.authorization(path)), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  }

  it('assigns to me and unassigns, recording both in the history', async () => {
    const created = await create('Assignable');
    const assigned = await api.call<{ assignedTo: string | null; version: number }>('POST', `${api.borrowing('US-NSU', created.id)}/assign`, {});
    expect(assigned.assignedTo).not.toBeNull();
    expect(assigned.version).toBe(created.version + 1);
    const mine = await api.call<ListView>('GET', `${api.borrowing('US-NSU')}?assignedTo=me&q=assignable`);
    expect(mine.items.map((i) => i.id)).toEqual([created.id]);
    expect(mine.facets!.assignedTo.find((f) => f.me)?.count).toBe(1);

    await api.call('POST', `${api.borrowing('US-NSU', created.id)}/unassign`, {});
    const detail = await api.call<RequestView>('GET', api.borrowing('US-NSU', created.id));
    const assigns = detail.history.filter((h) => h.event === 'assign');
    expect(assigns).toHaveLength(2);
    expect(assigns.every((h) => h.fromLabel === 'Created' && h.toLabel === 'Created')).toBe(true);
    expect((await api.call<ListView>('GET', `${api.borrowing('US-NSU')}?assignedTo=me&q=assignable`)).total).toBe(0);
    expect((await api.call<ListView>('GET', `${api.borrowing('US-NSU')}?assignedTo=unassigned&q=assignable`)).total).toBe(1);
  });

  it('answers 404 for assigning a request that is not the institution’s, and 409 for a stale version', async () => {
    const created = await create('Not yours');
    expect((await raw('POST', `${api.borrowing('US-HCPL', created.id)}/assign`, {})).status).toBe(404);
    expect((await raw('POST', `${api.borrowing('US-NSU', '00000000-0000-4000-8000-000000000000')}/assign`, {})).status).toBe(404);
    const stale = await raw('POST', `${api.borrowing('US-NSU', created.id)}/assign`, { expectedVersion: created.version + 3 });
    expect(stale.status).toBe(409);
    expect((await raw('POST', `${api.borrowing('US-NSU', created.id)}/assign`, { assignee: 'bob' })).status).toBe(400);
  });

  it('runs a bulk action with one outcome per request: done, not allowed now, not found', async () => {
    const [a, b] = [await create('Bulk A'), await create('Bulk B')];
    const sent = await create('Bulk C', true);
    const other = await api.call<RequestView>('POST', api.borrowing('US-HCPL'), { patronId: 'P', citation: { title: 'Theirs' }, rota: ['NSU'], send: false });
    const missing = '00000000-0000-4000-8000-000000000000';
    const bulk = await api.call<BulkView>('POST', `${api.borrowing('US-NSU')}/bulk`, { action: 'send', ids: [a.id, sent.id, b.id, missing, other.id] });
    expect(bulk.results.map((r) => [r.id, r.ok ? r.status : r.problem.status])).toEqual([
      [a.id, 'request_sent'],
      [sent.id, 409],
      [b.id, 'request_sent'],
      [missing, 404],
      // Another institution's request is as unknown here as one that does not exist.
      [other.id, 404],
    ]);
    expect(bulk).toMatchObject({ succeeded: 2, failed: 3 });
    const refused = bulk.results[1]!;
    expect(refused.ok ? undefined : refused.problem.currentStatus).toBe('request_sent');
    expect(refused.ok ? undefined : refused.problem.allowedActions).toContain('cancel');
    // Each success went through the one-request service: its history and its message to the partner.
    const detail = await api.call<RequestView>('GET', api.borrowing('US-NSU', a.id));
    expect(detail.history.map((h) => h.event)).toEqual(['create', 'send']);
    expect((await api.call<RequestView>('GET', api.borrowing('US-HCPL', other.id))).status).toBe('created');
    await api.findLendingRequest('US-HCPL', b.number);
  });

  it('assigns in bulk', async () => {
    const [a, b] = [await create('Bulk assign one'), await create('Bulk assign two')];
    const bulk = await api.call<BulkView>('POST', `${api.borrowing('US-NSU')}/bulk`, { action: 'assign', ids: [a.id, b.id] });
    expect(bulk.succeeded).toBe(2);
    const mine = await api.call<ListView>('GET', `${api.borrowing('US-NSU')}?assignedTo=me&q=bulk%20assign`);
    expect(mine.items.map((i) => i.id).sort()).toEqual([a.id, b.id].sort());
  });

  it('refuses a malformed bulk body, naming the field', async () => {
    const created = await create('Bulk bad');
    for (const [body, field] of [
      [{ action: 'fly', ids: [created.id] }, 'action'],
      [{ action: 'send', ids: ['nope'] }, 'ids.0'],
      [{ action: 'send', ids: [] }, 'ids'],
      [{ action: 'send', ids: [created.id, created.id] }, 'ids'],
      [{ action: 'send', ids: [created.id], extra: 1 }, 'body'],
      [{ action: 'send', ids: Array.from({ length: 201 }, () => created.id) }, 'ids'],
    ] as const) {
      const answer = await raw('POST', `${api.borrowing('US-NSU')}/bulk`, body);
      expect(answer.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(String(answer.json.detail)).toContain(field);
    }
    const incomplete = await raw('POST', `${api.lending('US-HCPL')}/bulk`, { action: 'answer-cancel', ids: [created.id] });
    expect(incomplete).toMatchObject({ status: 400, json: { detail: 'body: answer-cancel needs approve' } });
  });

  it.each([
    ['status=dancing', 'status'],
    ['limit=0', 'limit'],
    ['limit=201', 'limit'],
    ['limit=ten', 'limit'],
    ['sort=size', 'sort'],
    ['order=up', 'order'],
    ['created=yesterday', 'created'],
    ['createdFrom=25-11-2026', 'createdFrom'],
    ['createdFrom=2026-11-25&createdBefore=2026-11-01', 'createdBefore'],
    ['needsAttention=maybe', 'needsAttention'],
    ['offset=10', 'offset'],
    ['partner=NOPE', 'partner'],
    ['library=NOPE', 'library'],
    ['q=%20', 'q'],
    ['q=---', 'q'],
    ['after=garbage', 'after'],
    ['facets=yes', 'facets'],
  ])('answers 400 naming the parameter for ?%s', async (query, parameter) => {
    const answer = await raw('GET', `${api.borrowing('US-NSU')}?${query}`);
    expect(answer.status).toBe(400);
    expect(String(answer.json.detail)).toContain(parameter);
  });

  it('pages the lending list by keyset and finds a partner’s request by number', async () => {
    // The lending requests arrive through the outbox: page only once all three are there.
    for (const title of ['Lend one', 'Lend two', 'Lend three']) await api.findLendingRequest('US-HCPL', (await create(title, true)).number);
    const seen: string[] = [];
    let path = `${api.lending('US-HCPL')}?limit=2&sort=created&order=asc&facets=false`;
    for (;;) {
      const page = await api.call<ListView>('GET', path);
      seen.push(...page.items.map((i) => i.id));
      if (!page.next) break;
      path = `${api.lending('US-HCPL')}?limit=2&sort=created&order=asc&facets=false&after=${page.next}`;
    }
    const all = await api.call<ListView>('GET', `${api.lending('US-HCPL')}?limit=200&sort=created&order=asc`);
    expect(seen).toEqual(all.items.map((i) => i.id));
    expect(all.total).toBe(seen.length);
    expect(all.facets!.status.reduce((n, f) => n + f.count, 0)).toBe(all.total);
    const [first] = (await api.call<ListView>('GET', `${api.lending('US-HCPL')}?q=lend%20two`)).items;
    expect(first).toBeDefined();
  });
});
