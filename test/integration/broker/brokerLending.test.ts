/**
 * Broker-based lending over real HTTP on each back-end (seed 004, "Broker-Based Resource Sharing -
 * Lending"): the test plays the broker at `POST /ncip`. RequestItem opens a broker-managed lending
 * request with a pick; CheckOutItem ships it (our item on loan to the broker at RS); RenewItem
 * moves the due date; CheckInItem completes it and puts the item back; cancels, repeats, bad
 * input and the OCLC samples are answered with schema-valid NCIP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestView } from '../../../src/cli/apiClient.js';
import { parseNcipMessage, type NcipMessage } from '../../../src/protocols/ncip/index.js';
import { importMarc } from '../../../src/services/inventory/importMarc.js';
import type { Db } from '../../../src/store/database.js';
import { startApiServer, type ApiServer } from '../../support/apiServer.js';
import { TEST_PASSWORD, testPasswordHash } from '../../support/auth/accounts.js';
import {
  BORROWER_LIBRARY,
  cancelRequestItem,
  checkInItem,
  checkOutItem,
  checkOutItemWithoutItemId,
  ISBN,
  LENDER,
  LENDER_CATALOGUE,
  renewItem,
  requestItem,
  WMS_CATALOGUE,
} from '../../support/brokerLending.js';
import { availableBackends } from '../../support/databases.js';
import { NCIP_XSD_PATH, ncipSample } from '../../support/ncipSamples.js';
import { describeFailures, requireXmllint, validateWithXsd } from '../../support/xmllint.js';

const backends = await availableBackends();
const xmllint = requireXmllint('validation of the broker lending answers');
const NOW = new Date('2026-11-25T12:00:00Z');

interface LendingView extends RequestView {
  managedBy: string;
  brokerRequestId: string | null;
  brokerItemId: string | null;
  borrower: string | null;
  serviceType: string;
  title: string | null;
  partner: { code: string } | null;
  picks: { id: string; status: string; barcode: string }[];
  needsAttention: string | null;
  version: number;
}

interface Answer {
  status: number;
  body: string;
  message: NcipMessage;
}

async function network(): Promise<string> {
  const hash = await testPasswordHash();
  const admin = `users: [{ username: admin, name: admin, passwordHash: "${hash}", roles: [fulfillment-admin] }]`;
  return `
institutions:
  - code: MIT
    name: MIT Libraries
    symbols: ["NCIP:MIT"]
    libraries: [{ code: MAIN, name: Main }]
    partners:
      - { code: ENG, name: Engineering broker, symbol: "NCIP:ENG", profileType: broker, endpoint: "http://127.0.0.1:9/ncip" }
      - { code: OTHER, name: Other broker, symbol: "NCIP:OTHER", profileType: broker, endpoint: "http://127.0.0.1:9/ncip" }
    ${admin}
  - code: WMS
    name: WorldShare library
    symbols: ["OCLC:OCWMS"]
    libraries: [{ code: MAIN, name: Main }]
    partners: [{ code: OCWMS, name: OCLC broker, symbol: "OCLC:OCWMS", profileType: broker }]
    ${admin}
`;
}

async function importCatalogue(db: Db, code: string, marcxml: string): Promise<void> {
  const institution = await db.selectFrom('institution').select('id').where('code', '=', code).executeTakeFirstOrThrow();
  await importMarc(db, new TextEncoder().encode(marcxml), { institutionId: institution.id });
}

describe.each(backends)('broker-based lending at POST /ncip on %s', (backend) => {
  let server: ApiServer;
  const answers: string[] = [];

  beforeAll(async () => {
    server = await startApiServer(backend, {
      network: await network(),
      networkFile: 'broker-lending.yaml',
      background: false,
      now: () => NOW,
      seed: async (db) => {
        await importCatalogue(db, 'MIT', LENDER_CATALOGUE);
        await importCatalogue(db, 'WMS', WMS_CATALOGUE);
      },
    });
  }, 120_000);
  afterAll(() => server?.stop());

  const api = () => server.client({ username: 'admin', password: TEST_PASSWORD });

  async function post(xml: string): Promise<Answer> {
    const response = await fetch(`${server.base}/ncip`, { method: 'POST', headers: { 'content-type': 'application/xml' }, body: xml });
    const body = await response.text();
    answers.push(body);
    const parsed = parseNcipMessage(body);
    if (!parsed.ok) throw new Error(`unreadable answer: ${body}`);
    return { status: response.status, body, message: parsed.message };
  }

  const problemOf = (answer: Answer) => answer.message.body.problem?.[0];
  const expectSuccess = (answer: Answer, kind: string) => {
    expect(answer.status).toBe(200);
    expect(answer.message.kind).toBe(`${kind}Response`);
    expect(problemOf(answer), answer.body).toBeUndefined();
  };
  const expectProblem = (answer: Answer, kind: string, type: string) => {
    expect(answer.status).toBe(200);
    expect(answer.message.kind).toBe(`${kind}Response`);
    expect(problemOf(answer)?.problemType.value, answer.body).toBe(type);
  };

  async function lendingByBrokerId(brokerRequestId: string, institution = LENDER): Promise<LendingView> {
    const row = await server.db.selectFrom('lending_request').select('id').where('broker_request_id', '=', brokerRequestId).executeTakeFirstOrThrow();
    return api().call<LendingView>('GET', api().lending(institution, row.id));
  }

  async function item(barcode: string) {
    return server.db.selectFrom('item').selectAll().where('barcode', '=', barcode).executeTakeFirstOrThrow();
  }

  /** Every row a broker message could change, to prove a refused one changed none. */
  async function snapshot() {
    const [requests, picks, items, events] = await Promise.all([
      server.db.selectFrom('lending_request').select(['id', 'status', 'version', 'due_date', 'broker_item_id']).orderBy('id').execute(),
      server.db.selectFrom('pick_request').select(['id', 'status']).orderBy('id').execute(),
      server.db.selectFrom('item').select(['id', 'status', 'lent_for_request_id', 'temporary_location']).orderBy('id').execute(),
      server.db.selectFrom('request_event').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { requests, picks, items, events: Number(events.n) };
  }

  it('RequestItem → will supply with a pick; CheckOutItem → lent to the broker at RS; RenewItem; CheckInItem → completed and back on the shelf', async () => {
    const asked = await post(requestItem({ requestId: 'R-1', isbn: ISBN.earthsea }));
    expectSuccess(asked, 'RequestItem');
    expect(asked.message.body.requestId?.requestIdentifierValue).toBe('R-1');
    expect(asked.message.body.itemId).toMatchObject({ itemIdentifierValue: 'MIT-0101' });

    const opened = await lendingByBrokerId('R-1');
    expect(opened).toMatchObject({
      managedBy: 'broker',
      brokerRequestId: 'R-1',
      requesterRequestId: 'R-1',
      borrower: BORROWER_LIBRARY,
      status: 'will_supply',
      serviceType: 'Loan',
      title: 'A wizard of Earthsea',
      partner: { code: 'ENG' },
      protocolVersion: 'ncip-2.02',
    });
    expect(opened.picks).toEqual([expect.objectContaining({ status: 'open', barcode: 'MIT-0101' })]);
    // The broker owns the request: nothing for staff to do before it ships.
    expect(opened.allowedActions).toEqual([]);
    expect(opened.messages.map((m) => m.kind)).toEqual(['RequestItem']);

    const slip = await fetch(`${server.base}${api().lending(LENDER, opened.id)}/slips/pick`, { headers: await api().authorization(api().lending(LENDER)) });
    expect(slip.status).toBe(200);
    const html = await slip.text();
    expect(html).toContain('MIT-0101');
    expect(html).toContain('Engineering broker');

    // Delivered again: the same answer, nothing new.
    const before = await snapshot();
    const again = await post(requestItem({ requestId: 'R-1', isbn: ISBN.earthsea }));
    expectSuccess(again, 'RequestItem');
    expect(again.message.body).toEqual(asked.message.body);
    expect(await snapshot()).toEqual(before);

    const shipped = await post(checkOutItem('MIT-0101', { requestId: 'R-1', desiredDateDue: '2026-12-24T12:00:00Z' }));
    expectSuccess(shipped, 'CheckOutItem');
    expect(shipped.message.body).toMatchObject({ itemId: { itemIdentifierValue: 'MIT-0101' }, userId: { userIdentifierValue: BORROWER_LIBRARY }, dateDue: '2026-12-24T12:00:00Z' });
    const onLoan = await lendingByBrokerId('R-1');
    expect(onLoan).toMatchObject({ status: 'shipped_physically', dueDate: '2026-12-24T12:00:00.000Z', brokerItemId: 'MIT-0101' });
    expect(onLoan.picks).toEqual([expect.objectContaining({ status: 'picked', barcode: 'MIT-0101' })]);
    expect([...onLoan.allowedActions].sort()).toEqual(['check-in', 'mark-overdue', 'recall']);
    const eng = await server.db.selectFrom('partner').select('id').where('code', '=', 'ENG').executeTakeFirstOrThrow();
    expect(await item('MIT-0101')).toMatchObject({ status: 'on_loan', process_type: 'resource sharing', temporary_location: 'RS', on_loan_to_partner_id: eng.id, lent_for_request_id: onLoan.id });

    const renewed = await post(renewItem('MIT-0101', '2027-01-15T12:00:00Z'));
    expectSuccess(renewed, 'RenewItem');
    expect(renewed.message.body.dateDue).toBe('2027-01-15T12:00:00Z');
    expect((await lendingByBrokerId('R-1')).dueDate).toBe('2027-01-15T12:00:00.000Z');

    const back = await post(checkInItem('MIT-0101'));
    expectSuccess(back, 'CheckInItem');
    const completed = await lendingByBrokerId('R-1');
    expect(completed.status).toBe('completed');
    expect(completed.history.map((h) => h.event)).toEqual(['broker:Request', 'broker:RequestItem', 'broker:CheckOutItem', 'broker:RenewItem', 'broker:CheckInItem']);
    expect(await item('MIT-0101')).toMatchObject({ status: 'available', process_type: null, temporary_location: null, on_loan_to_partner_id: null, lent_for_request_id: null });

    // The broker repeats its check-in: success again, nothing changes.
    const settled = await snapshot();
    expectSuccess(await post(checkInItem('MIT-0101')), 'CheckInItem');
    expect(await snapshot()).toEqual(settled);
    expect((await lendingByBrokerId('R-1')).messages.map((m) => m.kind)).toEqual(['RequestItem', 'RequestItem', 'CheckOutItem', 'RenewItem', 'CheckInItem', 'CheckInItem']);
  });

  it('CheckOutItem without a RequestItem before it creates the request and ships it in one go', async () => {
    const shipped = await post(checkOutItem('MIT-0301', { requestId: 'R-2', desiredDateDue: '2026-12-31T00:00:00Z' }));
    expectSuccess(shipped, 'CheckOutItem');
    const request = await lendingByBrokerId('R-2');
    expect(request).toMatchObject({ managedBy: 'broker', status: 'shipped_physically', title: 'Kindred', borrower: BORROWER_LIBRARY, dueDate: '2026-12-31T00:00:00.000Z', brokerItemId: 'MIT-0301' });
    expect(request.history.map((h) => [h.event, h.toLabel])).toEqual([
      ['broker:Request', 'Created lending request'],
      ['broker:CheckOutItem', 'Shipped physically'],
    ]);
    expect(await item('MIT-0301')).toMatchObject({ status: 'on_loan', temporary_location: 'RS', lent_for_request_id: request.id });
  });

  it('CancelRequestItem before shipping cancels the request and its pick; after shipping it is too late and nothing changes', async () => {
    expectSuccess(await post(requestItem({ requestId: 'R-3', itemId: 'MIT-0302' })), 'RequestItem');
    expect((await lendingByBrokerId('R-3')).picks).toEqual([expect.objectContaining({ status: 'open', barcode: 'MIT-0302' })]);
    const cancelled = await post(cancelRequestItem('R-3'));
    expectSuccess(cancelled, 'CancelRequestItem');
    expect(cancelled.message.body.requestId?.requestIdentifierValue).toBe('R-3');
    const gone = await lendingByBrokerId('R-3');
    expect(gone.status).toBe('cancelled');
    expect(gone.picks).toEqual([expect.objectContaining({ status: 'cancelled', barcode: 'MIT-0302' })]);
    const quiet = await snapshot();
    expectSuccess(await post(cancelRequestItem('R-3')), 'CancelRequestItem');
    expect(await snapshot()).toEqual(quiet);

    expectSuccess(await post(requestItem({ requestId: 'R-4', itemId: 'MIT-0303' })), 'RequestItem');
    expectSuccess(await post(checkOutItem('MIT-0303', { requestId: 'R-4', desiredDateDue: '2026-12-31T00:00:00Z' })), 'CheckOutItem');
    const before = await snapshot();
    const late = await post(cancelRequestItem('R-4'));
    expectProblem(late, 'CancelRequestItem', 'Not Possible In Current Status');
    expect(problemOf(late)?.problemDetail).toContain('too late to cancel');
    expect(await snapshot()).toEqual(before);
    expect((await lendingByBrokerId('R-4')).status).toBe('shipped_physically');
  });

  it('bad input gets a schema-valid Problem in the service response, HTTP 200, and changes no row', async () => {
    const before = await snapshot();
    const unknown = await post(checkOutItem('NOT-OURS', { requestId: 'R-90', desiredDateDue: '2026-12-31T00:00:00Z' }));
    expectProblem(unknown, 'CheckOutItem', 'Unknown Item');
    expect(problemOf(unknown)?.problemValue).toBe('NOT-OURS');
    expectProblem(await post(checkOutItemWithoutItemId('R-91')), 'CheckOutItem', 'Invalid Message Syntax Error');
    expectProblem(await post(requestItem({ isbn: ISBN.kindred })), 'RequestItem', 'Needed Data Missing');
    expectProblem(await post(requestItem({ requestId: 'R-92', itemId: 'NOT-OURS' })), 'RequestItem', 'Unknown Item');
    const notLent = await post(checkInItem('MIT-0102'));
    expectProblem(notLent, 'CheckInItem', 'Item Not Checked Out');
    expectProblem(await post(checkInItem('NOT-OURS')), 'CheckInItem', 'Unknown Item');
    expectProblem(await post(renewItem('MIT-0102', '2027-01-01T00:00:00Z')), 'RenewItem', 'Unknown Item');
    expectProblem(await post(cancelRequestItem('R-NONE')), 'CancelRequestItem', 'Unknown Request');
    // Another broker may not ship a request it does not manage.
    expectProblem(await post(requestItem({ requestId: 'R-1', isbn: ISBN.earthsea, from: 'OTHER' })), 'RequestItem', 'Unauthorized Combination Of Element Values For Agency');
    expect(await snapshot()).toEqual(before);
  });

  it('a title we do not hold still becomes the request the broker assigned, flagged for staff, without a pick', async () => {
    expectSuccess(await post(requestItem({ requestId: 'R-5', isbn: '9780316769488', title: 'The catcher in the rye' })), 'RequestItem');
    const request = await lendingByBrokerId('R-5');
    expect(request).toMatchObject({ status: 'will_supply', title: 'The catcher in the rye', picks: [] });
    expect(request.needsAttention).toContain('find the copy to supply');
  });

  it('a copy the broker asks for is completed by its CheckOutItem; the item never leaves the shelf', async () => {
    expectSuccess(await post(requestItem({ requestId: 'R-7', isbn: ISBN.dispossessed, requestType: 'Copy' })), 'RequestItem');
    expect(await lendingByBrokerId('R-7')).toMatchObject({ serviceType: 'Copy', status: 'will_supply', picks: [expect.objectContaining({ barcode: '19823098123' })] });
    const delivered = await post(checkOutItem('19823098123', { requestId: 'R-7' }));
    expectSuccess(delivered, 'CheckOutItem');
    expect(delivered.message.body.nonReturnableFlag).toBe(true);
    expect((await lendingByBrokerId('R-7')).status).toBe('completed');
    expect(await item('19823098123')).toMatchObject({ status: 'available', lent_for_request_id: null });
    // Repeated: the same answer, nothing applied twice.
    const before = await snapshot();
    expect((await post(checkOutItem('19823098123', { requestId: 'R-7' }))).message.body).toEqual(delivered.message.body);
    expect(await snapshot()).toEqual(before);
  });

  it('scanning our barcode of a broker-shipped item checks it in', async () => {
    expectSuccess(await post(requestItem({ requestId: 'R-6', itemId: 'MIT-0103' })), 'RequestItem');
    expectSuccess(await post(checkOutItem('MIT-0103', { requestId: 'R-6', desiredDateDue: '2026-12-31T00:00:00Z' })), 'CheckOutItem');
    const scanned = await api().call<{ did: string; request: { status: string } }>('POST', `/api/v1/institutions/${LENDER}/scan`, { barcode: 'MIT-0103', action: 'auto' });
    expect(scanned).toMatchObject({ did: 'check-in', request: { status: 'completed' } });
    expect(await item('MIT-0103')).toMatchObject({ status: 'available', temporary_location: null, lent_for_request_id: null });
    // The broker's own CheckInItem afterwards is a repeat.
    expectSuccess(await post(checkInItem('MIT-0103')), 'CheckInItem');
  });

  it('answers the OCLC lending samples with success when the network holds their agencies and items', async () => {
    for (const [file, kind] of [
      ['RequestItemSample1.xml', 'RequestItem'],
      ['CheckOutItem.xml', 'CheckOutItem'],
      ['CheckInItem.xml', 'CheckInItem'],
      ['CheckOutItemToInstitutionForILL.xml', 'CheckOutItem'],
      ['CheckInBarcodedItem.xml', 'CheckInItem'],
    ] as const) {
      const answer = await post(ncipSample(file));
      expect(answer.status, file).toBe(200);
      expect(answer.message.kind, file).toBe(`${kind}Response`);
      expect(problemOf(answer), `${file}: ${answer.body}`).toBeUndefined();
    }
    const sample = await lendingByBrokerId('WCNav1234');
    expect(sample).toMatchObject({ status: 'will_supply', borrower: '23008000043915', picks: [expect.objectContaining({ barcode: 'MIT-0001' })] });
    expect((await lendingByBrokerId('REQ123')).status).toBe('completed');
    const ill = await lendingByBrokerId('12345', 'OCWMS');
    expect(ill).toMatchObject({ status: 'completed', borrower: 'NDOSU', partner: { code: 'OCWMS' } });
    expect(ill.history.find((h) => h.event === 'broker:CheckOutItem')).toBeDefined();
    expect(await item('ABCDE')).toMatchObject({ status: 'available', lent_for_request_id: null });
  });

  it.skipIf(!xmllint)('every answer given validates against ncip_v2_02.xsd (xmllint)', () => {
    expect(answers.length).toBeGreaterThanOrEqual(30);
    const results = validateWithXsd(NCIP_XSD_PATH, answers);
    expect(results.filter((r) => !r.valid).length, describeFailures(results, answers)).toBe(0);
  });
});
