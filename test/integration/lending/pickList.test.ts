import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestView } from '../../../src/cli/apiClient.js';
import { bearer, signIn } from '../../support/auth/accounts.js';
import { availableBackends } from '../../support/databases.js';
import { BORROWER, ISBN, LENDER, startLocateNetwork, type LocateNetwork } from './lendingLocateNetwork.js';

const backends = await availableBackends();

interface PickLine {
  id: string;
  status: string;
  barcode: string;
  library: string | null;
  lendingRequest: { id: string; number: string };
}
interface LendingView extends RequestView {
  picks: { id: string; status: string }[];
}

describe.each(backends)('the pick list API on %s', (backend) => {
  let net: LocateNetwork;
  const tokens: Record<string, Record<string, string>> = {};
  const listPath = `/api/v1/institutions/${LENDER}/pick-list`;

  beforeAll(async () => {
    net = await startLocateNetwork(backend);
    await net.setLending({ autoLocate: true, rejectWhen: { locateFails: true, noAvailableItems: true, noRequestableItems: true, onlyElectronic: true }, createLocalMoveAutomatically: true });
    for (const name of ['desk', 'partners', 'annex-operator', 'admin']) tokens[name] = bearer(await signIn(net.base, LENDER, name));
    tokens['borrower-admin'] = bearer(await signIn(net.base, BORROWER, 'admin'));
  }, 120_000);
  afterAll(async () => {
    await net?.close();
  });

  async function call(method: 'GET' | 'POST', path: string, as?: string): Promise<{ status: number; json: Record<string, unknown> }> {
    const response = await fetch(`${net.base}${path}`, { method, headers: as ? tokens[as] : {} });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  }
  const lines = async (query = '', as = 'desk') => {
    const answer = await call('GET', `${listPath}${query}`, as);
    expect(answer.status).toBe(200);
    return (answer.json as { items: PickLine[] }).items;
  };

  /** A borrower's request for the available title: located on arrival, with a pick request. */
  async function picked(): Promise<{ bp: string; lp: string; pick: PickLine }> {
    const b = net.borrowerApi;
    const created = await b.call<RequestView>('POST', b.borrowing(BORROWER), { patronId: 'P-1', citation: { title: 'A wizard of Earthsea', isbn: ISBN.available }, rota: ['LVW'] });
    const found = await net.lenderApi.findLendingRequest(LENDER, created.number);
    const pick = (await lines('?status=open')).find((line) => line.lendingRequest.id === found.id);
    if (!pick) throw new Error(`no pick for ${found.number}`);
    return { bp: b.borrowing(BORROWER, created.id), lp: net.lenderApi.lending(LENDER, found.id), pick };
  }

  it('answers only staff who work the shelves, and nothing to other institutions', async () => {
    const { pick } = await picked();
    expect((await call('GET', listPath)).status).toBe(401);
    expect((await call('POST', `${listPath}/${pick.id}/picked`)).status).toBe(401);
    expect((await call('GET', listPath, 'partners')).status).toBe(403);
    expect((await call('POST', `${listPath}/${pick.id}/picked`, 'partners')).status).toBe(403);
    // Another institution's staff: the same 404 as for an institution that does not exist, and no trace of the pick.
    const foreign = await call('GET', listPath, 'borrower-admin');
    expect(foreign.status).toBe(404);
    expect(JSON.stringify(foreign.json)).not.toContain(pick.barcode);
    expect((await call('GET', `/api/v1/institutions/${BORROWER}/pick-list`, 'borrower-admin')).json).toEqual({ items: [] });
    expect((await call('POST', `/api/v1/institutions/${BORROWER}/pick-list/${pick.id}/picked`, 'borrower-admin')).status).toBe(404);
    expect((await lines('', 'admin')).map((l) => l.id)).toContain(pick.id);
    expect((await call('POST', `${listPath}/${pick.id}/cancel`, 'admin')).status).toBe(200);
  });

  it('filters by status and library, and keeps a library-scoped operator to their libraries', async () => {
    const { pick } = await picked();
    expect(pick).toMatchObject({ status: 'open', barcode: 'LVW-0001', library: 'MAIN' });
    expect((await lines('?library=main')).map((l) => l.id)).toContain(pick.id);
    expect(await lines('?library=ANNEX')).toEqual([]);
    expect(await lines('?status=picked&library=ANNEX')).toEqual([]);
    expect((await lines('', 'annex-operator')).map((l) => l.id)).not.toContain(pick.id);
    expect((await call('POST', `${listPath}/${pick.id}/picked`, 'annex-operator')).status).toBe(404);
    for (const bad of ['?status=lost', '?library=NOWHERE', '?limit=0', '?limit=abc', '?colour=red']) {
      const answer = await call('GET', `${listPath}${bad}`, 'desk');
      expect(answer.status, bad).toBe(400);
      expect(answer.json).toMatchObject({ status: 400 });
    }
    expect((await call('POST', `${listPath}/${pick.id}/cancel`, 'desk')).status).toBe(200);
  });

  it('an open pick is picked once; settled picks refuse further changes; unknown ids are 404', async () => {
    const { lp, pick } = await picked();
    const done = await call('POST', `${listPath}/${pick.id}/picked`, 'desk');
    expect(done.status).toBe(200);
    expect(done.json).toMatchObject({ id: pick.id, status: 'picked' });
    expect((await lines('?status=open')).map((l) => l.id)).not.toContain(pick.id);
    expect((await lines('?status=picked')).map((l) => l.id)).toContain(pick.id);
    expect((await call('POST', `${listPath}/${pick.id}/picked`, 'desk')).status).toBe(409);
    expect((await call('POST', `${listPath}/${pick.id}/cancel`, 'desk')).status).toBe(409);
    const view = await net.lenderApi.call<LendingView>('GET', lp);
    expect(view.picks).toEqual([expect.objectContaining({ id: pick.id, status: 'picked' })]);
    expect(view.history.map((h) => h.event)).toContain('pick:picked');

    expect((await call('POST', `${listPath}/00000000-0000-4000-8000-000000000000/picked`, 'desk')).status).toBe(404);
    expect((await call('POST', `${listPath}/not-a-uuid/picked`, 'desk')).status).toBe(400);
    expect((await call('POST', `${listPath}/${pick.id}/shred`, 'desk')).status).toBe(400);
  });

  it('staff cancel a pick; a cancelled lending request cancels its open pick', async () => {
    const first = await picked();
    const cancelled = await call('POST', `${listPath}/${first.pick.id}/cancel`, 'desk');
    expect(cancelled.json).toMatchObject({ status: 'cancelled' });

    const { bp, lp, pick } = await picked();
    const b = net.borrowerApi;
    await b.call('POST', `${bp}/actions/cancel`, {});
    await waitForCancelAsked(lp);
    const answered = await net.lenderApi.call<LendingView>('POST', `${lp}/actions/answer-cancel`, { approve: true });
    expect(answered.status).toBe('cancelled');
    expect(answered.picks).toEqual([expect.objectContaining({ id: pick.id, status: 'cancelled' })]);
    await b.waitForStatus(bp, 'cancelled');
  });

  async function waitForCancelAsked(lp: string): Promise<void> {
    const deadline = Date.now() + 15_000;
    while ((await net.lenderApi.call<{ cancelRequested: boolean }>('GET', lp)).cancelRequested !== true) {
      if (Date.now() > deadline) throw new Error(`${lp}: the borrower's cancel never arrived`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
});
