import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { performBorrowingAction } from '../../../src/services/borrowing/performBorrowingAction.js';
import { performLendingAction } from '../../../src/services/lending/performLendingAction.js';
import { listRequestEvents } from '../../../src/store/requestEventRepository.js';
import { availableBackends } from '../../support/databases.js';
import { ISO18626_XSD } from '../../support/standards.js';
import { describeFailures, requireXmllint, validateWithXsd } from '../../support/xmllint.js';
import { borrowerMessage, borrowerRequest, lenderMessage, startHarness, type Harness, type Received } from './harness.js';

const backends = await availableBackends();
const xmllint = requireXmllint('validation of what we send to each kind of system');

const network = (endpoint: string) => `institutions:
  - code: HCPL
    name: Harbor City Public Library
    symbols: ["ISIL:US-HCPL"]
    libraries: [{ code: CENTRAL, name: Central }]
    partners:
      - { code: ALMA, name: An Alma library, symbol: "ISIL:XX-ALMA", endpoint: "${endpoint}", systemType: alma }
      - { code: RESHARE, name: A ReShare library, symbol: "ISIL:XX-RESHARE", endpoint: "${endpoint}", systemType: reshare }
      - { code: BROKER, name: A CrossLink broker, symbol: "ISIL:XX-BROKER", endpoint: "${endpoint}", systemType: crosslink-broker }
      - { code: NEXT, name: A plain ISO 18626 library, symbol: "ISIL:XX-NEXT", endpoint: "${endpoint}" }
`;

describe.each(backends)('interop profiles by partner system type, on %s', (backend) => {
  let h: Harness;
  const answers: string[] = [];

  beforeAll(async () => {
    h = await startHarness(backend, network);
  });
  afterAll(() => h?.close());

  async function post(xml: string) {
    const answer = await h.post(xml);
    answers.push(answer.body);
    return answer;
  }
  const borrowing = (id: string) => h.database.db.selectFrom('borrowing_request').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const lendingByTransaction = (id: string) =>
    h.database.db.selectFrom('lending_request').selectAll().where('requesting_agency_request_id', '=', id).executeTakeFirstOrThrow();
  const history = async (kind: 'borrowing' | 'lending', id: string) =>
    (await listRequestEvents(h.database.db, h.hcpl.id, kind, id)).map((e) => ({ event: e.event, to: e.to_status, note: e.note }));
  const sentTo = (symbol: string, requestId: string, predicate: (r: Received) => boolean = () => true) =>
    h.waitForReceived((r) => r.body.includes(`<agencyIdValue>${symbol}</agencyIdValue>`) && r.body.includes(requestId) && predicate(r));
  const ssm = (r: Received) => (r.message?.kind === 'supplyingAgencyMessage' ? r.message : undefined);

  describe('Alma', () => {
    it('an empty status from Alma is read as a Notification: accepted, recorded, nothing moves', async () => {
      const request = await h.borrow('alma-empty', ['ALMA']);
      const xml = lenderMessage({ from: 'XX-ALMA', requestNumber: request.request_number, reason: 'StatusChange', status: '', note: 'Item is at the bindery, will check next week' });
      expect(xml).toContain('<status></status>');
      const answer = await post(xml);
      expect(answer).toMatchObject({ messageStatus: 'OK' });
      expect((await borrowing(request.id)).status).toBe('request_sent');
      expect(await history('borrowing', request.id)).toContainEqual({ event: 'supplier:Notification', to: 'request_sent', note: 'Item is at the bindery, will check next week' });
      const stored = await h.database.db.selectFrom('protocol_message').select('body').where('request_id', '=', request.id).where('direction', '=', 'in').executeTakeFirstOrThrow();
      expect(stored.body).toBe(xml);
    });

    it('sends Alma WillSupply where we say ExpectToSupply, and conditions in the note', async () => {
      expect(await post(borrowerRequest({ from: 'XX-ALMA', id: 'ALMA-REQ-1' }))).toMatchObject({ messageStatus: 'OK' });
      const lending = await lendingByTransaction('ALMA-REQ-1');
      await performLendingAction(h.interlend.ctx, h.hcpl, lending.id, 'expect-to-supply', { actor: 'user:test' });
      const first = await sentTo('XX-ALMA', 'ALMA-REQ-1', (r) => ssm(r)?.messageInfo.reasonForMessage === 'RequestResponse');
      expect(ssm(first)?.statusInfo.status).toBe('WillSupply');
      await performLendingAction(h.interlend.ctx, h.hcpl, lending.id, 'conditional', { actor: 'user:test', note: 'Library use only' });
      const offer = await sentTo('XX-ALMA', 'ALMA-REQ-1', (r) => ssm(r)?.statusInfo.status === 'RetryPossible');
      expect(ssm(offer)?.messageInfo.note).toBe('Condition: Library use only');
      answers.push(first.body, offer.body);
    });
  });

  describe('ReShare', () => {
    it('a ReShare conditional offer (#ReShareAddLoanCondition#, #seq#) becomes our Conditional; the seq stays in the history', async () => {
      const request = await h.borrow('rs-cond', ['RESHARE']);
      const xml = lenderMessage({
        from: 'XX-RESHARE',
        requestNumber: request.request_number,
        reason: 'RequestResponse',
        status: 'ExpectToSupply',
        note: '#seq:3##ReShareAddLoanCondition# Please keep in the reading room',
        extra: `
    <deliveryInfo><dateSent>2026-11-25T10:05:00Z</dateSent><loanCondition>LibraryUseOnly</loanCondition></deliveryInfo>`,
      });
      expect(await post(xml)).toMatchObject({ messageStatus: 'OK' });
      const after = await borrowing(request.id);
      expect(after.status).toBe('conditional');
      expect(after.terms).toMatchObject({ conditions: 'LoanCondition: LibraryUseOnly Please keep in the reading room [ReShare message #3]' });
      expect((await history('borrowing', request.id)).at(-1)).toMatchObject({ event: 'supplier:Conditional', note: expect.stringContaining('[ReShare message #3]') as unknown });

      // Accepting the conditions is sent the way ReShare reads it.
      await performBorrowingAction(h.interlend.ctx, h.hcpl, request.id, 'accept-conditions', { actor: 'user:test' });
      const agreed = await sentTo('XX-RESHARE', request.request_number, (r) => r.message?.kind === 'requestingAgencyMessage');
      expect(agreed.message?.kind === 'requestingAgencyMessage' && agreed.message.note).toBe('#ReShareLoanConditionAgreeResponse#');
      answers.push(agreed.body);
    });

    it('our conditional offer goes to ReShare as #ReShareAddLoanCondition#, and its agree response is our acceptance', async () => {
      expect(await post(borrowerRequest({ from: 'XX-RESHARE', id: 'RS-REQ-1', note: '#seq:1#' }))).toMatchObject({ messageStatus: 'OK' });
      const lending = await lendingByTransaction('RS-REQ-1');
      await performLendingAction(h.interlend.ctx, h.hcpl, lending.id, 'conditional', { actor: 'user:test', note: 'No photocopying' });
      const offer = await sentTo('XX-RESHARE', 'RS-REQ-1', (r) => ssm(r) !== undefined);
      expect(ssm(offer)?.statusInfo.status).toBe('ExpectToSupply');
      expect(ssm(offer)?.messageInfo.note).toBe('#ReShareAddLoanCondition# No photocopying');
      expect(ssm(offer)?.messageInfo.reasonRetry).toBeUndefined();
      answers.push(offer.body);

      expect(await post(borrowerMessage({ from: 'XX-RESHARE', id: 'RS-REQ-1', action: 'Notification', note: '#seq:2##ReShareLoanConditionAgreeResponse#' }))).toMatchObject({ messageStatus: 'OK' });
      expect((await lendingByTransaction('RS-REQ-1')).status).toBe('will_supply');
      expect((await history('lending', lending.id)).at(-1)).toMatchObject({ event: 'requester:ConditionsAccepted', note: expect.stringContaining('[ReShare message #2]') as unknown });
    });

    it('a ReShare reject response declines our conditions', async () => {
      expect(await post(borrowerRequest({ from: 'XX-RESHARE', id: 'RS-REQ-2' }))).toMatchObject({ messageStatus: 'OK' });
      const lending = await lendingByTransaction('RS-REQ-2');
      await performLendingAction(h.interlend.ctx, h.hcpl, lending.id, 'conditional', { actor: 'user:test', note: 'Fee of 10 USD' });
      expect(await post(borrowerMessage({ from: 'XX-RESHARE', id: 'RS-REQ-2', action: 'Notification', note: '#seq:5##ReShareLoanConditionRejectResponse#' }))).toMatchObject({ messageStatus: 'OK' });
      expect((await lendingByTransaction('RS-REQ-2')).status).toBe('cancelled');
    });

    it('requester edits and lost-message probes are recorded, not applied', async () => {
      expect(await post(borrowerRequest({ from: 'XX-RESHARE', id: 'RS-REQ-3' }))).toMatchObject({ messageStatus: 'OK' });
      const before = await lendingByTransaction('RS-REQ-3');
      const note = '#seq:4##ReShareUpdatedField-neededBy:2027-01-15##ReShareUpdatedField-pickupLocation:East Branch#';
      expect(await post(borrowerMessage({ from: 'XX-RESHARE', id: 'RS-REQ-3', action: 'Notification', note }))).toMatchObject({ messageStatus: 'OK' });
      expect(await post(borrowerMessage({ from: 'XX-RESHARE', id: 'RS-REQ-3', action: 'Notification', note: '#lastSeq:4#' }))).toMatchObject({ messageStatus: 'OK' });
      const after = await lendingByTransaction('RS-REQ-3');
      expect(after.citation).toEqual(before.citation);
      expect(after.status).toBe(before.status);
      const notes = (await history('lending', before.id)).map((e) => e.note);
      expect(notes).toContain('[ReShare message #4] [requester edited, not applied: neededBy = "2027-01-15", pickupLocation = "East Branch"]');
      expect(notes).toContain('[ReShare asks whether its messages up to #4 arrived]');
    });
  });

  describe('CrossLink broker', () => {
    it("a lender's Unfilled forwarded as a Notification moves the rota on", async () => {
      const request = await h.borrow('broker', ['BROKER', 'NEXT']);
      await sentTo('XX-BROKER', request.request_number);
      const xml = lenderMessage({
        from: 'XX-BROKER',
        requestNumber: request.request_number,
        reason: 'Notification',
        status: 'Unfilled',
        note: 'Supplier ISIL:XX-SUP1 could not fill; trying the next supplier',
      });
      expect(await post(xml)).toMatchObject({ messageStatus: 'OK' });
      await sentTo('XX-NEXT', request.request_number);
      const rota = await h.database.db.selectFrom('rota_entry').select(['status']).where('borrowing_request_id', '=', request.id).orderBy('position').execute();
      expect(rota.map((e) => e.status)).toEqual(['rejected', 'sent']);
    });
  });

  it.skipIf(!xmllint)('everything we sent and answered validates against the ISO 18626 1.2 XSD', () => {
    const documents = [...answers, ...h.received.map((r) => r.body)];
    expect(documents.length).toBeGreaterThan(15);
    const results = validateWithXsd(ISO18626_XSD['1.2'], documents);
    expect(results.filter((r) => !r.valid), describeFailures(results, documents)).toEqual([]);
  });
});
