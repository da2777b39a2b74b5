import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, type ApiClient, type RequestView } from '../../../src/cli/apiClient.js';
import { runLoanLifecycle } from '../../../src/cli/loanLifecycle.js';
import { parseIso18626 } from '../../../src/protocols/iso18626/index.js';
import { availableBackends } from '../../support/databases.js';
import { requestingAgencyMessageXml } from '../../support/iso18626Messages.js';
import { BORROWER, LENDERS, startNetwork, type P2PNetwork, type Topology } from '../../support/p2pNetwork.js';
import { ISO18626_XSD } from '../../support/standards.js';
import { waitFor } from '../../support/waitFor.js';
import { describeFailures, requireXmllint, validateWithXsd } from '../../support/xmllint.js';

const backends = await availableBackends();
const xmllint = requireXmllint('validation of every exchanged ISO 18626 message');
const combinations = (['one-process', 'two-processes'] as Topology[]).flatMap((topology) => backends.map((backend) => [topology, backend] as const));

interface RotaView {
  version: number;
  rota: { position: number; partner: { code: string }; status: string; reason: string | null }[];
  terms: Record<string, unknown>;
  cancelRequested?: boolean;
}
type Full = RequestView & RotaView;

describe.each(combinations)('peer to peer, %s, on %s', (topology, backend) => {
  let net: P2PNetwork;
  let b: ApiClient;
  let l: ApiClient;
  /** Every ISO 18626 document either side sent or received in this suite. */
  const exchanged: string[] = [];

  beforeAll(async () => {
    net = await startNetwork(topology, backend);
    b = net.borrowerApi;
    l = net.lenderApi;
  }, 120_000);

  afterAll(async () => {
    await net?.close();
  });

  function keep(...views: RequestView[]): void {
    for (const view of views) for (const m of view.messages) exchanged.push(m.body, ...(m.confirmation ? [m.confirmation] : []));
  }

  async function ask(rota: string[], extra: Record<string, unknown> = {}): Promise<{ path: string; number: string }> {
    const created = await b.call<RequestView>('POST', b.borrowing(BORROWER), {
      patronId: 'P-7',
      citation: { title: 'A Wizard of Earthsea', author: 'Le Guin, Ursula K.', isbn: '9780547773742' },
      rota,
      ...extra,
    });
    return { path: b.borrowing(BORROWER, created.id), number: created.number };
  }

  async function lendingAt(lender: string, number: string): Promise<string> {
    const found = await l.findLendingRequest(lender, number);
    return l.lending(lender, found.id);
  }

  const get = (api: ApiClient, path: string) => api.call<Full>('GET', path);
  const act = (api: ApiClient, path: string, action: string, body: Record<string, unknown> = {}) => api.call<Full>('POST', `${path}/actions/${action}`, body);
  const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');

  /** Borrower asks HCPL, HCPL ships, borrower receives and loans: the start of several scenarios. */
  async function onLoan(): Promise<{ bp: string; lp: string }> {
    const { path: bp, number } = await ask(['HCPL']);
    const lp = await lendingAt(LENDERS.HCPL, number);
    await act(l, lp, 'will-supply');
    await b.waitForStatus(bp, 'will_supply');
    await act(l, lp, 'ship', { dueDate: inDays(21), barcode: 'HC-0001' });
    await b.waitForStatus(bp, 'shipped_physically');
    await act(b, bp, 'receive');
    await l.waitForStatus(lp, 'received_by_partner');
    await act(b, bp, 'loan-to-patron');
    return { bp, lp };
  }

  let lifecycle: { bp: string; lp: string } | undefined;

  it('(1) will-supply, ship, receive, loan, patron return, return to lender, check-in: both completed', async () => {
    const { borrowing, lending } = await runLoanLifecycle({ borrower: b, lender: l }, BORROWER, LENDERS.HCPL, 'HCPL');
    expect(borrowing.history.map((h) => h.event)).toEqual([
      'create', 'send', 'supplier:WillSupply', 'supplier:Loaned', 'receive', 'loan-to-patron', 'patron-return', 'return-to-lender', 'supplier:LoanCompleted',
    ]);
    expect(lending.history.map((h) => h.event)).toEqual(['requester:Request', 'will-supply', 'ship', 'requester:Received', 'requester:ShippedReturn', 'check-in']);
    expect(borrowing.dueDate).toBe(lending.dueDate);
    expect(borrowing.dueDate).not.toBeNull();
    expect(borrowing.messages.map((m) => `${m.direction} ${m.summary} ${m.status}`)).toEqual([
      'out New OK', 'in RequestResponse WillSupply OK', 'in StatusChange Loaned OK', 'out Received OK', 'out ShippedReturn OK', 'in StatusChange LoanCompleted OK',
    ]);
    keep(borrowing, lending);
    lifecycle = { bp: b.borrowing(BORROWER, borrowing.id), lp: l.lending(LENDERS.HCPL, lending.id) };
  });

  it('(2) first partner rejects (Unfilled), the second supplies', async () => {
    const { path: bp, number } = await ask(['HCPL', 'LKC']);
    const hcpl = await lendingAt(LENDERS.HCPL, number);
    await act(l, hcpl, 'reject', { reason: 'NotHeld', note: 'Not in our collection' });
    const moved = await b.waitForStatus(bp, 'request_sent');
    const lkc = await lendingAt(LENDERS.LKC, number);
    const view = await get(b, bp);
    expect(view.rota.map((e) => [e.partner.code, e.status, e.reason])).toEqual([
      ['HCPL', 'rejected', 'NotHeld'],
      ['LKC', 'sent', null],
    ]);
    await act(l, lkc, 'will-supply');
    await act(l, lkc, 'ship', { dueDate: inDays(14) });
    const shipped = await b.waitForStatus(bp, 'shipped_physically');
    expect((await get(b, bp)).rota.map((e) => e.status)).toEqual(['rejected', 'supplying']);
    keep(moved, shipped, await get(l, hcpl), await get(l, lkc));
  });

  it('(3) cancel before shipping: accepted by the lender, and refused by the lender', async () => {
    const first = await ask(['HCPL']);
    const lp = await lendingAt(LENDERS.HCPL, first.number);
    await act(l, lp, 'will-supply');
    await b.waitForStatus(first.path, 'will_supply');
    await act(b, first.path, 'cancel', { note: 'Patron no longer needs it' });
    expect((await get(b, first.path)).status).toBe('waiting_for_cancel');
    const asked = await waitFor(() => get(l, lp), (v) => v.cancelRequested === true);
    expect(asked.allowedActions).toContain('answer-cancel');
    await act(l, lp, 'answer-cancel', { approve: true });
    const cancelled = await b.waitForStatus(first.path, 'cancelled');
    expect((await get(l, lp)).status).toBe('cancelled');

    const second = await ask(['HCPL']);
    const lp2 = await lendingAt(LENDERS.HCPL, second.number);
    await act(l, lp2, 'will-supply');
    await b.waitForStatus(second.path, 'will_supply');
    await act(b, second.path, 'cancel');
    await waitFor(() => get(l, lp2), (v) => v.cancelRequested === true);
    await act(l, lp2, 'answer-cancel', { approve: false, note: 'Already on the van' });
    const refused = await b.waitForStatus(second.path, 'will_supply');
    const lender = await get(l, lp2);
    expect(lender).toMatchObject({ status: 'will_supply', cancelRequested: false });
    keep(cancelled, refused, lender, await get(l, lp));
  });

  it('(4) renewal accepted with a new due date, then refused', async () => {
    const { bp, lp } = await onLoan();
    await act(b, bp, 'request-renewal', { note: 'Thesis due' });
    await l.waitForStatus(lp, 'renew_requested');
    const newDue = inDays(60);
    await act(l, lp, 'answer-renewal', { approve: true, dueDate: newDue });
    const renewed = await b.waitForStatus(bp, 'renewed');
    expect(renewed.dueDate).toBe(new Date(newDue).toISOString());
    await act(b, bp, 'request-renewal');
    await l.waitForStatus(lp, 'renew_requested');
    await act(l, lp, 'answer-renewal', { approve: false });
    const refused = await b.waitForStatus(bp, 'renew_refused');
    expect(refused.dueDate).toBe(renewed.dueDate);
    keep(refused, await get(l, lp));
  });

  it('(5) recall shortens the loan', async () => {
    const { bp, lp } = await onLoan();
    const sooner = inDays(3);
    await act(l, lp, 'recall', { dueDate: sooner, note: 'Needed for reserve' });
    const recalled = await b.waitForStatus(bp, 'recalled');
    expect(recalled.dueDate).toBe(new Date(sooner).toISOString());
    expect(recalled.allowedActions).toContain('patron-return');
    keep(recalled, await get(l, lp));
  });

  it('(6) overdue', async () => {
    const { bp, lp } = await onLoan();
    await act(l, lp, 'mark-overdue');
    const overdue = await b.waitForStatus(bp, 'overdue');
    expect(overdue.allowedActions).toEqual(expect.arrayContaining(['patron-return', 'request-renewal']));
    keep(overdue, await get(l, lp));
  });

  it('(7) digital copy: CopyCompleted, received digitally, both completed', async () => {
    const { path: bp, number } = await ask(['HCPL'], { serviceType: 'copy', format: 'digital', citation: { title: 'Nature 1953', articleTitle: 'Molecular structure of nucleic acids', pages: '737-738', doi: '10.1038/171737a0' } });
    const lp = await lendingAt(LENDERS.HCPL, number);
    expect((await get(l, lp)).allowedActions).not.toContain('ship');
    await act(l, lp, 'ship-digitally', { url: 'https://files.example.org/copy/171737a0.pdf' });
    await b.waitForStatus(bp, 'shipped_digitally');
    await act(b, bp, 'mark-received-digitally');
    const lending = await l.waitForStatus(lp, 'completed');
    const borrowing = await act(b, bp, 'complete');
    expect(borrowing.status).toBe('completed');
    keep(borrowing, lending);
  });

  it('(8) conditional: accepted, and rejected (next partner)', async () => {
    const accepted = await ask(['HCPL']);
    const lp = await lendingAt(LENDERS.HCPL, accepted.number);
    await act(l, lp, 'conditional', { note: 'Library use only' });
    await b.waitForStatus(accepted.path, 'conditional');
    expect(JSON.stringify((await get(b, accepted.path)).terms)).toContain('Library use only');
    await act(b, accepted.path, 'accept-conditions');
    await l.waitForStatus(lp, 'will_supply');
    const willSupply = await b.waitForStatus(accepted.path, 'will_supply');

    const rejected = await ask(['HCPL', 'LKC']);
    const lp2 = await lendingAt(LENDERS.HCPL, rejected.number);
    await act(l, lp2, 'conditional', { note: 'Fee of 10 USD' });
    await b.waitForStatus(rejected.path, 'conditional');
    await act(b, rejected.path, 'reject-conditions');
    expect((await get(b, rejected.path)).rota.map((e) => e.status)).toEqual(['rejected', 'sent']);
    const declined = await l.waitForStatus(lp2, 'cancelled');
    await lendingAt(LENDERS.LKC, rejected.number);
    keep(willSupply, await get(l, lp), await get(b, rejected.path), declined);
  });

  it('(9) an unanswered request expires and moves to the next partner', async () => {
    const { path: bp, number } = await ask(['XPR', 'LKC']);
    const moved = await waitFor(() => get(b, bp), (v) => v.rota[1]?.status === 'sent');
    expect(moved.rota.map((e) => [e.partner.code, e.status])).toEqual([
      ['XPR', 'expired'],
      ['LKC', 'sent'],
    ]);
    expect(moved.history.map((h) => h.event)).toContain('timer:expire');
    const xpr = await lendingAt(LENDERS.XPR, number);
    const told = await waitFor(() => get(l, xpr), (v) => v.cancelRequested === true);
    await lendingAt(LENDERS.LKC, number);
    keep(moved, told);
  });

  it.runIf(topology === 'two-processes')('(10) the lender is unreachable for a while: messages wait, then arrive in order', async () => {
    await net.stopLender?.();
    const { path: bp, number } = await ask(['HCPL']);
    await act(b, bp, 'cancel');
    const waiting = await waitFor(
      () => b.call<{ items: { summary: string; attempts: number; status: string; lastError: string | null }[] }>('GET', `/api/v1/institutions/${BORROWER}/outbox?status=pending`),
      (o) => o.items.some((m) => m.summary === 'New' && m.attempts >= 2),
    );
    expect(waiting.items.find((m) => m.summary === 'New')?.lastError).toBeTruthy();
    await net.startLender?.();
    const lp = await lendingAt(LENDERS.HCPL, number);
    const lender = await waitFor(() => get(l, lp), (v) => v.cancelRequested === true);
    expect(lender.history.map((h) => h.event)).toEqual(['requester:Request', 'requester:Cancel']);
    keep(lender, await get(b, bp));
  }, 60_000);

  it('(11) every message re-delivered twice changes nothing', async () => {
    expect(lifecycle).toBeDefined();
    const { bp, lp } = lifecycle!;
    for (const [api, path, base] of [[b, bp, net.borrowerBase], [l, lp, net.lenderBase]] as const) {
      const before = await get(api, path);
      const inbound = before.messages.filter((m) => m.direction === 'in');
      expect(inbound.length).toBeGreaterThanOrEqual(3);
      for (const message of inbound) {
        for (let i = 0; i < 2; i++) {
          const response = await fetch(`${base}/iso18626`, { method: 'POST', headers: { 'content-type': 'application/xml' }, body: message.body });
          expect(await response.text()).toBe(message.confirmation);
        }
      }
      const after = await get(api, path);
      expect({ status: after.status, version: after.version, history: after.history.length, messages: after.messages.length }).toEqual({
        status: before.status,
        version: before.version,
        history: before.history.length,
        messages: before.messages.length,
      });
    }
  });

  it('(12) an out-of-state message gets a clear ERROR and changes nothing; an out-of-state action gets 409', async () => {
    const { path: bp, number } = await ask(['HCPL']);
    const lp = await lendingAt(LENDERS.HCPL, number);
    const before = await get(l, lp);
    const response = await fetch(`${net.lenderBase}/iso18626`, {
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body: requestingAgencyMessageXml('ShippedReturn', { from: BORROWER, to: LENDERS.HCPL, id: number }),
    });
    const answer = parseIso18626(await response.text());
    expect(answer.ok && 'confirmationHeader' in answer.message && answer.message.errorData?.[0]).toMatchObject({
      errorType: 'UnsupportedActionType',
      errorValue: expect.stringContaining('"Created lending request"') as unknown,
    });
    const after = await get(l, lp);
    expect({ status: after.status, version: after.version }).toEqual({ status: before.status, version: before.version });

    const refusal = await act(b, bp, 'loan-to-patron').catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ApiError);
    expect((refusal as ApiError).status).toBe(409);
    expect((refusal as ApiError).problem).toMatchObject({ currentStatus: 'request_sent', allowedActions: expect.arrayContaining(['cancel', 'cancel-partner']) as unknown });
  });

  it.skipIf(!xmllint)('every message exchanged validates against the ISO 18626 XSD', () => {
    expect(exchanged.length).toBeGreaterThan(60);
    const byVersion = { '1.2': [] as string[], '2021': [] as string[] };
    for (const doc of exchanged) {
      const parsed = parseIso18626(doc);
      expect(parsed.ok, doc).toBe(true);
      byVersion[parsed.version === '2021' ? '2021' : '1.2'].push(doc);
    }
    for (const version of ['1.2', '2021'] as const) {
      const results = validateWithXsd(ISO18626_XSD[version], byVersion[version]);
      expect(results.filter((r) => !r.valid), describeFailures(results, byVersion[version])).toEqual([]);
    }
  });
});
