import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient, RequestView } from '../../../src/cli/apiClient.js';
import type { Db } from '../../../src/store/database.js';
import { insertPickRequest } from '../../../src/store/pickRequestRepository.js';
import { startApiServer, type ApiServer } from '../../support/apiServer.js';
import { TEST_PASSWORD } from '../../support/auth/accounts.js';
import { availableBackends } from '../../support/databases.js';
import { requireXmllint } from '../../support/xmllint.js';
import { circulationNetwork, inDays, institutionId, seedCatalogueItem, seedPatron } from '../circulation/circulationNetwork.js';
import { addressText, definition, htmlXPath } from './html.js';

const backends = await availableBackends();
const hasXmllint = requireXmllint('parsing rendered slips');

async function seed(db: Db): Promise<void> {
  await seedCatalogueItem(db, 'HCPL', { isbns: [] });
  // Markup in a name must print as text on the slip.
  await seedPatron(db, 'NSU', 'P-7', 'Ged "Sparrowhawk" <b>Archmage</b>');
}

describe.skipIf(!hasXmllint).each(backends)('slips on %s', (backend) => {
  let server: ApiServer;
  let api: ApiClient;
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    server = await startApiServer(backend, { network: await circulationNetwork({ accounts: true, lakeside: 'unrelated', addresses: true }), seed, outboxPolicy: { baseDelayMs: 100, pollIntervalMs: 50 } });
    api = server.client({ username: 'admin', password: TEST_PASSWORD });
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  });

  /** A raw call as `user` at `institution` (code), answering status, content type and body text. */
  async function call(institution: string, user: string, method: string, path: string, body?: unknown) {
    const key = `${institution}/${user}`;
    let token = tokens.get(key);
    if (!token) {
      token = (await server.signIn(`US-${institution}`, user)).token;
      tokens.set(key, token);
    }
    const response = await fetch(`${server.base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, type: response.headers.get('content-type') ?? '', csp: response.headers.get('content-security-policy'), text: await response.text() };
  }
  const slip = (institution: string, user: string, path: string, kind: string) => call(institution, user, 'GET', `${path}/slips/${kind}`);
  const act = (path: string, action: string, body: Record<string, unknown> = {}) => api.call<RequestView>('POST', `${path}/actions/${action}`, body);
  const templateUrl = (kind: string) => `/api/v1/institutions/US-NSU/slip-templates/${kind}`;

  it('prints each slip at its stage with the request, circulation, patron and directory data; refuses it before', async () => {
    const created = await api.call<RequestView>('POST', api.borrowing('US-NSU'), { patronId: 'P-7', citation: { title: 'A Wizard of Earthsea', author: 'Le Guin, Ursula K.' }, rota: ['HCPL'] });
    const bp = api.borrowing('US-NSU', created.id);
    const lending = await api.findLendingRequest('US-HCPL', created.number);
    const lp = api.lending('US-HCPL', lending.id);
    await act(lp, 'will-supply');
    await api.waitForStatus(bp, 'will_supply');
    const hcpl = await institutionId(server.db, 'HCPL');
    await insertPickRequest(server.db, { institutionId: hcpl, lendingRequestId: lending.id, itemId: null, barcode: 'HC-0001', libraryId: null, location: 'Stacks', callNumber: 'PZ7 .L52' }, new Date());

    const pick = await slip('HCPL', 'admin', lp, 'pick');
    expect(pick).toMatchObject({ status: 200, type: 'text/html; charset=utf-8' });
    expect(pick.csp).toContain("default-src 'none'");
    expect(htmlXPath(pick.text, 'normalize-space(//h1)')).toBe('Pick slip');
    expect(definition(pick.text, 'Title')).toBe('A Wizard of Earthsea');
    expect(definition(pick.text, 'Requester')).toBe(`North State University (ISIL:US-NSU), their request ${created.number}`);
    expect(htmlXPath(pick.text, 'concat(//tbody/tr[1]/td[1], "|", //tbody/tr[1]/td[2], "|", //tbody/tr[1]/td[3])')).toBe('Stacks|PZ7 .L52|HC-0001');
    expect(htmlXPath(pick.text, 'string(//tbody/tr[1]/td[3]/span/@class)')).toBe('barcode');

    // Receive slip before the item arrives: 409 naming the stage.
    const early = await slip('NSU', 'desk', bp, 'receive');
    expect(early.status).toBe(409);
    expect((JSON.parse(early.text) as { detail: string }).detail).toBe('a receive slip is printed when the borrowing request is received_physically; it is will_supply');

    const shipping = await slip('HCPL', 'admin', lp, 'shipping');
    expect(shipping.status).toBe(200);
    expect(addressText(shipping.text)).toEqual(['North State University', '40 Campus Drive <Dock B>', '10001 Northville NY', 'US']);
    expect(definition(shipping.text, "Borrower's request")).toBe(`${created.number} (ISIL:US-NSU)`);
    expect(shipping.text).not.toContain('<Dock B>');

    await act(lp, 'ship', { dueDate: inDays(21), barcode: 'HC-0001' });
    await api.waitForStatus(bp, 'shipped_physically');
    const shipped = await slip('HCPL', 'admin', lp, 'shipping');
    expect(htmlXPath(shipped.text, 'normalize-space(//p[span[@class="barcode"]])')).toBe('Item: HC-0001');
    expect((await slip('HCPL', 'admin', lp, 'pick')).status).toBe(409);

    await act(bp, 'receive');
    const receive = await slip('NSU', 'desk', bp, 'receive');
    expect(receive.status).toBe(200);
    expect(definition(receive.text, 'Patron')).toBe('Ged "Sparrowhawk" <b>Archmage</b>');
    expect(htmlXPath(receive.text, 'count(//b)')).toBe('0');
    expect(definition(receive.text, 'Patron barcode')).toBe('P-7');
    expect(definition(receive.text, 'Lender')).toBe('Harbor City Public Library');
    const hold = await server.db.selectFrom('hold').selectAll().where('borrowing_request_id', '=', created.id).executeTakeFirstOrThrow();
    const item = await server.db.selectFrom('item').selectAll().where('temporary_for_request_id', '=', created.id).executeTakeFirstOrThrow();
    expect(definition(receive.text, 'Pickup location')).toBe(hold.pickup_location);
    expect(definition(receive.text, 'On hold until')).toBe(hold.shelf_expires_at?.toISOString().slice(0, 10));
    expect(htmlXPath(receive.text, 'normalize-space(//p[span[@class="barcode"]])')).toBe(`Item: ${item.barcode}`);
    expect((await slip('NSU', 'desk', bp, 'return')).status).toBe(409);

    await act(bp, 'loan-to-patron');
    await act(bp, 'patron-return');
    const ret = await slip('NSU', 'desk', bp, 'return');
    expect(ret.status).toBe(200);
    // The lender's entry has an administration address first: the one labelled for returns is chosen.
    expect(addressText(ret.text)).toEqual(['Harbor City Public Library', '200 Harbor Street', 'Harbor City', 'US']);
    expect(definition(ret.text, "Lender's request")).toBe(`${lending.number} (ISIL:US-HCPL)`);
    expect(htmlXPath(ret.text, 'normalize-space(//p[span[@class="barcode"]])')).toBe('Item: HC-0001');

    // The slip kinds belong to their side: a pick slip of a borrowing request is not a route.
    expect((await slip('NSU', 'desk', bp, 'pick')).status).toBe(400);
    expect((await slip('NSU', 'desk', api.borrowing('US-NSU', '00000000-0000-4000-8000-000000000000'), 'receive')).status).toBe(404);
  }, 90_000);

  it('edits a template: custom one used after PUT, unknown fields refused with a 400 naming them, DELETE restores the default; audited', async () => {
    const original = await call('NSU', 'admin', 'GET', templateUrl('receive'));
    expect(original.status).toBe(200);
    const view = JSON.parse(original.text) as { custom: boolean; html: string; fields: Record<string, unknown> };
    expect(view).toMatchObject({ custom: false, fields: { patronName: 'text', temporaryBarcode: 'text' } });
    expect(view.html).toContain('{{temporaryBarcode}}');

    const bad = await call('NSU', 'admin', 'PUT', templateUrl('receive'), { html: '<p>{{patronNmae}} {{temporaryBarcode}} {{#each shipTo}}{{/each}}</p>' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text)).toMatchObject({ detail: 'unknown fields for a receive slip: patronNmae, shipTo' });
    const unclosed = await call('NSU', 'admin', 'PUT', templateUrl('receive'), { html: '{{#if patronName}}x' });
    expect(JSON.parse(unclosed.text)).toMatchObject({ status: 400, detail: '"{{#if patronName}}" is never closed' });
    expect((await call('NSU', 'admin', 'PUT', templateUrl('receive'), { html: 'x'.repeat(100_001) })).status).toBe(400);
    expect((await call('NSU', 'admin', 'PUT', templateUrl('receive'), { html: 'x', extra: 1 })).status).toBe(400);
    expect((await call('NSU', 'admin', 'PUT', templateUrl('invoice'), { html: 'x' })).status).toBe(400);
    expect(JSON.parse((await call('NSU', 'admin', 'GET', templateUrl('receive'))).text)).toMatchObject({ custom: false });

    const saved = await call('NSU', 'admin', 'PUT', templateUrl('receive'), { html: '<main><h1>Hold for {{patronName}}</h1><p id="b">{{temporaryBarcode}}</p></main>' });
    expect(saved.status).toBe(200);
    expect(JSON.parse(saved.text)).toMatchObject({ kind: 'receive', custom: true });
    // The request of the first test has moved on; print the custom template on a request received now.
    const created = await api.call<RequestView>('POST', api.borrowing('US-NSU'), { patronId: 'P-7', citation: { title: 'Tehanu' }, rota: ['HCPL'] });
    const bp = api.borrowing('US-NSU', created.id);
    const lp = api.lending('US-HCPL', (await api.findLendingRequest('US-HCPL', created.number)).id);
    await act(lp, 'will-supply');
    await api.waitForStatus(bp, 'will_supply');
    await act(lp, 'ship', { dueDate: inDays(21) });
    await api.waitForStatus(bp, 'shipped_physically');
    await act(bp, 'receive');
    const custom = await slip('NSU', 'desk', bp, 'receive');
    expect(htmlXPath(custom.text, 'normalize-space(//h1)')).toBe('Hold for Ged "Sparrowhawk" <b>Archmage</b>');
    expect(htmlXPath(custom.text, 'normalize-space(//p[@id="b"])')).toMatch(/\S/);

    const reset = await call('NSU', 'admin', 'DELETE', templateUrl('receive'));
    expect(JSON.parse(reset.text)).toMatchObject({ custom: false, html: view.html });
    const restored = await slip('NSU', 'desk', bp, 'receive');
    expect(htmlXPath(restored.text, 'normalize-space(//h1)')).toBe('Receive slip');

    const audit = await server.db.selectFrom('audit_log').select(['action', 'actor', 'entity_key']).where('entity_type', '=', 'slip_template').orderBy('at').execute();
    expect(audit.map((entry) => `${entry.action} ${entry.entity_key}`)).toEqual(['create receive', 'delete receive']);
    expect(audit[0]?.actor).toMatch(/^user:/);
  }, 90_000);

  it('only the desk roles print, only the administrator edits, and each institution sees only its own', async () => {
    const request = await server.db.selectFrom('borrowing_request').select('id').where('status', '=', 'received_physically').executeTakeFirstOrThrow();
    const bp = api.borrowing('US-NSU', request.id);
    expect((await slip('NSU', 'desk', bp, 'receive')).status).toBe(200);
    expect((await slip('NSU', 'partners', bp, 'receive')).status).toBe(403);
    expect((await call('NSU', 'desk', 'PUT', templateUrl('receive'), { html: 'x' })).status).toBe(403);
    expect((await call('NSU', 'desk', 'DELETE', templateUrl('receive'))).status).toBe(403);
    expect((await call('NSU', 'desk', 'GET', templateUrl('receive'))).status).toBe(403);
    const anonymous = await fetch(`${server.base}${bp}/slips/receive`);
    expect(anonymous.status).toBe(401);

    // LKC's administrator: NSU's routes and NSU's request look as if they did not exist.
    expect((await slip('LKC', 'admin', bp, 'receive')).status).toBe(404);
    expect((await slip('LKC', 'admin', api.borrowing('US-LKC', request.id), 'receive')).status).toBe(404);
    expect((await call('LKC', 'admin', 'PUT', templateUrl('receive'), { html: 'x' })).status).toBe(404);
    // A template saved by LKC is not NSU's.
    expect((await call('LKC', 'admin', 'PUT', '/api/v1/institutions/US-LKC/slip-templates/receive', { html: '<p>LKC {{patronName}}</p>' })).status).toBe(200);
    expect(htmlXPath((await slip('NSU', 'desk', bp, 'receive')).text, 'normalize-space(//h1)')).toBe('Receive slip');
  }, 60_000);
});
