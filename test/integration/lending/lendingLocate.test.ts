import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient, RequestView } from '../../../src/cli/apiClient.js';
import { parseIso18626 } from '../../../src/protocols/iso18626/index.js';
import { availableBackends } from '../../support/databases.js';
import { ISO18626_XSD } from '../../support/standards.js';
import { waitFor } from '../../support/waitFor.js';
import { describeFailures, requireXmllint, validateWithXsd } from '../../support/xmllint.js';
import { BORROWER, ISBN, LENDER, startLocateNetwork, type LocateNetwork } from './lendingLocateNetwork.js';

const backends = await availableBackends();
const xmllint = requireXmllint('validation of the Unfilled answers lending locate sends');

interface LendingView extends RequestView {
  needsAttention: string | null;
  locate: { target: string; query: string | null; outcome: string; hits: number | null; recordIds: string[]; availability: { barcode?: string; status: string; requestable?: boolean }[]; detail: string | null }[];
  picks: { id: string; status: string; barcode: string; location: string | null; callNumber: string | null }[];
}
interface BorrowingView extends RequestView {
  rota: { partner: { code: string }; status: string; reason: string | null }[];
}
interface PickList {
  items: { id: string; status: string; barcode: string; library: string | null; location: string | null; callNumber: string | null; ageMinutes: number; lendingRequest: { id: string; number: string; title: string | null } }[];
}

const ALL_REJECTIONS = { locateFails: true, noAvailableItems: true, noRequestableItems: true, onlyElectronic: true };

describe.skipIf(!xmllint).each(backends)('lending locate end to end on %s', (backend) => {
  let net: LocateNetwork;
  let b: ApiClient;
  let l: ApiClient;
  /** Every supplyingAgencyMessage the lender sent in this suite, validated at the end. */
  const sent: string[] = [];

  beforeAll(async () => {
    net = await startLocateNetwork(backend);
    b = net.borrowerApi;
    l = net.lenderApi;
  }, 120_000);
  afterAll(async () => {
    await net?.close();
  });

  async function ask(isbn: string, title: string): Promise<{ bp: string; lp: string }> {
    const created = await b.call<RequestView>('POST', b.borrowing(BORROWER), { patronId: 'P-1', citation: { title, isbn }, rota: ['LVW'] });
    const found = await l.findLendingRequest(LENDER, created.number);
    return { bp: b.borrowing(BORROWER, created.id), lp: l.lending(LENDER, found.id) };
  }
  const lending = (path: string) => l.call<LendingView>('GET', path);

  /** The lender's outbound answer (recorded once the outbox delivered it) and the reasonUnfilled it carries. */
  async function unfilledReason(path: string): Promise<string | undefined> {
    const outbound = (view: LendingView) => view.messages.filter((m) => m.direction === 'out' && m.kind === 'supplyingAgencyMessage');
    const view = await waitFor(() => lending(path), (v) => outbound(v).length > 0, { what: `the answer of ${path}` });
    const out = outbound(view);
    expect(out).toHaveLength(1);
    sent.push(out[0]!.body);
    const parsed = parseIso18626(out[0]!.body);
    if (!parsed.ok || parsed.message.kind !== 'supplyingAgencyMessage') throw new Error(`not a supplyingAgencyMessage: ${out[0]!.body}`);
    expect(parsed.message.statusInfo.status).toBe('Unfilled');
    expect(parsed.message.messageInfo.reasonForMessage).toBe('RequestResponse');
    return parsed.message.messageInfo.reasonUnfilled?.value;
  }

  describe('auto-locate with every rejection on', () => {
    beforeAll(() => net.setLending({ autoLocate: true, rejectWhen: ALL_REJECTIONS, createLocalMoveAutomatically: true }));

    it.each([
      ['not held', ISBN.notHeld, 'The catcher in the rye', 'NotHeld', 'not-held'],
      ['held, on loan', ISBN.onLoan, 'The left hand of darkness', 'NotOnShelf', 'held-unavailable'],
      ['held, not for loan', ISBN.notForLoan, 'Pride and prejudice', 'NonCirculating', 'held-unavailable'],
      ['held, electronic only', ISBN.electronic, 'Nineteen eighty-four', 'NotAvailableForILL', 'held-unavailable'],
    ])('%s: the borrower gets Unfilled with the reason, the lender keeps the evidence', async (_name, isbn, title, reason, outcome) => {
      const { bp, lp } = await ask(isbn, title);
      const borrowed = await b.waitForStatus(bp, 'locate_failed');
      const rota = (borrowed as BorrowingView).rota;
      expect(rota.map((entry) => [entry.partner.code, entry.status, entry.reason])).toEqual([['LVW', 'rejected', reason]]);

      const view = await lending(lp);
      expect(view.status).toBe('locate_failed');
      expect(await unfilledReason(lp)).toBe(reason);
      expect(view.history.map((h) => h.event)).toEqual(['requester:Request', 'locate:start', 'locate:none']);
      expect(view.locate).toHaveLength(1);
      expect(view.locate[0]).toMatchObject({ target: 'local catalogue', outcome });
      expect(view.locate[0]!.query).toContain(`isbn=${isbn}`);
      expect(view.locate[0]!.hits).toBe(outcome === 'not-held' ? 0 : 1);
      expect(view.picks).toEqual([]);
    });

    it('held and available: Being processed, and the available copy is on the pick list', async () => {
      const { bp, lp } = await ask(ISBN.available, 'A wizard of Earthsea');
      const view = await lending(lp);
      expect(view.status).toBe('being_processed');
      expect(view.needsAttention).toBeNull();
      expect(view.messages.filter((m) => m.direction === 'out')).toEqual([]);
      expect(view.locate[0]).toMatchObject({ outcome: 'held', hits: 1, query: `isbn=${ISBN.available}` });
      expect(view.locate[0]!.availability).toEqual([
        expect.objectContaining({ barcode: 'LVW-0001', status: 'available', requestable: true }),
        expect.objectContaining({ barcode: 'LVW-0002', status: 'on-loan' }),
      ]);
      expect(view.picks).toEqual([expect.objectContaining({ status: 'open', barcode: 'LVW-0001', location: 'STACKS', callNumber: 'PS3562.E42' })]);

      const list = await l.call<PickList>('GET', `/api/v1/institutions/${LENDER}/pick-list?status=open`);
      const line = list.items.find((i) => i.id === view.picks[0]!.id);
      expect(line).toMatchObject({ barcode: 'LVW-0001', library: 'MAIN', location: 'STACKS', callNumber: 'PS3562.E42', lendingRequest: { id: view.id, number: view.number, title: 'A wizard of Earthsea' } });
      expect(line?.ageMinutes).toBeGreaterThanOrEqual(0);
      // The borrower still waits for an answer.
      expect((await b.call<BorrowingView>('GET', bp)).status).toBe('request_sent');

      // Rejected after all: nothing is left to fetch from the shelf.
      const rejected = await l.call<LendingView>('POST', `${lp}/actions/reject`, { reason: 'PolicyProblem' });
      expect(rejected.status).toBe('rejected');
      expect(rejected.picks).toEqual([expect.objectContaining({ status: 'cancelled' })]);
      expect((await l.call<PickList>('GET', `/api/v1/institutions/${LENDER}/pick-list?status=open`)).items.map((i) => i.id)).not.toContain(view.picks[0]!.id);
    });

    it('a raw ISO 18626 request posted to /iso18626 with the ISBN in bibliographicItemId is located on arrival', async () => {
      const xml = `<?xml version="1.0" encoding="UTF-8"?>
<ISO18626Message xmlns="http://illtransactions.org/2013/iso18626" ill:version="1.2" xmlns:ill="http://illtransactions.org/2013/iso18626">
  <request>
    <header>
      <supplyingAgencyId><agencyIdType>ISIL</agencyIdType><agencyIdValue>US-LVW</agencyIdValue></supplyingAgencyId>
      <requestingAgencyId><agencyIdType>ISIL</agencyIdType><agencyIdValue>US-NSU</agencyIdValue></requestingAgencyId>
      <timestamp>2026-11-25T10:00:00Z</timestamp>
      <requestingAgencyRequestId>RAW-LOCATE-1</requestingAgencyRequestId>
    </header>
    <bibliographicInfo>
      <title>Some book nobody here has</title>
      <bibliographicItemId><bibliographicItemIdentifier>${ISBN.notHeld}</bibliographicItemIdentifier><bibliographicItemIdentifierCode>ISBN</bibliographicItemIdentifierCode></bibliographicItemId>
    </bibliographicInfo>
    <serviceInfo><requestType>New</requestType><serviceType>Loan</serviceType></serviceInfo>
  </request>
</ISO18626Message>`;
      const response = await fetch(`${net.base}/iso18626`, { method: 'POST', headers: { 'content-type': 'application/xml' }, body: xml });
      const confirmation = await response.text();
      expect(response.status).toBe(200);
      expect(confirmation).toMatch(/<(\w+:)?messageStatus>OK</);
      const found = await l.findLendingRequest(LENDER, 'RAW-LOCATE-1');
      const view = await lending(l.lending(LENDER, found.id));
      expect(view.status).toBe('locate_failed');
      expect(await unfilledReason(l.lending(LENDER, found.id))).toBe('NotHeld');
      expect(view.locate[0]).toMatchObject({ outcome: 'not-held', hits: 0 });
    });
  });

  it('a shortfall the settings do not reject on: Being processed, flagged for staff, nothing to pick', async () => {
    await net.setLending({ autoLocate: true, rejectWhen: { ...ALL_REJECTIONS, noAvailableItems: false }, createLocalMoveAutomatically: true });
    const { lp } = await ask(ISBN.onLoan, 'The left hand of darkness');
    const view = await lending(lp);
    expect(view.status).toBe('being_processed');
    expect(view.needsAttention).toMatch(/none available/);
    expect(view.locate[0]).toMatchObject({ outcome: 'held-unavailable' });
    expect(view.picks).toEqual([]);
    expect(view.messages.filter((m) => m.direction === 'out')).toEqual([]);
  });

  it('auto-locate off: the request waits in Created until staff run locate', async () => {
    await net.setLending({ autoLocate: false, rejectWhen: ALL_REJECTIONS, createLocalMoveAutomatically: true });
    const { lp } = await ask(ISBN.available, 'A wizard of Earthsea');
    const waiting = await lending(lp);
    expect(waiting.status).toBe('created');
    expect(waiting.locate).toEqual([]);
    expect(waiting.allowedActions).toContain('locate');

    const located = await l.call<LendingView>('POST', `${lp}/actions/locate`, {});
    expect(located.status).toBe('being_processed');
    expect(located.history.map((h) => h.event)).toEqual(['requester:Request', 'locate', 'locate:found']);
    expect(located.picks).toEqual([expect.objectContaining({ status: 'open', barcode: 'LVW-0001' })]);
    expect(located.allowedActions).not.toContain('locate');
    await expect(l.call('POST', `${lp}/actions/locate`, {})).rejects.toMatchObject({ status: 409 });

    // The only copy on the shelf is now promised to that request: a second request finds it not on the shelf.
    const second = await ask(ISBN.available, 'A wizard of Earthsea');
    const refused = await l.call<LendingView>('POST', `${second.lp}/actions/locate`, {});
    expect(refused.status).toBe('locate_failed');
    expect(await unfilledReason(second.lp)).toBe('NotOnShelf');
    expect(refused.locate[0]!.availability).toEqual([expect.objectContaining({ barcode: 'LVW-0001', status: 'unavailable' }), expect.objectContaining({ barcode: 'LVW-0002', status: 'on-loan' })]);
    expect(refused.picks).toEqual([]);
  });

  it('every answer the lender sent is valid ISO 18626', () => {
    expect(sent.length).toBe(6);
    const results = validateWithXsd(ISO18626_XSD['1.2'], sent);
    expect(results.every((r) => r.valid), describeFailures(results, sent)).toBe(true);
  });
});
