import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, type ApiClient, type RequestView } from '../../../src/cli/apiClient.js';
import { expireHoldShelf } from '../../../src/services/circulation/expireHoldShelf.js';
import type { Db } from '../../../src/store/database.js';
import { startApiServer, type ApiServer } from '../../support/apiServer.js';
import { testPasswordHash, TEST_PASSWORD } from '../../support/auth/accounts.js';
import { availableBackends } from '../../support/databases.js';
import { inDays, institutionId } from './circulationNetwork.js';

const backends = await availableBackends();
const DAY_MS = 86_400_000;

/** NSU has two libraries (Main, East Branch) and keeps received items 3 days on the hold shelf; it borrows from Harbor City. */
async function network(): Promise<string> {
  const admin = `      - { username: admin, name: Admin, passwordHash: "${await testPasswordHash()}", roles: [fulfillment-admin] }\n`;
  return `institutions:
  - code: NSU
    name: North State University
    symbols: ["ISIL:US-NSU"]
    libraries: [{ code: MAIN, name: Main Library }, { code: EAST, name: East Branch }]
    partners:
      - { code: HCPL, name: Harbor City Public Library, symbol: "ISIL:US-HCPL" }
    borrowingSettings:
      holdShelfDays: 3
    users:
${admin}  - code: HCPL
    name: Harbor City Public Library
    symbols: ["ISIL:US-HCPL"]
    libraries: [{ code: MAIN, name: Harbor City Public Library }]
    partners:
      - { code: NSU, name: North State University, symbol: "ISIL:US-NSU" }
    users:
${admin}`;
}

async function seed(db: Db): Promise<void> {
  await db
    .insertInto('patron')
    .values({ institution_id: await institutionId(db, 'NSU'), barcode: 'P-1', name: 'Tenar', email: 'tenar@example.org', patron_group: 'staff', updated_at: new Date() })
    .execute();
}

describe.each(backends)('transit to the pickup library on %s', (backend) => {
  let server: ApiServer;
  let api: ApiClient;
  let mainLibrary: string;

  beforeAll(async () => {
    server = await startApiServer(backend, { network: await network(), seed, outboxPolicy: { baseDelayMs: 100, pollIntervalMs: 50 } });
    api = server.client({ username: 'admin', password: TEST_PASSWORD });
    const nsu = await institutionId(server.db, 'NSU');
    mainLibrary = (await server.db.selectFrom('library').select('id').where('institution_id', '=', nsu).where('code', '=', 'MAIN').executeTakeFirstOrThrow()).id;
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  });

  const libraryOf = async (id: string) => (await server.db.selectFrom('borrowing_request').select('library_id').where('id', '=', id).executeTakeFirstOrThrow()).library_id;

  it('a request is handled by the library it names, else the patron’s home library, else (with two libraries) the whole institution', async () => {
    const unknown = await api.call('POST', api.borrowing('US-NSU'), { patronId: 'P-1', library: 'WEST', citation: { title: 'Tehanu' }, rota: ['HCPL'], send: false }).catch((error: unknown) => error);
    expect(unknown).toBeInstanceOf(ApiError);
    expect(unknown).toMatchObject({ status: 400, problem: { detail: 'unknown library WEST' } });
    const none = await api.call<RequestView>('POST', api.borrowing('US-NSU'), { patronId: 'P-1', citation: { title: 'Tehanu' }, rota: ['HCPL'], send: false });
    expect(await libraryOf(none.id)).toBeNull();
    const nsu = await institutionId(server.db, 'NSU');
    const east = (await server.db.selectFrom('library').select('id').where('institution_id', '=', nsu).where('code', '=', 'EAST').executeTakeFirstOrThrow()).id;
    await server.db.updateTable('patron').set({ home_library_id: east }).where('institution_id', '=', nsu).where('barcode', '=', 'P-1').execute();
    try {
      const home = await api.call<RequestView>('POST', api.borrowing('US-NSU'), { patronId: 'P-1', citation: { title: 'Tehanu' }, rota: ['HCPL'], send: false });
      expect(await libraryOf(home.id)).toBe(east);
    } finally {
      await server.db.updateTable('patron').set({ home_library_id: null }).where('institution_id', '=', nsu).where('barcode', '=', 'P-1').execute();
    }
  });

  /** A request of Main Library for patron P-1, picked up at `pickupLocation`, shipped by Harbor City and received at Main. */
  async function received(pickupLocation: string) {
    const created = await api.call<RequestView>('POST', api.borrowing('US-NSU'), { patronId: 'P-1', library: 'main', pickupLocation, citation: { title: 'The Tombs of Atuan' }, rota: ['HCPL'] });
    expect(await libraryOf(created.id)).toBe(mainLibrary);
    const bp = api.borrowing('US-NSU', created.id);
    const lp = api.lending('US-HCPL', (await api.findLendingRequest('US-HCPL', created.number)).id);
    await api.call('POST', `${lp}/actions/will-supply`, {});
    await api.waitForStatus(bp, 'will_supply');
    await api.call('POST', `${lp}/actions/ship`, { dueDate: inDays(30) });
    await api.waitForStatus(bp, 'shipped_physically');
    await api.call('POST', `${bp}/actions/receive`, {});
    const circulation = async () => ({
      hold: await server.db.selectFrom('hold').selectAll().where('borrowing_request_id', '=', created.id).executeTakeFirstOrThrow(),
      item: await server.db.selectFrom('item').selectAll().where('temporary_for_request_id', '=', created.id).executeTakeFirstOrThrow(),
      notices: await server.db.selectFrom('patron_notice').select(['kind', 'to_address', 'subject']).where('borrowing_request_id', '=', created.id).execute(),
      history: (await server.db.selectFrom('request_event').select(['event', 'note']).where('request_id', '=', created.id).orderBy('at').orderBy('id').execute()).map((e) => `${e.event}: ${e.note ?? ''}`),
    });
    return { id: created.id, number: created.number, bp, circulation };
  }

  const ctxAt = (at: Date) => ({ db: server.db, now: () => at });

  it('picked up here: on the hold shelf at once for holdShelfDays (3), the patron told; the expiry job expires it after', async () => {
    const request = await received('Main Library');
    const { hold, item, notices, history } = await request.circulation();
    expect(hold).toMatchObject({ status: 'on_shelf', pickup_location: 'Main Library' });
    expect(hold.shelf_expires_at!.getTime() - hold.on_shelf_since!.getTime()).toBe(3 * DAY_MS);
    expect(item.status).toBe('available');
    expect(notices).toEqual([{ kind: 'on-hold-shelf', to_address: 'tenar@example.org', subject: 'Ready for pickup: The Tombs of Atuan' }]);
    expect(history.find((line) => line.startsWith('receive:'))).toMatch(/on hold shelf Main Library until \d{4}-\d{2}-\d{2}; on-hold-shelf notice queued for tenar@example.org/);

    // Not yet lapsed a minute before the shelf date; expired at it.
    expect(await expireHoldShelf(ctxAt(new Date(hold.shelf_expires_at!.getTime() - 60_000)))).toBe(0);
    expect(await expireHoldShelf(ctxAt(hold.shelf_expires_at!))).toBeGreaterThanOrEqual(1);
    expect((await request.circulation()).hold.status).toBe('expired');
  }, 90_000);

  it('picked up at the other library: in transit, no loan; scanned there it goes on the shelf and the patron is told; then the loan works', async () => {
    const request = await received('east');
    const before = await request.circulation();
    expect(before.hold).toMatchObject({ status: 'waiting', pickup_location: 'east', on_shelf_since: null, shelf_expires_at: null });
    expect(before.item.status).toBe('in_transit');
    expect(before.notices).toEqual([]);
    expect(before.history.find((line) => line.startsWith('receive:'))).toContain(`temporary item ${before.item.barcode} in transit to East Branch`);

    // The patron cannot have it yet: a readable 409, nothing changed.
    const refused = await api.call('POST', `${request.bp}/actions/loan-to-patron`, {}).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).status).toBe(409);
    expect(JSON.stringify((refused as ApiError).problem)).toContain('the item is still in transit to east: scan it there when it arrives, then loan it to the patron');
    expect((refused as ApiError).problem).toMatchObject({ allowedActions: expect.not.arrayContaining(['loan-to-patron']) as unknown });
    const inTransit = await api.call<RequestView>('GET', request.bp);
    expect(inTransit.status).toBe('received_physically');
    // Staff are not offered what the hold forbids.
    expect(inTransit.allowedActions).not.toContain('loan-to-patron');
    // Scanning with the loan named is refused the same way.
    const scanUrl = '/api/v1/institutions/US-NSU/scan';
    await expect(api.call('POST', scanUrl, { barcode: before.item.barcode, action: 'loan-to-patron' })).rejects.toMatchObject({ status: 409 });

    // The hold-shelf job leaves a hold in transit alone, however long it travels.
    await expireHoldShelf(ctxAt(new Date(Date.now() + 60 * DAY_MS)));
    expect((await request.circulation()).hold.status).toBe('waiting');

    const arrived = await api.call<{ did: string; message: string; request: { number: string } }>('POST', scanUrl, { barcode: before.item.barcode });
    expect(arrived.did).toBe('arrive');
    expect(arrived.request.number).toBe(request.number);
    const after = await request.circulation();
    expect(after.hold.status).toBe('on_shelf');
    expect(after.hold.shelf_expires_at!.getTime() - after.hold.on_shelf_since!.getTime()).toBe(3 * DAY_MS);
    expect(arrived.message).toContain(`arrived at east: on the hold shelf until ${after.hold.shelf_expires_at!.toISOString().slice(0, 10)}`);
    expect(after.item.status).toBe('available');
    expect(after.notices).toEqual([{ kind: 'on-hold-shelf', to_address: 'tenar@example.org', subject: 'Ready for pickup: The Tombs of Atuan' }]);
    expect(after.history.at(-1)).toMatch(/^scan:arrived: arrived at east: on the hold shelf until .*; on-hold-shelf notice queued/);

    // Arrived once: scanning again does nothing, naming the arrival is refused.
    await expect(api.call('POST', scanUrl, { barcode: before.item.barcode })).rejects.toMatchObject({ status: 409 });
    await expect(api.call('POST', scanUrl, { barcode: before.item.barcode, action: 'arrive' })).rejects.toMatchObject({ status: 409 });
    expect((await request.circulation()).notices).toHaveLength(1);

    expect((await api.call<RequestView>('GET', request.bp)).allowedActions).toContain('loan-to-patron');
    const loaned = await api.call<RequestView>('POST', `${request.bp}/actions/loan-to-patron`, {});
    expect(loaned.status).toBe('loaned_to_patron');
    expect((await request.circulation()).hold.status).toBe('fulfilled');
  }, 90_000);

  it('a pickup that names no library of the institution is here', async () => {
    const request = await received('Circulation desk');
    const { hold, item, notices } = await request.circulation();
    expect(hold.status).toBe('on_shelf');
    expect(item.status).toBe('available');
    expect(notices.map((n) => n.kind)).toEqual(['on-hold-shelf']);
  }, 90_000);
});
