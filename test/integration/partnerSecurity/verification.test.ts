import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretHash } from '../../../src/services/interop/credentials.js';
import { availableBackends } from '../../support/databases.js';
import { ISO18626_XSD } from '../../support/standards.js';
import { describeFailures, requireXmllint, validateWithXsd } from '../../support/xmllint.js';
import { borrowerMessage, borrowerRequest, lenderMessage, startHarness, type Answer, type Harness } from '../interop/harness.js';

const backends = await availableBackends();
const xmllint = requireXmllint('validation of the answers to refused senders');

const FAR_AUTH = { accountId: 'FAR-ILL', securityCode: 'far-security-code-7731' };
const FAR_TOKEN = 'far-bearer-token-19fe';
const OUTBOUND = { securityCode: 'hcpl-at-far-code-5521', password: 'hcpl-at-far-password-0042' };
const SECRETS = [FAR_AUTH.securityCode, FAR_TOKEN, OUTBOUND.securityCode, OUTBOUND.password, 'basic-password-3'];
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

function network(endpoint: string): string {
  process.env.INTERLEND_SECRET_TEST_FAR_CODE = OUTBOUND.securityCode;
  process.env.INTERLEND_SECRET_TEST_FAR_PASSWORD = OUTBOUND.password;
  return `institutions:
  - code: HCPL
    name: Harbor City Public Library
    symbols: ["ISIL:US-HCPL"]
    libraries: [{ code: CENTRAL, name: Central }]
    partners:
      - code: FAR
        name: Far Away University
        symbol: "ISIL:XX-FAR"
        endpoint: "${endpoint}"
        credentials:
          inbound:
            requestingAgencyAuthentication: { accountId: ${FAR_AUTH.accountId}, securityCodeHash: "${secretHash(FAR_AUTH.securityCode)}" }
            http: { bearerHash: "${secretHash(FAR_TOKEN)}" }
          outbound:
            requestingAgencyAuthentication: { accountId: HCPL-AT-FAR, securityCode: "\${INTERLEND_SECRET_TEST_FAR_CODE}" }
            http: { basic: { username: hcpl, password: "\${INTERLEND_SECRET_TEST_FAR_PASSWORD}" } }
      - code: BASIC
        name: Basic Auth College
        symbol: "ISIL:XX-BASIC"
        endpoint: "${endpoint}"
        credentials: { inbound: { http: { basic: { username: basic-user, passwordHash: "${secretHash('basic-password-3')}" } } } }
      - { code: SLEEPY, name: Sleepy Library, symbol: "ISIL:XX-SLEEPY", endpoint: "${endpoint}", active: false }
      - { code: LENDONLY, name: Lends Only, symbol: "ISIL:XX-LENDONLY", endpoint: "${endpoint}", supportsBorrowing: false }
      - { code: BORROWONLY, name: Borrows Only, symbol: "ISIL:XX-BORROWONLY", endpoint: "${endpoint}", supportsLending: false }
      - { code: OPEN, name: Open Library, symbol: "ISIL:XX-OPEN", endpoint: "${endpoint}" }
`;
}

describe.each(backends)('partner verification on POST /iso18626, on %s', (backend) => {
  let h: Harness;
  const answers: string[] = [];

  beforeAll(async () => {
    h = await startHarness(backend, network);
  });
  afterAll(() => h?.close());

  async function post(xml: string, headers: Record<string, string> = {}): Promise<Answer> {
    const answer = await h.post(xml, headers);
    answers.push(answer.body);
    return answer;
  }

  async function state() {
    const lending = await h.database.db.selectFrom('lending_request').select(['id', 'status', 'version']).orderBy('id').execute();
    const events = await h.database.db.selectFrom('request_event').select('id').execute();
    return { lending, events: events.length };
  }

  const farRequest = (id: string) => borrowerRequest({ from: 'XX-FAR', id, authentication: FAR_AUTH });
  const bearer = { authorization: `Bearer ${FAR_TOKEN}` };

  it.each([
    ['an unknown sender', () => borrowerRequest({ from: 'ZZ-STRANGER', id: 'S-1' }), {}, 'header/requestingAgencyId: ISIL:ZZ-STRANGER is not a partner of HCPL'],
    ['an inactive partner opening a request', () => borrowerRequest({ from: 'XX-SLEEPY', id: 'S-2' }), {}, 'header/requestingAgencyId: ISIL:XX-SLEEPY is not an active partner of HCPL'],
    ['a partner that does not borrow from us, sending a request', () => borrowerRequest({ from: 'XX-LENDONLY', id: 'S-3' }), {}, 'header/requestingAgencyId: ISIL:XX-LENDONLY does not borrow from HCPL'],
    ['a partner that does not lend to us, sending a supplyingAgencyMessage', () => lenderMessage({ from: 'XX-BORROWONLY', requestNumber: 'HCPL-1', reason: 'RequestResponse', status: 'WillSupply' }), {}, 'header/supplyingAgencyId: ISIL:XX-BORROWONLY does not lend to HCPL'],
    ['missing header credentials', () => borrowerRequest({ from: 'XX-FAR', id: 'S-5' }), bearer, 'header/requestingAgencyAuthentication: FAR must authenticate with accountId and securityCode'],
    ['a wrong securityCode', () => borrowerRequest({ from: 'XX-FAR', id: 'S-6', authentication: { ...FAR_AUTH, securityCode: 'guess' } }), bearer, 'header/requestingAgencyAuthentication: accountId and securityCode not accepted for FAR'],
    ['a wrong accountId', () => borrowerRequest({ from: 'XX-FAR', id: 'S-7', authentication: { ...FAR_AUTH, accountId: 'SOMEONE' } }), bearer, 'header/requestingAgencyAuthentication: accountId and securityCode not accepted for FAR'],
    ['no HTTP credentials', () => farRequest('S-8'), {}, 'HTTP Authorization: FAR must authenticate with HTTP bearer credentials'],
    ['a wrong bearer token', () => farRequest('S-9'), { authorization: 'Bearer not-the-token' }, 'HTTP Authorization: HTTP bearer credentials not accepted for FAR'],
    ['basic where bearer is required', () => farRequest('S-10'), { authorization: basic('x', FAR_TOKEN) }, 'HTTP Authorization: FAR must authenticate with HTTP bearer credentials'],
    ['a wrong basic password', () => borrowerRequest({ from: 'XX-BASIC', id: 'S-11' }), { authorization: basic('basic-user', 'nope') }, 'HTTP Authorization: HTTP basic credentials not accepted for BASIC'],
    ['a wrong basic username', () => borrowerRequest({ from: 'XX-BASIC', id: 'S-12' }), { authorization: basic('other', 'basic-password-3') }, 'HTTP Authorization: HTTP basic credentials not accepted for BASIC'],
  ])('refuses %s with an UnrecognisedDataValue ERROR and changes nothing', async (_name, xml, headers, value) => {
    const before = await state();
    const answer = await post(xml(), headers);
    expect(answer).toMatchObject({ status: 200, messageStatus: 'ERROR', errorType: 'UnrecognisedDataValue', errorValue: value });
    for (const secret of SECRETS) expect(answer.body).not.toContain(secret);
    expect(await state()).toEqual(before);
  });

  it('accepts the right header and bearer credentials, and keeps no securityCode', async () => {
    const answer = await post(farRequest('FAR-OK-1'), bearer);
    expect(answer).toMatchObject({ status: 200, messageStatus: 'OK' });
    const stored = await h.database.db.selectFrom('protocol_message').select(['body', 'error_value']).execute();
    expect(stored.length).toBeGreaterThan(1);
    for (const row of stored) for (const secret of SECRETS) expect(JSON.stringify(row)).not.toContain(secret);
    expect(stored.some((row) => row.body.includes('<securityCode>[redacted]</securityCode>'))).toBe(true);
  });

  it('accepts the right basic credentials', async () => {
    expect(await post(borrowerRequest({ from: 'XX-BASIC', id: 'BASIC-OK-1' }), { authorization: basic('basic-user', 'basic-password-3') })).toMatchObject({ messageStatus: 'OK' });
  });

  it('keeps accepting messages about an existing request after the partner is made inactive, but no new request', async () => {
    expect(await post(borrowerRequest({ from: 'XX-OPEN', id: 'OPEN-1' }))).toMatchObject({ messageStatus: 'OK' });
    await h.database.db.updateTable('partner').set({ active: false }).where('code', '=', 'OPEN').execute();
    try {
      expect(await post(borrowerMessage({ from: 'XX-OPEN', id: 'OPEN-1', action: 'Notification', note: 'still there?' }))).toMatchObject({ messageStatus: 'OK' });
      expect(await post(borrowerRequest({ from: 'XX-OPEN', id: 'OPEN-2' }))).toMatchObject({ messageStatus: 'ERROR', errorValue: 'header/requestingAgencyId: ISIL:XX-OPEN is not an active partner of HCPL' });
    } finally {
      await h.database.db.updateTable('partner').set({ active: true }).where('code', '=', 'OPEN').execute();
    }
  });

  it('sends our outbound credentials to the partner: header fields and HTTP basic, from the environment', async () => {
    const request = await h.borrow('cred', ['FAR']);
    const sent = await h.waitForReceived((r) => r.message?.kind === 'request' && r.message.header.requestingAgencyRequestId === request.request_number);
    expect(sent.headers.authorization).toBe(basic('hcpl', OUTBOUND.password));
    expect(sent.message?.kind === 'request' && sent.message.header.requestingAgencyAuthentication).toEqual({ accountId: 'HCPL-AT-FAR', securityCode: OUTBOUND.securityCode });
    // The outbox and the request history hold the message without them.
    const outbox = await h.database.db.selectFrom('outbox_message').select('body').where('request_id', '=', request.id).execute();
    expect(outbox.length).toBe(1);
    expect(outbox[0]?.body).not.toContain(OUTBOUND.securityCode);
    answers.push(sent.body);
  });

  it('never sends a request to a partner that does not lend, and says so in its rota entry', async () => {
    const request = await h.borrow('skip', ['BORROWONLY', 'OPEN']);
    await h.waitForReceived((r) => r.message?.kind === 'request' && r.message.header.requestingAgencyRequestId === request.request_number);
    const rota = await h.database.db
      .selectFrom('rota_entry')
      .innerJoin('partner', 'partner.id', 'rota_entry.partner_id')
      .select(['partner.code', 'rota_entry.status', 'rota_entry.reason'])
      .where('borrowing_request_id', '=', request.id)
      .orderBy('position')
      .execute();
    expect(rota).toEqual([
      { code: 'BORROWONLY', status: 'cancelled', reason: 'skipped: BORROWONLY does not lend to us (supportsLending: false)' },
      { code: 'OPEN', status: 'sent', reason: null },
    ]);
    expect(h.received.filter((r) => r.body.includes('XX-BORROWONLY'))).toEqual([]);
  });

  it.skipIf(!xmllint)('every answer and every message we sent validates against the ISO 18626 1.2 XSD', () => {
    expect(answers.length).toBeGreaterThan(15);
    const results = validateWithXsd(ISO18626_XSD['1.2'], answers);
    expect(results.filter((r) => !r.valid), describeFailures(results, answers)).toEqual([]);
  });
});
