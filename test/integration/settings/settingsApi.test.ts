import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient} from '../../../src/cli/apiClient.js';
import { ApiError, type RequestView } from '../../../src/cli/apiClient.js';
import { startApiServer, type ApiServer } from '../../support/apiServer.js';
import { availableBackends } from '../../support/databases.js';
import { waitFor } from '../../support/waitFor.js';
import { testNetwork } from '../../support/demoNetwork.js';

const backends = await availableBackends();

/** Far enough either side of any clock the suite runs on: the period always covers "now". */
const ALWAYS = { from: '2000-01-01', until: '2999-12-31' };
const DAY_MS = 24 * 60 * 60 * 1000;

type Rota = { rota: { partner: { code: string }; status: string }[] };
type Audit = { items: { actor: string; entityType: string; entityKey: string; action: string; before: unknown; after: unknown }[] };

describe.each(backends)('workflow profiles and library settings through the API on %s', (backend) => {
  let server: ApiServer;
  let api: ApiClient;
  let base: string;

  beforeAll(async () => {
    server = await startApiServer(backend, { network: testNetwork, networkFile: 'test', demo: true, outboxPolicy: { pollIntervalMs: 50 } });
    base = server.base;
    api = server.client();
  });

  afterAll(() => server?.stop());

  // Each test sets what it needs; settings go back to their defaults after it.
  afterEach(async () => {
    for (const symbol of ['US-NSU', 'US-HCPL', 'US-LKC']) {
      for (const section of ['borrowing', 'lending', 'terms-of-use']) await send('PUT', `${inst(symbol)}/settings/${section}`, {});
    }
  });

  const inst = (symbol: string) => `/api/v1/institutions/${symbol}`;

  /** Any method, signed in as the institution the path names (or as `as`'s administrator). */
  async function send(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, as = path): Promise<{ status: number; json: Record<string, unknown> }> {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { ...(await api.authorization(as)), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  }

  async function ok<T = Record<string, unknown>>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const answer = await send(method, path, body);
    if (answer.status >= 300) throw new ApiError(answer.status, answer.json);
    return answer.json as T;
  }

  const borrow = (rota: string[], extra: Record<string, unknown> = {}) =>
    api.call<RequestView & Rota & { pickupLocation: string | null }>('POST', api.borrowing('US-NSU'), { patronId: 'P-1', citation: { title: 'Dune' }, rota, ...extra });
  const borrowing = (id: string) => api.call<RequestView & Rota>('GET', api.borrowing('US-NSU', id));
  const act = (path: string, action: string, body: Record<string, unknown> = {}) => api.call<RequestView>('POST', `${path}/actions/${action}`, body);

  /** Lends `number` from `lender` to NSU up to "Loaned item to patron". */
  async function loanToPatron(lender: string, number: string, id: string, ship: Record<string, unknown> = { dueDate: '2030-01-31T00:00:00Z' }): Promise<RequestView> {
    const lending = await api.findLendingRequest(lender, number);
    await act(api.lending(lender, lending.id), 'ship', ship);
    await api.waitForStatus(api.borrowing('US-NSU', id), 'shipped_physically');
    await act(api.borrowing('US-NSU', id), 'receive');
    await act(api.borrowing('US-NSU', id), 'loan-to-patron');
    return api.call<RequestView>('GET', api.lending(lender, lending.id));
  }

  async function auditOf(symbol: string, entityType: string): Promise<Audit['items']> {
    return (await ok<Audit>('GET', `${inst(symbol)}/audit?entityType=${entityType}&limit=200`)).items;
  }

  it('a temporarily inactive lender answers a new request Unfilled (NotAvailableForILL) and the borrower moves on', async () => {
    await ok('PUT', `${inst('US-HCPL')}/settings/lending`, { temporarilyInactive: ALWAYS });
    const created = await borrow(['HCPL', 'LKC']);
    const moved = await waitFor(() => borrowing(created.id), (v) => v.rota[1]?.status === 'sent', { what: 'the request to reach LKC' });
    expect(moved.status).toBe('request_sent');
    expect(moved.rota.map((e) => [e.partner.code, e.status])).toEqual([['HCPL', 'rejected'], ['LKC', 'sent']]);

    const atHcpl = await api.findLendingRequest('US-HCPL', created.number);
    expect(atHcpl.status).toBe('rejected');
    expect(atHcpl.history.at(-1)).toMatchObject({ actor: 'system:library-settings', event: 'reject' });
    expect(atHcpl.history.at(-1)?.note).toContain('temporarily not lending until 2999-12-31');
    const unfilled = atHcpl.messages.find((m) => m.direction === 'out');
    expect(unfilled?.body).toContain('<reasonUnfilled>NotAvailableForILL</reasonUnfilled>');
    expect(unfilled?.body).toContain('temporarily not lending until 2999-12-31');

    // LKC has no loan period: ship without a due date is refused and changes nothing.
    const atLkc = await api.findLendingRequest('US-LKC', created.number);
    await expect(act(api.lending('US-LKC', atLkc.id), 'ship')).rejects.toMatchObject({ status: 400, problem: { detail: 'ship needs dueDate' } });
    expect((await api.call<RequestView>('GET', api.lending('US-LKC', atLkc.id))).status).toBe('created');
  });

  it('a lending profile without manual-renew answers the borrower’s renewal RenewResponse N; ship without dueDate uses the loan period', async () => {
    await ok('POST', `${inst('US-HCPL')}/workflow-profiles`, { code: 'NO-RENEW', kind: 'lending', name: 'No renewals', steps: { 'manual-renew': false } });
    const nsu = await ok<Record<string, unknown>>('GET', `${inst('US-HCPL')}/partners/NSU`);
    await ok('PUT', `${inst('US-HCPL')}/partners/NSU`, { ...nsu, lendingWorkflowProfile: 'NO-RENEW' });
    await ok('PUT', `${inst('US-HCPL')}/settings/terms-of-use`, { loanPeriodDays: 21 });

    const created = await borrow(['HCPL']);
    const lent = await loanToPatron('US-HCPL', created.number, created.id, {});
    const shipped = lent.history.find((h) => h.event === 'ship');
    const loanMs = Date.parse(lent.dueDate ?? '') - Date.parse(shipped?.at ?? '');
    // The due date is kept in whole seconds (what ISO 18626 carries).
    expect(loanMs).toBeGreaterThan(21 * DAY_MS - 1000);
    expect(loanMs).toBeLessThanOrEqual(21 * DAY_MS);

    await act(api.borrowing('US-NSU', created.id), 'request-renewal');
    const refused = await api.waitForStatus(api.borrowing('US-NSU', created.id), 'renew_refused');
    expect(refused.history.at(-1)).toMatchObject({ event: 'supplier:RenewRefused' });
    const atHcpl = await api.call<RequestView>('GET', api.lending('US-HCPL', lent.id));
    expect(atHcpl.status).toBe('received_by_partner');
    expect(atHcpl.history.at(-1)?.note).toBe('renewals are not offered');
    expect(atHcpl.messages.some((m) => m.direction === 'out' && m.body.includes('<reasonForMessage>RenewResponse</reasonForMessage>') && m.body.includes('<answerYesNo>N</answerYesNo>'))).toBe(true);

    // A profile in use cannot be deleted; detached, it can.
    expect((await send('DELETE', `${inst('US-HCPL')}/workflow-profiles/NO-RENEW`)).status).toBe(409);
    await ok('PUT', `${inst('US-HCPL')}/partners/NSU`, nsu);
    expect((await send('DELETE', `${inst('US-HCPL')}/workflow-profiles/NO-RENEW`)).status).toBe(204);
    expect((await send('GET', `${inst('US-HCPL')}/workflow-profiles/NO-RENEW`)).status).toBe(404);
    expect((await auditOf('US-HCPL', 'workflow-profile')).map((e) => e.action)).toEqual(['delete', 'create']);
  });

  it('a borrowing profile without manual-renew removes request-renewal from allowedActions and refuses it with 409', async () => {
    await ok('POST', `${inst('US-NSU')}/workflow-profiles`, { code: 'B-NO-RENEW', kind: 'borrowing', name: 'Borrow, no renewals', steps: { 'manual-renew': false } });
    const lkc = await ok<Record<string, unknown>>('GET', `${inst('US-NSU')}/partners/LKC`);
    await ok('PUT', `${inst('US-NSU')}/partners/LKC`, { ...lkc, borrowingWorkflowProfile: 'B-NO-RENEW' });
    try {
      const created = await borrow(['LKC']);
      await loanToPatron('US-LKC', created.number, created.id);
      const loaned = await borrowing(created.id);
      expect(loaned.status).toBe('loaned_to_patron');
      expect(loaned.allowedActions).not.toContain('request-renewal');
      expect(loaned.allowedActions).toContain('patron-return');
      const refused = await send('POST', `${api.borrowing('US-NSU', created.id)}/actions/request-renewal`, {});
      expect(refused.status).toBe(409);
      expect(refused.json.detail).toContain('switched off by the workflow profile (manual-renew)');
      expect((await borrowing(created.id)).status).toBe('loaned_to_patron');
    } finally {
      await ok('PUT', `${inst('US-NSU')}/partners/LKC`, lkc);
    }
  });

  it('cancelOnLocateFailure ends an exhausted rota in Cancelled (and Locate failed without it)', async () => {
    await ok('PUT', `${inst('US-NSU')}/settings/borrowing`, { cancelOnLocateFailure: true });
    const cancelled = await borrow(['LKC']);
    const atLkc = await api.findLendingRequest('US-LKC', cancelled.number);
    await act(api.lending('US-LKC', atLkc.id), 'reject', { reason: 'NotHeld' });
    const ended = await api.waitForStatus(api.borrowing('US-NSU', cancelled.id), 'cancelled');
    expect(ended.history.at(-1)?.note).toContain('rota exhausted');

    await ok('PUT', `${inst('US-NSU')}/settings/borrowing`, { cancelOnLocateFailure: false });
    const failed = await borrow(['LKC']);
    const again = await api.findLendingRequest('US-LKC', failed.number);
    await act(api.lending('US-LKC', again.id), 'reject', { reason: 'NotHeld' });
    await api.waitForStatus(api.borrowing('US-NSU', failed.id), 'locate_failed');
  });

  it('a temporarily inactive borrower holds outgoing requests, with the default pickup location', async () => {
    await ok('PUT', `${inst('US-NSU')}/settings/borrowing`, { temporarilyInactive: ALWAYS, defaultPickupLocation: 'Main desk' });
    const held = await borrow(['HCPL']);
    expect(held.status).toBe('created');
    expect(held.pickupLocation).toBe('Main desk');
    expect(held.allowedActions).not.toContain('send');
    expect(held.rota.map((e) => e.status)).toEqual(['pending']);
    expect(held.history.map((h) => h.event)).toEqual(['create', 'hold']);

    const refused = await send('POST', `${api.borrowing('US-NSU', held.id)}/actions/send`, {});
    expect(refused.status).toBe(409);
    expect(refused.json.detail).toContain('temporarily inactive for borrowing (from 2000-01-01 until 2999-12-31): outgoing requests are held');
    expect((await borrowing(held.id)).rota.map((e) => e.status)).toEqual(['pending']);

    // A pickup location given wins over the default.
    expect((await borrow(['HCPL'], { pickupLocation: 'Science desk', send: false })).pickupLocation).toBe('Science desk');

    await ok('PUT', `${inst('US-NSU')}/settings/borrowing`, {});
    expect((await act(api.borrowing('US-NSU', held.id), 'send')).status).toBe('request_sent');
  });

  it('validates settings precisely, saves nothing on invalid input, and audits each change', async () => {
    const before = await ok('GET', `${inst('US-NSU')}/settings`);
    const auditBefore = await auditOf('US-NSU', 'borrowing-settings');
    const cases: [string, unknown, string][] = [
      ['borrowing', { temporarilyInactive: { from: '2026-05-10', until: '2026-05-01' } }, 'temporarilyInactive.until: until must not be before from'],
      ['borrowing', { temporarilyInactive: { from: 'soon' } }, 'temporarilyInactive.from: expected a date, YYYY-MM-DD'],
      ['borrowing', { cancelOnLocateFailure: 'yes' }, 'cancelOnLocateFailure'],
      ['borrowing', { colour: 'blue' }, 'colour'],
      ['lending', { locateBy: ['title', 'title'] }, 'locateBy: a field appears twice'],
      ['lending', { locateBy: ['smell'] }, 'locateBy.0'],
      ['terms-of-use', { loanPeriodDays: 0 }, 'loanPeriodDays'],
      ['terms-of-use', [], 'body'],
    ];
    for (const [section, body, message] of cases) {
      const answer = await send('PUT', `${inst('US-NSU')}/settings/${section}`, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.json.detail).toContain(message);
    }
    expect((await send('PUT', `${inst('US-NSU')}/settings/weather`, {})).status).toBe(400);
    expect(await ok('GET', `${inst('US-NSU')}/settings`)).toEqual(before);
    expect(await auditOf('US-NSU', 'borrowing-settings')).toEqual(auditBefore);

    const saved = await ok('PUT', `${inst('US-NSU')}/settings/borrowing`, { autoLocate: true, defaultLocation: 'ILL office' });
    expect(saved).toMatchObject({ autoLocate: true, defaultLocation: 'ILL office', cancelOnLocateFailure: false, temporarilyInactive: null });
    expect(await ok('GET', `${inst('US-NSU')}/settings/borrowing`)).toEqual(saved);
    const [latest] = await auditOf('US-NSU', 'borrowing-settings');
    expect(latest).toMatchObject({ action: 'update', entityKey: 'NSU', before: { autoLocate: false }, after: { autoLocate: true } });
    expect(latest?.actor).toMatch(/^user:/);
    // The same settings again change nothing and are not audited twice.
    await ok('PUT', `${inst('US-NSU')}/settings/borrowing`, saved);
    expect((await auditOf('US-NSU', 'borrowing-settings')).length).toBe(auditBefore.length + 1);
  });

  it('checks workflow profiles: steps by name, codes unique, kind fixed while in use', async () => {
    const path = `${inst('US-LKC')}/workflow-profiles`;
    expect((await send('POST', path, { code: 'X', kind: 'lending', name: 'X', steps: { teleport: false } })).json.detail).toContain('teleport');
    expect((await send('POST', path, { code: 'X', kind: 'sideways', name: 'X' })).status).toBe(400);
    expect((await send('POST', path, { code: 'has space', kind: 'lending', name: 'X' })).status).toBe(400);
    const created = await ok('POST', path, { code: 'L1', kind: 'lending', name: 'Lending, no conditions', steps: { conditional: false } });
    expect(created).toEqual({
      code: 'L1',
      kind: 'lending',
      name: 'Lending, no conditions',
      steps: { 'expect-to-supply': true, 'will-supply': true, conditional: false, 'manual-renew': true, 'automatic-renew': true, 'lender-check-in': true, 'damaged-lost': true },
    });
    expect((await send('POST', path, { code: 'L1', kind: 'lending', name: 'again' })).status).toBe(409);
    expect((await send('PUT', `${path}/L1`, { code: 'L2', kind: 'lending', name: 'renamed' })).status).toBe(400);
    expect((await send('PUT', `${path}/NOPE`, { kind: 'lending', name: 'n' })).status).toBe(404);
    expect((await send('DELETE', `${path}/NOPE`)).status).toBe(404);

    const nsu = await ok<Record<string, unknown>>('GET', `${inst('US-LKC')}/partners/NSU`);
    // Attached on the wrong side: refused, naming the field.
    const wrongSide = await send('PUT', `${inst('US-LKC')}/partners/NSU`, { ...nsu, borrowingWorkflowProfile: 'L1' });
    expect(wrongSide).toMatchObject({ status: 400, json: { detail: 'borrowingWorkflowProfile: workflow profile "L1" is a lending profile, not a borrowing one' } });
    await ok('PUT', `${inst('US-LKC')}/partners/NSU`, { ...nsu, lendingWorkflowProfile: 'L1' });
    expect((await send('PUT', `${path}/L1`, { kind: 'borrowing', name: 'flipped' })).status).toBe(409);
    const updated = await ok('PUT', `${path}/L1`, { kind: 'lending', name: 'Lending, no conditions or check-in', steps: { conditional: false, 'lender-check-in': false } });
    expect(updated).toMatchObject({ name: 'Lending, no conditions or check-in', steps: { conditional: false, 'lender-check-in': false, 'will-supply': true } });
    expect((await ok<{ items: { code: string }[] }>('GET', path)).items.map((p) => p.code)).toEqual(['L1']);

    // The lending side follows: conditional is no longer offered to NSU.
    const created2 = await borrow(['LKC']);
    const atLkc = await api.findLendingRequest('US-LKC', created2.number);
    expect(atLkc.allowedActions).toContain('will-supply');
    expect(atLkc.allowedActions).not.toContain('conditional');
    await ok('PUT', `${inst('US-LKC')}/partners/NSU`, nsu);
    expect((await api.call<RequestView>('GET', api.lending('US-LKC', atLkc.id))).allowedActions).toContain('conditional');
  });

  describe('partners', () => {
    const far = {
      code: 'FAR',
      name: 'Far Away University',
      symbol: 'ISIL:XX-FAR',
      endpoint: 'https://ill.far.example/iso18626',
      averageSupplyDays: 3,
      requestExpiry: { days: 5 },
      profileType: 'iso18626',
      deliveryDelayDays: 2,
      currency: 'EUR',
      sendRequesterInfo: true,
      sharedBarcodes: true,
      ignoreLenderShippingCost: false,
      resendOverdueIntervalDays: 7,
      locateProfile: 'FAR-Z3950',
      holdingsCode: 'FARH',
      contacts: [{ name: 'Ada ILL', email: 'ill@far.example', phone: '+44 1', role: 'lending' }],
      notes: 'Closed in August.',
    };
    // A partner's locateProfile must name a locate profile of its institution.
    beforeAll(() => ok('PUT', `${inst('US-NSU')}/locate-profiles/FAR-Z3950`, { name: 'Far on Z39.50', protocol: 'z3950', host: 'z.far.example', port: 210, database: 'books' }));

    it('creates, reads, updates and lists a partner with its whole profile, audited', async () => {
      const partners = `${inst('US-NSU')}/partners`;
      const created = await ok('POST', partners, far);
      expect(created).toEqual({ ...far, active: true, systemType: 'generic', supportsBorrowing: true, supportsLending: true, automaticReceive: false });
      expect(await ok('GET', `${partners}/FAR`)).toEqual(created);
      const updated = await ok('PUT', `${partners}/FAR`, { ...far, code: undefined, currency: 'GBP', contacts: [], active: false });
      expect(updated).toMatchObject({ currency: 'GBP', contacts: [], active: false, notes: 'Closed in August.' });
      expect((await ok<{ items: { code: string }[] }>('GET', partners)).items.map((p) => p.code)).toEqual(['FAR', 'HCPL', 'LKC']);

      const audit = (await auditOf('US-NSU', 'partner')).filter((e) => e.entityKey === 'FAR');
      expect(audit.map((e) => e.action)).toEqual(['update', 'create']);
      expect(audit[0]).toMatchObject({ before: { currency: 'EUR', active: true }, after: { currency: 'GBP', active: false } });
      expect(audit[0]?.actor).toMatch(/^user:/);
      expect(audit[1]).toMatchObject({ before: null, after: created });
    });

    it.each([
      ['a bad currency', { currency: 'euro' }, 'currency: expected an ISO 4217 currency code'],
      ['an unknown profile type', { profileType: 'pigeon' }, 'profileType'],
      ['a contact without name', { contacts: [{ email: 'x@y.example' }] }, 'contacts.0.name'],
      ['a bad contact email', { contacts: [{ name: 'A', email: 'not-mail' }] }, 'contacts.0.email'],
      ['a negative delay', { deliveryDelayDays: -1 }, 'deliveryDelayDays'],
      ['an unknown field', { colour: 'blue' }, 'colour'],
      ['a bad symbol', { symbol: 'FAR' }, 'symbol: expected TYPE:VALUE'],
      ['no endpoint for a stranger', { endpoint: undefined }, 'endpoint: ISIL:XX-NEW is not an institution of this deployment'],
      ['an unknown workflow profile', { borrowingWorkflowProfile: 'GHOST' }, 'borrowingWorkflowProfile: no workflow profile "GHOST"'],
    ])('refuses a partner with %s (400) and saves nothing', async (_name, change, message) => {
      const partners = `${inst('US-NSU')}/partners`;
      const auditBefore = await auditOf('US-NSU', 'partner');
      const answer = await send('POST', partners, { ...far, code: 'NEW', symbol: 'ISIL:XX-NEW', ...change });
      expect(answer.status).toBe(400);
      expect(answer.json.detail).toContain(message);
      expect((await send('GET', `${partners}/NEW`)).status).toBe(404);
      expect(await auditOf('US-NSU', 'partner')).toEqual(auditBefore);
    });

    it('stores credentials sent with a partner without ever showing them, and refuses HTTP credentials for a local partner', async () => {
      const partners = `${inst('US-NSU')}/partners`;
      const secret = 'very-secret-code-42';
      const created = await ok('POST', partners, {
        ...far,
        code: 'SEC',
        symbol: 'ISIL:XX-SEC',
        systemType: 'alma',
        credentials: { outbound: { requestingAgencyAuthentication: { accountId: 'NSU', securityCode: secret } } },
      });
      expect(created).toMatchObject({ code: 'SEC', systemType: 'alma' });
      expect(JSON.stringify(created)).not.toContain(secret);
      expect(JSON.stringify(await ok('GET', `${partners}/SEC`))).not.toContain(secret);
      const audit = await auditOf('US-NSU', 'partner_credentials');
      expect(audit.map((e) => e.entityKey)).toContain('SEC');
      expect(JSON.stringify(audit)).not.toContain(secret);
      // Sent back as read (no credentials): the stored ones stay.
      await ok('PUT', `${partners}/SEC`, { ...created, code: undefined });
      expect((await auditOf('US-NSU', 'partner_credentials')).filter((e) => e.entityKey === 'SEC')).toHaveLength(1);
      const local = await send('PUT', `${partners}/LKC`, { name: 'Lakeside', symbol: 'ISIL:US-LKC', credentials: { outbound: { http: { bearer: 'x' } } } });
      expect(local.status).toBe(400);
      expect(local.json.detail).toContain('credentials.outbound.http');
    });

    it('refuses taken codes and symbols (409), unknown partners (404), a changed code (400)', async () => {
      const partners = `${inst('US-NSU')}/partners`;
      expect((await send('POST', partners, { ...far, code: 'HCPL', symbol: 'ISIL:XX-OTHER' })).status).toBe(409);
      const symbolTaken = await send('POST', partners, { ...far, code: 'TWIN', symbol: 'ISIL:US-HCPL' });
      expect(symbolTaken).toMatchObject({ status: 409, json: { detail: 'symbol ISIL:US-HCPL is already partner HCPL' } });
      expect((await send('PUT', `${partners}/NOBODY`, { ...far, code: undefined, symbol: 'ISIL:XX-NOBODY' })).status).toBe(404);
      expect((await send('GET', `${partners}/NOBODY`)).status).toBe(404);
      const renamed = await send('PUT', `${partners}/HCPL`, { ...far, code: 'HCPL2' });
      expect(renamed.status).toBe(400);
      expect(renamed.json.detail).toContain('codes cannot change');
    });

    it('never shows or changes another institution’s partners, profiles or settings (404)', async () => {
      const asNsu = inst('US-NSU');
      for (const [method, path, body] of [
        ['GET', `${inst('US-HCPL')}/partners`],
        ['GET', `${inst('US-HCPL')}/partners/NSU`],
        ['PUT', `${inst('US-HCPL')}/partners/NSU`, { name: 'Mine now', symbol: 'ISIL:US-NSU' }],
        ['POST', `${inst('US-HCPL')}/partners`, far],
        ['GET', `${inst('US-HCPL')}/settings`],
        ['PUT', `${inst('US-HCPL')}/settings/lending`, { temporarilyInactive: ALWAYS }],
        ['GET', `${inst('US-HCPL')}/workflow-profiles`],
        ['POST', `${inst('US-HCPL')}/workflow-profiles`, { code: 'EVIL', kind: 'lending', name: 'Evil' }],
      ] as const) {
        const answer = await send(method, path, body, asNsu);
        expect(answer.status, `${method} ${path}`).toBe(404);
        expect(JSON.stringify(answer.json)).not.toContain('Harbor City');
      }
      expect((await ok('GET', `${inst('US-HCPL')}/settings/lending`)).temporarilyInactive).toBeNull();
      expect((await ok<Record<string, unknown>>('GET', `${inst('US-HCPL')}/partners/NSU`)).name).toBe('North State');
    });
  });
});
