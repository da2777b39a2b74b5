import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient, RequestView } from '../../../src/cli/apiClient.js';
import type { Db } from '../../../src/store/database.js';
import { insertPickRequest } from '../../../src/store/pickRequestRepository.js';
import { startApiServer, type ApiServer } from '../../support/apiServer.js';
import { bearer, TEST_PASSWORD } from '../../support/auth/accounts.js';
import { availableBackends } from '../../support/databases.js';
import { agreedToSupply, circulationNetwork, inDays, institutionId, seedCatalogueItem } from './circulationNetwork.js';

const backends = await availableBackends();

/** HCPL's catalogued copy HC-0001, the one lent, scanned and checked back in. */
const seedHarborCity = (db: Db) => seedCatalogueItem(db, 'HCPL');

interface ScanAnswer {
  did?: string;
  suggested?: string;
  dueDate?: string | null;
  request: { kind: string; id: string; number: string; status: string };
  message: string;
}
interface Answer {
  status: number;
  body: ScanAnswer & { detail?: string; candidates?: { action: string; request: { id: string } }[] };
}

describe.each(backends)('scan-in on %s', (backend) => {
  let server: ApiServer;
  let api: ApiClient;

  beforeAll(async () => {
    server = await startApiServer(backend, { network: await circulationNetwork({ accounts: true }), seed: seedHarborCity, outboxPolicy: { baseDelayMs: 100, pollIntervalMs: 50 } });
    api = server.client({ username: 'admin', password: TEST_PASSWORD });
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  });

  const act = (path: string, action: string, body: Record<string, unknown> = {}) => api.call<RequestView>('POST', `${path}/actions/${action}`, body);
  const scanPath = (symbol: string) => `/api/v1/institutions/${symbol}/scan`;

  async function scan(symbol: string, body: unknown, headers?: Record<string, string>): Promise<Answer> {
    const response = await fetch(`${server.base}${scanPath(symbol)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(headers ?? (await api.authorization(scanPath(symbol)))) },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Answer['body'] };
  }

  /** NSU asks `lender` for a book for `patronId`; the lender says it will supply. */
  const asked = (lender: 'HCPL' | 'LKC', patronId: string) => agreedToSupply(api, lender, patronId);

  it('drives a whole loan by scans: ship (after a suggestion), receive, patron return, return to lender, check-in', async () => {
    const { bp, lp, id, number, lendingId } = await asked('HCPL', 'P-7');
    const hcpl = await institutionId(server.db, 'HCPL');
    await insertPickRequest(server.db, { institutionId: hcpl, lendingRequestId: lendingId, itemId: null, barcode: 'HC-0001', libraryId: null, location: 'Stacks', callNumber: null }, new Date());

    // The picked copy: a scan only suggests shipping (a due date is needed); nothing changes.
    const suggestion = await scan('US-HCPL', { barcode: ' HC-0001 ' });
    expect(suggestion.status).toBe(200);
    expect(suggestion.body).toMatchObject({ suggested: 'ship', request: { kind: 'lending', id: lendingId, status: 'will_supply' } });
    expect(suggestion.body.message).toContain('ship it with a due date');
    expect((await api.call<RequestView>('GET', lp)).status).toBe('will_supply');

    const dueDate = inDays(21);
    const shipped = await scan('US-HCPL', { barcode: 'HC-0001', action: 'ship', dueDate });
    expect(shipped.body).toMatchObject({ did: 'ship', request: { kind: 'lending', id: lendingId, status: 'shipped_physically' } });
    expect(shipped.body.message).toBe(`Shipped HC-0001 for lending request ${shipped.body.request.number} due back ${dueDate.slice(0, 10)}`);
    const lent = await server.db.selectFrom('item').selectAll().where('institution_id', '=', hcpl).where('barcode', '=', 'HC-0001').executeTakeFirstOrThrow();
    expect(lent).toMatchObject({ status: 'on_loan', lent_for_request_id: lendingId });

    // The parcel at NSU: the lender's barcode finds the request in Shipped physically.
    await api.waitForStatus(bp, 'shipped_physically');
    const received = await scan('US-NSU', { barcode: 'HC-0001' });
    expect(received.status).toBe(200);
    expect(received.body).toMatchObject({ did: 'receive', request: { kind: 'borrowing', id, number, status: 'received_physically' } });
    const hold = await server.db.selectFrom('hold').selectAll().where('borrowing_request_id', '=', id).executeTakeFirstOrThrow();
    expect(hold.status).toBe('on_shelf');
    expect(received.body.message).toBe(`Received ${number} for patron P-7: put on the hold shelf (${hold.pickup_location}) until ${hold.shelf_expires_at!.toISOString().slice(0, 10)}`);

    // On the hold shelf a scan does nothing (the loan is made for the patron); named, it loans.
    const temporary = `TMP-${number}`;
    const idle = await scan('US-NSU', { barcode: temporary });
    expect(idle.status).toBe(409);
    expect(idle.body.detail).toContain(`${number} (Received physically): nothing to do`);
    expect((await api.call<RequestView>('GET', bp)).status).toBe('received_physically');
    expect((await scan('US-NSU', { barcode: temporary, action: 'loan-to-patron' })).body).toMatchObject({ did: 'loan-to-patron', request: { status: 'loaned_to_patron' } });

    const returned = await scan('US-NSU', { barcode: temporary });
    expect(returned.body).toMatchObject({ did: 'patron-return', request: { status: 'returned_by_patron' } });
    expect(returned.body.message).toContain('Returned by patron P-7');
    const back = await scan('US-NSU', { barcode: temporary });
    expect(back.body).toMatchObject({ did: 'return-to-lender', request: { status: 'returned_to_partner' } });
    const history = (await api.call<RequestView>('GET', bp)).history.map((h) => h.event);
    expect(history).toEqual(expect.arrayContaining(['receive', 'loan-to-patron', 'patron-return', 'return-to-lender']));
    expect(history.at(-1)).toBe('return-to-lender');

    // Back at HCPL: the lent copy is checked in; the borrower completes and cleans up.
    await api.waitForStatus(lp, 'returned_by_partner');
    const checkedIn = await scan('US-HCPL', { barcode: 'HC-0001' });
    expect(checkedIn.body).toMatchObject({ did: 'check-in', request: { kind: 'lending', id: lendingId } });
    expect(checkedIn.body.message).toContain('Checked in HC-0001');
    expect(await server.db.selectFrom('item').selectAll().where('institution_id', '=', hcpl).where('barcode', '=', 'HC-0001').executeTakeFirstOrThrow()).toMatchObject({
      status: 'available',
      lent_for_request_id: null,
    });
    await api.waitForStatus(bp, 'completed');
    // Nothing is left to scan: the copy is no longer lent, the temporary item is gone.
    expect((await scan('US-HCPL', { barcode: 'HC-0001' })).status).toBe(404);
    expect((await scan('US-NSU', { barcode: temporary })).status).toBe(404);
  });

  it('the same lender barcode on two shipped requests is ambiguous: 409 listing both, nothing received', async () => {
    const first = await asked('LKC', 'P-8');
    const second = await asked('LKC', 'P-9');
    await act(first.lp, 'ship', { dueDate: inDays(14), barcode: 'LKC-DUP' });
    await act(second.lp, 'ship', { dueDate: inDays(14), barcode: 'LKC-DUP' });
    await api.waitForStatus(first.bp, 'shipped_physically');
    await api.waitForStatus(second.bp, 'shipped_physically');

    const answer = await scan('US-NSU', { barcode: 'LKC-DUP' });
    expect(answer.status).toBe(409);
    expect(answer.body.detail).toContain(first.number);
    expect(answer.body.detail).toContain(second.number);
    expect(answer.body.candidates?.map((c) => c.request.id).sort()).toEqual([first.id, second.id].sort());
    expect(answer.body.candidates?.every((c) => c.action === 'receive')).toBe(true);
    for (const { bp } of [first, second]) expect((await api.call<RequestView>('GET', bp)).status).toBe('shipped_physically');
  });

  it('unknown barcodes are 404 with a readable message; another institution sees nothing of ours', async () => {
    const unknown = await scan('US-NSU', { barcode: 'NO-SUCH-BARCODE' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.detail).toBe('barcode NO-SUCH-BARCODE is not an item of any open request at NSU');

    const { bp, number } = await asked('HCPL', 'P-10');
    await act(api.lending('US-HCPL', (await api.findLendingRequest('US-HCPL', number)).id), 'ship', { dueDate: inDays(14), barcode: 'HC-ELSEWHERE' });
    await api.waitForStatus(bp, 'shipped_physically');
    // HCPL and LKC scanning the barcode NSU is waiting for find nothing; NSU's request stays put.
    for (const symbol of ['US-LKC', 'US-HCPL']) {
      const foreign = await scan(symbol, { barcode: 'HC-ELSEWHERE' });
      expect(foreign.status, symbol).toBe(404);
      expect(JSON.stringify(foreign.body), symbol).not.toContain(number);
    }
    expect((await api.call<RequestView>('GET', bp)).status).toBe('shipped_physically');
    expect((await scan('US-NSU', { barcode: 'HC-ELSEWHERE' })).body).toMatchObject({ did: 'receive' });
  });

  it('bad bodies get a problem; anonymous is 401, a partners manager 403, the circulation desk may scan', async () => {
    for (const body of [{}, { barcode: '' }, { barcode: '   ' }, { barcode: 'x'.repeat(101) }, { barcode: 'A', action: 'explode' }, { barcode: 'A', colour: 'red' }, { barcode: 'A', dueDate: 'soon' }, [], 'HC-0001']) {
      const answer = await scan('US-NSU', body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
    }
    expect((await scan('US-NSU', { barcode: 'A' }, {})).status).toBe(401);
    expect((await scan('US-NSU', { barcode: 'A' }, bearer(await server.signIn('US-NSU', 'partners')))).status).toBe(403);
    const desk = await scan('US-NSU', { barcode: 'NOT-HERE' }, bearer(await server.signIn('US-NSU', 'desk')));
    expect(desk.status).toBe(404);
    // NSU's own token names no other institution: refused, never served.
    expect([401, 403, 404]).toContain((await scan('US-NOPE', { barcode: 'A' }, bearer(await server.signIn('US-NSU', 'admin')))).status);
  });
});
