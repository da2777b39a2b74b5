import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { acceptItem, checkInItem, checkOutItem, deleteItem, lookupUser, renewItem, requestItem, type NcipConnection } from '../../../src/services/ncip/client/index.js';
import { upsertInstitution } from '../../../src/store/institutionRepository.js';
import { listProtocolMessages } from '../../../src/store/protocolMessageRepository.js';
import { availableBackends, createTestDatabase, type TestDatabase } from '../../support/databases.js';
import { lookupUserResponse, lookupUserUnknown, NCIP_XSD, renewItemResponse, startNcipResponder, type NcipResponder } from '../../support/ncipResponder.js';
import { requireXmllint, validateWithXsd } from '../../support/xmllint.js';

const available = requireXmllint('the NCIP client tests validate every message the ILS receives');
const backends = await availableBackends();

describe.skipIf(!available)('NCIP client against an ILS that validates what it receives', () => {
  let ils: NcipResponder;
  let connection: NcipConnection;

  beforeAll(async () => {
    ils = await startNcipResponder();
    connection = { url: ils.url, toAgencyId: 'ILS', fromAgencyId: 'US-NSU', timeoutMs: 2000 };
  });
  afterAll(() => ils?.close());
  // Every message the client sent in a test was valid against ncip_v2_02.xsd.
  afterEach(() => {
    expect(ils.invalid.map((i) => `${i.service}: ${i.messages.join(' ')}`)).toEqual([]);
  });

  it('the crafted responses (no OCLC sample exists for them) are schema-valid themselves', () => {
    const docs = [lookupUserResponse('P-1', 'Ada', 'Lovelace', ['Overdue Items']), lookupUserUnknown('X'), renewItemResponse('I-1', '2030-01-31T23:59:00Z')];
    expect(validateWithXsd(NCIP_XSD, docs).map((r) => r.messages.join(' '))).toEqual(['', '', '']);
  });

  it('LookupUser: a known patron with name, then one with blocks, then an unknown one in the ILS words', async () => {
    const known = await lookupUser(connection, 'P-1');
    expect(known).toEqual({ ok: true, user: { userId: 'P-1', name: 'Ada Lovelace', blocks: [] } });
    const sent = ils.received.at(-1);
    expect(sent?.service).toBe('LookupUser');
    expect(sent?.xml).toContain('<UserIdentifierValue>P-1</UserIdentifierValue>');
    expect(sent?.xml).toMatch(/<FromAgencyId>\s*<AgencyId>US-NSU<\/AgencyId>/);

    ils.answer('LookupUser', { xml: lookupUserResponse('P-2', 'Bob', 'Blocked', ['Overdue Items', 'Fines']) });
    const blocked = await lookupUser(connection, 'P-2');
    expect(blocked.ok && blocked.user.blocks).toEqual(['Overdue Items', 'Fines']);

    ils.answer('LookupUser', { xml: lookupUserUnknown('P-404') });
    const unknown = await lookupUser(connection, 'P-404');
    expect(unknown.ok).toBe(false);
    if (unknown.ok) return;
    expect(unknown.problem).toMatchObject({ kind: 'ncip-problem', type: 'Unknown User', value: 'P-404', element: 'UserIdentifierValue' });
    expect(unknown.problem.message).toBe('The ILS refused LookupUser: Unknown User (User P-404 is not known to the ILS), for P-404 [element UserIdentifierValue]');
  });

  it('AcceptItem: success gives the ILS item id; the failure sample gives its first problem', async () => {
    const input = { requestId: '12345', itemId: 'TMP-1', userId: 'P-1', bibliographic: { title: 'Dune', author: 'Herbert' }, pickupLocation: 'MAIN', dueDate: '2030-01-31T23:59:00Z' };
    expect(await acceptItem(connection, input)).toEqual({ ok: true, requestId: '12345', itemId: 'ABCDE' });
    expect(ils.received.at(-1)?.xml).toContain('<RequestedActionType>Hold For Pickup</RequestedActionType>');
    ils.answer('AcceptItem', { sample: 'AcceptItemResponse.xml' });
    const refused = await acceptItem(connection, input);
    expect(!refused.ok && refused.problem.type).toBe('Agency Authentication Failed');
    expect(!refused.ok && refused.problem.element).toBe('InitiationHeader/FromAgencyAuthentication');
  });

  it('CheckOutItem: success with due date; unknown user, unknown item and requirements not met as readable problems', async () => {
    ils.answer('CheckOutItem', { sample: 'CheckOutItemResponseSuccess.xml' });
    expect(await checkOutItem(connection, 'ABCDE', 'NDOSU', '2018-02-01T00:00:00Z')).toEqual({
      ok: true,
      loan: { itemId: 'ABCDE', userId: 'NDOSU', dueDate: '2018-02-01T12:34:56Z' },
    });
    expect(ils.received.at(-1)?.xml).toContain('<DesiredDateDue>2018-02-01T00:00:00Z</DesiredDateDue>');
    const cases = [
      ['CheckOutItemResponseUserUnknown.xml', 'The ILS refused CheckOutItem: Unknown User (UNKNOWN_USER), for 91475/ZYXWV'],
      ['CheckOutItemResponseItemUnknown.xml', 'The ILS refused CheckOutItem: Unknown Item (UNKNOWN_ITEM), for 91475/ABCDE'],
      ['CheckOutItemResponseRequirementsNotMet.xml', 'The ILS refused CheckOutItem: Resource Cannot Be Provided (See Use Restrictions and Fee Requirements)'],
    ] as const;
    for (const [sample, sentence] of cases) {
      ils.answer('CheckOutItem', { sample });
      const result = await checkOutItem(connection, 'ABCDE', 'NDOSU');
      expect(result.ok ? 'ok' : result.problem.message).toBe(sentence);
    }
  });

  it('CheckInItem: success, unknown item, not on loan', async () => {
    ils.answer('CheckInItem', { sample: 'CheckInResponseBarcodedItemSuccess.xml' });
    expect(await checkInItem(connection, 'ABCDE')).toEqual({ ok: true, itemId: 'ABCDE' });
    for (const [sample, type] of [
      ['CheckInResponseBarcodedItemUnknown.xml', 'Unknown Item'],
      ['CheckInResponseBarcodedItemNotOnLoan.xml', 'Item Not Checked Out'],
    ] as const) {
      ils.answer('CheckInItem', { sample });
      const result = await checkInItem(connection, 'ABCDE');
      expect(result.ok ? 'ok' : result.problem.type).toBe(type);
    }
  });

  it('RequestItem, RenewItem and DeleteItem (lending side and cleanup)', async () => {
    expect(await requestItem(connection, { userId: 'US-HCPL', itemId: '35556991919116', requestId: 'L-1' })).toEqual({
      ok: true,
      requestId: 'WCNav1234',
      itemId: '35556991919116',
    });
    expect(ils.received.at(-1)?.xml).toContain('<RequestType>Page</RequestType>');
    expect(await renewItem(connection, 'I-1', 'P-1')).toEqual({ ok: true, pending: false, loan: { itemId: 'I-1', dueDate: '2030-01-31T23:59:00Z', renewalCount: 1 } });
    expect(await deleteItem(connection, 'I-1')).toEqual({ ok: true, itemId: 'I-1' });
  });

  it('an answer of the wrong kind, HTML, an HTTP error and a silent ILS are failures, not exceptions', async () => {
    ils.answer('CheckInItem', { sample: 'CheckOutItemResponseSuccess.xml' });
    const wrongKind = await checkInItem(connection, 'X');
    expect(!wrongKind.ok && wrongKind.problem.message).toBe('CheckInItem failed: the ILS answered with CheckOutItemResponse instead of CheckInItemResponse');

    ils.answer('CheckInItem', { html: true });
    const html = await checkInItem(connection, 'X');
    expect(!html.ok && html.problem.kind).toBe('not-ncip');
    expect(!html.ok && html.httpStatus).toBe(200);

    ils.answer('CheckInItem', { status: 502, text: 'Bad gateway' });
    const http = await checkInItem(connection, 'X');
    expect(!http.ok && [http.problem.kind, http.httpStatus, http.problem.message]).toEqual(['http-error', 502, 'CheckInItem failed: the ILS answered HTTP 502']);

    ils.answer('CheckInItem', { silent: true });
    const started = Date.now();
    const silent = await checkInItem({ ...connection, timeoutMs: 300 }, 'X');
    expect(!silent.ok && silent.problem.message).toBe('CheckInItem failed: the ILS did not answer within 300 ms');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('a closed port is an unreachable ILS', async () => {
    const closed = await closedPortUrl();
    const result = await lookupUser({ ...connection, url: closed }, 'P-1');
    expect(!result.ok && result.problem.kind).toBe('unreachable');
    expect(!result.ok && result.problem.message).toMatch(/^LookupUser failed: the ILS at http:\/\/127\.0\.0\.1:\d+\/ncip could not be reached/);
  });

  it('an answer over the size limit is refused without reading it all', async () => {
    ils.answer('DeleteItem', { xml: `<x>${'a'.repeat(1024 * 1024 + 10)}</x>` });
    const result = await deleteItem(connection, 'I-1');
    expect(!result.ok && result.problem.kind).toBe('too-large');
  });

  describe.each(backends)('the raw exchange is kept on the request (%s)', (backend) => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await createTestDatabase(backend);
    });
    afterAll(() => database?.close());

    it('success and failure are both stored, direction out, protocol ncip, with the response as confirmation', async () => {
      const institution = await upsertInstitution(database.db, 'NSU', 'North State');
      const requestId = randomUUID();
      const record = { db: database.db, institutionId: institution.id, requestKind: 'borrowing' as const, requestId };
      ils.answer('CheckOutItem', { sample: 'CheckOutItemResponseSuccess.xml' });
      await checkOutItem(connection, 'ABCDE', 'NDOSU', undefined, record);
      ils.answer('CheckOutItem', { sample: 'CheckOutItemResponseUserUnknown.xml' });
      await checkOutItem(connection, 'ABCDE', 'NDOSU', undefined, record);
      await checkInItem({ ...connection, url: await closedPortUrl() }, 'ABCDE', record);
      const stored = await listProtocolMessages(database.db, institution.id, 'borrowing', requestId);
      expect(stored.map((m) => [m.direction, m.protocol, m.message_kind, m.message_status, m.error_type])).toEqual([
        ['out', 'ncip', 'CheckOutItem', 'OK', null],
        ['out', 'ncip', 'CheckOutItem', 'ERROR', 'Unknown User'],
        ['out', 'ncip', 'CheckInItem', 'ERROR', 'unreachable'],
      ]);
      expect(stored[0]?.body).toContain('<CheckOutItem>');
      expect(stored[0]?.confirmation).toContain('<ns1:DateDue>2018-02-01T12:34:56Z</ns1:DateDue>');
      expect(stored[1]?.summary).toBe('The ILS refused CheckOutItem: Unknown User (UNKNOWN_USER), for 91475/ZYXWV');
      expect(stored[2]?.confirmation).toBeNull();
    });
  });
});

/** A URL on a port nothing listens on: one we bound and released. */
async function closedPortUrl(): Promise<string> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/ncip`;
}
