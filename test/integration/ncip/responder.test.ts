/**
 * POST /ncip, the NCIP responder, over real HTTP on each back-end: every OCLC request sample gets
 * a schema-valid answer; LookupUser answers from the patron register; senders are verified;
 * hostile bodies get an NCIP Problem (never 5xx) and are not kept; the raw exchange is stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildNcipMessage, parseNcipMessage, type NcipBody, type NcipMessage } from '../../../src/protocols/ncip/index.js';
import { secretHash } from '../../../src/services/interop/credentials.js';
import { startApiServer, type ApiServer } from '../../support/apiServer.js';
import { availableBackends } from '../../support/databases.js';
import { NCIP_XSD_PATH, ncipSample, ncipSamples } from '../../support/ncipSamples.js';
import { LENDER_CATALOGUE, WMS_CATALOGUE } from '../../support/brokerLending.js';
import { importMarc } from '../../../src/services/inventory/importMarc.js';
import { describeFailures, requireXmllint, validateWithXsd } from '../../support/xmllint.js';

const backends = await availableBackends();
const xmllint = requireXmllint('validation of the NCIP responder answers');
const NOW = new Date('2026-11-25T12:00:00Z');
const BROKER_TOKEN = 'broker-bearer-token-5be1';
const OCLC = 'http://oclc.org/ncip/schemes/agencyid/symbol.scm';
const UET = 'http://www.niso.org/ncip/v1_0/schemes/userelementtype/userelementtype.scm';

// Every agency of the samples, each with the brokers that send them messages and their patrons.
const NETWORK = `
institutions:
  - code: MIT
    name: MIT Libraries
    symbols: ["NCIP:MIT"]
    libraries: [{ code: MAIN, name: Main }]
    partners:
      - { code: ENG, name: Engineering broker, symbol: "NCIP:ENG", profileType: broker, endpoint: "http://127.0.0.1:9/ncip" }
      - { code: LENDER, name: Lender broker, symbol: "NCIP:LENDER", profileType: broker, endpoint: "http://127.0.0.1:9/ncip" }
      - { code: ILSPEER, name: NCIP peer, symbol: "NCIP:ILSPEER", profileType: ncip, endpoint: "http://127.0.0.1:9/ncip" }
      - { code: PEER, name: ISO peer, symbol: "NCIP:PEER", endpoint: "http://127.0.0.1:9/iso18626" }
      - { code: SLEEPY, name: Sleepy broker, symbol: "NCIP:SLEEPY", profileType: broker, active: false, endpoint: "http://127.0.0.1:9/ncip" }
      - code: LOCKED
        name: Locked broker
        symbol: "NCIP:LOCKED"
        endpoint: "http://127.0.0.1:9/ncip"
        profileType: broker
        credentials: { inbound: { http: { bearerHash: "${secretHash(BROKER_TOKEN)}" } } }
    patrons:
      - { barcode: "10923123", name: Ada Lovelace, email: ada@example.edu, patronGroup: faculty, expiresOn: 2027-06-30 }
      - { barcode: "23008000043915", name: Grace Hopper, patronGroup: staff }
      - { barcode: OCLCTEST, name: Test Patron, patronGroup: graduate }
      - barcode: BLOCKED-1
        name: Alan Turing
        patronGroup: graduate
        blocks: [{ code: FINES, reason: unpaid fines, since: 2026-01-01, until: 2026-12-31 }]
      - { barcode: EXPIRED-1, name: Old Timer, patronGroup: alumni, expiresOn: 2026-01-31 }
  - code: WMS
    name: WorldShare library
    symbols: ["OCLC:OCWMS"]
    libraries: [{ code: MAIN, name: Main }]
    partners: [{ code: OCWMS, name: OCLC broker, symbol: "OCLC:OCWMS", profileType: broker }]
    patrons: [{ barcode: ZYXWV, name: Zed, patronGroup: faculty }, { barcode: NDOSU, name: NDSU library, patronGroup: library }]
  - code: REG
    name: Registry library
    symbols: ["REG:registry_id"]
    libraries: [{ code: MAIN, name: Main }]
    partners: [{ code: REGB, name: Registry broker, symbol: "REG:registry_id", profileType: broker }]
    patrons: [{ barcode: "10923123", name: Someone Else, patronGroup: faculty }]
`;

interface Answer {
  status: number;
  body: string;
  message: NcipMessage | undefined;
}

function lookupUser(user: string | undefined, options: { from?: string; to?: string; toScheme?: string; elements?: string[] } = {}): string {
  const to = { value: options.to ?? 'MIT', ...(options.toScheme ? { scheme: options.toScheme } : {}) };
  const body: NcipBody = {
    initiationHeader: { fromAgencyId: { agencyId: { value: options.from ?? 'ENG' } }, toAgencyId: { agencyId: to } },
    ...(user !== undefined ? { userId: { userIdentifierValue: user } } : {}),
    userElementType: (options.elements ?? ['Name Information', 'User Address Information', 'User Privilege', 'Block Or Trap']).map((value) => ({ scheme: UET, value })),
  };
  return buildNcipMessage({ kind: 'LookupUser', body });
}

function problemOf(answer: Answer): string | undefined {
  return answer.message?.body.problem?.[0]?.problemType.value;
}

describe.each(backends)('POST /ncip on %s', (backend) => {
  let server: ApiServer;
  const answers: string[] = [];

  beforeAll(async () => {
    server = await startApiServer(backend, { network: NETWORK, networkFile: 'ncip.yaml', background: false, now: () => NOW });
    // The items the samples name: MIT's 19823098123 (and the record RequestItemSample1 asks for), OCWMS's ABCDE.
    for (const [code, marcxml] of [['MIT', LENDER_CATALOGUE], ['WMS', WMS_CATALOGUE]] as const) {
      const institution = await server.db.selectFrom('institution').select('id').where('code', '=', code).executeTakeFirstOrThrow();
      await importMarc(server.db, new TextEncoder().encode(marcxml), { institutionId: institution.id });
    }
  });
  afterAll(() => server?.stop());

  async function post(body: string | Uint8Array, headers: Record<string, string> = {}): Promise<Answer> {
    const response = await fetch(`${server.base}/ncip`, { method: 'POST', headers: { 'content-type': 'application/xml', ...headers }, body });
    const text = await response.text();
    answers.push(text);
    const parsed = parseNcipMessage(text);
    return { status: response.status, body: text, message: parsed.ok ? parsed.message : undefined };
  }

  async function stored() {
    return server.db.selectFrom('protocol_message').selectAll().where('protocol', '=', 'ncip').orderBy('id').execute();
  }

  it('answers every OCLC request sample with its own response, serving the broker flows the samples play', async () => {
    // The samples in the order a broker would send them, each with the outcome the test data
    // makes right: MIT lends through ENG and borrows through LENDER, OCWMS borrows and then lends
    // ABCDE, the registry library's request is cancelled. Messages outside broker-based sharing
    // get their own response with Unsupported Service; CreateItem has no header to address it by.
    const scenario: [file: string, outcome: string][] = [
      ['RequestItemSample1.xml', 'OK'],
      ['CheckOutItem.xml', 'OK'],
      ['ItemShipped.xml', 'Unsupported Service'],
      ['ItemReceived.xml', 'Unsupported Service'],
      ['CheckInItem.xml', 'OK'],
      ['UpdateCirculationStatus.xml', 'Unsupported Service'],
      ['AcceptItem.xml', 'OK'],
      ['AcceptItemD2D.xml', 'OK'],
      ['AcceptItemReceived.xml', 'OK'],
      ['CheckInBarcodedItem.xml', 'OK'],
      ['CheckOutItemToInstitutionForILL.xml', 'OK'],
      ['CheckOutItemToPatronForILL.xml', 'OK'],
      ['CheckOutItemToPatron.xml', 'OK'],
      ['CheckInRequestedItem.xml', 'Unknown Item'],
      ['CreateUserFiscalTransactionForCopy.xml', 'Unsupported Service'],
      ['CreateUserFiscalTransactionForLoan.xml', 'Unsupported Service'],
      ['CreateUserFiscalTransactionWithMandatedAction.xml', 'Unsupported Service'],
      ['CancelRequestItem.xml', 'OK'],
      ['ItemRequestCancelled.xml', 'Unsupported Service'],
      ['CreateItemSample1.xml', 'Unknown Agency'],
    ];
    const requests = ncipSamples.filter((s) => !/Response/.test(s.file));
    expect(scenario.map(([file]) => file).sort()).toEqual(requests.map((s) => s.file));
    // The registry library's request that CancelRequestItem.xml cancels arrived through its broker first.
    const seed = await post(ncipSample('AcceptItem.xml').replaceAll('>LENDER<', '>registry_id<').replaceAll('>MIT<', '>registry_id<').replace('VDX1234', '101919').replace('OCLCTEST', '10923123'));
    expect(problemOf(seed)).toBeUndefined();

    for (const [file, outcome] of scenario) {
      const xml = ncipSample(file);
      const answer = await post(xml);
      expect(answer.status, file).toBe(200);
      const kind = parseNcipMessage(xml);
      expect(answer.message?.kind, file).toBe(`${kind.ok ? kind.message.kind : ''}Response`);
      expect(problemOf(answer) ?? 'OK', `${file}: ${answer.message?.body.problem?.[0]?.problemDetail ?? ''}`).toBe(outcome);
    }

    const status = async (table: 'borrowing_request' | 'lending_request', brokerRequestId: string) =>
      (await server.db.selectFrom(table).select('status').where('broker_request_id', '=', brokerRequestId).executeTakeFirstOrThrow()).status;
    expect(await status('lending_request', 'WCNav1234')).toBe('will_supply');
    expect(await status('lending_request', 'REQ123')).toBe('completed');
    expect(await status('borrowing_request', 'VDX1234')).toBe('received_physically');
    expect(await status('borrowing_request', '12345')).toBe('completed');
    expect(await status('lending_request', '12345')).toBe('shipped_physically');
    expect(await status('borrowing_request', '101919')).toBe('cancelled');
    // Kept on the requests they concern; CreateItem, unaddressed, is not kept at all.
    const rows = await stored();
    expect(rows).toHaveLength(20);
    expect(rows.filter((r) => r.request_id !== null).length).toBeGreaterThanOrEqual(12);
  });

  it('LookupUser answers a known patron from the register, with the fields asked for', async () => {
    const answer = await post(lookupUser('10923123'));
    expect(answer.status).toBe(200);
    expect(answer.message?.kind).toBe('LookupUserResponse');
    expect(answer.message?.body.problem).toBeUndefined();
    expect(answer.message?.body.responseHeader?.toAgencyId.agencyId.value).toBe('ENG');
    expect(answer.message?.body.responseHeader?.fromAgencyId.agencyId.value).toBe('MIT');
    expect(answer.body).toContain('<UserIdentifierValue>10923123</UserIdentifierValue>');
    expect(answer.body).toContain('<UnstructuredPersonalUserName>Ada Lovelace</UnstructuredPersonalUserName>');
    expect(answer.body).toContain('<ElectronicAddressData>ada@example.edu</ElectronicAddressData>');
    expect(answer.body).toMatch(/<AgencyUserPrivilegeType [^>]*>faculty</);
    expect(answer.body).toMatch(/<UserPrivilegeStatusType [^>]*>Active</);
    expect(answer.body).toContain('<ValidToDate>2027-06-30T23:59:59Z</ValidToDate>');
    expect(answer.body).not.toContain('BlockOrTrap');

    const nameOnly = await post(lookupUser('10923123', { elements: ['Name Information'] }));
    expect(nameOnly.body).toContain('Ada Lovelace');
    expect(nameOnly.body).not.toContain('ada@example.edu');
    expect(nameOnly.body).not.toContain('UserPrivilege');
  });

  it('LookupUser reports blocks and expiry as BlockOrTrap, and an unknown user as Unknown User', async () => {
    const blocked = await post(lookupUser('blocked-1'));
    expect(blocked.message?.body.problem).toBeUndefined();
    expect(blocked.body).toMatch(/<BlockOrTrapType [^>]*>FINES</);
    expect(blocked.body).toContain('<ValidToDate>2026-12-31T23:59:59Z</ValidToDate>');
    expect(blocked.body).toMatch(/<UserPrivilegeStatusType [^>]*>Inactive</);

    const expired = await post(lookupUser('EXPIRED-1'));
    expect(expired.body).toMatch(/<BlockOrTrapType [^>]*>expired</);

    const unknown = await post(lookupUser('NOBODY'));
    expect(unknown.message?.kind).toBe('LookupUserResponse');
    expect(problemOf(unknown)).toBe('Unknown User');
    expect(unknown.message?.body.problem?.[0]?.problemType.scheme).toBe('http://www.niso.org/ncip/v1_0/schemes/processingerrortype/lookupuserprocessingerror.scm');

    // Tenant isolation: REG's patron with the same barcode is not MIT's, and MIT's ZYXWV-less register does not leak WMS's.
    const other = await post(lookupUser('ZYXWV'));
    expect(problemOf(other)).toBe('Unknown User');
    const reg = await post(lookupUser('10923123', { from: 'registry_id', to: 'registry_id' }));
    expect(reg.body).toContain('Someone Else');
    expect(reg.body).not.toContain('Ada Lovelace');
  });

  it('refuses senders that are not active broker or ncip partners, and keeps the refusal as an error', async () => {
    const before = (await stored()).length;
    const cases: [string, Record<string, string>, string, RegExp][] = [
      ['STRANGER', {}, 'Unknown Agency', /not a partner of MIT/],
      ['PEER', {}, 'Unauthorized Service For Agency', /profile iso18626/],
      ['SLEEPY', {}, 'Unauthorized Service For Agency', /not an active partner/],
      ['LOCKED', {}, 'Agency Authentication Failed', /must authenticate/],
      ['LOCKED', { authorization: 'Bearer wrong-token' }, 'Agency Authentication Failed', /not accepted/],
    ];
    for (const [from, headers, type, detail] of cases) {
      const answer = await post(lookupUser('10923123', { from }), headers);
      expect(answer.status, from).toBe(200);
      expect(problemOf(answer), from).toBe(type);
      expect(answer.message?.body.problem?.[0]?.problemDetail, from).toMatch(detail);
      expect(answer.body, from).not.toContain('Ada Lovelace');
    }
    const rows = (await stored()).slice(before);
    expect(rows.map((r) => [r.message_status, r.error_type])).toEqual(cases.map(([, , type]) => ['ERROR', type]));

    // A partner of profile ncip may look patrons up; only brokers send the broker flows.
    expect(problemOf(await post(lookupUser('10923123', { from: 'ILSPEER' })))).toBeUndefined();

    const unaddressed = await post(lookupUser('10923123', { to: 'NOWHERE' }));
    expect(problemOf(unaddressed)).toBe('Unknown Agency');
    // Under OCLC's symbol scheme only OCLC symbols match: MIT's symbol is NCIP:MIT.
    const wrongScheme = await post(lookupUser('10923123', { to: 'MIT', toScheme: OCLC }));
    expect(problemOf(wrongScheme)).toBe('Unknown Agency');
    expect((await stored()).length).toBe(before + cases.length + 1);

    const typed = await post(lookupUser('10923123', { to: 'ncip:MIT' }));
    expect(typed.body).toContain('Ada Lovelace');
    const allowed = await post(lookupUser('10923123', { from: 'LOCKED' }), { authorization: `Bearer ${BROKER_TOKEN}` });
    expect(allowed.message?.body.problem).toBeUndefined();
    expect(allowed.body).toContain('Ada Lovelace');
  });

  it('answers hostile or foreign input with an NCIP Problem, never 5xx, and keeps none of it', async () => {
    const before = (await stored()).length;
    const valid = lookupUser('10923123');
    const inputs: [string, string | Uint8Array, Record<string, string>, number][] = [
      ['XXE', valid.replace('<NCIPMessage', '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n<NCIPMessage').replace('10923123', '&e;'), {}, 200],
      ['billion laughs', `<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><NCIPMessage>&b;</NCIPMessage>`, {}, 200],
      ['2 MB', lookupUser('x'.repeat(2 * 1024 * 1024)), {}, 413],
      ['invalid UTF-8', Buffer.concat([Buffer.from(valid.slice(0, 300)), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(valid.slice(300))]), {}, 200],
      ['wrong content type', valid, { 'content-type': 'application/json' }, 415],
      ['empty body', '', {}, 200],
      ['not XML', 'hello broker', {}, 200],
      ['not NCIP', '<?xml version="1.0"?><ISO18626Message xmlns="http://illtransactions.org/2013/iso18626"/>', {}, 200],
      ['a response sent as a request', ncipSamples.find((s) => s.file === 'CheckOutItemResponse.xml')?.xml ?? '', {}, 200],
      ['unknown element', valid.replace('<UserElementType', '<Surprise/><UserElementType'), {}, 200],
    ];
    for (const [what, body, headers, status] of inputs) {
      const answer = await post(body, headers);
      expect(answer.status, what).toBe(status);
      expect(answer.message, `${what}: ${answer.body.slice(0, 200)}`).toBeDefined();
      expect(problemOf(answer), what).toBeDefined();
      expect(answer.body, what).not.toContain('root:');
    }
    // The unknown element was addressed and its sender known: it is kept as an error; nothing else is.
    const rows = (await stored()).slice(before);
    expect(rows.map((r) => [r.message_kind, r.message_status, r.error_type])).toEqual([['LookupUser', 'ERROR', 'Unknown Element']]);
  });

  it('stores each exchange raw, with the answer given and the sender, secrets redacted', async () => {
    const sent = lookupUser('OCLCTEST').replace('</FromAgencyId>', '</FromAgencyId>\n    <FromAgencyAuthentication>s3cret-pass</FromAgencyAuthentication>');
    const answer = await post(sent);
    expect(answer.body).toContain('Test Patron');
    const [row] = (await stored()).slice(-1);
    expect(row).toMatchObject({ direction: 'in', protocol: 'ncip', message_kind: 'LookupUser', message_status: 'OK', protocol_version: '2.02', peer_id_type: 'NCIP', peer_id_value: 'ENG' });
    expect(row?.confirmation).toBe(answer.body);
    expect(row?.body).toBe(sent.replace('s3cret-pass', '(redacted)'));
    const mit = await server.db.selectFrom('institution').select('id').where('code', '=', 'MIT').executeTakeFirstOrThrow();
    expect(row?.institution_id).toBe(mit.id);
  });

  it.skipIf(!xmllint)('every answer given validates against ncip_v2_02.xsd (xmllint)', () => {
    expect(answers.length).toBeGreaterThanOrEqual(45);
    const results = validateWithXsd(NCIP_XSD_PATH, answers);
    expect(results.filter((r) => !r.valid).length, describeFailures(results, answers)).toBe(0);
  });
});
