/**
 * The lender's server is down for a minute while the borrower keeps working: every message
 * for the lender must wait in the borrower's outbox (retried, not parked), and when the lender
 * is back all of them must arrive, each once, in the order the borrower sent them per request.
 * Both back-ends run at the same time (concurrent tests), so the minute is spent once.
 */
import { describe, it, type ExpectStatic } from 'vitest';
import type { ApiClient, RequestView } from '../../../src/cli/apiClient.js';
import { availableBackends, createTestDatabase, type Backend, type TestDatabase } from '../../support/databases.js';
import { BORROWER, LENDER, LENDER_CODE, startPartnerServers, type PartnerServers, type SideDatabase } from '../../support/outage/partnerServers.js';
import { waitFor } from '../../support/waitFor.js';

/** A real minute; INTERLEND_TEST_OUTAGE_MS lengthens it for a long run. */
const OUTAGE_MS = Number(process.env.INTERLEND_TEST_OUTAGE_MS ?? 60_000);
/**
 * Retry timers: backoff doubling from 200 ms capped at 2 s, so the borrower tries the lender
 * again within 2 s of its return; enough attempts that a minute of refusals never parks.
 */
const BASE_DELAY_MS = 200;
const MAX_DELAY_MS = 2_000;
const MAX_ATTEMPTS = 10_000;

/** Requests shipped before the outage: received, damaged and returned during it (3 messages each). */
const SHIPPED = 5;
/** Requests created and cancelled during the outage (2 messages each). */
const CANCELLED = 3;
/** Requests created during the outage and left to the lender (1 message each). */
const ASKED = 2;
const EXPECTED_MESSAGES = SHIPPED * 3 + CANCELLED * 2 + ASKED;

interface OutboxItem {
  requestId: string;
  summary: string;
  status: string;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
}
type Full = RequestView & { cancelRequested?: boolean };

const inDays = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** One whole outage on one back-end: its own servers and databases, closed afterwards. */
async function lenderDownForAMinute(backend: Backend, expect: ExpectStatic): Promise<void> {
  const databases: TestDatabase[] = [];
  const side = async (): Promise<SideDatabase> => {
    if (backend === 'pglite') return { databaseUrl: '' };
    const database = await createTestDatabase('postgres', { migrate: false });
    databases.push(database);
    return { databaseUrl: database.url ?? '' };
  };
  let net: PartnerServers | undefined;
  try {
    net = await startPartnerServers({
      borrower: await side(),
      lender: await side(),
      env: {
        INTERLEND_OUTBOX_BASE_DELAY_MS: String(BASE_DELAY_MS),
        INTERLEND_OUTBOX_MAX_DELAY_MS: String(MAX_DELAY_MS),
        INTERLEND_OUTBOX_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
      },
    });
    await exercise(net, expect);
  } finally {
    await net?.close();
    await Promise.all(databases.map((d) => d.close()));
  }
}

async function exercise(net: PartnerServers, expect: ExpectStatic): Promise<void> {
  const b = net.borrowerApi;
  const l = net.lenderApi;
  const get = (api: ApiClient, path: string): Promise<Full> => api.call<Full>('GET', path);
  const act = (api: ApiClient, path: string, action: string, body: Record<string, unknown> = {}): Promise<Full> =>
    api.call<Full>('POST', `${path}/actions/${action}`, body);
  const outbox = async (status: string): Promise<OutboxItem[]> =>
    (await b.call<{ items: OutboxItem[] }>('GET', `/api/v1/institutions/${BORROWER}/outbox?status=${status}`)).items;
  const ask = async (title: string): Promise<{ id: string; path: string; number: string }> => {
    const created = await b.call<RequestView>('POST', b.borrowing(BORROWER), { patronId: 'P-60', citation: { title, author: 'Outage, Test' }, rota: [LENDER_CODE] });
    return { id: created.id, path: b.borrowing(BORROWER, created.id), number: created.number };
  };
  const lendingPath = async (number: string): Promise<string> => l.lending(LENDER, (await l.findLendingRequest(LENDER, number, 60_000)).id);

  // Before the outage: shipped loans, so the borrower has something to say during it.
  const shipped: { id: string; path: string; number: string; lender: string }[] = [];
  for (let i = 0; i < SHIPPED; i++) {
    const request = await ask(`Shipped before the outage ${i}`);
    const lp = await lendingPath(request.number);
    await act(l, lp, 'will-supply');
    await b.waitForStatus(request.path, 'will_supply', 60_000);
    await act(l, lp, 'ship', { dueDate: inDays(21), barcode: `OUT-${i}` });
    await b.waitForStatus(request.path, 'shipped_physically', 60_000);
    shipped.push({ ...request, lender: lp });
  }
  expect(await outbox('pending')).toEqual([]);

  await net.stopLender();
  const downAt = Date.now();

  for (const request of shipped) {
    await act(b, request.path, 'receive');
    await act(b, request.path, 'loan-to-patron');
    await act(b, request.path, 'patron-return');
    await act(b, request.path, 'report-damaged', { note: 'Water damage on the cover' });
    await act(b, request.path, 'return-to-lender');
  }
  const cancelled: { id: string; path: string; number: string }[] = [];
  for (let i = 0; i < CANCELLED; i++) {
    const request = await ask(`Cancelled during the outage ${i}`);
    await act(b, request.path, 'cancel', { note: 'Patron found a copy' });
    cancelled.push(request);
  }
  const asked: { id: string; path: string; number: string }[] = [];
  for (let i = 0; i < ASKED; i++) asked.push(await ask(`Asked during the outage ${i}`));
  const all = [...shipped, ...cancelled, ...asked];

  // What waits for the lender, in the borrower's order per request (outbox ids are enqueue order).
  const pendingAtStart = await outbox('pending');
  expect(pendingAtStart).toHaveLength(EXPECTED_MESSAGES);
  const queuedOrder = new Map(all.map((request) => [request.id, pendingAtStart.filter((m) => m.requestId === request.id).map((m) => m.summary)]));

  // While the lender is down: everything waits, the head of each request is retried with
  // its error kept, nothing parks, and no retry is scheduled past the backoff cap.
  let checks = 0;
  while (Date.now() - downAt < OUTAGE_MS) {
    const pending = await outbox('pending');
    expect(pending).toHaveLength(EXPECTED_MESSAGES);
    expect(await outbox('parked')).toEqual([]);
    const now = Date.now();
    for (const message of pending) expect(Date.parse(message.nextAttemptAt) - now).toBeLessThanOrEqual(MAX_DELAY_MS + 1_000);
    checks++;
    await sleep(Math.min(5_000, Math.max(0, OUTAGE_MS - (Date.now() - downAt))));
  }
  expect(checks).toBeGreaterThan(1);
  const queued = await outbox('pending');
  expect(queued).toHaveLength(EXPECTED_MESSAGES);
  const heads = all.map((request) => queued.find((m) => m.requestId === request.id));
  for (const head of heads) {
    // Refused all along, tried at least every 2 s (give or take a busy machine), the refusal on record.
    expect(head?.attempts).toBeGreaterThanOrEqual(Math.floor(OUTAGE_MS / (2 * MAX_DELAY_MS)));
    expect(head?.lastError).toBeTruthy();
  }
  const health = await (await fetch(`${net.borrowerBase}/health`)).json();
  expect(health).toMatchObject({ status: 'ok', outbox: { pending: EXPECTED_MESSAGES, parked: 0 } });

  await net.startLender();
  await waitFor(() => outbox('pending'), (items) => items.length === 0, { what: 'the borrower outbox to drain', timeoutMs: 90_000 });
  expect(await outbox('parked')).toEqual([]);

  // Arrived in order, each once: the lender's inbound log per request is the borrower's send order.
  const sent = await outbox('delivered');
  for (const request of all) {
    const sendOrder = sent.filter((m) => m.requestId === request.id).map((m) => m.summary);
    const queuedForIt = queuedOrder.get(request.id) ?? [];
    expect(queuedForIt.length).toBeGreaterThan(0);
    expect(sendOrder.slice(-queuedForIt.length)).toEqual(queuedForIt);
    const lending = await get(l, await lendingPath(request.number));
    expect(lending.messages.filter((m) => m.direction === 'in').map((m) => m.summary)).toEqual(sendOrder);
  }
  const metrics = await (await fetch(`${net.lenderBase}/metrics`)).text();
  expect(metrics).not.toMatch(/^interlend_protocol_duplicates_total(\{[^}]*\})? [1-9]/m);

  // The requests end where they should: each requester event applied once.
  for (const request of shipped) {
    const lending = await l.waitForStatus(request.lender, 'returned_by_partner', 30_000);
    expect(lending.history.map((h) => h.event)).toEqual([
      'requester:Request', 'will-supply', 'ship', 'requester:Received', 'requester:Damaged', 'requester:ShippedReturn',
    ]);
    await act(l, request.lender, 'check-in');
    const borrowing = await b.waitForStatus(request.path, 'completed', 60_000);
    expect(borrowing.history.filter((h) => h.event.startsWith('supplier:')).map((h) => h.event)).toEqual(['supplier:WillSupply', 'supplier:Loaned', 'supplier:LoanCompleted']);
  }
  for (const request of cancelled) {
    const lp = await lendingPath(request.number);
    const lending = await waitFor(() => get(l, lp), (v) => v.cancelRequested === true, { what: 'the cancel at the lender', timeoutMs: 30_000 });
    expect(lending.history.map((h) => h.event)).toEqual(['requester:Request', 'requester:Cancel']);
    await act(l, lp, 'answer-cancel', { approve: true });
    await b.waitForStatus(request.path, 'cancelled', 60_000);
  }
  for (const request of asked) {
    const lp = await lendingPath(request.number);
    expect((await get(l, lp)).history.map((h) => h.event)).toEqual(['requester:Request']);
    await act(l, lp, 'will-supply');
    await b.waitForStatus(request.path, 'will_supply', 60_000);
  }
}

const backends = await availableBackends();

describe(`a lender down for ${OUTAGE_MS / 1000} s`, () => {
  it.concurrent.for(backends)(
    'on %s: every message waits (retried, none parked), then all arrive once, in order per request',
    { timeout: OUTAGE_MS + 400_000 },
    (backend, { expect }) => lenderDownForAMinute(backend, expect),
  );
});
