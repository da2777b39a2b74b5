import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, type ApiClient, type RequestView } from '../../../src/cli/apiClient.js';
import { startApiServer, type ApiServer } from '../../support/apiServer.js';
import { availableBackends } from '../../support/databases.js';
import { deleteItemResponse, problemResponse, startNcipResponder, type NcipResponder } from '../../support/ncipResponder.js';
import { waitFor } from '../../support/waitFor.js';
import { requireXmllint } from '../../support/xmllint.js';
import { inDays, seedCatalogueItem } from '../circulation/circulationNetwork.js';

const available = requireXmllint('the ILS stand-ins validate every NCIP message they receive');
const backends = await availableBackends();

interface MessageView {
  direction: string;
  protocol: string;
  kind: string;
  status: string | null;
  body: string;
  confirmation: string | null;
}
type View = Omit<RequestView, 'messages'> & {
  version: number;
  needsAttention: string | null;
  dueDate: string | null;
  messages: MessageView[];
  circulation?: { item: unknown; hold: unknown; loan: unknown };
};
interface OutboxView {
  items: { requestId: string; kind: string; status: string; lastError: string | null; recipient: string }[];
}

/** NSU borrows from Harbor City (HCPL); both circulate in their own ILS, each stood in for by an NCIP responder. */
function network(nsuIls: string, hcplIls: string): string {
  return `institutions:
  - code: NSU
    name: North State University
    symbols: ["ISIL:US-NSU"]
    libraries: [{ code: MAIN, name: Main Library }]
    partners:
      - { code: HCPL, name: Harbor City Public Library, symbol: "ISIL:US-HCPL" }
    circulation: { mode: ncip, ncip: { url: "${nsuIls}", toAgencyId: NSU-ILS, timeoutMs: 3000 } }
  - code: HCPL
    name: Harbor City Public Library
    symbols: ["ISIL:US-HCPL"]
    libraries: [{ code: MAIN, name: Harbor City Public Library }]
    partners:
      - { code: NSU, name: North State University, symbol: "ISIL:US-NSU" }
    circulation: { mode: ncip, ncip: { url: "${hcplIls}", toAgencyId: HCPL-ILS, timeoutMs: 3000 } }
`;
}

/** A URL nothing listens on: a port just freed. */
async function closedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/ncip`;
}

describe.skipIf(!available).each(backends)('circulation in the institutions’ own ILS over NCIP on %s', (backend) => {
  let server: ApiServer;
  let api: ApiClient;
  let nsuIls: NcipResponder;
  let hcplIls: NcipResponder;

  beforeAll(async () => {
    nsuIls = await startNcipResponder();
    hcplIls = await startNcipResponder();
    server = await startApiServer(backend, {
      network: network(nsuIls.url, hcplIls.url),
      demo: true,
      seed: (db) => seedCatalogueItem(db, 'HCPL'),
      outboxPolicy: { baseDelayMs: 50, pollIntervalMs: 25, maxAttempts: 3 },
    });
    api = server.client();
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await nsuIls?.close();
    await hcplIls?.close();
  });
  // Every message either ILS received in a test was valid against ncip_v2_02.xsd.
  afterEach(() => {
    expect([...nsuIls.invalid, ...hcplIls.invalid].map((i) => `${i.service}: ${i.messages.join(' ')}`)).toEqual([]);
  });

  const act = <T = View>(path: string, action: string, body: Record<string, unknown> = {}) => api.call<T>('POST', `${path}/actions/${action}`, body);
  const view = (path: string) => api.call<View>('GET', path);
  const services = (ils: NcipResponder, from: number) => ils.received.slice(from).map((r) => r.service);
  const last = (ils: NcipResponder, service: string) => ils.received.filter((r) => r.service === service).at(-1)?.xml ?? '';
  async function refused(promise: Promise<unknown>): Promise<{ status: number; problem: Record<string, unknown> }> {
    try {
      await promise;
    } catch (error) {
      if (error instanceof ApiError) return { status: error.status, problem: error.problem as Record<string, unknown> };
      throw error;
    }
    throw new Error('the action was not refused');
  }
  const temporaryItems = async (requestId: string) =>
    Number((await server.db.selectFrom('item').select((eb) => eb.fn.countAll<string>().as('n')).where('temporary_for_request_id', '=', requestId).executeTakeFirstOrThrow()).n);

  /** NSU asks HCPL for A Wizard of Earthsea; HCPL locates HC-0001 and says it will supply. */
  async function agreed(patronId: string): Promise<{ bp: string; lp: string; id: string; number: string }> {
    const created = await api.call<RequestView>('POST', api.borrowing('US-NSU'), {
      patronId,
      citation: { title: 'A Wizard of Earthsea', author: 'Le Guin, Ursula K.', isbn: '9780547773742' },
      rota: ['HCPL'],
    });
    const bp = api.borrowing('US-NSU', created.id);
    const lending = await api.findLendingRequest('US-HCPL', created.number);
    const lp = api.lending('US-HCPL', lending.id);
    await act(lp, 'locate');
    await act(lp, 'will-supply');
    await api.waitForStatus(bp, 'will_supply');
    return { bp, lp, id: created.id, number: created.number };
  }

  async function shipped(patronId: string) {
    const request = await agreed(patronId);
    await act(request.lp, 'ship', { barcode: 'HC-0001', dueDate: inDays(21) });
    await api.waitForStatus(request.bp, 'shipped_physically');
    return request;
  }

  it('a whole loan: each side’s ILS hears every step, no temporary records are made, and the close queues DeleteItem through the outbox', async () => {
    const nsuFrom = nsuIls.received.length;
    const hcplFrom = hcplIls.received.length;
    const { bp, lp, id } = await agreed('P-7');

    // Lending: will-supply paged the located copy for the borrowing institution's ILS user.
    expect(services(hcplIls, hcplFrom)).toEqual(['RequestItem']);
    expect(last(hcplIls, 'RequestItem')).toContain('<ItemIdentifierValue>HC-0001</ItemIdentifierValue>');
    expect(last(hcplIls, 'RequestItem')).toContain('<UserIdentifierValue>US-NSU</UserIdentifierValue>');
    expect(last(hcplIls, 'RequestItem')).toMatch(/<FromAgencyId>\s*<AgencyId>US-HCPL<\/AgencyId>[\s\S]*<ToAgencyId>\s*<AgencyId>HCPL-ILS<\/AgencyId>/);

    const due = inDays(21);
    const ship = await act(lp, 'ship', { barcode: 'HC-0001', dueDate: due });
    expect(last(hcplIls, 'CheckOutItem')).toContain(`<DesiredDateDue>${due}</DesiredDateDue>`);
    expect(last(hcplIls, 'CheckOutItem')).toContain('<UserIdentifierValue>US-NSU</UserIdentifierValue>');
    expect(ship.history.find((h) => h.event === 'ship')?.note).toContain('kept in the ILS (CheckOutItem)');
    // The copy is the ILS's to track: the built-in inventory is untouched.
    const copy = await server.db.selectFrom('item').selectAll().where('barcode', '=', 'HC-0001').executeTakeFirstOrThrow();
    expect(copy).toMatchObject({ status: 'available', lent_for_request_id: null });

    // Borrowing: AcceptItem on receipt with the lender's barcode, the due date and the citation.
    await api.waitForStatus(bp, 'shipped_physically');
    const received = await act(bp, 'receive');
    expect(received.status).toBe('received_physically');
    const accept = last(nsuIls, 'AcceptItem');
    expect(accept).toContain('<ItemIdentifierValue>HC-0001</ItemIdentifierValue>');
    expect(accept).toContain('<UserIdentifierValue>P-7</UserIdentifierValue>');
    expect(accept).toContain(`<DateForReturn>${due}</DateForReturn>`);
    expect(accept).toContain('<Title>A Wizard of Earthsea</Title>');
    expect(accept).toContain('<BibliographicItemIdentifier>9780547773742</BibliographicItemIdentifier>');
    expect(received.history.at(-1)?.note).toContain('ILS accepted item HC-0001 for P-7');
    expect(await temporaryItems(id)).toBe(0);
    expect(received.circulation).toMatchObject({ item: null, hold: null, loan: null });

    const loaned = await act(bp, 'loan-to-patron');
    expect(loaned.status).toBe('loaned_to_patron');
    // The ILS's own due date (the OCLC sample's) is reported.
    expect(loaned.history.at(-1)?.note).toContain('due 2018-02-01T12:34:56Z (CheckOutItem)');
    expect(loaned.circulation?.loan).toBeNull();
    const returned = await act(bp, 'patron-return');
    expect(returned.status).toBe('returned_by_patron');
    expect(last(nsuIls, 'CheckInItem')).toContain('<ItemIdentifierValue>HC-0001</ItemIdentifierValue>');

    await act(bp, 'return-to-lender');
    await api.waitForStatus(lp, 'returned_by_partner');
    const checkedIn = await act(lp, 'check-in');
    expect(checkedIn.status).toBe('completed');
    expect(last(hcplIls, 'CheckInItem')).toContain('<ItemIdentifierValue>HC-0001</ItemIdentifierValue>');

    // The lender's LoanCompleted closes the request: the ILS is told through the outbox.
    const done = await api.waitForStatus(bp, 'completed');
    expect(done.history.at(-1)?.note).toContain('DeleteItem HC-0001 queued for the ILS');
    await waitFor(() => Promise.resolve(services(nsuIls, nsuFrom)), (list) => list.includes('DeleteItem'), { what: 'DeleteItem at the ILS' });
    expect(last(nsuIls, 'DeleteItem')).toContain('<ItemIdentifierValue>HC-0001</ItemIdentifierValue>');
    const outbox = await waitFor(
      () => api.call<OutboxView>('GET', '/api/v1/institutions/US-NSU/outbox?status=delivered'),
      (o) => o.items.some((m) => m.requestId === id && m.kind === 'DeleteItem'),
      { what: 'DeleteItem delivered' },
    );
    expect(outbox.items.find((m) => m.requestId === id && m.kind === 'DeleteItem')?.recipient).toBe('ILS:NSU-ILS');

    // Nothing of the built-in circulation was made for the request: no temporary item, hold or loan.
    expect(await temporaryItems(id)).toBe(0);
    expect(await server.db.selectFrom('hold').select('id').where('borrowing_request_id', '=', id).execute()).toEqual([]);
    expect(await server.db.selectFrom('loan').select('id').where('borrowing_request_id', '=', id).execute()).toEqual([]);
    expect(services(nsuIls, nsuFrom)).toEqual(['LookupUser', 'AcceptItem', 'CheckOutItem', 'CheckInItem', 'DeleteItem']);
    expect(services(hcplIls, hcplFrom)).toEqual(['RequestItem', 'CheckOutItem', 'CheckInItem']);
    // Each exchange is kept on its request, answered OK.
    const ncip = (await waitFor(() => view(bp), (v) => v.messages.filter((m) => m.protocol === 'ncip').length === 4)).messages.filter((m) => m.protocol === 'ncip');
    expect(ncip.map((m) => [m.direction, m.kind, m.status])).toEqual(
      expect.arrayContaining([
        ['out', 'AcceptItem', 'OK'],
        ['out', 'CheckOutItem', 'OK'],
        ['out', 'CheckInItem', 'OK'],
        ['out', 'DeleteItem', 'OK'],
      ]),
    );
    expect((await view(lp)).messages.filter((m) => m.protocol === 'ncip').map((m) => m.kind)).toEqual(expect.arrayContaining(['RequestItem', 'CheckOutItem', 'CheckInItem']));
  });

  it('a renewal the lender grants reaches the ILS as a queued RenewItem with the new due date', async () => {
    const { bp, lp } = await shipped('P-8');
    await act(bp, 'receive');
    await act(bp, 'loan-to-patron');
    const from = nsuIls.received.length;
    const renewal = await act(bp, 'request-renewal');
    expect(renewal.status).toBe('renew_requested');
    // Asking the lender needs nothing from the ILS.
    expect(services(nsuIls, from)).toEqual([]);
    await api.waitForStatus(lp, 'renew_requested');
    const until = inDays(42);
    await act(lp, 'answer-renewal', { approve: true, dueDate: until });
    const renewed = await api.waitForStatus(bp, 'renewed');
    expect(renewed.dueDate).toBe(new Date(until).toISOString());
    await waitFor(() => Promise.resolve(services(nsuIls, from)), (list) => list.includes('RenewItem'), { what: 'RenewItem at the ILS' });
    expect(last(nsuIls, 'RenewItem')).toContain(`<DesiredDateDue>${until}</DesiredDateDue>`);
    expect(last(nsuIls, 'RenewItem')).toContain('<UserIdentifierValue>P-8</UserIdentifierValue>');
  });

  it('the ILS refusing (its words, 502) changes nothing but needs_attention; override goes on and says so; a later success clears it', async () => {
    const { bp } = await shipped('P-9');
    const before = await view(bp);

    // Receive: the ILS does not know the patron.
    nsuIls.answer('AcceptItem', { xml: problemResponse('AcceptItem', 'Unknown User', 'User P-9 is not known to the ILS', 'P-9') });
    const unknownUser = await refused(act(bp, 'receive'));
    expect(unknownUser.status).toBe(502);
    expect(unknownUser.problem).toMatchObject({ system: 'ils', detail: 'The ILS refused AcceptItem: Unknown User (User P-9 is not known to the ILS), for P-9' });
    const after = await view(bp);
    expect({ status: after.status, version: after.version }).toEqual({ status: before.status, version: before.version });
    expect(after.needsAttention).toBe('receive not done: The ILS refused AcceptItem: Unknown User (User P-9 is not known to the ILS), for P-9');
    const raw = after.messages.find((m) => m.protocol === 'ncip' && m.kind === 'AcceptItem');
    expect(raw).toMatchObject({ direction: 'out', status: 'ERROR' });
    expect(raw?.body).toContain('<AcceptItem>');
    expect(raw?.confirmation).toContain('Unknown User');

    const overridden = await act(bp, 'receive', { override: true });
    expect(overridden.status).toBe('received_physically');
    expect(overridden.history.at(-1)?.note).toContain('overridden by staff: The ILS refused AcceptItem: Unknown User (User P-9 is not known to the ILS), for P-9');
    expect(overridden.needsAttention).toBeNull();
    nsuIls.answer('AcceptItem', { sample: 'AcceptItemMinimalResponseSuccess.xml' });

    // Loan: the patron may not borrow it, then the ILS does not know the item.
    nsuIls.answer('CheckOutItem', { xml: problemResponse('CheckOutItem', 'User Ineligible To Check Out This Item', 'requirements not met', 'P-9') });
    const ineligible = await refused(act(bp, 'loan-to-patron'));
    expect(ineligible.status).toBe(502);
    expect(ineligible.problem.detail).toBe('The ILS refused CheckOutItem: User Ineligible To Check Out This Item (requirements not met), for P-9');
    nsuIls.answer('CheckOutItem', { sample: 'CheckOutItemResponseItemUnknown.xml' });
    expect((await refused(act(bp, 'loan-to-patron'))).problem.detail).toBe('The ILS refused CheckOutItem: Unknown Item (UNKNOWN_ITEM), for 91475/ABCDE');
    const stuck = await view(bp);
    expect({ status: stuck.status, version: stuck.version }).toEqual({ status: overridden.status, version: overridden.version });
    expect(stuck.needsAttention).toContain('loan-to-patron not done: The ILS refused CheckOutItem: Unknown Item');
    nsuIls.answer('CheckOutItem', { sample: 'CheckOutItemResponseSuccess.xml' });
    const loaned = await act(bp, 'loan-to-patron');
    expect(loaned.status).toBe('loaned_to_patron');
    expect(loaned.needsAttention).toBeNull();

    // Patron return: the ILS cannot be reached.
    const settings = '/api/v1/institutions/US-NSU/settings/circulation';
    const put = async (url: string) => {
      const response = await fetch(`${server.base}${settings}`, {
        method: 'PUT',
        headers: { ...(await api.authorization(settings)), 'content-type': 'application/json' },
        body: JSON.stringify({ mode: 'ncip', ncip: { url, toAgencyId: 'NSU-ILS', timeoutMs: 3000 } }),
      });
      expect(response.status).toBe(200);
    };
    const nowhere = await closedUrl();
    await put(nowhere);
    try {
      const unreachable = await refused(act(bp, 'patron-return'));
      expect(unreachable.status).toBe(502);
      expect(unreachable.problem.detail).toContain(`CheckInItem failed: the ILS at ${nowhere} could not be reached`);
      const waiting = await view(bp);
      expect({ status: waiting.status, version: waiting.version }).toEqual({ status: loaned.status, version: loaned.version });
      expect(waiting.needsAttention).toContain('patron-return not done: CheckInItem failed');
      expect(waiting.messages.find((m) => m.kind === 'CheckInItem')).toMatchObject({ protocol: 'ncip', status: 'ERROR', confirmation: null });
    } finally {
      await put(nsuIls.url);
    }
    const back = await act(bp, 'patron-return');
    expect(back.status).toBe('returned_by_patron');
    expect(back.needsAttention).toBeNull();
  });

  it('lending: an unknown item refuses ship; will-supply with nothing located pages nothing and says so', async () => {
    const created = await api.call<RequestView>('POST', api.borrowing('US-NSU'), { patronId: 'P-10', citation: { title: 'A Wizard of Earthsea' }, rota: ['HCPL'] });
    const lending = await api.findLendingRequest('US-HCPL', created.number);
    const lp = api.lending('US-HCPL', lending.id);
    const from = hcplIls.received.length;
    const willSupply = await act(lp, 'will-supply');
    expect(willSupply.status).toBe('will_supply');
    expect(willSupply.history.at(-1)?.note).toContain('no item located yet: nothing requested in the ILS');
    expect(services(hcplIls, from)).toEqual([]);

    const before = await view(lp);
    hcplIls.answer('CheckOutItem', { sample: 'CheckOutItemResponseItemUnknown.xml' });
    const unknown = await refused(act(lp, 'ship', { barcode: 'HC-0404', dueDate: inDays(21) }));
    expect(unknown.status).toBe(502);
    expect(unknown.problem.detail).toBe('The ILS refused CheckOutItem: Unknown Item (UNKNOWN_ITEM), for 91475/ABCDE');
    const after = await view(lp);
    expect({ status: after.status, version: after.version }).toEqual({ status: before.status, version: before.version });
    expect(after.needsAttention).toContain('ship not done: The ILS refused CheckOutItem: Unknown Item');
    hcplIls.answer('CheckOutItem', { sample: 'CheckOutItemResponseSuccess.xml' });
    const shippedNow = await act(lp, 'ship', { barcode: 'HC-0404', dueDate: inDays(21) });
    expect(shippedNow.status).toBe('shipped_physically');
    expect(shippedNow.needsAttention).toBeNull();
  });

  it('DeleteItem answered by a Problem is parked with the ILS’s words for staff', async () => {
    const { bp, lp, id } = await shipped('P-11');
    await act(bp, 'receive');
    await act(bp, 'loan-to-patron');
    await act(bp, 'patron-return');
    await act(bp, 'return-to-lender');
    await api.waitForStatus(lp, 'returned_by_partner');
    nsuIls.answer('DeleteItem', { xml: problemResponse('DeleteItem', 'Unknown Item', 'no such item here', 'HC-0001') });
    await act(lp, 'check-in');
    await api.waitForStatus(bp, 'completed');
    const parked = await waitFor(
      () => api.call<OutboxView>('GET', '/api/v1/institutions/US-NSU/outbox?status=parked'),
      (o) => o.items.some((m) => m.requestId === id),
      { what: 'the DeleteItem parked' },
    );
    const message = parked.items.find((m) => m.requestId === id);
    expect(message).toMatchObject({ kind: 'DeleteItem', status: 'parked' });
    expect(message?.lastError).toContain('The ILS refused DeleteItem: Unknown Item (no such item here), for HC-0001');
    const closed = await view(bp);
    expect(closed.needsAttention).toContain('The ILS refused DeleteItem: Unknown Item');
    expect(closed.messages.find((m) => m.protocol === 'ncip' && m.kind === 'DeleteItem')).toMatchObject({ status: 'ERROR' });
    nsuIls.answer('DeleteItem', { xml: deleteItemResponse('I-1') });
  });
});
