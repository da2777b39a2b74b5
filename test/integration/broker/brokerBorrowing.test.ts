/**
 * Broker-based borrowing (seed 004) over real HTTP on each back-end: the test plays the broker,
 * posting AcceptItem, RenewItem, RecallItem, CheckInItem and CancelRequestItem to `POST /ncip`,
 * and answers our RenewItem from a stub NCIP server that validates every message it gets.
 * Every answer of ours is validated with xmllint against the NCIP 2.02 XSD.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, type ApiClient, type RequestView } from '../../../src/cli/apiClient.js';
import { parseNcipMessage, type NcipMessage } from '../../../src/protocols/ncip/index.js';
import { startApiServer, type ApiServer } from '../../support/apiServer.js';
import { availableBackends } from '../../support/databases.js';
import { acceptItem, BROKER, cancelRequestItem, checkInItem, recallItem, renewItem, renewPendingAtBroker, renewRefusedByBroker } from '../../support/brokerBorrowing.js';
import { NCIP_XSD_PATH } from '../../support/ncipSamples.js';
import { renewItemResponse, startNcipResponder, type NcipResponder } from '../../support/ncipResponder.js';
import { describeFailures, requireXmllint, validateWithXsd } from '../../support/xmllint.js';

const backends = await availableBackends();
const xmllint = requireXmllint('validation of the broker-borrowing NCIP exchanges');
const NOW = new Date('2026-11-25T12:00:00Z');
const UNREACHABLE = 'http://127.0.0.1:9/ncip';
const NEVER_OFFERED = ['send', 'cancel-partner', 'cancel', 'locate'];

function network(brokerUrl: string): string {
  return `
institutions:
  - code: NSU
    name: North State University
    symbols: ["ISIL:US-NSU"]
    libraries: [{ code: MAIN, name: Main Library }, { code: SCIENCE, name: Science Library }]
    partners:
      - { code: BRK, name: Resource sharing broker, symbol: "ISIL:${BROKER}", profileType: broker, endpoint: "${brokerUrl}" }
      - { code: DBRK, name: Document delivery broker, symbol: "ISIL:DBROKER", profileType: broker, automaticReceive: true, endpoint: "${brokerUrl}" }
      - { code: PEERNCIP, name: NCIP peer, symbol: "ISIL:PEERNCIP", profileType: ncip, endpoint: "${brokerUrl}" }
    patrons:
      - { barcode: P-1, name: Ada Lovelace, email: ada@example.edu, patronGroup: faculty, homeLibrary: MAIN }
`;
}

interface CirculationView {
  item: { barcode: string; status: string } | null;
  hold: { status: string } | null;
  loan: { status: string; dueDate: string | null; renewals: number } | null;
}
type BorrowingView = RequestView & {
  managedBy: string;
  broker: { requestId: string | null; itemId: string | null } | null;
  needsAttention: string | null;
  format: string;
  rota: { partner: { code: string }; status: string; supplyingAgencyRequestId: string | null }[];
  circulation: CirculationView;
};

interface Answer {
  status: number;
  body: string;
  message: NcipMessage | undefined;
}

describe.skipIf(!xmllint).each(backends)('broker-based borrowing on %s', (backend) => {
  let server: ApiServer;
  let broker: NcipResponder;
  let api: ApiClient;
  let institutionId: string;
  const answers: string[] = [];

  beforeAll(async () => {
    broker = await startNcipResponder();
    server = await startApiServer(backend, { network: network(broker.url), demo: true, background: false, now: () => NOW });
    api = server.client();
    institutionId = (await server.db.selectFrom('institution').select('id').where('code', '=', 'NSU').executeTakeFirstOrThrow()).id;
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await broker?.close();
  });

  async function post(xml: string): Promise<Answer> {
    const response = await fetch(`${server.base}/ncip`, { method: 'POST', headers: { 'content-type': 'application/xml' }, body: xml });
    const body = await response.text();
    answers.push(body);
    const parsed = parseNcipMessage(body);
    return { status: response.status, body, message: parsed.ok ? parsed.message : undefined };
  }

  function problemOf(answer: Answer) {
    return answer.message?.body.problem?.[0];
  }

  async function requestFor(brokerRequestId: string) {
    return server.db.selectFrom('borrowing_request').selectAll().where('institution_id', '=', institutionId).where('broker_request_id', '=', brokerRequestId).executeTakeFirstOrThrow();
  }

  const path = (id: string) => `/api/v1/institutions/US-NSU/borrowing-requests/${id}`;
  const view = (id: string) => api.call<BorrowingView>('GET', path(id));
  const act = (id: string, action: string, body: Record<string, unknown> = {}) => api.call<BorrowingView>('POST', `${path(id)}/actions/${action}`, body);

  async function temporaryRows(requestId: string) {
    const count = async (table: 'bibliographic_record' | 'item') =>
      Number((await server.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).where('temporary_for_request_id', '=', requestId).executeTakeFirstOrThrow()).n);
    const holdings = await server.db
      .selectFrom('holding')
      .innerJoin('bibliographic_record as b', 'b.id', 'holding.bibliographic_record_id')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('b.temporary_for_request_id', '=', requestId)
      .executeTakeFirstOrThrow();
    const holds = await server.db.selectFrom('hold').select((eb) => eb.fn.countAll<string>().as('n')).where('borrowing_request_id', '=', requestId).executeTakeFirstOrThrow();
    return { bibs: await count('bibliographic_record'), holdings: Number(holdings.n), items: await count('item'), holds: Number(holds.n) };
  }

  /** Every row a broker message could change (not the kept exchanges themselves), for "nothing changed". */
  async function snapshot() {
    const all = async (table: 'borrowing_request' | 'rota_entry' | 'request_event' | 'item' | 'hold' | 'loan' | 'bibliographic_record' | 'patron_notice') =>
      (await server.db.selectFrom(table).selectAll().where('institution_id', '=', institutionId).execute()).map((row) => JSON.stringify(row)).sort();
    return {
      requests: await all('borrowing_request'),
      rota: await all('rota_entry'),
      events: await all('request_event'),
      items: await all('item'),
      holds: await all('hold'),
      loans: await all('loan'),
      bibs: await all('bibliographic_record'),
      notices: await all('patron_notice'),
    };
  }

  function expectNeverOffered(v: BorrowingView): void {
    for (const action of NEVER_OFFERED) expect(v.allowedActions, `${v.status} offers ${action}`).not.toContain(action);
  }

  it('physical item end to end: accept, loan, renewals through the broker, recall, return, check-in', async () => {
    const accepted = await post(
      acceptItem({ requestId: 'BR-1', itemId: 'LEND-001', userId: 'P-1', dateForReturn: '2026-12-20T00:00:00Z', pickupLocation: 'Front desk', description: { mediumType: { value: 'Book' } } }),
    );
    expect(accepted.status).toBe(200);
    expect(accepted.message?.kind).toBe('AcceptItemResponse');
    expect(problemOf(accepted)).toBeUndefined();
    expect(accepted.message?.body.requestId?.requestIdentifierValue).toBe('BR-1');
    expect(accepted.body).toContain('<ItemIdentifierValue>LEND-001</ItemIdentifierValue>');
    expect(accepted.message?.body.responseHeader?.toAgencyId.agencyId.value).toBe(BROKER);

    const row = await requestFor('BR-1');
    const main = await server.db.selectFrom('library').select('id').where('institution_id', '=', institutionId).where('code', '=', 'MAIN').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ managed_by: 'broker', broker_item_id: 'LEND-001', status: 'received_physically', format: 'physical', service_type: 'loan', patron_id: 'P-1' });
    // Received at the patron's home library.
    expect(row).toMatchObject({ library_id: main.id, pickup_location: 'Front desk', title: 'A Wizard of Earthsea', author: 'Le Guin, Ursula K.' });
    expect(row.citation).toMatchObject({ isbn: '9780547773742', publisher: 'Parnassus' });
    expect(row.due_date?.toISOString()).toBe('2026-12-20T00:00:00.000Z');
    expect(row.request_number).toMatch(/^NSU-\d+$/);

    const atReceipt = await view(row.id);
    expect(atReceipt.managedBy).toBe('broker');
    expect(atReceipt.broker).toEqual({ requestId: 'BR-1', itemId: 'LEND-001' });
    expect(atReceipt.rota.map((entry) => [entry.partner.code, entry.status, entry.supplyingAgencyRequestId])).toEqual([['BRK', 'supplying', 'BR-1']]);
    expect(atReceipt.allowedActions).toEqual(['loan-to-patron']);
    expectNeverOffered(atReceipt);
    expect(atReceipt.circulation.item).toEqual({ barcode: `TMP-${row.request_number}`, status: 'available' });
    expect(atReceipt.circulation.hold?.status).toBe('on_shelf');
    expect(await temporaryRows(row.id)).toEqual({ bibs: 1, holdings: 1, items: 1, holds: 1 });
    // The exchange is kept on the request.
    expect(atReceipt.messages.map((m) => [m.direction, m.kind])).toEqual([['in', 'AcceptItem']]);

    // The broker delivers the same AcceptItem again: the same answer, nothing new.
    const before = await snapshot();
    const again = await post(
      acceptItem({ requestId: 'BR-1', itemId: 'LEND-001', userId: 'P-1', dateForReturn: '2026-12-20T00:00:00Z', pickupLocation: 'Front desk', description: { mediumType: { value: 'Book' } } }),
    );
    expect(again.body).toBe(accepted.body);
    expect(await snapshot()).toEqual(before);

    const loaned = await act(row.id, 'loan-to-patron');
    expect(loaned.status).toBe('loaned_to_patron');
    expect(loaned.circulation.loan).toMatchObject({ status: 'active', dueDate: '2026-12-20T00:00:00.000Z', renewals: 0 });
    expectNeverOffered(loaned);
    expect(loaned.allowedActions).toContain('request-renewal');

    // Renewal approved by the broker at once: its DateDue is the new due date of request and loan.
    broker.answer('RenewItem', { xml: renewItemResponse('LEND-001', '2027-01-15T00:00:00Z') });
    const renewed = await act(row.id, 'request-renewal', { dueDate: '2027-01-20T00:00:00Z' });
    expect(renewed.status).toBe('renewed');
    expect(renewed.dueDate).toBe('2027-01-15T00:00:00.000Z');
    expect(renewed.circulation.loan).toMatchObject({ dueDate: '2027-01-15T00:00:00.000Z', renewals: 1 });
    const sent = broker.received.filter((m) => m.service === 'RenewItem');
    expect(sent).toHaveLength(1);
    expect(sent[0]?.xml).toContain('<ItemIdentifierValue>LEND-001</ItemIdentifierValue>');
    expect(sent[0]?.xml).toContain('<UserIdentifierValue>P-1</UserIdentifierValue>');
    expect(sent[0]?.xml).toContain('<DesiredDateDue>2027-01-20T00:00:00Z</DesiredDateDue>');
    expect(sent[0]?.xml).toContain(`<AgencyId>${BROKER}</AgencyId>`);
    expect(renewed.messages.find((m) => m.direction === 'out' && m.kind === 'RenewItem')?.status).toBe('OK');

    // Refused by the broker: the lender's words reach the history.
    broker.answer('RenewItem', { xml: renewRefusedByBroker('The lender needs the item back') });
    const refused = await act(row.id, 'request-renewal');
    expect(refused.status).toBe('renew_refused');
    expect(refused.dueDate).toBe('2027-01-15T00:00:00.000Z');
    expect(refused.history.at(-1)).toMatchObject({ event: 'broker:RenewRefused' });
    expect(refused.history.at(-1)?.note).toContain('The lender needs the item back');
    expect(broker.received.filter((m) => m.service === 'RenewItem')[1]?.xml).not.toContain('DesiredDateDue');

    // Broker unreachable: 502, nothing changed but the flag for staff; then staff override.
    await server.db.updateTable('partner').set({ endpoint_url: UNREACHABLE }).where('institution_id', '=', institutionId).where('code', '=', 'BRK').execute();
    const unchanged = await requestFor('BR-1');
    const failure = await act(row.id, 'request-renewal').then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).status).toBe(502);
    expect(JSON.stringify((failure as ApiError).problem)).toMatch(/broker BRK/);
    const afterFailure = await requestFor('BR-1');
    expect(afterFailure).toMatchObject({ status: 'renew_refused', due_date: unchanged.due_date });
    expect(afterFailure.needs_attention).toMatch(/^request-renewal not done:/);
    const overridden = await act(row.id, 'request-renewal', { override: true });
    expect(overridden.status).toBe('renew_requested');
    expect(overridden.needsAttention).toBeNull();
    expect(overridden.history.at(-1)?.note).toContain('overridden by staff');
    await server.db.updateTable('partner').set({ endpoint_url: broker.url }).where('institution_id', '=', institutionId).where('code', '=', 'BRK').execute();

    // The broker's own RenewItem finishes it; the same message again changes nothing.
    const inbound = await post(renewItem('LEND-001', 'P-1', '2027-02-01T00:00:00Z'));
    expect(inbound.message?.kind).toBe('RenewItemResponse');
    expect(problemOf(inbound)).toBeUndefined();
    expect(inbound.message?.body.dateDue).toBe('2027-02-01T00:00:00Z');
    const byBroker = await view(row.id);
    expect(byBroker.status).toBe('renewed');
    expect(byBroker.circulation.loan).toMatchObject({ dueDate: '2027-02-01T00:00:00.000Z', renewals: 2 });
    const beforeRepeat = await snapshot();
    expect((await post(renewItem('LEND-001', 'P-1', '2027-02-01T00:00:00Z'))).body).toBe(inbound.body);
    expect(await snapshot()).toEqual(beforeRepeat);

    // Recall: the due date moves on request and loan, and the patron is told.
    const recalled = await post(recallItem(`TMP-${row.request_number}`, '2026-12-05T00:00:00Z'));
    expect(recalled.message?.kind).toBe('RecallItemResponse');
    expect(problemOf(recalled)).toBeUndefined();
    expect(recalled.message?.body.dateDue).toBe('2026-12-05T00:00:00Z');
    const afterRecall = await view(row.id);
    expect(afterRecall.status).toBe('recalled');
    expect(afterRecall.dueDate).toBe('2026-12-05T00:00:00.000Z');
    expect(afterRecall.circulation.loan?.dueDate).toBe('2026-12-05T00:00:00.000Z');
    const notices = await server.db.selectFrom('patron_notice').selectAll().where('borrowing_request_id', '=', row.id).execute();
    expect(notices.map((n) => [n.kind, n.to_address, n.status])).toContainEqual(['recalled', 'ada@example.edu', 'pending']);

    expect((await act(row.id, 'patron-return')).circulation.loan?.status).toBe('returned');
    expect((await act(row.id, 'return-to-lender')).status).toBe('returned_to_partner');
    expect(await temporaryRows(row.id)).toEqual({ bibs: 1, holdings: 1, items: 1, holds: 1 });

    // CheckInItem: closed, temporary records gone, the loan kept as history.
    const checkedIn = await post(checkInItem('LEND-001'));
    expect(checkedIn.message?.kind).toBe('CheckInItemResponse');
    expect(problemOf(checkedIn)).toBeUndefined();
    const done = await view(row.id);
    expect(done.status).toBe('completed');
    expect(done.allowedActions).toEqual([]);
    expect(await temporaryRows(row.id)).toEqual({ bibs: 0, holdings: 0, items: 0, holds: 0 });
    const loans = await server.db.selectFrom('loan').selectAll().where('borrowing_request_id', '=', row.id).execute();
    expect(loans).toHaveLength(1);
    expect(loans[0]).toMatchObject({ status: 'returned', item_barcode: `TMP-${row.request_number}`, renewals: 2 });

    const beforeCheckIn = await snapshot();
    const repeated = await post(checkInItem('LEND-001'));
    expect(problemOf(repeated)).toBeUndefined();
    expect(repeated.body).toBe(checkedIn.body);
    expect(await snapshot()).toEqual(beforeCheckIn);

    // Every exchange is on the request: our four RenewItems (approved, refused, unreachable, unreachable
    // again under the override) and each of the broker's messages, repeats included.
    const messages = (await view(row.id)).messages;
    expect(messages.filter((m) => m.direction === 'out' && m.kind === 'RenewItem').map((m) => m.status)).toEqual(['OK', 'ERROR', 'ERROR', 'ERROR']);
    expect(messages.filter((m) => m.direction === 'in').map((m) => m.kind)).toEqual(['AcceptItem', 'AcceptItem', 'RenewItem', 'RenewItem', 'RecallItem', 'CheckInItem', 'CheckInItem']);
    expect(broker.invalid).toEqual([]);
  });

  it('a renewal the broker leaves pending waits for the broker', async () => {
    await post(acceptItem({ requestId: 'BR-P', itemId: 'LEND-P', userId: 'P-1', dateForReturn: '2026-12-20T00:00:00Z' }));
    const row = await requestFor('BR-P');
    await act(row.id, 'loan-to-patron');
    broker.answer('RenewItem', { xml: renewPendingAtBroker() });
    const pending = await act(row.id, 'request-renewal');
    expect(pending.status).toBe('renew_requested');
    expect(pending.dueDate).toBe('2026-12-20T00:00:00.000Z');
    expect(pending.history.at(-1)?.note).toContain('renewal pending');
    expectNeverOffered(pending);
    expect(broker.invalid).toEqual([]);
  });

  it('digital items: completed at once with automatic receive, else shipped digitally for staff to receive', async () => {
    const automatic = await post(
      acceptItem({ from: 'DBROKER', requestId: 'D-1', itemId: 'DOC-1', userId: 'P-1', optional: { electronicResource: { referenceToResource: 'https://broker.example/doc/1' } } }),
    );
    expect(problemOf(automatic)).toBeUndefined();
    const completed = await requestFor('D-1');
    expect(completed).toMatchObject({ status: 'completed', format: 'digital', service_type: 'copy' });
    expect(await temporaryRows(completed.id)).toEqual({ bibs: 0, holdings: 0, items: 0, holds: 0 });
    expect((await view(completed.id)).history.at(-1)?.note).toContain('completed automatically');

    const manual = await post(acceptItem({ requestId: 'D-2', itemId: 'DOC-2', userId: 'P-1', description: { mediumType: { value: 'eBook' } } }));
    expect(problemOf(manual)).toBeUndefined();
    const shipped = await requestFor('D-2');
    expect(shipped).toMatchObject({ status: 'shipped_digitally', format: 'digital' });
    expect(await temporaryRows(shipped.id)).toEqual({ bibs: 0, holdings: 0, items: 0, holds: 0 });
    const offered = await view(shipped.id);
    expect(offered.allowedActions).toEqual(['mark-received-digitally']);
    expect((await act(shipped.id, 'mark-received-digitally')).status).toBe('received_digitally');
    expect((await act(shipped.id, 'complete')).status).toBe('completed');
  });

  it('a patron missing from the register is accepted with a note; a broker sharing barcodes lends its barcode', async () => {
    await server.db.updateTable('partner').set({ shared_barcodes: true }).where('institution_id', '=', institutionId).where('code', '=', 'BRK').execute();
    const answer = await post(acceptItem({ requestId: 'BR-U', itemId: 'LEND-U', userId: 'STRANGER-9' }));
    await server.db.updateTable('partner').set({ shared_barcodes: false }).where('institution_id', '=', institutionId).where('code', '=', 'BRK').execute();
    expect(problemOf(answer)).toBeUndefined();
    const row = await requestFor('BR-U');
    expect(row).toMatchObject({ status: 'received_physically', patron_id: 'STRANGER-9' });
    const v = await view(row.id);
    expect(v.history[0]?.note).toContain('not in the patron register');
    expect(v.circulation.item?.barcode).toBe('LEND-U');
  });

  it('the same AcceptItem delivered several times at once makes one request', async () => {
    const xml = acceptItem({ requestId: 'BR-C', itemId: 'LEND-C', userId: 'P-1' });
    const [first, ...others] = await Promise.all([post(xml), post(xml), post(xml)]);
    expect(first?.message?.kind).toBe('AcceptItemResponse');
    expect(first && problemOf(first)).toBeUndefined();
    expect(others.map((r) => r.body)).toEqual([first?.body, first?.body]);
    const rows = await server.db.selectFrom('borrowing_request').select('id').where('broker_request_id', '=', 'BR-C').execute();
    expect(rows).toHaveLength(1);
    expect(await temporaryRows(rows[0]!.id)).toEqual({ bibs: 1, holdings: 1, items: 1, holds: 1 });
  });

  it('CancelRequestItem before pickup cancels, removes the temporary records; later messages are refused or repeated', async () => {
    await post(acceptItem({ requestId: 'BR-3', itemId: 'LEND-003', userId: 'P-1', dateForReturn: '2026-12-20T00:00:00Z' }));
    const row = await requestFor('BR-3');
    expect(await temporaryRows(row.id)).toEqual({ bibs: 1, holdings: 1, items: 1, holds: 1 });

    const cancelled = await post(cancelRequestItem('BR-3', 'P-1'));
    expect(cancelled.message?.kind).toBe('CancelRequestItemResponse');
    expect(problemOf(cancelled)).toBeUndefined();
    expect(cancelled.message?.body.requestId?.requestIdentifierValue).toBe('BR-3');
    const v = await view(row.id);
    expect(v.status).toBe('cancelled');
    expect(v.history.at(-1)?.note).toMatch(/patron hold cancelled.*temporary records removed/);
    expect(await temporaryRows(row.id)).toEqual({ bibs: 0, holdings: 0, items: 0, holds: 0 });
    const notices = await server.db.selectFrom('patron_notice').select('kind').where('borrowing_request_id', '=', row.id).orderBy('id').execute();
    expect(notices.map((n) => n.kind).at(-1)).toBe('cancelled');

    const before = await snapshot();
    expect((await post(cancelRequestItem('BR-3', 'P-1'))).body).toBe(cancelled.body);
    const renew = await post(renewItem('LEND-003', 'P-1', '2027-01-01T00:00:00Z'));
    expect(renew.status).toBe(200);
    expect(renew.message?.kind).toBe('RenewItemResponse');
    expect(problemOf(renew)?.problemType.value).toBe('Item Not Renewable');
    expect(problemOf(renew)?.problemDetail).toMatch(/Cancelled/);
    expect(await snapshot()).toEqual(before);
    // The refused exchange is kept on the request too.
    expect((await view(row.id)).messages.find((m) => m.kind === 'RenewItem')?.status).toBe('ERROR');
  });

  it('bad input gets a schema-valid Problem in the service response, HTTP 200, nothing changed', async () => {
    await post(acceptItem({ requestId: 'BR-4', itemId: 'LEND-004', userId: 'P-1' }));
    const before = await snapshot();
    const cases: [string, string, string, string][] = [
      ['AcceptItem without ItemId', acceptItem({ requestId: 'BR-5', userId: 'P-1' }), 'AcceptItemResponse', 'Needed Data Missing'],
      ['AcceptItem without UserId', acceptItem({ requestId: 'BR-6', itemId: 'LEND-006' }), 'AcceptItemResponse', 'Needed Data Missing'],
      // RequestId is mandatory in the schema: the codec refuses the message before any handler sees it.
      ['AcceptItem without RequestId', acceptItem({ requestId: 'BR-7', itemId: 'LEND-007', userId: 'P-1' }).replace(/<RequestId>[\s\S]*?<\/RequestId>/, ''), 'AcceptItemResponse', 'Invalid Message Syntax Error'],
      ['AcceptItem from a partner that is no broker', acceptItem({ from: 'PEERNCIP', requestId: 'BR-8', itemId: 'LEND-008', userId: 'P-1' }), 'AcceptItemResponse', 'Unauthorized Service For Agency'],
      ['CheckInItem before any AcceptItem', checkInItem('NEVER-ACCEPTED'), 'CheckInItemResponse', 'Unknown Item'],
      ['RenewItem of an unknown item', renewItem('NO-SUCH-ITEM', 'P-1', '2027-01-01T00:00:00Z'), 'RenewItemResponse', 'Unknown Item'],
      ['RecallItem of an unknown item', recallItem('NO-SUCH-ITEM'), 'RecallItemResponse', 'Unknown Item'],
      ['CancelRequestItem of an unknown request', cancelRequestItem('NO-SUCH-REQUEST', 'P-1'), 'CancelRequestItemResponse', 'Unknown Request'],
      ['RenewItem before the patron has the item', renewItem('LEND-004', 'P-1', '2027-01-01T00:00:00Z'), 'RenewItemResponse', 'Item Not Renewable'],
    ];
    for (const [label, xml, kind, type] of cases) {
      const answer = await post(xml);
      expect(answer.status, label).toBe(200);
      expect(answer.message?.kind, label).toBe(kind);
      expect(problemOf(answer)?.problemType.value, label).toBe(type);
      expect(problemOf(answer)?.problemDetail, label).toBeTruthy();
    }
    expect(await snapshot()).toEqual(before);
    const missing = await server.db.selectFrom('borrowing_request').select('id').where('broker_request_id', 'in', ['BR-5', 'BR-6', 'BR-7', 'BR-8']).execute();
    expect(missing).toEqual([]);
  });

  it('a broker-managed request never offers rota or staff-cancel actions, in any status reached here', async () => {
    const rows = await server.db.selectFrom('borrowing_request').select('id').where('institution_id', '=', institutionId).where('managed_by', '=', 'broker').execute();
    expect(rows.length).toBeGreaterThan(3);
    for (const { id } of rows) expectNeverOffered(await view(id));
  });

  it('a broker is never put in one of our rotas: it owns its requests and speaks NCIP', async () => {
    const refused = await api.call('POST', '/api/v1/institutions/US-NSU/borrowing-requests', { patronId: 'P-1', citation: { title: 'Tehanu' }, rota: ['BRK'], send: false }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ status: 400 });
    expect(JSON.stringify((refused as { problem: unknown }).problem)).toContain('a broker cannot be in a rota');
  });

  it('every answer of ours, and every answer of the broker stub, is valid NCIP 2.02', () => {
    expect(answers.length).toBeGreaterThan(20);
    const failures = validateWithXsd(NCIP_XSD_PATH, answers).filter((r) => !r.valid);
    expect(describeFailures(failures, answers)).toBe('');
    const stub = [renewItemResponse('LEND-001', '2027-01-15T00:00:00Z'), renewRefusedByBroker('The lender needs the item back'), renewPendingAtBroker()];
    const stubFailures = validateWithXsd(NCIP_XSD_PATH, stub).filter((r) => !r.valid);
    expect(describeFailures(stubFailures, stub)).toBe('');
  });
});
